"""Telegram's updates: many chats at once, each chat's updates in order.

python-telegram-bot handles one update at a time by default, which keeps every chat in
order but makes every worker wait for every other worker's turn (the Telegram path topped
out near 11–14 turns/s while Rasa could do several times that). This update processor
lets different chats proceed concurrently and keeps one chat's updates (a button's
answer to the platform, a photo, /status too) one after another, with the channel
layer's per-conversation turns (channels/ordering.py).
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from channels.ordering import PerConversation


class PerChatOrder(BaseUpdateProcessor):
    """Concurrent across chats, sequential within a chat."""

    def __init__(self, max_concurrent_updates: int = 64):
        super().__init__(max_concurrent_updates)
        self.order = PerConversation()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat.id if isinstance(update, Update) and update.effective_chat else None
        if chat is None:
            await coroutine
            return
        async with self.order.turn(chat):
            await coroutine

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""
