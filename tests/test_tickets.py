"""The ticket store: numbers, lifecycle, audit log, outbox, transactions and migrations."""

from __future__ import annotations

import multiprocessing
import sqlite3
import time
from concurrent.futures import ProcessPoolExecutor

import pytest
import sqlite_utils

from foundation import clock as hotline_clock
from foundation.vocabulary import CLAIMED, CLOSED, IN_PROGRESS, NEW, RESOLVED, WAITING
from stores.schema import MIGRATIONS, USER_VERSION_STEPS, migrate
from stores.tickets import TicketError, Tickets


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
    claimed, reply = tickets.outbox.undelivered()
    assert "已由" in claimed["text"] and ticket in claimed["text"]  # the worker is told who took it
    assert reply["chat_id"] == "42" and reply["text"] == "【工会律师回复】\n您好，我是工会律师"
    for message in (claimed, reply):
        tickets.outbox.delivered(message["id"])
    assert tickets.outbox.undelivered() == []


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


def test_the_monthly_report_counts_outcomes_times_and_wages(tickets):
    from desk.report import monthly, to_csv

    first, second = new_ticket(tickets), new_ticket(tickets)
    tickets.claim(first, "张律师")
    tickets.reply(first, "张律师", "已联系单位")
    tickets.resolve(first, "张律师", "wages_recovered", 80000)
    [line] = monthly(tickets.all())
    assert line["tickets"] == 2 and line["resolved"] == 1
    assert line["outcomes"] == "wages_recovered=1" and line["wages_recovered"] == 80000
    assert line["median_first_response_hours"] >= 0
    assert to_csv([line]).splitlines()[0].startswith("month,topic,tickets")
    assert second


def test_every_read_returns_the_same_shape(tickets):
    """The JSON columns come back as lists and dicts from every read, never as text."""
    ticket = new_ticket(tickets, chat="77")
    reads = [tickets.get(ticket), *tickets.queue(), *tickets.for_chat("77"), tickets.open_for_chat("77"),
             *tickets.unannounced(), *tickets.all()]
    tickets.claim(ticket, "张律师")
    reads.append(tickets.held_by_lawyer("77"))
    for row in reads:
        assert row["reasons"] == ["涉及金额较大"] and row["facts"] == {"amount_owed": 80000}
        assert isinstance(row["calculations"], list) and row["transcript"][0]["text"] == "欠了八万"


# --- one transaction per change -------------------------------------------------------

def test_a_failed_audit_write_leaves_no_ticket_and_uses_no_number(tickets, monkeypatch):
    def broken_audit(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    with monkeypatch.context() as patch:
        patch.setattr(Tickets, "_event", broken_audit)
        with pytest.raises(sqlite3.OperationalError):
            new_ticket(tickets)
    assert tickets.db["tickets"].count == 0 and tickets.db["events"].count == 0
    assert new_ticket(tickets).endswith("-0001")  # the failed attempt's number was rolled back too


def test_a_claim_whose_audit_fails_changes_nothing_and_tells_the_worker_nothing(tickets, monkeypatch):
    ticket = new_ticket(tickets)
    monkeypatch.setattr(Tickets, "_event", lambda *args, **kwargs: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        tickets.claim(ticket, "张律师")
    assert tickets.get(ticket)["status"] == NEW and tickets.get(ticket)["assignee"] is None
    assert tickets.outbox.undelivered() == []


def test_processes_creating_tickets_at_once_get_distinct_numbers(tmp_path):
    path = tmp_path / "cases.db"
    migrate(path)
    start = time.time() + 1.0  # every process starts creating at the same moment
    with ProcessPoolExecutor(4, mp_context=multiprocessing.get_context("spawn")) as pool:
        batches = list(pool.map(_create_many, [path] * 4, [start] * 4, [10] * 4))
    numbers = sorted(int(ticket.rsplit("-", 1)[1]) for batch in batches for ticket in batch)
    assert numbers == list(range(1, 41))  # no number twice, none skipped


def _create_many(path, start: float, count: int) -> list[str]:
    time.sleep(max(0.0, start - time.time()))
    store = Tickets(path)
    try:
        return [new_ticket(store) for _ in range(count)]
    finally:
        store.disconnect()


# --- schema and migrations ------------------------------------------------------------

def test_migrations_run_once_and_reopening_migrates_nothing(tmp_path):
    path = tmp_path / "cases.db"
    assert migrate(path) == [step.name for step in MIGRATIONS.pending(sqlite_utils.Database(memory=True))]
    first = Tickets(path)
    ticket = new_ticket(first)
    first.disconnect()
    assert migrate(path) == []
    again = Tickets(path)
    assert again.get(ticket)["topic"] == "wage_arrears"
    again.disconnect()


def test_many_processes_opening_a_new_database_at_once_all_succeed(tmp_path):
    with ProcessPoolExecutor(4) as pool:
        applied = list(pool.map(_open_and_list_migrations, [tmp_path / "cases.db"] * 8))
    assert applied == [applied[0]] * 8 and len(applied[0]) == len(MIGRATIONS.pending(sqlite_utils.Database(memory=True)))


def _open_and_list_migrations(path) -> list[str]:
    store = Tickets(path)
    try:
        return [step.name for step in MIGRATIONS.applied(store.db)]
    finally:
        store.disconnect()


# The schema databases had when `pragma user_version` counted their migrations (1–3).
USER_VERSION_SCHEMA = {
    1: ["""create table tickets (id text primary key, created text, topic text, urgency text, reasons text,
           facts text, calculations text, transcript text, channel text, chat_id text, consent integer,
           contact text, status text, assignee text, claimed text, first_response text, resolved text,
           closed text, sla_due text, outcome text, amount_recovered real)""",
        "create index idx_tickets_status_urgency_sla_due on tickets (status, urgency, sla_due)",
        """create table events (id integer primary key, ticket_id text references tickets(id), at text,
           actor text, action text, detail text)""",
        """create table outbox (id integer primary key, ticket_id text, chat_id text, text text, created text,
           delivered text, attempts integer)"""],
    2: ["alter table tickets add column announced_message_id integer",
        "alter table tickets add column reminded integer"],
    3: ["""create table lawyers (username text primary key, name text, role text, password text,
           telegram_id integer, failures integer, locked_until text)"""],
}


def old_database(path, version: int) -> None:
    conn = sqlite3.connect(path)
    for step in range(1, version + 1):
        for statement in USER_VERSION_SCHEMA[step]:
            conn.execute(statement)
    conn.execute(f"pragma user_version = {version}")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("version", [1, 2, 3])
def test_a_user_version_database_is_migrated_and_keeps_its_tickets(tmp_path, version):
    path = tmp_path / "cases.db"
    old_database(path, version)
    today = hotline_clock.today().strftime("%Y%m%d")
    with sqlite3.connect(path) as conn:
        conn.execute("insert into tickets (id, created, topic, urgency, reasons, facts, calculations, transcript, "
                     "chat_id, status, sla_due) values (?, ?, 'overtime', 'normal', '[]', '{}', '[]', '[]', '9', "
                     "'new', '2099-01-01T00:00:00')", [f"12351-{today}-0007", hotline_clock.now().isoformat()])
    later = [*USER_VERSION_STEPS[version:], *_after_user_version()]
    assert migrate(path) == later  # the steps user_version counted are recorded, not run again
    store = Tickets(path)
    assert [step.name for step in MIGRATIONS.applied(store.db)] == [*USER_VERSION_STEPS, *_after_user_version()]
    assert store.get(f"12351-{today}-0007")["topic"] == "overtime"
    assert new_ticket(store).endswith("-0008")  # numbering carries on after the tickets already there
    store.disconnect()
    assert _schema(path) == _schema(_fresh(tmp_path))


def test_a_database_whose_lawyers_table_predates_the_migration_still_opens(tmp_path):
    path = tmp_path / "cases.db"
    old_database(path, 2)
    with sqlite3.connect(path) as conn:  # early desks made this table themselves
        conn.execute("create table lawyers (username text primary key, name text)")
    store = Tickets(path)
    applied = [step.name for step in MIGRATIONS.applied(store.db)]
    assert applied[applied.index("0003_lawyers"):] == ["0003_lawyers", *_after_user_version()]
    assert store.db["lawyers"].columns_dict == {"username": str, "name": str}
    store.disconnect()


def _after_user_version() -> list[str]:
    """The steps added since `user_version` (0004_ticket_numbers and every later one), in order."""
    every = [step.name for step in MIGRATIONS.pending(sqlite_utils.Database(memory=True))]
    return every[len(USER_VERSION_STEPS):]


def _fresh(tmp_path):
    path = tmp_path / "fresh" / "cases.db"
    migrate(path)
    return path


def _schema(path) -> dict[str, list[tuple]]:
    """Each table's columns (name, type, primary key) and its indexes."""
    db = sqlite_utils.Database(path)
    try:
        return {name: sorted((c.name, c.type.upper(), c.is_pk) for c in db[name].columns) + sorted(
            tuple(i.columns) for i in db[name].indexes) for name in db.table_names()}
    finally:
        db.close()


def test_the_stores_import_no_adapter():
    """stores/ sits under actions/, bot/ and desk/ (and hotline/ on top): it never imports them."""
    import ast
    from pathlib import Path

    adapters = {"actions", "bot", "desk", "hotline"}
    for path in Path(__file__).parents[1].joinpath("stores").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not {name.split(".")[0] for name in names} & adapters, f"{path.name} imports {names}"
