"""The web chat's outlet: the journal is the page's mailbox.

The pipeline journals every reply it sends (channels/sending.py), and the page reads the
journal (`Journal.history`, from its last cursor). So delivering a reply is only: keep a
drafted document's bytes where the page can download them, and wake the page's waiting
poll (webchat/router.py). A reply is `DELIVERED` as soon as it is kept; the worker sees it
now if the page is open, or when they come back.
"""

from __future__ import annotations

import asyncio
import hashlib
import weakref
from pathlib import Path

from channels.outlet import Delivery, Reply
from foundation.senders import WEB


class WebOutlet:
    channel = WEB

    def __init__(self, files_dir: Path):
        self.files_dir = files_dir
        self._news: weakref.WeakValueDictionary[str, asyncio.Event] = weakref.WeakValueDictionary()

    async def deliver(self, conversation_id: str, reply: Reply) -> Delivery:
        if reply.file is not None:
            path = self.file(conversation_id, reply.file.name)
            path.parent.mkdir(parents=True, exist_ok=True)
            await asyncio.to_thread(path.write_bytes, reply.file.content)
        self.wake(conversation_id)
        return Delivery.DELIVERED

    async def typing(self, conversation_id: str) -> None:
        """Nothing to do: the page shows "…" itself while the worker's message is being answered."""

    def news(self, conversation_id: str) -> asyncio.Event:
        """Set when something was sent to this conversation; the polls waiting on it share it (it
        is forgotten when none waits any more)."""
        event = self._news.get(conversation_id)
        if event is None:
            event = self._news[conversation_id] = asyncio.Event()
        return event

    def wake(self, conversation_id: str) -> None:
        """The polls waiting for this conversation look at the journal again (the reply is journaled
        right after `deliver` returns; a poll also looks every second, so nothing is missed)."""
        event = self._news.pop(conversation_id, None)
        if event is not None:
            event.set()

    def file(self, conversation_id: str, name: str) -> Path:
        """Where a document sent to this conversation is kept: a folder named by a hash of the
        conversation (the token itself is a secret and never written to disk), the file by its
        name (a document drafted again replaces the earlier one of the same name)."""
        folder = hashlib.sha256(conversation_id.encode()).hexdigest()[:32]
        return self.files_dir / folder / Path(name).name
