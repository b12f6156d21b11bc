"""What a turn decided that the pipeline keeps in the cases database, and the reminder job.

The turn policy (casework/policy.py) is pure and the action server may run on another
machine; the pipeline runs beside `cases.db` (docs/architecture.md), so it carries out
what the turn's metadata (`{"hotline": …}`, foundation/vocabulary.py) asks for:
- `reminder`: the worker pressed 提醒我 — a deadline reminder is stored (stores/reminders.py);
- `cancel_reminders`: the worker said 取消提醒 — their reminders are cancelled;
- `evidence`: the worker ticked their evidence checklist — it follows on their open ticket.

`queue_reminders` is the job that queues due reminders in the outbox, which each
channel's outbox job delivers; the date comes from the pipeline's clock, which tests replace.
"""

from __future__ import annotations

import datetime as dt
import logging

from channels.outlet import Conversation
from channels.pipeline import Pipeline
from foundation.vocabulary import metadata
from stores.reminders import Reminders

log = logging.getLogger(__name__)


def keep(pipeline: Pipeline, conversation: Conversation, messages: list[dict]) -> None:
    """Carry out the turn's `reminder`, `cancel_reminders` and `evidence` (module docstring)."""
    meta = metadata(messages)
    if not {"reminder", "cancel_reminders", "evidence"} & set(meta):
        return
    tickets, today = pipeline.tickets, pipeline.today()
    reminders = Reminders(tickets.db)
    chat = conversation.sender
    ticket = tickets.open_for_chat(chat)
    if meta.get("cancel_reminders"):
        reminders.cancel(chat, today=today)
    reminder = meta.get("reminder")
    if isinstance(reminder, dict) and reminder.get("deadline"):
        reminders.add(chat, dt.date.fromisoformat(reminder["deadline"]), str(reminder.get("what") or ""),
                      today, ticket["id"] if ticket else None)
    if isinstance(meta.get("evidence"), list) and ticket is not None:
        tickets.set_evidence(ticket["id"], meta["evidence"])


async def queue_reminders(pipeline: Pipeline) -> None:
    """Queue the deadline reminders due today (for the worker and the lawyer holding the case)."""
    fired = Reminders(pipeline.tickets.db).fire_due(pipeline.today(), pipeline.settings.lawyers_chat_id)
    if fired:
        log.info("deadline reminders queued: %s", fired)
