"""The lawyers' Telegram group: announcements with a claim button, replies to the worker,
refusal of anyone not registered, and the SLA reminder."""

from __future__ import annotations

import time

import pytest

from foundation.settings import settings
from hotline.stack import Stack
from stores.lawyers import Lawyers
from stores.tickets import Tickets
from testing.fake_telegram import FakeTelegram
from testing.stack import stack_env

pytestmark = pytest.mark.stack  # every test runs the bot process

GROUP, LAWYER, STRANGER, WORKER = -100123, 9001, 9999, 6001


def wait(condition, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out")


@pytest.fixture()
def group(tmp_path, environment):
    with FakeTelegram() as fake:
        settings = environment(stack_env(tmp_path, TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_BASE_URL=fake.base_url,
                                         HOTLINE_POLL_TIMEOUT="1", HOTLINE_LAWYERS_CHAT_ID=str(GROUP)))
        tickets = Tickets(settings.cases_db)
        Lawyers(tickets.db).add("zhang", "张律师", "a long enough password", telegram_id=LAWYER)
        with Stack(settings, with_bot=True, log=lambda m: None, only={"bot"}):
            yield fake, tickets
        tickets.disconnect()


def new_ticket(tickets: Tickets) -> str:
    return tickets.create(topic="work_injury", urgency="high", reasons=["受伤比较严重"], facts={"headcount": 1},
                          calculations=[], transcript=[{"from": "worker", "text": "手指被机器压断了"}],
                          channel="telegram", chat_id=str(WORKER), consent=True)


def test_a_ticket_is_announced_claimed_and_answered_from_the_group(group):
    fake, tickets = group
    ticket = new_ticket(tickets)
    post = wait(lambda: next((m for m in fake.sent(GROUP) if ticket in m["text"]), None))
    assert "手指被机器压断了" in post["text"] and "claim:" + ticket in post["reply_markup"]

    fake.press_button(GROUP, STRANGER, f"claim:{ticket}", post["_message_id"])
    refusal = wait(lambda: next((c for c in fake.calls_of("answerCallbackQuery") if c.get("text")), None))
    assert "只有登记的工会律师" in refusal["text"]
    assert tickets.get(ticket)["status"] == "new"

    fake.press_button(GROUP, LAWYER, f"claim:{ticket}", post["_message_id"])
    wait(lambda: tickets.get(ticket)["status"] == "claimed")
    assert tickets.get(ticket)["assignee"] == "zhang"
    assert "张律师" in fake.wait_for_text(WORKER, "已由张律师受理")

    fake.reply_in_group(GROUP, STRANGER, "我来回答", post["_message_id"])
    fake.wait_for_text(GROUP, "只有登记的工会律师")
    fake.reply_in_group(GROUP, LAWYER, "请先去医院，保留病历和工资记录。", post["_message_id"])
    assert "保留病历" in fake.wait_for_text(WORKER, "工会律师回复")
    assert not any("我来回答" in m["text"] for m in fake.sent(WORKER))


@pytest.fixture()
def no_time_to_answer(monkeypatch):
    """A first-response target of zero hours for tickets this process creates (its settings
    snapshot is read again with it, and again after the test without it)."""
    monkeypatch.setenv("HOTLINE_SLA_HIGH_HOURS", "0")
    settings.cache_clear()
    yield
    settings.cache_clear()


def test_an_overdue_ticket_is_reminded_once(group, no_time_to_answer):
    fake, tickets = group
    ticket = new_ticket(tickets)
    reminder = fake.wait_for_text(GROUP, f"⏰ 工单 {ticket}")
    assert "首次回复期限" in reminder
    time.sleep(4)  # another pass of the loop
    assert sum(f"⏰ 工单 {ticket}" in m["text"] for m in fake.sent(GROUP)) == 1
    assert "sla_reminder" in [e["action"] for e in tickets.events(ticket)]
