"""Many workers at once, each worker's messages in order.

python-telegram-bot handles one update at a time by default, which keeps every chat in
order but makes every worker wait for every other worker's turn (the Telegram path topped
out near 11–14 turns/s while Rasa could do several times that). This update processor
lets different chats proceed concurrently and keeps one chat's updates strictly one after
another, in the order they arrived (asyncio locks wake waiters first come, first served).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor


class PerChatOrder(BaseUpdateProcessor):
    """Concurrent across chats, sequential within a chat."""

    def __init__(self, max_concurrent_updates: int = 64):
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._pending: dict[int, int] = {}  # updates of the chat being handled or waiting

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat.id if isinstance(update, Update) and update.effective_chat else None
        if chat is None:
            await coroutine
            return
        lock = self._locks.setdefault(chat, asyncio.Lock())
        self._pending[chat] = self._pending.get(chat, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._pending[chat] -= 1
            if not self._pending[chat]:  # nothing left for this chat: forget it
                del self._pending[chat], self._locks[chat]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""
