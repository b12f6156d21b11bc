"""The ticket store: numbers, lifecycle, audit log, outbox."""

from __future__ import annotations

import pytest

from desk.tickets import CLAIMED, CLOSED, IN_PROGRESS, NEW, RESOLVED, WAITING, TicketError, Tickets


@pytest.fixture()
def tickets(tmp_path) -> Tickets:
    store = Tickets(tmp_path / "cases.db")
    yield store
    store.disconnect()


def new_ticket(tickets: Tickets, urgency: str = "normal", chat: str = "42") -> str:
    return tickets.create(topic="wage_arrears", urgency=urgency, reasons=["涉及金额较大"], facts={"amount_owed": 80000},
                          calculations=[], transcript=[{"from": "worker", "text": "欠了八万"}], channel="telegram",
                          chat_id=chat, consent=True)


def test_numbers_are_readable_and_sequential(tickets):
    first, second = new_ticket(tickets), new_ticket(tickets)
    assert first.startswith("12351-") and first.endswith("-0001") and second.endswith("-0002")


def test_the_queue_puts_urgent_first(tickets):
    normal, urgent = new_ticket(tickets), new_ticket(tickets, "urgent")
    assert [t["id"] for t in tickets.queue()] == [urgent, normal]
    assert tickets.get(urgent)["sla_due"] < tickets.get(normal)["sla_due"]


def test_the_whole_lifecycle_is_audited(tickets):
    ticket = new_ticket(tickets)
    assert tickets.claim(ticket, "张律师")["status"] == CLAIMED
    assert tickets.reply(ticket, "张律师", "请把工资条发给我", ask_worker=True)["status"] == WAITING
    assert tickets.add_worker_message("42", "好的，已经拍照") == ticket
    assert tickets.get(ticket)["status"] == IN_PROGRESS
    assert tickets.resolve(ticket, "张律师", "wages_recovered", 80000)["status"] == RESOLVED
    assert tickets.close(ticket, "张律师")["status"] == CLOSED
    assert tickets.reopen(ticket, "张律师")["status"] == IN_PROGRESS
    actions = [e["action"] for e in tickets.events(ticket)]
    assert actions == ["created", CLAIMED, "ask_worker", WAITING, "message", IN_PROGRESS, RESOLVED, CLOSED, IN_PROGRESS]
    assert all(e["at"] and e["actor"] for e in tickets.events(ticket))
    lines = [line["from"] for line in tickets.get(ticket)["transcript"]]
    assert lines == ["worker", "lawyer", "worker"]


@pytest.mark.parametrize("move", [
    lambda t, i: t.resolve(i, "x", "advice_given"),   # not claimed yet
    lambda t, i: t.reply(i, "x", "你好"),              # reply before claiming
    lambda t, i: t.reopen(i, "x"),                    # nothing to reopen
])
def test_invalid_transitions_are_refused(tickets, move):
    ticket = new_ticket(tickets)
    with pytest.raises(TicketError):
        move(tickets, ticket)
    assert tickets.get(ticket)["status"] == NEW


def test_bad_values_are_refused_with_a_clear_message(tickets):
    ticket = new_ticket(tickets)
    tickets.claim(ticket, "张律师")
    with pytest.raises(TicketError, match="不能为空"):
        tickets.reply(ticket, "张律师", "   ")
    with pytest.raises(TicketError, match="未知的结果代码"):
        tickets.resolve(ticket, "张律师", "won")
    with pytest.raises(TicketError, match="没有这个工单"):
        tickets.get("12351-19990101-0001")


def test_replies_wait_in_the_outbox_until_delivered(tickets):
    ticket = new_ticket(tickets)
    tickets.claim(ticket, "张律师")
    tickets.reply(ticket, "张律师", "您好，我是工会律师")
    claimed, reply = tickets.undelivered()
    assert "已由" in claimed["text"] and ticket in claimed["text"]  # the worker is told who took it
    assert reply["chat_id"] == "42" and reply["text"] == "【工会律师回复】\n您好，我是工会律师"
    for message in (claimed, reply):
        tickets.delivered(message["id"])
    assert tickets.undelivered() == []


def test_of_two_lawyers_claiming_at_once_one_wins_and_the_other_is_told(tmp_path):
    first, second = Tickets(tmp_path / "cases.db"), Tickets(tmp_path / "cases.db")
    ticket = new_ticket(first)
    first.claim(ticket, "张律师")
    with pytest.raises(TicketError, match="已被 张律师 认领"):
        second.claim(ticket, "李律师")
    assert second.get(ticket)["assignee"] == "张律师"
    first.disconnect()
    second.disconnect()


def test_a_worker_sees_their_tickets_and_which_one_a_lawyer_holds(tickets):
    ticket = new_ticket(tickets, chat="77")
    assert [t["id"] for t in tickets.for_chat("77")] == [ticket]
    assert tickets.held_by_lawyer("77") is None
    tickets.claim(ticket, "张律师")
    assert tickets.held_by_lawyer("77")["id"] == ticket


def test_the_schema_is_versioned_and_reopening_migrates_nothing_twice(tmp_path):
    first = Tickets(tmp_path / "cases.db")
    ticket = new_ticket(first)
    first.disconnect()
    again = Tickets(tmp_path / "cases.db")
    assert again.db.execute("pragma user_version").fetchone()[0] == 3
    assert again.get(ticket)["topic"] == "wage_arrears"
    again.disconnect()


def test_the_monthly_report_counts_outcomes_times_and_wages(tickets):
    from desk.report import monthly, to_csv

    first, second = new_ticket(tickets), new_ticket(tickets)
    tickets.claim(first, "张律师")
    tickets.reply(first, "张律师", "已联系单位")
    tickets.resolve(first, "张律师", "wages_recovered", 80000)
    [line] = monthly(list(tickets.db["tickets"].rows))
    assert line["tickets"] == 2 and line["resolved"] == 1
    assert line["outcomes"] == "wages_recovered=1" and line["wages_recovered"] == 80000
    assert line["median_first_response_hours"] >= 0
    assert to_csv([line]).splitlines()[0].startswith("month,topic,tickets")
    assert second


def test_many_processes_opening_a_new_database_at_once_all_succeed(tmp_path):
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(4) as pool:
        versions = list(pool.map(_open_and_read_version, [tmp_path / "cases.db"] * 8))
    assert versions == [3] * 8


def _open_and_read_version(path) -> int:
    store = Tickets(path)
    try:
        return store.db.execute("pragma user_version").fetchone()[0]
    finally:
        store.disconnect()


def test_a_database_whose_lawyers_table_predates_the_migration_still_opens(tmp_path):
    import sqlite_utils

    db = sqlite_utils.Database(tmp_path / "cases.db")
    db["lawyers"].create({"username": str, "name": str}, pk="username")
    db.execute("pragma user_version = 2")
    db.close()
    store = Tickets(tmp_path / "cases.db")
    assert store.db.execute("pragma user_version").fetchone()[0] == 3
    store.disconnect()
