"""The message journal: every worker message is stored before it is processed.

A message stays `pending` until Rasa has answered it, so nothing is lost when Rasa is
down: the bot retries pending messages in order once it is back. Telegram's
`update_id` is the key, so a message delivered twice is processed once.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlite_utils

from foundation import clock

PENDING, PROCESSING, DONE, RATE_LIMITED = "pending", "processing", "done", "rate_limited"


class Journal:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite_utils.Database(path)
        self.db.execute("pragma busy_timeout=30000")
        self.db.execute("pragma journal_mode=wal")
        if "incoming" not in self.db.table_names():
            self.db["incoming"].create(
                {"update_id": int, "chat_id": int, "text": str, "received": str, "status": str, "attempts": int},
                pk="update_id",
            )
            self.db["incoming"].create_index(["status", "chat_id"])
        # A message that was being processed when the bot stopped is processed again.
        self.db.execute("update incoming set status = ? where status = ?", [PENDING, PROCESSING])
        self.db.conn.commit()
        if "outgoing" not in self.db.table_names():
            self.db["outgoing"].create(
                {"id": int, "chat_id": int, "update_id": int, "text": str, "sent": str, "delivered": int}, pk="id"
            )

    def record(self, update_id: int, chat_id: int, text: str, status: str = PENDING) -> bool:
        """Store an incoming message; False if this update was already stored."""
        with self.db.conn:
            exists = self.db.execute("select 1 from incoming where update_id = ?", [update_id]).fetchone()
            if exists:
                return False
            self.db["incoming"].insert({"update_id": update_id, "chat_id": chat_id, "text": text,
                                        "received": _now(), "status": status, "attempts": 0})
        return True

    def has(self, update_id: int) -> bool:
        """This update is stored (so it will be answered, or was deliberately not)."""
        return self.db.execute("select 1 from incoming where update_id = ?", [update_id]).fetchone() is not None

    def has_backlog(self, chat_id: int, before: int) -> bool:
        """Older messages of this chat still wait: new ones must queue behind them."""
        row = self.db.execute(
            "select 1 from incoming where chat_id = ? and status in (?, ?) and update_id < ?",
            [chat_id, PENDING, PROCESSING, before]).fetchone()
        return row is not None

    def pending(self, limit: int = 50) -> list[dict]:
        return list(self.db["incoming"].rows_where("status = ?", [PENDING], order_by="update_id", limit=limit))

    def attempt(self, update_id: int) -> bool:
        """Take the message for processing; False if it is already being processed or done
        (the retry job and a new message's handler must not both relay it)."""
        with self.db.conn:
            taken = self.db.execute(
                "update incoming set attempts = attempts + 1, status = ? where update_id = ? and status = ?",
                [PROCESSING, update_id, PENDING]).rowcount
        return bool(taken)

    def release(self, update_id: int) -> None:
        """Processing failed: the message waits again."""
        with self.db.conn:
            self.db.execute("update incoming set status = ? where update_id = ? and status = ?",
                            [PENDING, update_id, PROCESSING])

    def waited(self, update_id: int) -> float:
        """Seconds since the message arrived."""
        row = self.db["incoming"].get(update_id)
        return (clock.now() - dt.datetime.fromisoformat(row["received"])).total_seconds()

    def done(self, update_id: int) -> None:
        with self.db.conn:
            self.db["incoming"].update(update_id, {"status": DONE})

    def sent(self, chat_id: int, update_id: int | None, text: str, delivered: bool) -> None:
        with self.db.conn:
            self.db["outgoing"].insert({"chat_id": chat_id, "update_id": update_id, "text": text, "sent": _now(),
                                        "delivered": int(delivered)})


def _now() -> str:
    return clock.now().isoformat(timespec="seconds")
