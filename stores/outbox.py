"""The outbox: messages to a worker's chat (a lawyer's reply, "your case was taken") waiting
for the channel the worker used to deliver them.

A message is queued in the same transaction as the ticket change that caused it, so a reply
is either saved and on its way, or neither; the channel's delivery job (channels/jobs.py)
takes its own rows, delivers and marks them, and retries what failed (`attempts` counts
them). A row's `chat_id` is the worker's sender id, which says the channel
(foundation/senders.py) — the same channel the ticket records.
"""

from __future__ import annotations

import json

import sqlite_utils

from foundation import clock
from foundation.senders import PREFIXES, TELEGRAM
from stores.sqlite import write


class Outbox:
    """Table `outbox` of the cases database."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db

    def put(self, ticket_id: str, chat_id: str, text: str, buttons: list[list[tuple[str, str]]] | None = None) -> None:
        """Queue a message, with rows of (title, callback data) buttons under it if given;
        joins the caller's transaction (or is one of its own)."""
        with write(self.db):
            self.db["outbox"].insert({"ticket_id": ticket_id, "chat_id": chat_id, "text": text,
                                      "created": _now(), "delivered": None, "attempts": 0,
                                      "buttons": json.dumps(buttons, ensure_ascii=False) if buttons else None})

    def undelivered(self, channel: str | None = None, limit: int = 50) -> list[dict]:
        """Oldest first: a worker reads the messages about their case in the order they were
        written. Only `channel`'s rows when given: rows no channel delivers (a `hotline ask`
        conversation's) never hold up a channel's."""
        where, args = "delivered is null", []
        if channel == TELEGRAM:  # digits, negative for the lawyers' group (foundation/senders.py)
            where += " and ltrim(chat_id, '-') != '' and ltrim(chat_id, '-') not glob '*[^0-9]*'"
        elif channel is not None:
            prefix = PREFIXES.get(channel)
            if prefix is None:
                return []
            where, args = where + " and substr(chat_id, 1, ?) = ? and length(chat_id) > ?", [len(prefix), prefix,
                                                                                                len(prefix)]
        rows = self.db["outbox"].rows_where(where, args, order_by="id", limit=limit)
        return [{**row, "buttons": json.loads(row["buttons"]) if row.get("buttons") else []} for row in rows]

    def delivered(self, message_id: int) -> None:
        with write(self.db):
            self.db["outbox"].update(message_id, {"delivered": _now()})

    def failed(self, message_id: int) -> None:
        with write(self.db):
            self.db.execute("update outbox set attempts = attempts + 1 where id = ?", [message_id])

    def forget(self, ticket_id: str) -> None:
        """Retention: a purged ticket's messages go, delivered or not."""
        with write(self.db):
            self.db.execute("delete from outbox where ticket_id = ?", [ticket_id])


def _now() -> str:
    return clock.now().replace(microsecond=0).isoformat()
