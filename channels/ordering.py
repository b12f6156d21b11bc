"""Many conversations at once, each conversation's messages in order.

One lock per conversation, kept only while it has messages in hand: different workers
proceed concurrently, one worker's messages strictly one after another in the order they
arrived (asyncio locks wake waiters first come, first served). The pipeline takes every
worker input under its conversation's turn (channels/intake.py); Telegram's update
processor (bot/ordering.py) uses the same for whole updates.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Hashable


class PerConversation:
    def __init__(self) -> None:
        self._locks: dict[Hashable, asyncio.Lock] = {}
        self._pending: dict[Hashable, int] = {}  # inputs of the conversation being handled or waiting

    @contextlib.asynccontextmanager
    async def turn(self, conversation: Hashable) -> AsyncIterator[None]:
        """Wait for the conversation's earlier inputs, then hold it until the block ends."""
        lock = self._locks.setdefault(conversation, asyncio.Lock())
        self._pending[conversation] = self._pending.get(conversation, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._pending[conversation] -= 1
            if not self._pending[conversation]:  # nothing left for this conversation: forget it
                del self._pending[conversation], self._locks[conversation]

    @property
    def busy(self) -> int:
        """Conversations with inputs in hand (0 when idle: nothing is kept for idle ones)."""
        return len(self._locks)
