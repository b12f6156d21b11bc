"""The channel layer (channels/): one pipeline, whatever the channel. A worker on a channel
other than Telegram (here "web", with a recording outlet and a fake Rasa) gets the same
answers, buttons, /status, rate limit and lawyer's hold; the outbox goes back through the
channel the ticket records; the journal keeps both sides and survives its own migration
from the Telegram-only file."""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from channels import followups, jobs, texts
from channels.intake import WorkerInput, command, press, take_in, take_text
from channels.journal import Journal
from channels.outlet import Conversation, Delivery, File, Reply
from channels.pipeline import Pipeline
from channels.ratelimit import RateLimiter
from channels.sending import send
from foundation import clock as hotline_clock
from foundation import senders
from stores.tickets import Tickets
from testing.stack import stack_env

WEB = Conversation("web", "tok-1")


class RecordingOutlet:
    """A channel that delivers into a list; `outcomes` are reported first, in turn."""

    channel = "web"

    def __init__(self, outcomes: list[Delivery] | None = None) -> None:
        self.delivered: list[tuple[str, Reply]] = []
        self.outcomes = list(outcomes or [])
        self.typed: list[str] = []

    async def deliver(self, conversation_id: str, reply: Reply) -> Delivery:
        outcome = self.outcomes.pop(0) if self.outcomes else Delivery.DELIVERED
        if outcome is Delivery.DELIVERED:
            self.delivered.append((conversation_id, reply))
        return outcome

    async def typing(self, conversation_id: str) -> None:
        self.typed.append(conversation_id)

    def texts(self) -> list[str]:
        return [reply.text for _, reply in self.delivered]


class FakeRasa:
    def __init__(self) -> None:
        self.turns: list[tuple[str, str]] = []

    async def send(self, sender: str, text: str) -> list[dict]:
        self.turns.append((sender, text))
        return [{"recipient_id": sender, "text": f"答：{text}",
                 "buttons": [{"title": "找律师", "payload": '/handoff{"contact": "chat", "long": "' + "x" * 80 + '"}'}]}]

    async def close(self) -> None:
        pass


@pytest.fixture()
def settings(tmp_path, environment):
    return environment(stack_env(tmp_path, HOTLINE_TYPING_AFTER="60", HOTLINE_DEGRADED_AFTER="600"))


@pytest.fixture()
def pipeline(settings):
    made = Pipeline.open(settings, RecordingOutlet(), rasa=FakeRasa(), limiter=RateLimiter(limit=100))
    yield made
    asyncio.run(made.close())


def open_ticket(tickets: Tickets, sender: str, held: bool = False) -> str:
    ticket = tickets.create(topic="wage_arrears", urgency="normal", reasons=["您希望律师来跟进"], facts={},
                            calculations=[], transcript=[{"from": "worker", "text": "找律师"}],
                            channel=senders.channel_of(sender), chat_id=sender, consent=True)
    if held:
        tickets.claim(ticket, "zhang", "张律师")
    return ticket


# --- who a conversation is ----------------------------------------------------------------------

@pytest.mark.parametrize(("channel", "conversation_id", "sender"), [
    ("telegram", "123456", "123456"),  # unchanged: Telegram conversations and tickets from before go on
    ("telegram", "-1001", "-1001"),  # the lawyers' group
    ("web", "Zk3-abc_9", "web-Zk3-abc_9"),
    ("wechat", "oAbC-123", "wx-oAbC-123"),
])
def test_a_conversation_is_one_sender_id_that_says_its_channel(channel, conversation_id, sender):
    assert Conversation(channel, conversation_id).sender == sender
    assert Conversation.of(sender) == Conversation(channel, conversation_id)


@pytest.mark.parametrize("sender", ["ask-run-3-1", "terminal-1a2b", "web-", "wx-", "", "12a"])
def test_senders_of_no_channel_are_api(sender):
    assert senders.channel_of(sender) == senders.API


@given(channel=st.sampled_from(["web", "wechat"]), conversation_id=st.text(min_size=1, max_size=40))
def test_any_web_or_wechat_id_comes_back_from_its_sender(channel, conversation_id):
    assert Conversation.of(Conversation(channel, conversation_id).sender) == Conversation(channel, conversation_id)


@pytest.mark.parametrize(("text", "expected"), [
    ("/status", ("status", "")), ("/ask 加班费怎么算", ("ask", "加班费怎么算")), ("/ask@hotline_bot 问题", ("ask", "问题")),
    ("/ask", ("ask", "")), ('/handoff{"contact": "chat"}', None), ("老板欠钱", None),
])
def test_status_and_ask_are_read_on_every_channel(text, expected):
    assert command(text) == expected


# --- the journal ------------------------------------------------------------------------------

def old_journal(path) -> None:
    """A journal as the Telegram-only bot left it (bot/journal.py before the channel layer)."""
    db = sqlite3.connect(path)
    db.executescript("""
        create table incoming (update_id integer primary key, chat_id integer, text text, received text,
                               status text, attempts integer);
        create table outgoing (id integer primary key, chat_id integer, update_id integer, text text, sent text,
                               delivered integer);
        insert into incoming values (7, 42, '老板欠我工资', '2026-11-01T09:00:00', 'done', 1);
        insert into incoming values (9, 42, '还没答复', '2026-11-01T09:05:00', 'processing', 1);
        insert into incoming values (8, 43, '加班费', '2026-11-01T09:01:00', 'pending', 0);
        insert into outgoing values (1, 42, 7, '答：工资', '2026-11-01T09:00:01', 1);
        insert into outgoing values (2, 42, null, '律师：请保留工资条', '2026-11-01T09:03:00', 1);
    """)
    db.commit()
    db.close()


def test_the_telegram_only_journal_is_carried_over_and_nothing_pending_is_lost(tmp_path):
    old_journal(tmp_path / "journal.db")
    journal = Journal(tmp_path / "journal.db")
    waiting = [(r["key"], r["conversation"], r["text"]) for r in journal.pending()]
    assert waiting == [("telegram:8", Conversation("telegram", "43"), "加班费"),  # in update order
                       ("telegram:9", Conversation("telegram", "42"), "还没答复")]  # in flight: waits again
    assert not journal.record("telegram:7", Conversation("telegram", "42"), "老板欠我工资")  # still a duplicate
    assert journal.record("telegram:10", Conversation("telegram", "42"), "新消息")
    assert journal.has_backlog(Conversation("telegram", "42"), "telegram:10")  # behind the old pending one
    assert [(line["from"], line["text"]) for line in journal.history(Conversation("telegram", "42"))] == [
        ("worker", "老板欠我工资"), ("assistant", "答：工资"), ("assistant", "律师：请保留工资条"),
        ("worker", "还没答复"), ("worker", "新消息")]
    journal.close()
    assert len(Journal(tmp_path / "journal.db").pending()) == 3  # opened again: migrated once


def test_the_journal_keeps_what_was_sent_with_its_buttons_in_order(tmp_path):
    journal = Journal(tmp_path / "journal.db")
    journal.record("web:tok-1:1", WEB, "加班费怎么算")
    journal.sent(WEB, "web:tok-1:1", "答：按小时工资的150%", delivered=True, buttons=[("找律师", "/handoff")])
    journal.record("web:tok-1:2", WEB, "谢谢")
    journal.sent(WEB, None, "文书", delivered=True, file="劳动仲裁申请书.pdf")
    journal.record("wx:1", Conversation("wechat", "o1"), "别人的消息")
    history = journal.history(WEB)
    assert [(h["from"], h["text"]) for h in history] == [
        ("worker", "加班费怎么算"), ("assistant", "答：按小时工资的150%"), ("worker", "谢谢"), ("assistant", "文书")]
    assert history[1]["buttons"] == [("找律师", "/handoff")] and history[3]["file"] == "劳动仲裁申请书.pdf"
    assert [r["key"] for r in journal.pending(channel="wechat")] == ["wx:1"]  # each channel retries its own


def test_buttons_get_short_ids_kept_per_conversation_across_a_restart(tmp_path):
    journal = Journal(tmp_path / "journal.db")
    payload = '/choose_faq{"faq_id": "' + "很长的标识" * 20 + '"}'
    [(title, button)] = journal.buttons.keep(WEB, [("包工头跑了", payload)])
    assert title == "包工头跑了" and len(button.encode()) <= 16
    assert journal.buttons.keep(WEB, [("包工头跑了", payload)]) == [(title, button)]  # sent again: same id
    journal.close()
    reopened = Journal(tmp_path / "journal.db")
    assert reopened.buttons.pressed(WEB, button) == ("包工头跑了", payload)
    assert reopened.buttons.pressed(Conversation("wechat", "o1"), button) is None  # not someone else's
    assert reopened.buttons.pressed(WEB, "b999") is None and reopened.buttons.pressed(WEB, payload) is None


# --- one pipeline, another channel ------------------------------------------------------------

def test_a_web_worker_is_answered_with_buttons_that_come_back_as_their_payload(pipeline):
    async def scenario() -> None:
        await take_text(pipeline, WEB, "web:tok-1:1", "老板欠我工资")
        await take_text(pipeline, WEB, "web:tok-1:1", "老板欠我工资")  # the browser sent it twice
        (_, reply), = pipeline.outlet.delivered
        [(title, button)] = reply.buttons
        assert title == "找律师" and len(button) < 64
        await press(pipeline, WEB, "web:tok-1:2", button)
        await press(pipeline, WEB, "web:tok-1:3", "b424242")

    asyncio.run(scenario())
    assert pipeline.rasa.turns == [("web-tok-1", "老板欠我工资"),
                                   ("web-tok-1", '/handoff{"contact": "chat", "long": "' + "x" * 80 + '"}')]
    assert pipeline.outlet.texts()[-1] == texts.BUTTON_EXPIRED
    assert [line["text"] for line in pipeline.journal.history(WEB)][:2] == ["老板欠我工资", "答：老板欠我工资"]


def test_status_the_hold_and_ask_work_on_any_channel(pipeline):
    ticket = open_ticket(pipeline.tickets, WEB.sender, held=True)

    async def scenario() -> None:
        await take_text(pipeline, WEB, "web:tok-1:1", "/status")
        await take_text(pipeline, WEB, "web:tok-1:2", "老板又扣钱了")
        await take_text(pipeline, WEB, "web:tok-1:3", "/ask 加班费怎么算")

    asyncio.run(scenario())
    said = pipeline.outlet.texts()
    assert ticket in said[0] and "zhang" in said[0]
    assert said[1] == texts.TO_LAWYER.format(ticket=ticket)
    assert pipeline.rasa.turns == [("web-tok-1", "加班费怎么算")]  # past the hold, only by /ask
    transcript = [line["text"] for line in pipeline.tickets.get(ticket)["transcript"]]
    assert transcript[-2:] == ["老板又扣钱了", "/ask 加班费怎么算"]


def test_a_flood_is_kept_told_once_and_not_answered(pipeline):
    pipeline.limiter = RateLimiter(limit=2)

    async def scenario() -> None:
        for n in range(4):
            await take_in(pipeline, WorkerInput(f"web:tok-1:{n}", WEB, f"第{n}条"))

    asyncio.run(scenario())
    assert [r["status"] for r in pipeline.journal.messages(WEB)] == ["done", "done", "rate_limited", "rate_limited"]
    assert pipeline.outlet.texts().count(texts.SLOW_DOWN) == 1 and len(pipeline.rasa.turns) == 2


def test_rasa_down_the_message_waits_and_the_job_answers_it_later(pipeline):
    class DownRasa(FakeRasa):
        async def send(self, sender: str, text: str) -> list[dict]:
            return []  # the action server is down

    pipeline.rasa = DownRasa()

    async def scenario() -> None:
        await take_text(pipeline, WEB, "web:tok-1:1", "公司两个月没发工资了")
        pipeline.rasa = FakeRasa()
        await jobs.retry_pending(pipeline)

    asyncio.run(scenario())
    assert pipeline.outlet.texts()[0] == texts.BUSY
    assert pipeline.outlet.texts()[1] == "答：公司两个月没发工资了" and pipeline.journal.pending() == []


# --- the outbox goes back through the worker's channel ----------------------------------------

def test_each_channels_delivery_job_takes_only_its_own_rows(pipeline):
    tickets = pipeline.tickets
    for _ in range(60):  # `hotline ask` conversations no channel delivers to: they must not block
        tickets.outbox.put("", "ask-run-1", "无人接收")
    web_ticket, telegram_ticket = open_ticket(tickets, WEB.sender, held=True), open_ticket(tickets, "4242", held=True)
    tickets.reply(web_ticket, "zhang", "请保留工资条。")
    tickets.reply(telegram_ticket, "zhang", "请保留考勤记录。")
    tickets.outbox.put(web_ticket, WEB.sender, "解决了吗？", [[("解决了", "fu:x:solved"), ("没解决", "fu:x:unsolved")]])

    asyncio.run(jobs.deliver_outbox(pipeline))
    delivered = pipeline.outlet.delivered
    assert {to for to, _ in delivered} == {"tok-1"}
    said = [reply.text for _, reply in delivered]
    assert "已由张律师受理" in said[0] and said[1].endswith("请保留工资条。") and said[2] == "解决了吗？"  # in order
    assert [title for title, _ in delivered[2][1].buttons] == ["解决了", "没解决"]
    assert {row["chat_id"] for row in tickets.outbox.undelivered(limit=100)} == {"ask-run-1", "4242"}
    assert tickets.get(web_ticket)["channel"] == "web"


def test_a_failed_delivery_is_retried_at_the_next_tick_and_a_closed_window_waits(pipeline):
    tickets = pipeline.tickets
    tickets.outbox.put(open_ticket(tickets, WEB.sender), WEB.sender, "请保留工资条。")
    pipeline.outlet.outcomes = [Delivery.RETRY, Delivery.LATER]

    asyncio.run(jobs.deliver_outbox(pipeline))  # the platform failed: counted
    asyncio.run(jobs.deliver_outbox(pipeline))  # the worker's window is closed: waits, uncounted
    [row] = tickets.outbox.undelivered(channel="web")
    assert row["attempts"] == 1 and pipeline.journal.history(WEB) == []  # nothing pretended sent
    asyncio.run(jobs.deliver_outbox(pipeline))
    assert tickets.outbox.undelivered(channel="web") == []
    assert [line["text"] for line in pipeline.journal.history(WEB)][-1].endswith("请保留工资条。")


def test_a_new_reply_is_retried_with_back_off_and_journaled_once(pipeline, monkeypatch):
    from channels import sending

    monkeypatch.setattr(sending, "BACKOFF", 0.01)
    pipeline.outlet.outcomes = [Delivery.RETRY, Delivery.RETRY]
    outcome = asyncio.run(send(pipeline, WEB, Reply("答：", file=File("a.pdf", b"%PDF"))))
    assert outcome is Delivery.DELIVERED and pipeline.outlet.delivered[0][1].file.name == "a.pdf"
    assert [(h["text"], h["file"]) for h in pipeline.journal.history(WEB)] == [("答：", "a.pdf")]


# --- the jobs outside Telegram's JobQueue -----------------------------------------------------

def test_the_asyncio_runner_survives_a_failing_tick(caplog):
    ticks: list[int] = []

    async def flaky() -> None:
        ticks.append(len(ticks))
        if len(ticks) == 1:
            raise sqlite3.OperationalError("database is locked")

    async def scenario() -> None:
        task = asyncio.create_task(jobs.run_jobs([jobs.Job("flaky", 0.01, flaky)]))
        while len(ticks) < 3:
            await asyncio.sleep(0.01)
        task.cancel()

    asyncio.run(asyncio.wait_for(scenario(), 5))
    assert len(ticks) >= 3
    assert any("flaky" in r.getMessage() for r in caplog.records if r.levelname == "ERROR")


def test_a_case_opened_from_the_web_records_its_channel(settings):
    from actions.cases import open_case
    from foundation.settings import settings as current

    current.cache_clear()
    try:
        ticket = asyncio.run(open_case(settings.cases_db, "web-tok-9", "wage_arrears", "normal", ["您希望律师来跟进"],
                                       {}, [], [], consent=True))
    finally:
        current.cache_clear()
    tickets = Tickets(settings.cases_db)
    stored = tickets.get(ticket)
    tickets.disconnect()
    assert (stored["channel"], stored["chat_id"]) == ("web", "web-tok-9")


def test_follow_ups_are_asked_on_every_worker_channel(pipeline):
    tickets = pipeline.tickets
    for sender in ("web-tok-1", "wx-o1", "4242", "ask-run-1"):
        ticket = open_ticket(tickets, sender, held=True)
        tickets.resolve(ticket, "zhang", "wages_recovered", 100)
    pipeline.clock = lambda: hotline_clock.now() + dt.timedelta(days=8)  # past the 7 days, past the quiet hours

    asyncio.run(followups.ask_due(pipeline))
    questions = [row for row in tickets.outbox.undelivered(limit=100) if "解决了吗" in row["text"]]
    assert {row["chat_id"] for row in questions} == {"web-tok-1", "wx-o1", "4242"}
    [question] = [row for row in tickets.outbox.undelivered(channel="wechat") if "解决了吗" in row["text"]]
    assert [title for title, _ in question["buttons"][0]] == ["解决了", "部分解决", "没解决"]
