"""Tickets: a lifecycle that refuses invalid moves, and an audit log of every change (who,
what, when).

A ticket carries the whole case so the lawyer does not have to ask again: topic, urgency,
reasons, facts, calculations, transcript, the worker's chat and consent, timestamps, the SLA
due time and, on resolution, an outcome and any amount recovered. Messages to the worker go
to the outbox (stores/outbox.py), which the bot delivers in the worker's chat.

What the store promises its callers:
- one row shape: every read returns a `Ticket`, its JSON columns already lists and dicts (`decode`);
- every change is one transaction with its audit event and outbox message (`stores.sqlite.write`);
- ticket numbers never collide, whichever process creates the ticket (a per-day counter,
  bumped inside that transaction);
- the schema is current (`stores.schema`, applied the first time a process opens the file).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import replace
from pathlib import Path
from typing import Any, TypedDict

from casework.hours import OutsideCalendar, official_calendar
from casework.parties import collective_reason, party_of
from foundation import clock, vocabulary
from foundation.settings import settings
from foundation.vocabulary import CLAIMED, CLOSED, IN_PROGRESS, NEW, RESOLVED, STATUS_ZH, URGENCY_RANK, WAITING
from stores.outbox import Outbox
from stores.schema import open_store
from stores.sqlite import write

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
JSON_COLUMNS = {"reasons": list, "facts": dict, "calculations": list, "transcript": list,
                "evidence": list}  # stored as JSON text


class Ticket(TypedDict):
    """The shape of every ticket the store returns (a dict, so templates and JSON take it as is)."""

    id: str                       # 12351-YYYYMMDD-NNNN
    created: str                  # ISO timestamps, to the second
    topic: str
    urgency: str                  # urgent / high / normal
    reasons: list[str]            # why the case went to a person
    facts: dict[str, Any]
    calculations: list[dict]
    transcript: list[dict]        # {"from": worker|assistant|lawyer, "text": …, "at": …}
    channel: str
    chat_id: str
    consent: int
    contact: str                  # chat / phone
    status: str
    assignee: str | None
    claimed: str | None
    first_response: str | None
    resolved: str | None
    closed: str | None
    sla_due: str
    outcome: str | None
    amount_recovered: float | None
    announced_message_id: int | None  # the lawyers' group message that announced it
    reminded: int | None
    followup_asked: str | None    # when the worker was asked how it ended (stores/followups.py); once
    followup_state: str | None    # asked / amount / satisfaction / done (casework/followup.py)
    followup_at: str | None       # when that step began
    verified_outcome: str | None  # the worker's word: solved / partly / unsolved, beside the lawyer's `outcome`
    verified_amount: float | None  # what the worker says they received, beside `amount_recovered`
    satisfaction: str | None      # good / fair / poor
    evidence: list[dict]          # the evidence checklist: {id, name, rank, have} (casework/evidence.py)
    party: str | None             # who the case is against, as the lawyer reads it: 单位「华强建筑公司」
    party_key: str | None         # the same party however written (casework/parties.py): links collective cases


class TicketError(Exception):
    """An action on a ticket that is not allowed (unknown ticket, invalid transition …)."""


def decode(row: dict) -> Ticket:
    """A stored row as a ticket: the one place JSON columns are parsed (nothing, or JSON null,
    becomes an empty list or dict, so callers never test for None)."""
    ticket = dict(row)
    for column, empty in JSON_COLUMNS.items():
        value = json.loads(ticket[column]) if ticket.get(column) else None
        ticket[column] = empty() if value is None else value
    return ticket  # type: ignore[return-value]


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _now() -> dt.datetime:
    return clock.now().replace(microsecond=0)


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def first_response_due(now: dt.datetime, urgency: str) -> tuple[dt.datetime, str]:
    """When a lawyer must first answer, and a note for the audit log when the calendar could not
    say. Urgent cases count the clock (someone in danger does not wait for Monday; the lawyers'
    group is reminded after an hour, day or night); high and normal count opening hours on the
    holiday calendar (casework/hours.py). Zero hours: due at once."""
    hours = settings().sla_hours(urgency)
    if urgency == vocabulary.URGENT or hours <= 0:
        return now + dt.timedelta(hours=hours), ""
    calendar = official_calendar()
    try:
        return calendar.add_business_hours(now, hours), ""
    except OutsideCalendar as error:
        due = replace(calendar, plain_weeks_outside=True).add_business_hours(now, hours)
        return due, (f"{error.day.year}年的节假日安排还没有录入（knowledge/calendar/），"
                     "首次回复期限按周一至周五的上班时间计算，没有考虑节假日")


class Tickets:
    """Every operation on tickets; each change is one transaction with its audit event."""

    def __init__(self, path: Path, *, check_same_thread: bool = True):
        self.db = open_store(path, check_same_thread=check_same_thread)
        self.outbox = Outbox(self.db)

    def disconnect(self) -> None:
        self.db.close()

    # --- reads: every one returns decoded tickets ---------------------------------------

    def _select(self, where: str, args: list, order_by: str = "created desc", limit: int | None = None) -> list[Ticket]:
        return [decode(row) for row in self.db["tickets"].rows_where(where, args, order_by=order_by, limit=limit)]

    def _first(self, where: str, args: list, order_by: str = "created desc") -> Ticket | None:
        rows = self._select(where, args, order_by=order_by, limit=1)
        return rows[0] if rows else None

    def get(self, ticket_id: str) -> Ticket:
        ticket = self._first("id = ?", [ticket_id])
        if ticket is None:
            raise TicketError(f"没有这个工单：{ticket_id}")
        return ticket

    def all(self) -> list[Ticket]:
        """Every ticket, oldest first (the monthly report)."""
        return self._select("1 = 1", [], order_by="created, id")

    def queue(self, status: str | None = None, assignee: str | None = None, topic: str | None = None) -> list[Ticket]:
        """Open tickets, most urgent first, then by SLA due time."""
        where, args = ["status != ?"], [CLOSED]
        for column, value in (("status", status), ("assignee", assignee), ("topic", topic)):
            if value:
                where.append(f"{column} = ?")
                args.append(value)
        ranks = " ".join(f"when '{urgency}' then {rank}" for urgency, rank in URGENCY_RANK.items())
        order = f"case urgency {ranks} else {len(URGENCY_RANK)} end, sla_due"
        return self._select(" and ".join(where), args, order_by=order)

    def events(self, ticket_id: str) -> list[dict]:
        return list(self.db["events"].rows_where("ticket_id = ?", [ticket_id], order_by="id"))

    def for_chat(self, chat_id: str) -> list[Ticket]:
        """A worker's tickets, newest first (for /status)."""
        return self._select("chat_id = ?", [chat_id])

    def open_for_chat(self, chat_id: str) -> Ticket | None:
        """The worker's newest ticket that is not closed."""
        return self._first("chat_id = ? and status != ?", [chat_id, CLOSED])

    def held_by_lawyer(self, chat_id: str) -> Ticket | None:
        """The worker's ticket a lawyer is working on, if any: their messages go there."""
        return self._first("chat_id = ? and status in (?, ?, ?)", [chat_id, CLAIMED, IN_PROGRESS, WAITING])

    def unannounced(self) -> list[Ticket]:
        return self._select("status = ? and announced_message_id is null", [NEW], order_by="created")

    def by_announcement(self, message_id: int) -> Ticket | None:
        return self._first("announced_message_id = ?", [message_id])

    def overdue(self, now: dt.datetime | None = None) -> list[Ticket]:
        """Tickets past their first-response time that have not been reminded about yet."""
        return self._select("first_response is null and status not in (?, ?, ?) and sla_due < ? and reminded is null",
                            [RESOLVED, CLOSED, WAITING, _iso(now or _now())], order_by="sla_due")

    def group(self, ticket: Ticket) -> list[Ticket]:
        """The other tickets against the same party (`party_key`) opened within the collective
        window (HOTLINE_GROUP_DAYS) before or after this one, oldest first; none without a key."""
        if not ticket.get("party_key"):
            return []
        created, window = dt.datetime.fromisoformat(ticket["created"]), dt.timedelta(days=settings().group_days)
        return self._select("party_key = ? and id != ? and created >= ? and created <= ?",
                            [ticket["party_key"], ticket["id"], _iso(created - window), _iso(created + window)],
                            order_by="created, id")

    # --- changes: each one transaction, with its audit event --------------------------

    def _event(self, ticket_id: str, actor: str, action: str, detail: str = "") -> None:
        self.db["events"].insert({"ticket_id": ticket_id, "at": _iso(_now()), "actor": actor, "action": action,
                                  "detail": detail})

    def _next_id(self, day: dt.date) -> str:
        """Bump the day's counter; inside create's write transaction, so no other process can
        take the same number (the row is locked until the ticket is committed or rolled back)."""
        key = f"{day:%Y%m%d}"
        [(number,)] = self.db.execute(
            "insert into ticket_numbers (day, last) values (?, 1) "
            "on conflict (day) do update set last = last + 1 returning last", [key]).fetchall()
        return f"12351-{key}-{number:04d}"

    def create(self, *, topic: str, urgency: str, reasons: list[str], facts: dict, calculations: list[dict],
               transcript: list[dict], channel: str, chat_id: str, consent: bool, contact: str = "chat",
               evidence: list[dict] | None = None, now: dt.datetime | None = None) -> str:
        now = (now or _now()).replace(microsecond=0)
        due, due_note = first_response_due(now, urgency)
        party = party_of([line.get("text", "") for line in transcript if line.get("from") == "worker"], facts)
        with write(self.db):
            ticket_id = self._next_id(now.date())
            self.db["tickets"].insert({
                "id": ticket_id, "created": _iso(now), "topic": topic, "urgency": urgency,
                "reasons": _json(reasons), "facts": _json(facts), "calculations": _json(calculations),
                "evidence": _json(evidence or []),
                "transcript": _json(transcript), "channel": channel, "chat_id": chat_id,
                "consent": int(consent), "contact": contact, "status": NEW,
                "sla_due": _iso(due), "party": party.label if party else None,
                "party_key": party.key if party else None,
            })
            self._event(ticket_id, "assistant", "created", "；".join(reasons))
            if due_note:
                self._event(ticket_id, "assistant", "sla_calendar", due_note)
            if party and party.key:
                self._link_group(self.get(ticket_id), now)
        return ticket_id

    def _link_group(self, ticket: Ticket, now: dt.datetime) -> None:
        """Other workers' tickets against the same party within the window: an event on each
        ticket of the group, and once the group has enough workers, every open normal ticket in
        it raised to high, with the reason and a first-response time no later than a high one."""
        others = self.group(ticket)
        if not others:
            return
        self._event(ticket["id"], "assistant", "grouped",
                    f"与 {'、'.join(other['id'] for other in others)} 反映同一{ticket['party']}")
        for other in others:
            self._event(other["id"], "assistant", "grouped", f"新工单 {ticket['id']} 也反映{ticket['party']}")
        members = [ticket, *others]
        workers = len({member["chat_id"] for member in members})
        if workers < settings().group_workers:
            return
        reason = collective_reason(workers, ticket["party"])
        high_due = _iso(first_response_due(now, vocabulary.HIGH)[0])
        for member in members:
            if member["urgency"] != vocabulary.NORMAL or member["status"] in (RESOLVED, CLOSED):
                continue
            self.db["tickets"].update(member["id"], {"urgency": vocabulary.HIGH, "reasons": _json([*member["reasons"], reason]),
                                                     "sla_due": min(member["sla_due"], high_due)})
            self._event(member["id"], "assistant", "urgency_raised", reason)

    def _move(self, ticket_id: str, actor: str, to: str, changes: dict | None = None, detail: str = "") -> Ticket:
        with write(self.db):
            ticket = self.get(ticket_id)
            if to not in TRANSITIONS[ticket["status"]]:
                raise TicketError(f"工单 {ticket_id} 当前是「{STATUS_ZH[ticket['status']]}」，不能改为「{STATUS_ZH[to]}」")
            self.db["tickets"].update(ticket_id, {"status": to, **(changes or {})})
            self._event(ticket_id, actor, to, detail)
        return self.get(ticket_id)

    def _append(self, ticket: Ticket, line: dict, changes: dict | None = None) -> None:
        """A line at the end of the transcript; call inside the write that read `ticket`."""
        self.db["tickets"].update(ticket["id"], {"transcript": _json([*ticket["transcript"], line]), **(changes or {})})

    def claim(self, ticket_id: str, lawyer: str, lawyer_name: str = "") -> Ticket:
        """Of two lawyers claiming at once, one wins and the other gets a TicketError."""
        with write(self.db):
            ticket = self.get(ticket_id)
            if ticket["status"] != NEW:
                raise TicketError(f"工单 {ticket_id} 已被 {ticket['assignee']} 认领" if ticket["assignee"] else
                                  f"工单 {ticket_id} 当前是「{STATUS_ZH[ticket['status']]}」，不能认领")
            self.db["tickets"].update(ticket_id, {"status": CLAIMED, "assignee": lawyer, "claimed": _iso(_now())})
            self._event(ticket_id, lawyer, CLAIMED)
            self.outbox.put(ticket_id, ticket["chat_id"],
                            f"您的问题（编号 {ticket_id}）已由{lawyer_name or '工会律师'}受理，律师会在这里回复您。")
        return self.get(ticket_id)

    def attach(self, ticket_id: str, path: str, caption: str = "", by: str = "worker") -> None:
        """A file kept beside the ticket: evidence the worker sent (a photo or a document), or a
        document the assistant drafted and sent to the worker (`by="assistant"`)."""
        with write(self.db):
            ticket = self.get(ticket_id)
            self._append(ticket, {"from": by, "text": f"[附件] {path}" + (f" {caption}" if caption else ""),
                                  "at": _iso(_now())})
            self._event(ticket_id, by, "attachment", path)

    def reassign(self, ticket_id: str, actor: str, lawyer: str) -> Ticket:
        with write(self.db):
            ticket = self.get(ticket_id)
            self.db["tickets"].update(ticket_id, {"assignee": lawyer})
            self._event(ticket_id, actor, "reassigned", f"{ticket['assignee'] or '-'} → {lawyer}")
        return self.get(ticket_id)

    def reply(self, ticket_id: str, lawyer: str, text: str, ask_worker: bool = False) -> Ticket:
        """A message to the worker: queued for the bot, kept in the transcript."""
        text = text.strip()
        if not text:
            raise TicketError("回复内容不能为空")
        with write(self.db):
            ticket = self.get(ticket_id)
            if ticket["status"] in (NEW, CLOSED):
                raise TicketError(f"请先认领工单 {ticket_id} 再回复")
            now = _iso(_now())
            self._append(ticket, {"from": "lawyer", "text": text, "at": now},
                         {} if ticket["first_response"] else {"first_response": now})
            prefix = "【律师需要您补充】" if ask_worker else "【工会律师回复】"
            self.outbox.put(ticket_id, ticket["chat_id"], f"{prefix}\n{text}")
            self._event(ticket_id, lawyer, "ask_worker" if ask_worker else "reply", text[:200])
            target = WAITING if ask_worker else IN_PROGRESS
            if ticket["status"] != target:
                self._move(ticket_id, lawyer, target)
        return self.get(ticket_id)

    def note(self, ticket_id: str, lawyer: str, text: str) -> None:
        """An internal note: the worker never sees it."""
        with write(self.db):
            self.get(ticket_id)
            self._event(ticket_id, lawyer, "note", text.strip()[:2000])

    def resolve(self, ticket_id: str, lawyer: str, outcome: str, amount_recovered: float = 0.0) -> Ticket:
        if outcome not in OUTCOMES:
            raise TicketError(f"未知的结果代码「{outcome}」，可选：{', '.join(sorted(OUTCOMES))}")
        if not math.isfinite(amount_recovered) or amount_recovered < 0:
            raise TicketError("追回金额应当是不小于 0 的数字")
        return self._move(ticket_id, lawyer, RESOLVED, {"resolved": _iso(_now()), "outcome": outcome,
                                                        "amount_recovered": amount_recovered}, outcome)

    def close(self, ticket_id: str, actor: str) -> Ticket:
        return self._move(ticket_id, actor, CLOSED, {"closed": _iso(_now())})

    def reopen(self, ticket_id: str, actor: str) -> Ticket:
        return self._move(ticket_id, actor, IN_PROGRESS, {"closed": None})

    def add_worker_message(self, chat_id: str, text: str) -> str | None:
        """A worker's message while their ticket is open joins its transcript (and wakes it)."""
        with write(self.db):
            ticket = self.open_for_chat(chat_id)
            if ticket is None:
                return None
            self._append(ticket, {"from": "worker", "text": text, "at": _iso(_now())})
            self._event(ticket["id"], "worker", "message", text[:200])
            if ticket["status"] == WAITING:
                self._move(ticket["id"], "worker", IN_PROGRESS)
        return ticket["id"]

    def set_evidence(self, ticket_id: str, items: list[dict]) -> bool:
        """The worker ticked evidence in the chat: the ticket's checklist follows (False if unchanged)."""
        with write(self.db):
            ticket = self.get(ticket_id)
            if ticket["evidence"] == items:
                return False
            self.db["tickets"].update(ticket_id, {"evidence": _json(items)})
            have = "、".join(item["name"] for item in items if item.get("have")) or "（无）"
            self._event(ticket_id, "worker", "evidence", f"已有：{have}")
        return True

    def announced(self, ticket_id: str, message_id: int) -> None:
        with write(self.db):
            self.db["tickets"].update(ticket_id, {"announced_message_id": message_id})

    def reminded(self, ticket_id: str) -> None:
        with write(self.db):
            self.db["tickets"].update(ticket_id, {"reminded": 1})
            self._event(ticket_id, "assistant", "sla_reminder")

    def anonymise_closed(self, before: str) -> int:
        """Retention: tickets closed before `before` (ISO) keep what statistics need (topic,
        urgency, outcome, amount, timestamps) and lose everything personal; returns how many."""
        with write(self.db):
            ids = [r[0] for r in self.db.execute(
                "select id from tickets where status = ? and closed < ? and transcript != '[]'", [CLOSED, before])]
            for ticket_id in ids:
                self.db["tickets"].update(ticket_id, {"transcript": "[]", "facts": "{}", "calculations": "[]",
                                                      "contact": "", "chat_id": ""})
                self.db.execute("update events set detail = '' where ticket_id = ?", [ticket_id])
                self.outbox.forget(ticket_id)
        return len(ids)
