"""The Telegram outlet: the pipeline's replies as Telegram messages.

A reply's buttons become an inline keyboard, one button a row (their callback data is the
pipeline's short id, channels/buttons.py); a reply with a file is `send_document` with the
text as its caption. Telegram's own errors are reported as the pipeline's `Delivery`:
network trouble and Telegram's 5xx are worth another try, anything else (the worker
blocked the bot, a chat that does not exist) is not. Telegram's 429 flood control is
retried by the application's AIORateLimiter before it gets here.
"""

from __future__ import annotations

import logging

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ChatAction
from telegram.error import NetworkError, TelegramError, TimedOut

from channels.outlet import Delivery, Reply
from foundation.senders import TELEGRAM

log = logging.getLogger(__name__)
TITLE_CHARS = 60  # a longer title is cut: Telegram shows one line on a phone anyway


def keyboard(buttons: tuple[tuple[str, str], ...]) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(title[:TITLE_CHARS], callback_data=data)]
                                 for title, data in buttons])


class TelegramOutlet:
    channel = TELEGRAM

    def __init__(self, bot: Bot):
        self.bot = bot

    async def deliver(self, conversation_id: str, reply: Reply) -> Delivery:
        chat = int(conversation_id)
        try:
            if reply.file is not None:
                await self.bot.send_document(chat, document=reply.file.content, filename=reply.file.name,
                                             caption=reply.text or None, reply_markup=keyboard(reply.buttons))
            else:
                await self.bot.send_message(chat, reply.text, reply_markup=keyboard(reply.buttons))
        except (NetworkError, TimedOut) as error:  # flaky network or Telegram 5xx
            log.info("Telegram did not take a message: %s", error)
            return Delivery.RETRY
        except TelegramError as error:  # e.g. the worker blocked the bot: retrying will not help
            log.info("Telegram refused a message: %s", error)
            return Delivery.REFUSED
        return Delivery.DELIVERED

    async def typing(self, conversation_id: str) -> None:
        try:
            await self.bot.send_chat_action(int(conversation_id), ChatAction.TYPING)
        except TelegramError as error:
            log.info("typing action not shown: %s", error)
