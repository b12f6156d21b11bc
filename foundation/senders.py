"""Who a conversation is, as one string: the Rasa sender id.

Rasa keeps each conversation's tracker under a sender id, and the same string is the
`chat_id` of tickets, reminders and outbox rows. So that a lawyer's reply can go back
through the channel the worker used, the channel is part of that string:

| channel    | sender id            | example               |
|------------|----------------------|-----------------------|
| `telegram` | the chat id, as is   | `"123456"`            |
| `web`      | `web-` + the token   | `"web-Zk3…"`          |
| `wechat`   | `wx-` + the OpenID   | `"wx-oAbC…"`          |

Telegram's ids stay unprefixed because conversations and tickets from before other
channels existed use them. Anything else (`hotline ask`'s `ask-…`, the terminal chat's
`terminal-…`) is `api`: no channel delivers to it.
"""

from __future__ import annotations

TELEGRAM, WEB, WECHAT, API = "telegram", "web", "wechat", "api"
PREFIXES = {WEB: "web-", WECHAT: "wx-"}  # Telegram's ids have none (see the module docstring)
WORKER_CHANNELS = (TELEGRAM, WEB, WECHAT)  # channels that can deliver a message to a worker


def sender(channel: str, conversation_id: str) -> str:
    """The sender id of a channel's conversation."""
    if not conversation_id:
        raise ValueError("a conversation needs an id")
    if channel == TELEGRAM:
        if not is_telegram(conversation_id):
            raise ValueError(f"not a Telegram chat id: {conversation_id!r}")
        return conversation_id
    if channel in PREFIXES:
        return PREFIXES[channel] + conversation_id
    raise ValueError(f"unknown channel {channel!r}")


def channel_of(sender_id: str) -> str:
    """The channel a sender id belongs to (`api` when none)."""
    if is_telegram(sender_id):
        return TELEGRAM
    for channel, prefix in PREFIXES.items():
        if sender_id.startswith(prefix) and len(sender_id) > len(prefix):
            return channel
    return API


def conversation_id(sender_id: str) -> str:
    """The channel's own id of the conversation (the sender id without its prefix)."""
    prefix = PREFIXES.get(channel_of(sender_id), "")
    return sender_id.removeprefix(prefix)


def is_telegram(sender_id: str) -> bool:
    """A Telegram chat id: digits, negative for groups."""
    digits = sender_id.removeprefix("-")
    return digits.isascii() and digits.isdigit()
