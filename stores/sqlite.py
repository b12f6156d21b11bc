"""Opening the SQLite file and writing to it: the two things every store does the same way.

Why `write()` and not `with db.conn:`: under sqlite-utils 4 each `insert`/`update` wraps
itself in `db.atomic()`, which commits at once when no transaction is open — so inside
`with db.conn:` a ticket was committed before its audit event was even written. `write()`
opens the transaction first; sqlite-utils' own `atomic()` calls then nest inside it as
savepoints, and an exception anywhere rolls the whole change back.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

BUSY_TIMEOUT_MS = 30_000  # the bot, the desk and the action servers share one file


def connect(path: Path, *, check_same_thread: bool = True) -> sqlite_utils.Database:
    """A connection that waits for another process's write instead of failing at once.

    `check_same_thread=False` is for the desk: FastAPI opens a request's connection, runs the
    route and closes it on worker threads of its pool, not always the same one (one at a time,
    never concurrently)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(sqlite3.connect(str(path), check_same_thread=check_same_thread))
    db.execute(f"pragma busy_timeout={BUSY_TIMEOUT_MS}")
    return db


@contextlib.contextmanager
def write(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One transaction, all or nothing. The outermost takes the write lock at once (BEGIN
    IMMEDIATE), so what a change reads first (a status, a transcript, the day's counter) cannot
    be changed by another process before it writes; `db.atomic()` on its own begins DEFERRED,
    and a deferred reader that then writes gets "database is locked" instead of waiting.
    Nested calls become savepoints (sqlite-utils' `atomic()`)."""
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    try:
        db.conn.execute("COMMIT")
    except BaseException:
        db.rollback()
        raise
