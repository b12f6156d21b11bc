"""Turn Rasa's REST-channel messages into Telegram messages. Pure functions."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Reply:
    """One Telegram message: text plus optional inline buttons (title, payload)."""

    text: str
    buttons: list[tuple[str, str]] = field(default_factory=list)


def to_replies(messages: list[dict]) -> list[Reply]:
    """Text, buttons, images and links become messages; `custom` metadata is dropped
    (foundation.vocabulary.metadata reads it, for `hotline ask` and the evaluation)."""
    replies: list[Reply] = []
    for message in messages:
        text = (message.get("text") or "").strip()
        if message.get("image"):
            text = (text + "\n" + message["image"]).strip()
        if message.get("attachment"):
            text = (text + "\n" + str(message["attachment"])).strip()
        buttons = [(b.get("title", ""), b.get("payload", "")) for b in message.get("buttons") or []]
        if text:
            replies.append(Reply(text, buttons))
        elif buttons and replies:
            replies[-1].buttons.extend(buttons)
    return replies
