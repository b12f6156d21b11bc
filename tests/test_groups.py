"""Collective cases and the first-response time in opening hours, on real SQLite files."""

from __future__ import annotations

import datetime as dt

import pytest

from foundation.settings import settings
from stores.tickets import Tickets


@pytest.fixture()
def tickets(tmp_path) -> Tickets:
    store = Tickets(tmp_path / "cases.db")
    yield store
    store.disconnect()


def case(tickets: Tickets, words: str, chat: str, when: str, urgency: str = "normal", **facts) -> str:
    return tickets.create(topic="wage_arrears", urgency=urgency, reasons=["职工要求转人工"], facts=facts,
                          calculations=[], transcript=[{"from": "worker", "text": words},
                                                       {"from": "assistant", "text": "好的"}],
                          channel="telegram", chat_id=chat, consent=True, now=dt.datetime.fromisoformat(when))


def actions(tickets: Tickets, ticket: str) -> list[str]:
    return [event["action"] for event in tickets.events(ticket)]


# --- the first-response time ----------------------------------------------------------------

@pytest.mark.parametrize(("when", "urgency", "due"), [
    ("2026-12-04 19:00", "normal", "2026-12-07T17:30:00"),   # Friday evening: one working day from Monday
    ("2026-12-04 19:00", "high", "2026-12-07T14:30:00"),     # four opening hours: Monday afternoon
    ("2026-12-04 19:00", "urgent", "2026-12-04T20:00:00"),   # danger counts the clock
    ("2026-09-30 16:00", "high", "2026-10-08T11:30:00"),     # Golden Week is not counted
    ("2026-02-13 17:00", "high", "2026-02-14T14:00:00"),     # the 调休 Saturday is
])
def test_the_first_response_time_counts_opening_hours(tickets, when, urgency, due):
    ticket = case(tickets, "老板欠我工资", "1", when, urgency)
    assert tickets.get(ticket)["sla_due"] == due
    assert "sla_calendar" not in actions(tickets, ticket)


def test_a_year_without_a_notice_is_counted_as_plain_weeks_and_the_log_says_so(tickets):
    ticket = case(tickets, "老板欠我工资", "1", "2026-12-31 16:00", "high")  # Thursday; runs into 2027
    assert tickets.get(ticket)["sla_due"] == "2027-01-01T11:30:00"  # 1 January is not known to be off
    note = next(e["detail"] for e in tickets.events(ticket) if e["action"] == "sla_calendar")
    assert "2027年的节假日安排还没有录入" in note


# --- collective cases -----------------------------------------------------------------------

def test_three_workers_naming_one_employer_are_linked_and_raised(tickets):
    first = case(tickets, "我在华强建筑公司的工地干活，欠了三个月工资", "101", "2026-11-02 10:00")
    second = case(tickets, "华强公司不发工资", "102", "2026-11-10 10:00")
    assert tickets.get(first)["party"] == "单位「华强建筑公司」" and tickets.get(first)["party_key"] == "employer:华强"
    assert [t["id"] for t in tickets.group(tickets.get(first))] == [second]
    assert "grouped" in actions(tickets, first) and "grouped" in actions(tickets, second)
    assert tickets.get(first)["urgency"] == "normal"  # two workers: linked, not yet raised

    third = case(tickets, "在华强建筑干活，包工头跑了", "103", "2026-11-20 10:00")
    for ticket in (first, second, third):
        raised = tickets.get(ticket)
        assert raised["urgency"] == "high" and raised["reasons"][-1] == "集体案件：3名职工反映同一单位「华强建筑」"
        assert "urgency_raised" in actions(tickets, ticket)
        assert raised["sla_due"] <= "2026-11-20T15:30:00"  # no later than four opening hours from the third
    assert {t["id"] for t in tickets.group(tickets.get(third))} == {first, second}
    assert [t["id"] for t in tickets.queue()][:3] == [first, second, third]


def test_one_worker_twice_is_not_a_collective_case(tickets):
    case(tickets, "华强公司不发工资", "101", "2026-11-02 10:00")
    case(tickets, "华强公司还是不发", "101", "2026-11-03 10:00")
    third = case(tickets, "华强建筑欠薪", "102", "2026-11-04 10:00")
    assert len(tickets.group(tickets.get(third))) == 2
    assert tickets.get(third)["urgency"] == "normal"  # two workers


def test_outside_the_window_or_against_someone_else_is_not_linked(tickets):
    old = case(tickets, "华强公司不发工资", "101", "2026-09-01 10:00")
    other = case(tickets, "宏达电子厂不发工资", "102", "2026-10-01 10:00")
    new = case(tickets, "华强公司欠薪", "103", "2026-10-05 10:00")
    assert tickets.group(tickets.get(new)) == [] and tickets.group(tickets.get(other)) == []
    assert "grouped" not in actions(tickets, old)


def test_generic_words_and_a_bare_surname_link_nobody(tickets):
    for chat in ("1", "2", "3"):
        case(tickets, "公司不发工资，包工头姓王", chat, "2026-11-02 10:00")
    assert all(t["party_key"] is None and t["urgency"] == "normal" for t in tickets.queue())
    assert tickets.queue()[0]["party"] == "包工头「王某」"


def test_an_urgent_ticket_stays_urgent_and_the_threshold_is_a_setting(tickets, monkeypatch):
    monkeypatch.setenv("HOTLINE_GROUP_WORKERS", "2")
    settings.cache_clear()
    try:
        urgent = case(tickets, "华强公司的老板打人", "101", "2026-11-02 10:00", "urgent")
        normal = case(tickets, "华强公司不发工资", "102", "2026-11-02 11:00")
    finally:
        settings.cache_clear()
    assert tickets.get(urgent)["urgency"] == "urgent" and tickets.get(normal)["urgency"] == "high"
