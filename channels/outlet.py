"""What a channel adapter gives the pipeline, and what the pipeline hands it.

A conversation is addressed by (channel, id): ("telegram", "123456"), ("web", "<token>"),
("wechat", "<openid>"); its `sender` is the one string Rasa, tickets, reminders, the
outbox and the journal know it by (foundation/senders.py).

An adapter implements `Outlet`: deliver one `Reply` (text, buttons, or one file) and
report how it went, and show that the assistant is typing if the platform can. Everything
else — retries, journaling what was sent, mapping button payloads to short ids — is the
pipeline's (channels/sending.py), so an outlet only speaks its platform's API.
"""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Protocol

from foundation import senders


@dataclass(frozen=True)
class Conversation:
    channel: str  # foundation.senders: TELEGRAM, WEB, WECHAT
    id: str  # the channel's own id: the chat id, the browser's token, the OpenID

    @property
    def sender(self) -> str:
        """The Rasa sender id, also the `chat_id` of tickets, reminders and outbox rows."""
        return senders.sender(self.channel, self.id)

    @classmethod
    def of(cls, sender: str) -> Conversation:
        """The conversation a sender id (a ticket's `chat_id`, a journal row's) stands for."""
        return cls(senders.channel_of(sender), senders.conversation_id(sender))

    def __str__(self) -> str:
        return self.sender


@dataclass(frozen=True)
class File:
    name: str  # shown to the worker, e.g. 劳动仲裁申请书.pdf
    content: bytes


@dataclass(frozen=True)
class Reply:
    """One message to a worker. `buttons` are (title, payload); what the outlet gets carries
    the pipeline's short ids as payloads (channels/buttons.py: a few bytes, within any
    platform's limit); `file`, if given, is sent with `text` as its caption."""

    text: str
    buttons: tuple[tuple[str, str], ...] = ()
    file: File | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "buttons", tuple((str(t), str(p)) for t, p in self.buttons))


class Delivery(enum.Enum):
    DELIVERED = "delivered"
    RETRY = "retry"  # the network or the platform failed for now: worth another try soon
    REFUSED = "refused"  # the platform will not take it (the worker blocked us): do not retry now
    LATER = "later"  # the platform takes it only once the worker writes again (WeChat's 48 hours)


class Outlet(Protocol):
    """A channel's way to the worker (bot/outlet.py is Telegram's)."""

    channel: str  # foundation.senders: TELEGRAM, WEB, WECHAT

    async def deliver(self, conversation_id: str, reply: Reply) -> Delivery:
        """Send one reply; never raises for the platform's errors, reports them."""

    async def typing(self, conversation_id: str) -> None:
        """Show that an answer is coming, if the platform can (best effort, never raises)."""


class FetchFailed(Exception):
    """An attachment could not be downloaded from the platform."""


@dataclass(frozen=True)
class Attachment:
    """A photo or file a worker sent; `fetch` downloads its bytes (raises FetchFailed)."""

    unique_id: str  # stable across deliveries of the same file: part of the kept file's name
    name: str
    size: int
    fetch: Callable[[], Awaitable[bytes]] = field(repr=False)
    caption: str = ""
