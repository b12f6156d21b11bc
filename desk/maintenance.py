"""Data retention and backups for the files in the data folder.

`purge`: closed tickets older than the retention period lose everything personal
(transcript, facts, calculations, contact, chat) and keep what statistics need (topic,
urgency, outcome, amount recovered, timestamps); old journal lines and gaps go too.
`backup` / `restore`: SQLite's online backup API, safe while the service is running.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from foundation import clock
from stores.schema import migrate
from stores.tickets import Tickets

DATABASES = ("cases.db", "journal.db", "gaps.db")


def purge(data_dir: Path, older_than_days: int, now: dt.datetime | None = None) -> dict[str, int]:
    """Anonymise closed tickets and delete old journal and gap records; returns the counts."""
    if older_than_days < 0:
        raise ValueError("天数不能是负数")
    moment = (now or clock.now()) - dt.timedelta(days=older_than_days)
    cutoff = moment.isoformat()
    counts = {"tickets": 0, "journal": 0, "gaps": 0, "files": 0}
    if (data_dir / "cases.db").exists():
        tickets = Tickets(data_dir / "cases.db")
        try:
            counts["tickets"] = tickets.anonymise_closed(before=cutoff)
        finally:
            tickets.disconnect()
    counts["journal"] = _delete_older(data_dir / "journal.db", {"incoming": "received", "outgoing": "sent",
                                                                "buttons": "created"}, cutoff)
    counts["gaps"] = _delete_older(data_dir / "gaps.db", {"gaps": "asked"}, cutoff)
    counts["files"] = _delete_old_files(data_dir / "webchat", moment)  # documents drafted for web-chat workers
    return counts


def _delete_old_files(folder: Path, before: dt.datetime) -> int:
    """Files last written before `before` (the hotline's clock, naive local time)."""
    if not folder.exists():
        return 0
    deleted = 0
    for path in folder.rglob("*"):
        if path.is_file() and clock.at(path.stat().st_mtime) < before:
            path.unlink()
            deleted += 1
    return deleted


def _delete_older(path: Path, tables: dict[str, str], cutoff: str) -> int:
    if not path.exists():
        return 0
    deleted = 0
    with sqlite3.connect(path) as conn:
        existing = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
        for table, column in tables.items():
            if table in existing:
                deleted += conn.execute(f"delete from {table} where {column} < ?", [cutoff]).rowcount
    return deleted


def backup(data_dir: Path, target: Path) -> list[Path]:
    """Copy each database with SQLite's online backup into `target`."""
    target.mkdir(parents=True, exist_ok=True)
    return _copy_all(data_dir, target, f"在 {data_dir} 没有找到可备份的数据库")


def restore(source: Path, data_dir: Path) -> list[Path]:
    """Put a backup back (online: the running service sees the restored data); a backup made
    before the latest schema change is brought up to date at once."""
    restored = _copy_all(source, data_dir, f"{source} 里没有备份文件")
    if data_dir / "cases.db" in restored:
        migrate(data_dir / "cases.db")
    return restored


def _copy_all(source: Path, target: Path, none_found: str) -> list[Path]:
    copied = []
    for name in DATABASES:
        if (source / name).exists():
            with sqlite3.connect(source / name) as src, sqlite3.connect(target / name) as dst:
                src.backup(dst)
            copied.append(target / name)
    if not copied:
        raise FileNotFoundError(none_found)
    return copied
