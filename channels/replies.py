"""Rasa's REST-channel messages as the replies a worker reads, on any channel. Pure."""

from __future__ import annotations

from channels.outlet import Reply


def to_replies(messages: list[dict]) -> list[Reply]:
    """Text, buttons, images and links become messages; `custom` metadata is dropped
    (foundation.vocabulary.metadata reads it, for `hotline ask` and the evaluation)."""
    replies: list[tuple[str, list[tuple[str, str]]]] = []
    for message in messages:
        text = (message.get("text") or "").strip()
        if message.get("image"):
            text = (text + "\n" + message["image"]).strip()
        if message.get("attachment"):
            text = (text + "\n" + str(message["attachment"])).strip()
        buttons = [(b.get("title", ""), b.get("payload", "")) for b in message.get("buttons") or []]
        if text:
            replies.append((text, buttons))
        elif buttons and replies:
            replies[-1][1].extend(buttons)
    return [Reply(text, tuple(buttons)) for text, buttons in replies]
