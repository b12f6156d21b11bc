"""The outcome follow-up in Telegram: a JobQueue job queues the question for tickets that
fell due (stores/followups.py; the outbox job delivers it with its buttons), a callback
handler takes the buttons, and a typed amount is taken before the intake pipeline — the
worker's answers are never sent to Rasa as a new question.

The time is `bot_data["clock"]` (a callable returning a naive local datetime; `now` if not
set), so tests move the clock instead of waiting a week. Nothing is kept in memory: the
steps are on the ticket and the buttons carry the ticket number, so a restart loses none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot.journal import Journal
from bot.relay import send
from casework.followup import Buttons, Rules, Step, parse_callback
from foundation import clock as hotline_clock
from foundation.settings import Settings
from stores.followups import Followups


def clock(context: ContextTypes.DEFAULT_TYPE) -> dt.datetime:
    now: Callable[[], dt.datetime] = context.bot_data.get("clock", hotline_clock.now)
    return now()


def markup(rows: Buttons) -> InlineKeyboardMarkup | None:
    """Rows of (title, callback data) as an inline keyboard (an outbox message's too)."""
    if not rows:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(title, callback_data=data) for title, data in row]
                                 for row in rows])


async def ask_due(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Job: queue the question for every ticket due now (delivered by the outbox job)."""
    settings: Settings = context.bot_data["settings"]
    rules = Rules.of(settings.followup_days, settings.followup_quiet_hours)
    Followups(context.bot_data["tickets"]).queue_due(clock(context), rules)


async def _tell(context: ContextTypes.DEFAULT_TYPE, chat_id: int, update_id: int | None, step: Step) -> None:
    await send(context.application, chat_id, update_id, step.reply, markup(step.buttons))


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """解决了 / 部分解决 / 没解决, 没拿到钱, 满意 / 一般 / 不满意."""
    query = update.callback_query
    await query.answer()
    parsed = parse_callback(query.data or "")
    chat_id = update.effective_chat.id
    step = Followups(context.bot_data["tickets"]).press(str(chat_id), *parsed, clock(context)) if parsed else None
    if step is not None:
        await _tell(context, chat_id, None, step)


async def take_amount(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> bool:
    """A text that answers the amount question: stored, answered, journaled, and True (the
    intake pipeline does not see it). False for any other text."""
    chat_id = update.effective_message.chat_id
    journal: Journal = context.bot_data["journal"]
    if journal.has(update.update_id):
        return False  # a second delivery: the intake pipeline drops it
    step = Followups(context.bot_data["tickets"]).typed(str(chat_id), text, clock(context))
    if step is None:
        return False
    journal.record(update.update_id, chat_id, text)
    journal.done(update.update_id)
    await _tell(context, chat_id, update.update_id, step)
    return True
