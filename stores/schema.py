"""The schema of `cases.db`, as sqlite-utils `Migrations`: one named step per change, recorded
in `_sqlite_migrations` so each runs exactly once per database.

Applied at start-up: `hotline up` migrates before it starts any process, the desk when it
starts, and `open_store()` the first time a process opens a file (a test, a one-off command,
the bot started on its own) — after that, opening a store only connects. To change the
schema, add a function at the end with the next number; never edit one that has shipped.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import threading
import time
from pathlib import Path

import sqlite_utils

from stores.sqlite import connect, write

MIGRATIONS = sqlite_utils.Migrations("cases")


@MIGRATIONS(name="0001_tickets")
def _tickets(db: sqlite_utils.Database) -> None:
    db["tickets"].create({
        "id": str, "created": str, "topic": str, "urgency": str, "reasons": str, "facts": str,
        "calculations": str, "transcript": str, "channel": str, "chat_id": str, "consent": int, "contact": str,
        "status": str, "assignee": str, "claimed": str, "first_response": str, "resolved": str, "closed": str,
        "sla_due": str, "outcome": str, "amount_recovered": float,
    }, pk="id")
    db["tickets"].create_index(["status", "urgency", "sla_due"])
    db["events"].create({"id": int, "ticket_id": str, "at": str, "actor": str, "action": str, "detail": str}, pk="id",
                        foreign_keys=[("ticket_id", "tickets", "id")])
    db["outbox"].create({"id": int, "ticket_id": str, "chat_id": str, "text": str, "created": str,
                         "delivered": str, "attempts": int}, pk="id")


@MIGRATIONS(name="0002_lawyers_group")
def _lawyers_group(db: sqlite_utils.Database) -> None:
    """The lawyers' Telegram group: which message announced a ticket, and SLA reminders sent."""
    db["tickets"].add_column("announced_message_id", int)
    db["tickets"].add_column("reminded", int)


@MIGRATIONS(name="0003_lawyers")
def _lawyers(db: sqlite_utils.Database) -> None:
    """Lawyers' accounts (stores/lawyers.py); early databases already made this table themselves."""
    if "lawyers" in db.table_names():
        return
    db["lawyers"].create({"username": str, "name": str, "role": str, "password": str, "telegram_id": int,
                          "failures": int, "locked_until": str}, pk="username")


@MIGRATIONS(name="0004_ticket_numbers")
def _ticket_numbers(db: sqlite_utils.Database) -> None:
    """The last number given out each day, bumped in the transaction that creates a ticket:
    counting the day's tickets gave two processes the same number. Seeded from the tickets
    already there (12351-YYYYMMDD-NNNN)."""
    db.execute("create table ticket_numbers (day text primary key, last integer not null)")
    db.execute("insert into ticket_numbers (day, last) "
               "select substr(id, 7, 8), max(cast(substr(id, 16) as integer)) from tickets group by 1")


@MIGRATIONS(name="0007_followups")
def _followups(db: sqlite_utils.Database) -> None:
    """Asking the worker some days after resolution how it ended (stores/followups.py): the
    worker-verified outcome and amount beside the lawyer's, satisfaction, and where the
    questions stand; buttons under an outbox message; the desk's canned replies (stores/canned.py)."""
    for column, kind in (("followup_asked", str), ("followup_state", str), ("followup_at", str),
                         ("verified_outcome", str), ("verified_amount", float), ("satisfaction", str)):
        db["tickets"].add_column(column, kind)
    db["tickets"].create_index(["chat_id", "followup_state"])  # every worker text asks "is a sum awaited?"
    db["outbox"].add_column("buttons", str)  # JSON [[title, callback data], …]: one button per row
    db["canned_replies"].create({"id": int, "title": str, "body": str, "author": str, "updated": str}, pk="id")


@MIGRATIONS(name="0006_evidence_reminders")
def _evidence_reminders(db: sqlite_utils.Database) -> None:
    """The worker's evidence checklist on a ticket (JSON list), and deadline reminders
    (stores/reminders.py): `sent` is the JSON list of the offsets (days before) already sent."""
    db["tickets"].add_column("evidence", str)
    db["reminders"].create({"id": int, "chat_id": str, "ticket_id": str, "deadline": str, "what": str,
                            "created": str, "sent": str, "cancelled": str}, pk="id")
    db["reminders"].create_index(["cancelled", "deadline"])


@MIGRATIONS(name="0008_groups")
def _groups(db: sqlite_utils.Database) -> None:
    """Collective cases: who the case is against (casework/parties.py), as the worker wrote it
    and as the key that links several workers' tickets (stores/tickets.py `group`)."""
    db["tickets"].add_column("party", str)
    db["tickets"].add_column("party_key", str)
    db["tickets"].create_index(["party_key", "created"])


# Before Migrations, the schema version was `pragma user_version`: 1, 2 or 3 meant these steps.
USER_VERSION_STEPS = ["0001_tickets", "0002_lawyers_group", "0003_lawyers"]

_migrated: set[tuple[int, int]] = set()  # (device, inode) of the files this process has migrated
_lock = threading.Lock()


def migrate(path: Path) -> list[str]:
    """Apply what is pending to the database at `path` (creating it); returns the names applied.
    Safe when several processes start at once: the steps run under the write lock."""
    with _lock:
        db = connect(path)
        try:
            _wal(db)
            with write(db):
                _bridge_user_version(db)
                pending = [step.name for step in MIGRATIONS.pending(db)]
                MIGRATIONS.apply(db)
        finally:
            db.close()
        _migrated.add(_identity(path))
    return pending


def _wal(db: sqlite_utils.Database, attempts: int = 50) -> None:
    """WAL mode, so the bot and the desk read while one process writes. Switching a new file to
    WAL needs it to itself, and SQLite answers "database is locked" at once rather than waiting
    when another process is opening it at the same moment: try again for a few seconds."""
    for attempt in range(attempts):
        try:
            db.execute("pragma journal_mode=wal")  # not inside a transaction
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or attempt == attempts - 1:
                raise
            time.sleep(0.1)


def open_store(path: Path, *, check_same_thread: bool = True) -> sqlite_utils.Database:
    """A connection to a migrated database: the first open of a file in a process migrates it."""
    if not path.exists() or _identity(path) not in _migrated:
        migrate(path)
    return connect(path, check_same_thread=check_same_thread)


def _identity(path: Path) -> tuple[int, int]:
    """A file replaced under the same name (a new test folder, a deleted database) is migrated again."""
    stat = os.stat(path)
    return stat.st_dev, stat.st_ino


def _bridge_user_version(db: sqlite_utils.Database) -> None:
    """A database from before Migrations: record the steps its `user_version` says it has."""
    version = db.execute("pragma user_version").fetchone()[0]
    if not version or MIGRATIONS.applied(db):
        return
    MIGRATIONS.ensure_migrations_table(db)
    applied_at = str(dt.datetime.now(dt.UTC))
    db[MIGRATIONS.migrations_table].insert_all(
        {"migration_set": MIGRATIONS.name, "name": name, "applied_at": applied_at}
        for name in USER_VERSION_STEPS[:version])
