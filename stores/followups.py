"""The outcome follow-up in the cases database: which tickets are due, the question queued
in the outbox (with its buttons) in the same transaction that marks the ticket asked, and
each of the worker's answers stored on the ticket beside the lawyer's entry.

The rules are casework/followup.py's; this module only carries them out. "Never twice" is
the ticket's `followup_asked`, set under the write lock: two bots, or a bot restarted
mid-tick, cannot both queue the question. Time is the caller's `now`.
"""

from __future__ import annotations

import datetime as dt

from casework import followup
from casework.followup import Rules, Step
from foundation.senders import WORKER_CHANNELS
from foundation.vocabulary import CLOSED, RESOLVED
from stores.sqlite import write
from stores.tickets import Ticket, TicketError, Tickets, decode


class Followups:
    """Follow-ups of the tickets in `tickets`' database (the same connection)."""

    def __init__(self, tickets: Tickets):
        self.tickets = tickets
        self.db = tickets.db

    def _event(self, ticket_id: str, now: dt.datetime, action: str, detail: str = "") -> None:
        self.db["events"].insert({"ticket_id": ticket_id, "at": now.replace(microsecond=0).isoformat(),
                                  "actor": "worker" if action == "followup_answer" else "assistant",
                                  "action": action, "detail": detail})

    def candidates(self, now: dt.datetime, rules: Rules) -> list[Ticket]:
        """Tickets of a worker channel (not `hotline ask`'s) resolved long enough ago and never
        asked; `followup.due` decides."""
        earliest = (now - rules.after - followup.GRACE).isoformat()
        latest = (now - rules.after).isoformat()
        channels = ", ".join("?" * len(WORKER_CHANNELS))
        rows = self.db["tickets"].rows_where(
            f"status in (?, ?) and followup_asked is null and channel in ({channels}) and chat_id != '' "
            "and resolved > ? and resolved <= ?", [RESOLVED, CLOSED, *WORKER_CHANNELS, earliest, latest],
            order_by="resolved")
        return [ticket for ticket in map(decode, rows) if followup.due(ticket, now, rules)]

    def queue_due(self, now: dt.datetime, rules: Rules) -> list[str]:
        """Queue the question for every ticket due now; returns their numbers."""
        queued = []
        for candidate in self.candidates(now, rules):
            with write(self.db):
                ticket = self.tickets.get(candidate["id"])  # again, under the lock
                if not followup.due(ticket, now, rules):
                    continue
                step = followup.question(ticket["id"])
                at = now.replace(microsecond=0).isoformat()
                self.db["tickets"].update(ticket["id"], {"followup_asked": at, "followup_state": followup.ASKED,
                                                         "followup_at": at})
                self.tickets.outbox.put(ticket["id"], ticket["chat_id"], step.reply, step.buttons)
                self._event(ticket["id"], now, "followup_asked")
            queued.append(ticket["id"])
        return queued

    def _apply(self, ticket: Ticket, step: Step, now: dt.datetime) -> Step:
        if step.changes:
            self.db["tickets"].update(ticket["id"], step.changes)
            self._event(ticket["id"], now, "followup_answer", step.detail)
        return step

    def press(self, chat_id: str, ticket_id: str, code: str, now: dt.datetime) -> Step | None:
        """A follow-up button pressed in `chat_id`; None if the ticket is not that chat's."""
        with write(self.db):
            try:
                ticket = self.tickets.get(ticket_id)
            except TicketError:
                return None
            if ticket["chat_id"] != chat_id:
                return None
            return self._apply(ticket, followup.press(ticket, code, now), now)

    def awaiting_amount(self, chat_id: str, now: dt.datetime) -> Ticket | None:
        """The chat's ticket whose amount question is open, if any (the latest asked)."""
        rows = self.db["tickets"].rows_where("chat_id = ? and followup_state = ?", [chat_id, followup.AMOUNT],
                                             order_by="followup_at desc")
        return next((t for t in map(decode, rows) if followup.awaits_amount(t, now)), None)

    def typed(self, chat_id: str, text: str, now: dt.datetime) -> Step | None:
        """A worker's text: the answer to the amount question, or None (an ordinary message)."""
        if self.awaiting_amount(chat_id, now) is None:  # the common case, without the write lock
            return None
        with write(self.db):
            ticket = self.awaiting_amount(chat_id, now)
            step = followup.typed(ticket, text, now) if ticket else None
            return self._apply(ticket, step, now) if step else None
