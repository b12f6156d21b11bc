"""The outcome follow-up: when a worker is asked how their case ended (pure rules), what each
answer stores on the ticket (real SQLite), and the monthly figures it adds."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casework import followup, texts
from casework.followup import AMOUNT, ASKED, DONE, SATISFACTION, Rules
from desk.report import monthly, to_csv
from foundation import clock as hotline_clock
from stores.followups import Followups
from stores.tickets import Tickets

RESOLVED_AT = dt.datetime(2026, 11, 2, 10, 0)
RULES = Rules.of(days=7, quiet_hours=48)


def resolved_ticket(**changes) -> dict:
    ticket = {"id": "12351-20261101-0001", "status": "resolved", "resolved": RESOLVED_AT.isoformat(),
              "chat_id": "42", "followup_asked": None, "followup_state": None, "followup_at": None,
              "verified_outcome": None, "transcript": [
                  {"from": "worker", "text": "老板欠我工资"},
                  {"from": "lawyer", "text": "已联系单位", "at": (RESOLVED_AT - dt.timedelta(days=1)).isoformat()}]}
    return {**ticket, **changes}


def lawyer_wrote(at: dt.datetime) -> list[dict]:
    return [{"from": "lawyer", "text": "还有一件事", "at": at.isoformat()}]


# --- when (pure) -------------------------------------------------------------------------

@pytest.mark.parametrize(("changes", "now", "asked"), [
    ({}, RESOLVED_AT + dt.timedelta(days=7), True),                          # exactly on time
    ({}, RESOLVED_AT + dt.timedelta(days=6, hours=23), False),               # a little early
    ({}, RESOLVED_AT + dt.timedelta(days=7 + 13), True),                     # late, within the grace
    ({}, RESOLVED_AT + dt.timedelta(days=7 + 14), False),                    # too late to ask at all
    ({"status": "closed"}, RESOLVED_AT + dt.timedelta(days=8), True),        # closed after resolution
    ({"status": "in_progress"}, RESOLVED_AT + dt.timedelta(days=8), False),  # reopened: the lawyer is at it
    ({"status": "closed", "resolved": None}, RESOLVED_AT + dt.timedelta(days=8), False),  # closed, never resolved
    ({"followup_asked": "2026-11-09T10:00:00"}, RESOLVED_AT + dt.timedelta(days=8), False),  # never twice
    ({"chat_id": ""}, RESOLVED_AT + dt.timedelta(days=8), False),            # anonymised: nobody to ask
    ({"transcript": lawyer_wrote(RESOLVED_AT + dt.timedelta(days=7))},       # the lawyer wrote 1 h ago
     RESOLVED_AT + dt.timedelta(days=7, hours=1), False),
    ({"transcript": lawyer_wrote(RESOLVED_AT + dt.timedelta(days=5))},       # … 2 days ago: quiet enough
     RESOLVED_AT + dt.timedelta(days=7), True),
])
def test_a_worker_is_asked_once_on_time_and_never_over_a_lawyer(changes, now, asked):
    assert followup.due(resolved_ticket(**changes), now, RULES) is asked


@given(st.sampled_from([*followup.OUTCOMES, followup.NO_MONEY, *followup.SATISFACTIONS]),
       st.from_regex(r"12351-20[0-9]{6}-[0-9]{4}", fullmatch=True))
def test_every_button_names_its_ticket_and_answer_within_telegrams_limit(code, ticket_id):
    data = followup.callback(ticket_id, code)
    assert len(data.encode()) <= 64 and followup.parse_callback(data) == (ticket_id, code)


@pytest.mark.parametrize("data", ["b1", "claim:12351-20261101-0001", "fu:12351-20261101-0001:maybe", "fu::solved"])
def test_other_buttons_are_not_the_followups(data):
    assert followup.parse_callback(data) is None


# --- the answers (pure) ----------------------------------------------------------------------

NOW = RESOLVED_AT + dt.timedelta(days=8)


@pytest.mark.parametrize(("state", "code", "expected_state", "stored", "reply"), [
    (ASKED, "solved", AMOUNT, {"verified_outcome": "solved"}, texts.FOLLOWUP_AMOUNT),
    (ASKED, "unsolved", AMOUNT, {"verified_outcome": "unsolved"}, texts.FOLLOWUP_AMOUNT),
    (AMOUNT, followup.NO_MONEY, SATISFACTION, {"verified_amount": 0.0}, texts.FOLLOWUP_SATISFACTION),
    (SATISFACTION, "good", DONE, {"satisfaction": "good"}, texts.FOLLOWUP_THANKS),
    (AMOUNT, "partly", None, {}, texts.FOLLOWUP_ALREADY),       # the first question, pressed again later
    (DONE, "poor", None, {}, texts.FOLLOWUP_ALREADY),           # rated twice
    (ASKED, "good", None, {}, texts.FOLLOWUP_ALREADY),          # out of turn
])
def test_each_button_moves_one_step_and_out_of_turn_changes_nothing(state, code, expected_state, stored, reply):
    step = followup.press(resolved_ticket(followup_state=state), code, NOW)
    assert reply in step.reply
    assert step.changes.get("followup_state") == expected_state
    assert {k: v for k, v in step.changes.items() if k in stored} == stored


def test_a_reopened_case_takes_no_answers():
    step = followup.press(resolved_ticket(status="in_progress", followup_state=ASKED), "solved", NOW)
    assert step.changes == {} and step.reply == texts.FOLLOWUP_REOPENED


def test_an_unsolved_case_is_offered_a_lawyer_again():
    step = followup.press(resolved_ticket(followup_state=AMOUNT, verified_outcome="unsolved"), followup.NO_MONEY, NOW)
    assert "找律师" in step.reply


@pytest.mark.parametrize(("text", "amount"), [
    ("3000", 3000), ("拿到了三千五", 3500), ("1.2万", 12000), ("8000元", 8000), ("0", 0),
    ("没拿到", 0), ("一分钱没给", 0), ("老板又跑了怎么办", None), ("好的", None),
])
def test_what_a_worker_types_as_the_sum_received(text, amount):
    assert followup.read_amount(text) == amount


@pytest.mark.parametrize(("state", "since", "typed", "read"), [
    (AMOUNT, dt.timedelta(hours=1), "拿到3000", True),
    (AMOUNT, dt.timedelta(hours=25), "拿到3000", False),   # a day later a number is an ordinary message
    (SATISFACTION, dt.timedelta(hours=1), "3000", False),  # not asked for a sum
    (AMOUNT, dt.timedelta(hours=1), "老板又欠薪了", False),  # not a sum: the assistant answers it
])
def test_a_typed_sum_answers_only_the_open_amount_question(state, since, typed, read):
    ticket = resolved_ticket(followup_state=state, followup_at=(NOW - since).isoformat())
    assert (followup.typed(ticket, typed, NOW) is not None) is read


@pytest.mark.parametrize(("changes", "shown"), [
    ({}, ""),
    ({"followup_asked": "2026-11-09T10:00:00"}, "已在 2026-11-09T10:00:00 询问，职工还没回答"),
    ({"followup_asked": "x", "verified_outcome": "partly", "verified_amount": 3000.0, "satisfaction": "fair"},
     "部分解决；拿到 3,000元；一般"),
    ({"followup_asked": "x", "verified_outcome": "unsolved", "verified_amount": 0.0}, "没解决；没拿到钱"),
])
def test_the_lawyer_reads_the_workers_answers_in_chinese(changes, shown):
    assert followup.summary(resolved_ticket(**changes)) == shown


# --- in the cases database -----------------------------------------------------------------------

@pytest.fixture()
def tickets(tmp_path):
    store = Tickets(tmp_path / "cases.db")
    yield store
    store.disconnect()


def resolved(tickets: Tickets, chat: str = "42", channel: str = "telegram", amount: float = 5000.0) -> str:
    ticket = tickets.create(topic="wage_arrears", urgency="normal", reasons=["您希望律师来跟进"], facts={},
                            calculations=[], transcript=[{"from": "worker", "text": "欠薪"}], channel=channel,
                            chat_id=chat, consent=True)
    tickets.claim(ticket, "zhang", "张律师")
    tickets.reply(ticket, "zhang", "单位同意付款。")
    tickets.resolve(ticket, "zhang", "wages_recovered", amount)
    return ticket


def later(days: float) -> dt.datetime:
    return hotline_clock.now() + dt.timedelta(days=days)


def test_the_question_is_queued_once_with_its_buttons(tickets):
    ticket = resolved(tickets)
    followups = Followups(tickets)
    assert followups.queue_due(later(3), RULES) == []
    assert followups.queue_due(later(8), RULES) == [ticket]
    assert followups.queue_due(later(9), RULES) == []  # never twice
    queued = [m for m in tickets.outbox.undelivered() if ticket in m["text"] and "解决了吗" in m["text"]]
    assert len(queued) == 1
    assert [title for title, _ in queued[0]["buttons"][0]] == ["解决了", "部分解决", "没解决"]
    assert "followup_asked" in [e["action"] for e in tickets.events(ticket)]


def test_no_question_while_the_lawyer_talks_or_outside_telegram(tickets):
    reopened, talking, api = resolved(tickets, "1"), resolved(tickets, "2"), resolved(tickets, "web-3", "api")
    tickets.reopen(reopened, "zhang")
    followups = Followups(tickets)
    assert followups.queue_due(later(8), Rules.of(days=7, quiet_hours=24 * 10)) == []  # talking: a reply 8 days ago
    assert followups.queue_due(later(8), RULES) == [talking]  # reopened and the API conversation never
    assert api and reopened


def test_the_answers_are_stored_beside_the_lawyers_entry(tickets):
    ticket = resolved(tickets)
    followups = Followups(tickets)
    followups.queue_due(later(8), RULES)
    now = later(8.1)
    assert followups.press("someone-else", ticket, "solved", now) is None  # another chat's button
    assert followups.typed("42", "3000", now) is None  # not asked for a sum yet
    assert followups.press("42", ticket, "partly", now).changes["followup_state"] == AMOUNT
    assert followups.typed("42", "老板还欠我一半", now) is None  # not a sum: an ordinary message
    assert followups.typed("42", "拿到了三千", now).changes["verified_amount"] == 3000
    assert followups.press("42", ticket, "good", now).reply == texts.FOLLOWUP_THANKS
    assert followups.press("42", ticket, "poor", now).reply == texts.FOLLOWUP_ALREADY
    stored = tickets.get(ticket)
    assert (stored["outcome"], stored["amount_recovered"]) == ("wages_recovered", 5000)  # the lawyer's entry
    assert (stored["verified_outcome"], stored["verified_amount"], stored["satisfaction"]) == ("partly", 3000, "good")
    assert [e["detail"] for e in tickets.events(ticket) if e["action"] == "followup_answer"] == [
        "部分解决", "拿到 3,000元", "满意"]


def test_the_monthly_report_shows_both_sums_the_answer_rate_and_satisfaction(tickets):
    answered, silent = resolved(tickets, "1", amount=8000), resolved(tickets, "2", amount=2000)
    followups = Followups(tickets)
    assert followups.queue_due(later(8), RULES) == [answered, silent]
    resolved(tickets, "3")  # not asked yet
    followups.press("1", answered, "solved", later(8))
    followups.typed("1", "6000", later(8))
    followups.press("1", answered, "good", later(8))
    [line] = monthly(tickets.all())
    assert line["wages_recovered"] == 15000 and line["wages_recovered_verified"] == 6000
    assert (line["followups_asked"], line["followups_answered"], line["answer_rate"]) == (2, 1, 0.5)
    assert line["satisfaction"] == "good=1" and line["satisfied_rate"] == 1.0
    header = to_csv([line]).splitlines()[0]
    assert header.startswith("month,topic,tickets") and header.endswith("answer_rate,satisfaction,satisfied_rate")
