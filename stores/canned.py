"""Canned replies in the cases database (table `canned_replies`): admins keep them on the
desk, every lawyer picks one on a ticket. Every text is checked before it is saved
(casework/canned.py): a variable that does not exist is refused, not stored."""

from __future__ import annotations

import sqlite_utils

from casework.canned import CannedError, check
from foundation import clock
from stores.sqlite import write


class CannedReplies:
    """Pass the store's connection (`Tickets(path).db`)."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db

    def all(self) -> list[dict]:
        return list(self.db["canned_replies"].rows_where(order_by="title, id"))

    def get(self, reply_id: int) -> dict:
        try:
            return self.db["canned_replies"].get(reply_id)
        except sqlite_utils.db.NotFoundError:
            raise CannedError("没有这条常用回复（可能已被删除）") from None

    def add(self, title: str, body: str, author: str) -> int:
        check(title, body)
        with write(self.db):
            return self.db["canned_replies"].insert({"title": title.strip(), "body": body.strip(), "author": author,
                                                     "updated": _now()}).last_pk

    def update(self, reply_id: int, title: str, body: str, author: str) -> None:
        check(title, body)
        with write(self.db):
            self.get(reply_id)
            self.db["canned_replies"].update(reply_id, {"title": title.strip(), "body": body.strip(),
                                                        "author": author, "updated": _now()})

    def delete(self, reply_id: int) -> None:
        with write(self.db):
            self.get(reply_id)
            self.db["canned_replies"].delete(reply_id)


def _now() -> str:
    return clock.now().replace(microsecond=0).isoformat()
