"""Tickets in SQLite (sqlite-utils): a versioned schema, a lifecycle that refuses invalid
moves, and an audit log of every change (who, what, when).

A ticket carries the whole case so the lawyer does not have to ask again: topic, urgency,
reasons, facts, calculations, transcript, the worker's chat and consent, timestamps, the SLA
due time and, on resolution, an outcome and any amount recovered. Replies to the worker go
to the `outbox`, which the bot delivers in the worker's chat.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

NEW, CLAIMED, IN_PROGRESS, WAITING, RESOLVED, CLOSED = "new", "claimed", "in_progress", "waiting", "resolved", "closed"
STATUS_ZH = {NEW: "新建", CLAIMED: "已受理", IN_PROGRESS: "处理中", WAITING: "待补充", RESOLVED: "已解决", CLOSED: "已关闭"}
TRANSITIONS = {
    NEW: {CLAIMED, CLOSED},
    CLAIMED: {IN_PROGRESS, WAITING, RESOLVED, NEW},
    IN_PROGRESS: {WAITING, RESOLVED},
    WAITING: {IN_PROGRESS, RESOLVED},
    RESOLVED: {CLOSED, IN_PROGRESS},
    CLOSED: {IN_PROGRESS},  # reopen
}
OUTCOMES = {"wages_recovered", "advice_given", "referred_to_arbitration", "referred_to_legal_aid",
            "worker_unreachable", "no_action_needed", "other"}


class TicketError(Exception):
    """An action on a ticket that is not allowed (unknown ticket, invalid transition …)."""


def sla_hours(urgency: str) -> float:
    """First-response targets, configurable: urgent 1 h, high 4 h, normal one working day."""
    defaults = {"urgent": 1.0, "high": 4.0, "normal": 24.0}
    return float(os.environ.get(f"HOTLINE_SLA_{urgency.upper()}_HOURS", defaults.get(urgency, 24.0)))


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment else None


# --- schema and migrations ---------------------------------------------------------

def _v1(db: sqlite_utils.Database) -> None:
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


def _v2(db: sqlite_utils.Database) -> None:
    """The lawyers' Telegram group: which message announced a ticket, and SLA reminders sent."""
    db["tickets"].add_column("announced_message_id", int)
    db["tickets"].add_column("reminded", int)


def _v3(db: sqlite_utils.Database) -> None:
    """Lawyers' accounts (desk/auth.py); early databases already made this table themselves."""
    if "lawyers" in db.table_names():
        return
    db["lawyers"].create({"username": str, "name": str, "role": str, "password": str, "telegram_id": int,
                          "failures": int, "locked_until": str}, pk="username")


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_v1, _v2, _v3]


def open_db(path: Path) -> sqlite_utils.Database:
    """Open (and migrate) the ticket store; WAL so the bot and the desk read while one writes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.execute("pragma busy_timeout=30000")  # first: switching to WAL needs a lock too
    db.execute("pragma journal_mode=wal")
    if db.execute("pragma user_version").fetchone()[0] < len(MIGRATIONS):
        _migrate(db)
    return db


def _migrate(db: sqlite_utils.Database) -> None:
    """Run pending migrations under a write lock: the bot, the desk and the action server
    may all open a new database at the same moment."""
    db.conn.execute("begin immediate")
    try:
        version = db.conn.execute("pragma user_version").fetchone()[0]
        for number, migrate in enumerate(MIGRATIONS[version:], start=version + 1):
            migrate(db)
            db.conn.execute(f"pragma user_version = {number}")
        db.conn.execute("commit")
    except BaseException:
        db.conn.execute("rollback")
        raise


# --- the store ------------------------------------------------------------------------

class Tickets:
    """Every operation on tickets; each change is one transaction with its audit event."""

    def __init__(self, path: Path):
        self.db = open_db(path)

    def disconnect(self) -> None:
        self.db.close()

    def _next_id(self, day: dt.date) -> str:
        prefix = f"12351-{day:%Y%m%d}-"
        row = self.db.execute("select count(*) from tickets where id like ?", [prefix + "%"]).fetchone()
        return f"{prefix}{row[0] + 1:04d}"

    def _event(self, ticket_id: str, actor: str, action: str, detail: str = "") -> None:
        self.db["events"].insert({"ticket_id": ticket_id, "at": _iso(_now()), "actor": actor, "action": action,
                                  "detail": detail})

    def create(self, *, topic: str, urgency: str, reasons: list[str], facts: dict, calculations: list[dict],
               transcript: list[dict], channel: str, chat_id: str, consent: bool, contact: str = "chat") -> str:
        now = _now()
        with self.db.conn:
            ticket_id = self._next_id(now.date())
            self.db["tickets"].insert({
                "id": ticket_id, "created": _iso(now), "topic": topic, "urgency": urgency,
                "reasons": json.dumps(reasons, ensure_ascii=False), "facts": json.dumps(facts, ensure_ascii=False),
                "calculations": json.dumps(calculations, ensure_ascii=False),
                "transcript": json.dumps(transcript, ensure_ascii=False), "channel": channel, "chat_id": chat_id,
                "consent": int(consent), "contact": contact, "status": NEW,
                "sla_due": _iso(now + dt.timedelta(hours=sla_hours(urgency))),
            })
            self._event(ticket_id, "assistant", "created", "；".join(reasons))
        return ticket_id

    def get(self, ticket_id: str) -> dict:
        try:
            row = self.db["tickets"].get(ticket_id)
        except sqlite_utils.db.NotFoundError:
            raise TicketError(f"没有这个工单：{ticket_id}") from None
        for key in ("reasons", "facts", "calculations", "transcript"):
            row[key] = json.loads(row[key] or "null")
        return row

    def queue(self, status: str | None = None, assignee: str | None = None, topic: str | None = None) -> list[dict]:
        """Open tickets, most urgent first, then by SLA due time."""
        where, args = ["status != ?"], [CLOSED]
        for column, value in (("status", status), ("assignee", assignee), ("topic", topic)):
            if value:
                where.append(f"{column} = ?")
                args.append(value)
        order = "case urgency when 'urgent' then 0 when 'high' then 1 else 2 end, sla_due"
        return list(self.db["tickets"].rows_where(" and ".join(where), args, order_by=order))

    def events(self, ticket_id: str) -> list[dict]:
        return list(self.db["events"].rows_where("ticket_id = ?", [ticket_id], order_by="id"))

    def _move(self, ticket_id: str, actor: str, to: str, changes: dict | None = None, detail: str = "") -> dict:
        ticket = self.get(ticket_id)
        if to not in TRANSITIONS[ticket["status"]]:
            raise TicketError(f"工单 {ticket_id} 当前是「{STATUS_ZH[ticket['status']]}」，不能改为「{STATUS_ZH[to]}」")
        with self.db.conn:
            self.db["tickets"].update(ticket_id, {"status": to, **(changes or {})})
            self._event(ticket_id, actor, to, detail)
        return self.get(ticket_id)

    def claim(self, ticket_id: str, lawyer: str, lawyer_name: str = "") -> dict:
        """Atomic: of two lawyers claiming at once, one wins and the other gets a TicketError."""
        ticket = self.get(ticket_id)
        with self.db.conn:
            won = self.db.execute(
                "update tickets set status = ?, assignee = ?, claimed = ? where id = ? and status = ?",
                [CLAIMED, lawyer, _iso(_now()), ticket_id, NEW],
            ).rowcount
            if won:
                self._event(ticket_id, lawyer, CLAIMED)
                self._notify(ticket, f"您的问题（编号 {ticket_id}）已由{lawyer_name or '工会律师'}受理，律师会在这里回复您。")
        if not won:
            holder = self.get(ticket_id)["assignee"]
            raise TicketError(f"工单 {ticket_id} 已被 {holder or '他人'} 认领" if holder else
                              f"工单 {ticket_id} 当前是「{STATUS_ZH[ticket['status']]}」，不能认领")
        return self.get(ticket_id)

    def _notify(self, ticket: dict, text: str) -> None:
        """A message to the worker's chat (delivered by the bot), inside the caller's transaction."""
        self.db["outbox"].insert({"ticket_id": ticket["id"], "chat_id": ticket["chat_id"], "text": text,
                                  "created": _iso(_now()), "delivered": None, "attempts": 0})

    def open_for_chat(self, chat_id: str) -> dict | None:
        """The worker's newest ticket that is not closed."""
        rows = list(self.db["tickets"].rows_where("chat_id = ? and status != ?", [chat_id, CLOSED],
                                                 order_by="created desc", limit=1))
        return rows[0] if rows else None

    def attach(self, ticket_id: str, path: str, caption: str = "") -> None:
        """Evidence the worker sent (a photo or a document), kept beside the ticket."""
        ticket = self.get(ticket_id)
        line = {"from": "worker", "text": f"[附件] {path}" + (f" {caption}" if caption else ""), "at": _iso(_now())}
        with self.db.conn:
            self.db["tickets"].update(ticket_id, {"transcript": json.dumps([*ticket["transcript"], line],
                                                                            ensure_ascii=False)})
            self._event(ticket_id, "worker", "attachment", path)

    def for_chat(self, chat_id: str) -> list[dict]:
        """A worker's tickets, newest first (for /status)."""
        return list(self.db["tickets"].rows_where("chat_id = ?", [chat_id], order_by="created desc"))

    def held_by_lawyer(self, chat_id: str) -> dict | None:
        """The worker's ticket a lawyer is working on, if any: their messages go there."""
        rows = list(self.db["tickets"].rows_where("chat_id = ? and status in (?, ?, ?)",
                                                 [chat_id, CLAIMED, IN_PROGRESS, WAITING],
                                                 order_by="created desc", limit=1))
        return rows[0] if rows else None

    def reassign(self, ticket_id: str, actor: str, lawyer: str) -> dict:
        ticket = self.get(ticket_id)
        with self.db.conn:
            self.db["tickets"].update(ticket_id, {"assignee": lawyer})
            self._event(ticket_id, actor, "reassigned", f"{ticket['assignee'] or '-'} → {lawyer}")
        return self.get(ticket_id)

    def reply(self, ticket_id: str, lawyer: str, text: str, ask_worker: bool = False) -> dict:
        """A message to the worker: queued for the bot, kept in the transcript."""
        text = text.strip()
        if not text:
            raise TicketError("回复内容不能为空")
        ticket = self.get(ticket_id)
        if ticket["status"] in (NEW, CLOSED):
            raise TicketError(f"请先认领工单 {ticket_id} 再回复")
        now = _iso(_now())
        transcript = [*ticket["transcript"], {"from": "lawyer", "text": text, "at": now}]
        target = WAITING if ask_worker else IN_PROGRESS
        changes = {"transcript": json.dumps(transcript, ensure_ascii=False)}
        if not ticket["first_response"]:
            changes["first_response"] = now
        prefix = "【律师需要您补充】" if ask_worker else "【工会律师回复】"
        with self.db.conn:
            self._notify(ticket, f"{prefix}\n{text}")
            self.db["tickets"].update(ticket_id, changes)
            self._event(ticket_id, lawyer, "ask_worker" if ask_worker else "reply", text[:200])
        if ticket["status"] != target:
            return self._move(ticket_id, lawyer, target)
        return self.get(ticket_id)

    def note(self, ticket_id: str, lawyer: str, text: str) -> None:
        """An internal note: the worker never sees it."""
        self.get(ticket_id)
        with self.db.conn:
            self._event(ticket_id, lawyer, "note", text.strip()[:2000])

    def resolve(self, ticket_id: str, lawyer: str, outcome: str, amount_recovered: float = 0.0) -> dict:
        if outcome not in OUTCOMES:
            raise TicketError(f"未知的结果代码「{outcome}」，可选：{', '.join(sorted(OUTCOMES))}")
        if not math.isfinite(amount_recovered) or amount_recovered < 0:
            raise TicketError("追回金额应当是不小于 0 的数字")
        return self._move(ticket_id, lawyer, RESOLVED, {"resolved": _iso(_now()), "outcome": outcome,
                                                        "amount_recovered": amount_recovered}, outcome)

    def close(self, ticket_id: str, actor: str) -> dict:
        return self._move(ticket_id, actor, CLOSED, {"closed": _iso(_now())})

    def reopen(self, ticket_id: str, actor: str) -> dict:
        return self._move(ticket_id, actor, IN_PROGRESS, {"closed": None})

    def unannounced(self) -> list[dict]:
        return list(self.db["tickets"].rows_where("status = ? and announced_message_id is null", [NEW],
                                                 order_by="created"))

    def announced(self, ticket_id: str, message_id: int) -> None:
        with self.db.conn:
            self.db["tickets"].update(ticket_id, {"announced_message_id": message_id})

    def by_announcement(self, message_id: int) -> dict | None:
        rows = list(self.db["tickets"].rows_where("announced_message_id = ?", [message_id]))
        return rows[0] if rows else None

    def overdue(self, now: dt.datetime | None = None) -> list[dict]:
        """Tickets past their first-response time that have not been reminded about yet."""
        moment = _iso(now or _now())
        return list(self.db["tickets"].rows_where(
            "first_response is null and status not in (?, ?, ?) and sla_due < ? and reminded is null",
            [RESOLVED, CLOSED, WAITING, moment], order_by="sla_due"))

    def reminded(self, ticket_id: str) -> None:
        with self.db.conn:
            self.db["tickets"].update(ticket_id, {"reminded": 1})
            self._event(ticket_id, "assistant", "sla_reminder")

    def undelivered(self, limit: int = 50) -> list[dict]:
        return list(self.db["outbox"].rows_where("delivered is null", order_by="id", limit=limit))

    def delivered(self, message_id: int) -> None:
        with self.db.conn:
            self.db["outbox"].update(message_id, {"delivered": _iso(_now())})

    def failed(self, message_id: int) -> None:
        with self.db.conn:
            self.db.execute("update outbox set attempts = attempts + 1 where id = ?", [message_id])

    def add_worker_message(self, chat_id: str, text: str) -> str | None:
        """A worker's message while their ticket is open joins its transcript (and wakes it)."""
        open_ticket = self.open_for_chat(chat_id)
        if open_ticket is None:
            return None
        ticket = self.get(open_ticket["id"])
        transcript = [*ticket["transcript"], {"from": "worker", "text": text, "at": _iso(_now())}]
        with self.db.conn:
            self.db["tickets"].update(ticket["id"], {"transcript": json.dumps(transcript, ensure_ascii=False)})
            self._event(ticket["id"], "worker", "message", text[:200])
        if ticket["status"] == WAITING:
            self._move(ticket["id"], "worker", IN_PROGRESS)
        return ticket["id"]
