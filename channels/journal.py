"""The message journal (`journal.db`): every worker message is stored before it is
processed, and everything sent to a worker is stored as it goes out.

A message stays `pending` until Rasa has answered it, so nothing is lost when Rasa is
down: the retry job (channels/jobs.py) answers pending messages in order once it is back.
Each message has a string `key` given by its channel, the same for every delivery of it —
`telegram:<update_id>`, `web:<token>:<client message id>`, `wx:<MsgId>` — so a message
delivered twice is processed once. Messages are ordered by `seq`, the order they were
stored in, within their conversation (the sender id, channels/outlet.py `Conversation`).

What was sent (`outgoing`: text, buttons, a file's name) is kept per conversation with the
message it answered; `history` puts both sides back together (the web chat shows it).
The schema is sqlite-utils `Migrations` of its own ("journal"), run when a process opens
the file. The first step turns the Telegram-only journal (keyed by `update_id` and an
integer `chat_id`) into this one, keeping every row and the pending ones pending.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import sqlite_utils

from channels.buttons import Buttons
from channels.outlet import Conversation
from foundation import clock
from stores.sqlite import connect, write

PENDING, PROCESSING, DONE, RATE_LIMITED = "pending", "processing", "done", "rate_limited"
MIGRATIONS = sqlite_utils.Migrations("journal")


@MIGRATIONS(name="0001_channels")
def _channels(db: sqlite_utils.Database) -> None:
    """String keys and conversations of any channel; a Telegram-only journal's rows carried over."""
    old = "incoming" in db.table_names()
    if old:
        db.execute("alter table incoming rename to incoming_telegram")
        if "outgoing" not in db.table_names():
            db["outgoing"].create({"id": int, "chat_id": int, "update_id": int, "text": str, "sent": str,
                                   "delivered": int}, pk="id")
        db.execute("alter table outgoing rename to outgoing_telegram")
    db["incoming"].create({"seq": int, "key": str, "channel": str, "conversation": str, "text": str,
                           "received": str, "status": str, "attempts": int}, pk="seq")
    db.execute("create unique index incoming_key on incoming (key)")
    db["incoming"].create_index(["status", "channel", "conversation"])
    db["outgoing"].create({"id": int, "channel": str, "conversation": str, "key": str, "after": int, "text": str,
                           "buttons": str, "file": str, "sent": str, "delivered": int}, pk="id")
    db["outgoing"].create_index(["conversation", "after"])
    db["buttons"].create({"id": int, "conversation": str, "title": str, "payload": str, "created": str}, pk="id")
    db.execute("create unique index buttons_offered on buttons (conversation, payload, title)")
    if not old:
        return
    db.execute("insert into incoming (key, channel, conversation, text, received, status, attempts) "
               "select 'telegram:' || update_id, 'telegram', cast(chat_id as text), text, received, status, attempts "
               "from incoming_telegram order by update_id")
    db.execute("insert into outgoing (channel, conversation, key, after, text, sent, delivered) "
               "select 'telegram', cast(o.chat_id as text), 'telegram:' || o.update_id, "
               "(select max(i.seq) from incoming i where i.conversation = cast(o.chat_id as text) "
               " and i.received <= o.sent), o.text, o.sent, o.delivered "
               "from outgoing_telegram o order by o.id")
    db.execute("drop table incoming_telegram")
    db.execute("drop table outgoing_telegram")


@MIGRATIONS(name="0002_history")
def _history(db: sqlite_utils.Database) -> None:
    """A conversation's messages found without reading the whole table (the web chat's history)."""
    db["incoming"].create_index(["conversation", "seq"])


def migrate(db: sqlite_utils.Database) -> None:
    """Apply what is pending, under the write lock (the bot and the web chat may start at once)."""
    db.execute("pragma journal_mode=wal")  # readers while one writes; not inside a transaction
    with write(db):
        MIGRATIONS.apply(db)


class Journal:
    def __init__(self, path: Path):
        self.db = connect(path)
        migrate(self.db)
        # A message that was being processed when the process stopped is processed again.
        with write(self.db):
            self.db.execute("update incoming set status = ? where status = ?", [PENDING, PROCESSING])
        self.buttons = Buttons(self.db)

    def close(self) -> None:
        self.db.close()

    # --- what workers sent --------------------------------------------------------------------

    def record(self, key: str, conversation: Conversation, text: str, status: str = PENDING) -> bool:
        """Store an incoming message; False if a message with this key was already stored."""
        with write(self.db):
            cursor = self.db.execute(
                "insert into incoming (key, channel, conversation, text, received, status, attempts) "
                "values (?, ?, ?, ?, ?, ?, 0) on conflict (key) do nothing",
                [key, conversation.channel, conversation.sender, text, _now(), status])
        return cursor.rowcount == 1

    def has(self, key: str) -> bool:
        """This message is stored (so it will be answered, or was deliberately not)."""
        return self.db.execute("select 1 from incoming where key = ?", [key]).fetchone() is not None

    def has_backlog(self, conversation: Conversation, key: str) -> bool:
        """Older messages of this conversation still wait: new ones must queue behind them."""
        row = self.db.execute(
            "select 1 from incoming where conversation = ? and status in (?, ?) "
            "and seq < (select seq from incoming where key = ?)",
            [conversation.sender, PENDING, PROCESSING, key]).fetchone()
        return row is not None

    def pending(self, channel: str | None = None, limit: int = 50) -> list[dict]:
        """Messages waiting for Rasa, oldest first; only `channel`'s when given (each process
        answers its own channel's: only it can deliver the answer)."""
        where, args = "status = ?", [PENDING]
        if channel:
            where, args = where + " and channel = ?", [*args, channel]
        return [_incoming(row) for row in self.db["incoming"].rows_where(where, args, order_by="seq", limit=limit)]

    def messages(self, conversation: Conversation) -> list[dict]:
        """Every stored message of a conversation, in order."""
        return [_incoming(row) for row in self.db["incoming"].rows_where(
            "conversation = ?", [conversation.sender], order_by="seq")]

    def attempt(self, key: str) -> bool:
        """Take the message for processing; False if it is already being processed or done
        (the retry job and a new message's handler must not both relay it)."""
        with write(self.db):
            taken = self.db.execute(
                "update incoming set attempts = attempts + 1, status = ? where key = ? and status = ?",
                [PROCESSING, key, PENDING]).rowcount
        return bool(taken)

    def release(self, key: str) -> None:
        """Processing failed: the message waits again."""
        with write(self.db):
            self.db.execute("update incoming set status = ? where key = ? and status = ?", [PENDING, key, PROCESSING])

    def waited(self, key: str) -> float:
        """Seconds since the message arrived."""
        row = self.db.execute("select received from incoming where key = ?", [key]).fetchone()
        return (clock.now() - dt.datetime.fromisoformat(row[0])).total_seconds()

    def done(self, key: str) -> None:
        with write(self.db):
            self.db.execute("update incoming set status = ? where key = ?", [DONE, key])

    # --- what workers were sent ---------------------------------------------------------------

    def sent(self, conversation: Conversation, key: str | None, text: str, delivered: bool,
             buttons: list[tuple[str, str]] | tuple = (), file: str | None = None) -> None:
        """Keep what went out (buttons as (title, Rasa payload)), after the conversation's latest message."""
        with write(self.db):
            self.db.execute(
                "insert into outgoing (channel, conversation, key, after, text, buttons, file, sent, delivered) "
                "values (?, ?, ?, (select max(seq) from incoming where conversation = ?), ?, ?, ?, ?, ?)",
                [conversation.channel, conversation.sender, key, conversation.sender, text,
                 json.dumps([list(b) for b in buttons], ensure_ascii=False) if buttons else None, file, _now(),
                 int(delivered)])

    def history(self, conversation: Conversation, limit: int = 200, since: str | None = None) -> list[dict]:
        """Both sides of the conversation in order: the latest `limit` lines, or with `since` (a
        line's `cursor`) the first `limit` lines after that one: {"from": "worker" | "assistant", "text",
        "buttons": [(title, payload)], "file", "at", "key", "cursor"}; a worker's line that was a
        button press has "pressed": the button's title. A line sent later always sorts after
        every earlier one, so a client that keeps the last cursor misses nothing."""
        after = parse_cursor(since) if since else (-1, 0, 0)
        order = "a, s, i" if since else "a desc, s desc, i desc"  # the next lines after `since`, else the latest
        rows = self.db.execute(
            "select * from (select seq as a, 0 as s, seq as i, text, null as buttons, null as file, received as at, key "
            "from incoming where conversation = ? union all select coalesce(after, 0), 1, id, text, buttons, file, "
            f"sent, key from outgoing where conversation = ?) where (a, s, i) > (?, ?, ?) order by {order} limit ?",
            [conversation.sender, conversation.sender, *after, limit]).fetchall()
        if not since:
            rows.reverse()
        titles = dict(self.db.execute("select payload, title from buttons where conversation = ?", [conversation.sender]))
        return [{"from": "assistant" if side else "worker", "text": text,
                 "buttons": [tuple(b) for b in json.loads(buttons)] if buttons else [], "file": file, "at": at,
                 "key": key, "cursor": f"{a}.{side}.{i}",
                 **({"pressed": titles[text]} if not side and text in titles else {})}
                for a, side, i, text, buttons, file, at, key in rows]


def parse_cursor(cursor: str) -> tuple[int, int, int]:
    """A history line's `cursor` ("12.1.40") as its sort key; ValueError if it is not one."""
    parts = cursor.split(".")
    if len(parts) != 3 or not all(part.isascii() and part.isdigit() for part in parts):
        raise ValueError(f"not a history cursor: {cursor!r}")
    a, side, i = (int(part) for part in parts)
    return a, side, i


def _incoming(row: dict) -> dict:
    return {**row, "conversation": Conversation.of(row["conversation"])}


def _now() -> str:
    return clock.now().isoformat(timespec="seconds")
