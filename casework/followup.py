"""The outcome follow-up: some days after a lawyer resolved a case, the worker is asked
whether the problem was solved, how much they received and (optionally) how satisfied
they are. Pure: when a ticket is due, what each button or typed amount changes on the
ticket, and what the worker is told next. The store carries it out (stores/followups.py),
the channel pipeline asks and listens (channels/followups.py).

The steps, stored in the ticket's `followup_state`:

    asked ──解决了/部分解决/没解决──► amount ──金额 / 没拿到钱──► satisfaction ──满意/一般/不满意──► done

Buttons carry the ticket number in their callback data (`fu:<ticket>:<code>`), so they
work after the bot restarts; a button pressed out of turn (twice, or after the lawyer
reopened the case) changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from casework import texts
from casework.parsers import parse_money
from foundation.vocabulary import CLOSED, RESOLVED

ASKED, AMOUNT, SATISFACTION, DONE = "asked", "amount", "satisfaction", "done"
OUTCOMES = {"solved": "解决了", "partly": "部分解决", "unsolved": "没解决"}  # the worker's word on the outcome
SATISFACTIONS = {"good": "满意", "fair": "一般", "poor": "不满意"}
NO_MONEY = "nomoney"
NO_MONEY_TITLE = "没拿到钱"
NO_MONEY_WORDS = ("没拿到", "没有拿到", "一分没", "一分钱没", "没给", "没有给", "没钱")
PREFIX = "fu"
GRACE = dt.timedelta(days=14)  # a ticket not asked within this after it fell due is not asked at all
ANSWER_WINDOW = dt.timedelta(hours=24)  # a typed amount is read as the answer this long after the question

Buttons = list[list[tuple[str, str]]]  # rows of (title, callback data)


@dataclass(frozen=True)
class Rules:
    """When to ask: `after` the resolution, and not within `quiet` of a lawyer's last message."""

    after: dt.timedelta
    quiet: dt.timedelta

    @classmethod
    def of(cls, days: float, quiet_hours: float) -> Rules:
        return cls(dt.timedelta(days=days), dt.timedelta(hours=quiet_hours))


@dataclass(frozen=True)
class Step:
    """What one answer does: the ticket's columns to set, a line for the audit log, and
    what the worker reads next (with its buttons)."""

    reply: str
    buttons: Buttons = field(default_factory=list)
    changes: dict = field(default_factory=dict)
    detail: str = ""


def _at(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def last_lawyer_message(transcript: list[dict]) -> dt.datetime | None:
    """When a lawyer last wrote to the worker (None if never)."""
    times = [moment for line in transcript if line.get("from") == "lawyer" and (moment := _at(line.get("at")))]
    return max(times) if times else None


def due(ticket: dict, now: dt.datetime, rules: Rules) -> bool:
    """The worker should be asked now: resolved (or closed after resolution) at least
    `rules.after` ago but not more than GRACE later, never asked before, and no lawyer
    message within `rules.quiet` (a lawyer still talking to the worker is not interrupted)."""
    resolved = _at(ticket.get("resolved"))
    if ticket.get("status") not in (RESOLVED, CLOSED) or resolved is None or ticket.get("followup_asked"):
        return False
    if not ticket.get("chat_id"):
        return False  # anonymised: nobody to ask
    if not resolved + rules.after <= now < resolved + rules.after + GRACE:
        return False
    last = last_lawyer_message(ticket.get("transcript") or [])
    return last is None or last + rules.quiet <= now


def callback(ticket_id: str, code: str) -> str:
    """A button's callback data (Telegram allows 64 bytes; this is about 30)."""
    return f"{PREFIX}:{ticket_id}:{code}"


def parse_callback(data: str) -> tuple[str, str] | None:
    """(ticket number, answer code) from a button's callback data, or None if not ours."""
    prefix, _, rest = data.partition(":")
    ticket_id, _, code = rest.rpartition(":")
    if prefix != PREFIX or not ticket_id or code not in (*OUTCOMES, NO_MONEY, *SATISFACTIONS):
        return None
    return ticket_id, code


def question(ticket_id: str) -> Step:
    """The first message: did it work out?"""
    return Step(texts.FOLLOWUP_QUESTION.format(ticket_id=ticket_id),
                [[(title, callback(ticket_id, code)) for code, title in OUTCOMES.items()]])


def _satisfaction(ticket: dict, amount: float, now: dt.datetime) -> Step:
    got = "没拿到钱" if amount == 0 else f"拿到 {money(amount)}"
    reply = f"记下了：{got}。"
    if ticket.get("verified_outcome") == "unsolved":
        reply += texts.FOLLOWUP_STILL_OPEN
    return Step(reply + "\n" + texts.FOLLOWUP_SATISFACTION,
                [[(title, callback(ticket["id"], code)) for code, title in SATISFACTIONS.items()]],
                {"verified_amount": amount, "followup_state": SATISFACTION, "followup_at": now.isoformat()},
                got)


def press(ticket: dict, code: str, now: dt.datetime) -> Step:
    """A button of the follow-up pressed; out of turn it changes nothing and says why."""
    if ticket.get("status") not in (RESOLVED, CLOSED):
        return Step(texts.FOLLOWUP_REOPENED)
    state = ticket.get("followup_state")
    if state == ASKED and code in OUTCOMES:
        return Step(texts.FOLLOWUP_AMOUNT, [[(NO_MONEY_TITLE, callback(ticket["id"], NO_MONEY))]],
                    {"verified_outcome": code, "followup_state": AMOUNT, "followup_at": now.isoformat()},
                    OUTCOMES[code])
    if state == AMOUNT and code == NO_MONEY:
        return _satisfaction(ticket, 0.0, now)
    if state == SATISFACTION and code in SATISFACTIONS:
        return Step(texts.FOLLOWUP_THANKS, [],
                    {"satisfaction": code, "followup_state": DONE, "followup_at": now.isoformat()},
                    SATISFACTIONS[code])
    return Step(texts.FOLLOWUP_ALREADY)


def read_amount(text: str) -> float | None:
    """What a worker typed as the sum they received: 3000, 三千五, 1.2万, 没拿到 (0); None if
    the message is not an amount (then it is an ordinary message for the assistant)."""
    if any(word in text for word in NO_MONEY_WORDS):
        return 0.0
    amount = parse_money(text)
    return amount if amount is not None and amount >= 0 else None


def awaits_amount(ticket: dict, now: dt.datetime) -> bool:
    """The worker was asked for the amount recently enough that a typed sum answers it."""
    since = _at(ticket.get("followup_at"))
    return (ticket.get("followup_state") == AMOUNT and ticket.get("status") in (RESOLVED, CLOSED)
            and since is not None and now - since <= ANSWER_WINDOW)


def typed(ticket: dict, text: str, now: dt.datetime) -> Step | None:
    """A typed message while the amount is awaited: the step it answers, or None."""
    if not awaits_amount(ticket, now):
        return None
    amount = read_amount(text)
    return None if amount is None else _satisfaction(ticket, amount, now)


def money(amount: float) -> str:
    return f"{amount:,.0f}元" if amount == int(amount) else f"{amount:,.2f}元"


def summary(ticket: dict) -> str:
    """The worker's answers as a lawyer reads them beside their own entry; "" if never asked."""
    if not ticket.get("followup_asked"):
        return ""
    if not ticket.get("verified_outcome"):
        return f"已在 {ticket['followup_asked']} 询问，职工还没回答"
    parts = [OUTCOMES.get(ticket["verified_outcome"], ticket["verified_outcome"])]
    if ticket.get("verified_amount") is not None:
        amount = ticket["verified_amount"]
        parts.append("没拿到钱" if amount == 0 else f"拿到 {money(amount)}")
    if ticket.get("satisfaction"):
        parts.append(SATISFACTIONS.get(ticket["satisfaction"], ticket["satisfaction"]))
    return "；".join(parts)
