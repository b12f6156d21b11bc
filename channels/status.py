"""`/status` on every channel: the worker's tickets and where each stands, and their
deadline reminders, each with a 取消提醒 button (payload `unremind:<id>`)."""

from __future__ import annotations

from channels import texts
from channels.outlet import Conversation
from channels.pipeline import Pipeline
from channels.sending import say
from foundation.vocabulary import STATUS_ZH
from stores.lawyers import Lawyers
from stores.reminders import Reminders

UNREMIND = "unremind:"


async def status(pipeline: Pipeline, conversation: Conversation, key: str | None = None) -> None:
    rows = pipeline.tickets.for_chat(conversation.sender)
    lawyers = Lawyers(pipeline.tickets.db)
    lines = [f"{t['id']}：{STATUS_ZH[t['status']]}" + (f"（{lawyers.display_name(t['assignee'])}）" if t["assignee"] else "")
             for t in rows]
    await say(pipeline, conversation, texts.tickets_list(lines) if rows else texts.NO_TICKETS, key)
    upcoming = Reminders(pipeline.tickets.db).upcoming(conversation.sender, pipeline.today())
    if upcoming:
        await say(pipeline, conversation, texts.reminders_list(upcoming), key,
                  buttons=[(texts.CANCEL_REMINDER, f"{UNREMIND}{r['id']}") for r in upcoming])


def is_cancel(payload: str) -> bool:
    number = payload.removeprefix(UNREMIND)
    return payload.startswith(UNREMIND) and number.isascii() and number.isdigit()


async def cancel_reminder(pipeline: Pipeline, conversation: Conversation, payload: str) -> None:
    """The 取消提醒 button under /status: only the worker's own reminder."""
    reminder = int(payload.removeprefix(UNREMIND))
    cancelled = Reminders(pipeline.tickets.db).cancel(conversation.sender, reminder, pipeline.today())
    await say(pipeline, conversation, texts.REMINDER_CANCELLED if cancelled else texts.REMINDER_GONE)

