"""Case summaries handed to lawyers, stored with sqlite-utils in var/cases.db.

Until the lawyers' desk exists, this is where an escalated case waits: the structured
summary (topic, facts, calculations, reasons, urgency) and a readable number such as
12351-20261122-0007 that the worker can quote on the phone.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import sqlite_utils


def open_db(path: Path) -> sqlite_utils.Database:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.execute("pragma journal_mode=wal")
    if "cases" not in db.table_names():
        db["cases"].create(
            {"id": str, "sender": str, "created": str, "topic": str, "urgency": str, "reasons": str,
             "facts": str, "calculations": str, "transcript": str, "consent": int, "status": str},
            pk="id",
        )
    return db


def next_case_id(db: sqlite_utils.Database, today: dt.date) -> str:
    prefix = f"12351-{today:%Y%m%d}-"
    row = db.execute("select count(*) from cases where id like ?", [prefix + "%"]).fetchone()
    return f"{prefix}{row[0] + 1:04d}"


def open_case(path: Path, sender: str, topic: str, urgency: str, reasons: list[str], facts: dict,
              calculations: list[dict], transcript: list[dict], consent: bool) -> str:
    """Store a case summary and return its number."""
    db = open_db(path)
    with db.conn:
        case_id = next_case_id(db, dt.date.today())
        db["cases"].insert({
            "id": case_id, "sender": sender, "created": dt.datetime.now().isoformat(timespec="seconds"),
            "topic": topic, "urgency": urgency, "reasons": json.dumps(reasons, ensure_ascii=False),
            "facts": json.dumps(facts, ensure_ascii=False), "calculations": json.dumps(calculations, ensure_ascii=False),
            "transcript": json.dumps(transcript, ensure_ascii=False), "consent": int(consent), "status": "new",
        })
    db.close()
    return case_id
