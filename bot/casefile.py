"""What a turn decided that the bot keeps in the cases database, and the reminder job.

The turn policy (casework/policy.py) is pure and the action server may run on another
machine; the bot runs beside `cases.db` (docs/architecture.md), so it carries out what the
turn's metadata (`{"hotline": …}`, foundation/vocabulary.py) asks for:
- `reminder`: the worker pressed 提醒我 — a deadline reminder is stored (stores/reminders.py);
- `cancel_reminders`: the worker said 取消提醒 — their reminders are cancelled;
- `evidence`: the worker ticked their evidence checklist — it follows on their open ticket.

`send_reminders` is the JobQueue job that queues due reminders in the outbox, which the
lawyer-replies job delivers; the date comes from `bot_data["clock"]`, which tests replace.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from telegram.ext import Application, ContextTypes

from foundation import clock as hotline_clock
from foundation.settings import Settings
from foundation.vocabulary import metadata
from stores.reminders import Reminders
from stores.tickets import Tickets

log = logging.getLogger(__name__)
REMINDER_SECONDS = 60.0  # how often due reminders are looked for (they are due by the day)


def today(application: Application) -> dt.date:
    clock: Callable[[], dt.datetime] = application.bot_data.get("clock") or hotline_clock.now
    return clock().date()


def keep(application: Application, chat_id: int, messages: list[dict]) -> None:
    """Carry out the turn's `reminder`, `cancel_reminders` and `evidence` (module docstring)."""
    meta = metadata(messages)
    if not {"reminder", "cancel_reminders", "evidence"} & set(meta):
        return
    tickets: Tickets = application.bot_data["tickets"]
    reminders = Reminders(tickets.db)
    chat = str(chat_id)
    ticket = tickets.open_for_chat(chat)
    if meta.get("cancel_reminders"):
        reminders.cancel(chat, today=today(application))
    reminder = meta.get("reminder")
    if isinstance(reminder, dict) and reminder.get("deadline"):
        reminders.add(chat, dt.date.fromisoformat(reminder["deadline"]), str(reminder.get("what") or ""),
                      today(application), ticket["id"] if ticket else None)
    if isinstance(meta.get("evidence"), list) and ticket is not None:
        tickets.set_evidence(ticket["id"], meta["evidence"])


async def send_reminders(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Queue the deadline reminders due today (for the worker and the lawyer holding the case)."""
    settings: Settings = context.bot_data["settings"]
    reminders = Reminders(context.bot_data["tickets"].db)
    fired = reminders.fire_due(today(context.application), settings.lawyers_chat_id)
    if fired:
        log.info("deadline reminders queued: %s", fired)
