"""Deadline reminders: the worker pressed 提醒我 under the last day to apply for labour
arbitration, and hears about it 30 and 7 days before (casework/reminders.py says when).

Only SQLite holds them (table `reminders`), so they survive a restart of the bot. The bot's
job calls `fire_due` with today's date from its clock: each reminder that is due is queued
in the outbox for the worker's chat (stores/outbox.py, which the bot delivers) and, when a
lawyer holds the worker's ticket, noted on the ticket (the desk shows it) and queued for the
lawyers' group — all in the same transaction that marks it sent, so it fires exactly once.
"""

from __future__ import annotations

import datetime as dt
import json

import sqlite_utils

from casework import reminders as schedule
from casework import texts
from foundation import clock
from foundation.vocabulary import CLAIMED, IN_PROGRESS, WAITING
from stores.outbox import Outbox
from stores.sqlite import write

HELD = (CLAIMED, IN_PROGRESS, WAITING)


def lawyer_text(ticket_id: str, what: str, deadline: str, days_left: int, assignee: str) -> str:
    return (f"⏰ 工单 {ticket_id}（{assignee}）：职工的{what}截止日约为 {texts.cn_date(deadline)}，"
            f"还有 {days_left} 天，已提醒职工。")


class Reminders:
    """Table `reminders` of the cases database: pass the store's connection (`Tickets(path).db`)."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db
        self.outbox = Outbox(db)

    def add(self, chat_id: str, deadline: dt.date, what: str, today: dt.date, ticket_id: str | None = None) -> int:
        """Remember a reminder; the same deadline asked for twice is one reminder."""
        with write(self.db):
            same = list(self.db["reminders"].rows_where(
                "chat_id = ? and deadline = ? and what = ? and cancelled is null",
                [chat_id, deadline.isoformat(), what]))
            if same:
                if ticket_id and not same[0]["ticket_id"]:
                    self.db["reminders"].update(same[0]["id"], {"ticket_id": ticket_id})
                return same[0]["id"]
            return self.db["reminders"].insert({
                "chat_id": chat_id, "ticket_id": ticket_id, "deadline": deadline.isoformat(), "what": what,
                "created": today.isoformat(), "sent": "[]", "cancelled": None}).last_pk

    def upcoming(self, chat_id: str, today: dt.date) -> list[dict]:
        """The worker's reminders still to come, nearest deadline first, each with `next` (a date)."""
        rows = self.db["reminders"].rows_where("chat_id = ? and cancelled is null and deadline >= ?",
                                               [chat_id, today.isoformat()], order_by="deadline")
        found = []
        for row in rows:
            following = schedule.next_date(*_when(row), today)
            if following is not None:
                found.append({**row, "sent": json.loads(row["sent"] or "[]"), "next": following.isoformat()})
        return found

    def cancel(self, chat_id: str, reminder_id: int | None = None, today: dt.date | None = None) -> int:
        """Cancel one of the worker's reminders, or all of them; returns how many."""
        where, args = "chat_id = ? and cancelled is null", [chat_id]
        if reminder_id is not None:
            where, args = where + " and id = ?", [*args, reminder_id]
        with write(self.db):
            ids = [row["id"] for row in self.db["reminders"].rows_where(where, args)]
            for reminder in ids:
                self.db["reminders"].update(reminder, {"cancelled": (today or clock.today()).isoformat()})
        return len(ids)

    def fire_due(self, today: dt.date, lawyers_chat_id: int | None = None) -> list[int]:
        """Queue every reminder due today (see the module docstring); returns their ids."""
        fired = []
        rows = list(self.db["reminders"].rows_where("cancelled is null and deadline >= ?", [today.isoformat()]))
        for candidate in rows:
            with write(self.db):
                row = self.db["reminders"].get(candidate["id"])  # again, under the write lock
                if row["cancelled"]:
                    continue
                due = schedule.due(*_when(row), today)
                if due is None:
                    continue
                self.outbox.put(row["ticket_id"] or "", row["chat_id"],
                                texts.deadline_reminder(row["what"], row["deadline"], due.days_left))
                self._tell_lawyer(row, due.days_left, lawyers_chat_id)
                sent = sorted({*json.loads(row["sent"] or "[]"), *due.marks})
                self.db["reminders"].update(row["id"], {"sent": json.dumps(sent)})
                fired.append(row["id"])
        return fired

    def _tell_lawyer(self, row: dict, days_left: int, lawyers_chat_id: int | None) -> None:
        """A lawyer working on the worker's case hears it too: on the ticket, and in the group."""
        statuses = ", ".join("?" * len(HELD))
        held = list(self.db["tickets"].rows_where(
            f"chat_id = ? and status in ({statuses}) and (? is null or id = ?)",
            [row["chat_id"], *HELD, row["ticket_id"], row["ticket_id"]], order_by="created desc", limit=1))
        if not held:
            return
        ticket = held[0]
        text = lawyer_text(ticket["id"], row["what"], row["deadline"], days_left, ticket["assignee"] or "")
        self.db["events"].insert({"ticket_id": ticket["id"], "at": clock.now().replace(microsecond=0).isoformat(),
                                  "actor": "assistant", "action": "deadline_reminder", "detail": text})
        if lawyers_chat_id:
            self.outbox.put(ticket["id"], str(lawyers_chat_id), text)


def _when(row: dict) -> tuple[dt.date, dt.date, list[int]]:
    return dt.date.fromisoformat(row["deadline"]), dt.date.fromisoformat(row["created"]), json.loads(row["sent"] or "[]")
