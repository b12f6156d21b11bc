"""The bot's application in this process, against the fake Bot API (testing/fake_telegram.py)
and a fake Rasa: every kind of input goes through the same intake checks, and the
periodic jobs survive an exception in one tick."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import time

import pytest
from telegram import Update

from bot.app import build_application
from channels import jobs, texts
from channels.outlet import Conversation
from channels.ratelimit import RateLimiter
from stores.tickets import Tickets
from testing.fake_telegram import FakeTelegram
from testing.stack import stack_env

WORKER, OTHER = 4242, 4343


class FakeRasa:
    """Answers every message at once; a message containing "毒" fails in an unforeseen way."""

    def __init__(self) -> None:
        self.turns: list[tuple[str, str]] = []

    async def send(self, sender: str, text: str) -> list[dict]:
        if "毒" in text:
            raise ValueError("a reply that cannot be read")
        self.turns.append((sender, text))
        return [{"recipient_id": sender, "text": f"答：{text}"}]

    async def close(self) -> None:
        pass


@pytest.fixture()
def fake():
    with FakeTelegram() as server:
        yield server


@pytest.fixture()
def settings(tmp_path, environment, fake):
    return environment(stack_env(tmp_path, TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_BASE_URL=fake.base_url,
                                 HOTLINE_TYPING_AFTER="60", HOTLINE_DEGRADED_AFTER="600"))


@contextlib.asynccontextmanager
async def running(settings, rasa: FakeRasa, limit: int = 100, clock=None):
    """The real application, started as `run_polling` would start it, without polling;
    `clock` (a callable returning a naive datetime) replaces the pipeline's."""
    application = build_application(settings)
    await application.initialize()
    await application.post_init(application)
    pipeline = application.bot_data["pipeline"]
    await pipeline.rasa.close()
    pipeline.rasa = rasa
    pipeline.limiter = RateLimiter(limit=limit)
    if clock is not None:
        pipeline.clock = clock
    await application.start()
    try:
        yield application
    finally:
        await application.stop()
        await application.post_shutdown(application)
        await application.shutdown()
        application.bot_data["tickets"].disconnect()


async def deliver(application, fake: FakeTelegram, update_id: int) -> None:
    """Hand the update the fake server holds to the application, as polling would."""
    payload = next(u for u in fake.updates if u["update_id"] == update_id)
    await application.process_update(Update.de_json(payload, application.bot))


def worker_input(fake: FakeTelegram, application, kind: str, chat: int, text: str) -> int:
    """One input of the given kind, saying `text`; returns its update id."""
    if kind == "text":
        return fake.send_text(chat, text)
    if kind == "ask":
        return fake.send_text(chat, f"/ask {text}")
    if kind == "edit":
        return fake.edit_text(chat, text)
    [(_, key)] = application.bot_data["pipeline"].journal.buttons.keep(telegram(chat), [(f"按钮{text}", text)])
    return fake.press_button(chat, chat, key, message_id=5)


def telegram(chat: int) -> Conversation:
    return Conversation("telegram", str(chat))


def rows(application, chat: int) -> list[dict]:
    return application.bot_data["pipeline"].journal.messages(telegram(chat))


KINDS = ["text", "button", "edit", "ask"]


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_input_is_rate_limited_and_journaled_the_same_way(settings, fake, kind):
    rasa = FakeRasa()

    async def scenario() -> list[int]:
        async with running(settings, rasa, limit=2) as application:
            ids = [worker_input(fake, application, kind, WORKER, f"第{n}条") for n in range(4)]
            for update_id in ids:
                await deliver(application, fake, update_id)
            await deliver(application, fake, ids[0])  # Telegram delivers an update twice
            journal = rows(application, WORKER)
        return ids, journal

    ids, journal = asyncio.run(scenario())
    assert [r["key"] for r in journal] == [f"telegram:{i}" for i in ids]  # every message kept, once
    assert [r["text"] for r in journal] == [f"第{n}条" for n in range(4)]
    assert [r["status"] for r in journal] == ["done", "done", "rate_limited", "rate_limited"]
    assert rasa.turns == [(str(WORKER), "第0条"), (str(WORKER), "第1条")]  # answered once each
    sent = [m["text"] for m in fake.sent(WORKER)]
    assert sent.count(texts.SLOW_DOWN) == 1  # told once
    assert sum(t.startswith("答：") for t in sent) == 2


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_input_reaches_the_ticket_and_respects_the_lawyers_hold(settings, fake, kind):
    rasa = FakeRasa()
    tickets = Tickets(settings.cases_db)
    ticket = tickets.create(topic="wage_arrears", urgency="normal", reasons=["您希望律师来跟进"], facts={},
                            calculations=[], transcript=[{"from": "worker", "text": "找律师"}], channel="telegram",
                            chat_id=str(WORKER), consent=True)
    tickets.claim(ticket, "zhang", "张律师")

    async def scenario() -> None:
        async with running(settings, rasa) as application:
            await deliver(application, fake, worker_input(fake, application, kind, WORKER, "老板又扣钱了"))

    asyncio.run(scenario())
    said = tickets.get(ticket)["transcript"][-1]["text"]
    tickets.disconnect()
    assert {"text": "老板又扣钱了", "edit": "老板又扣钱了", "ask": "/ask 老板又扣钱了",
            "button": "[按钮老板又扣钱了]"}[kind] == said  # the lawyer sees what the worker did
    sent = [m["text"] for m in fake.sent(WORKER)]
    if kind == "ask":  # /ask is the way past the hold
        assert rasa.turns == [(str(WORKER), "老板又扣钱了")]
    else:
        assert rasa.turns == [] and any(ticket in t and "律师" in t for t in sent)


async def wait_for(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


def test_an_exception_in_one_tick_does_not_stop_the_next(settings, fake, monkeypatch, caplog):
    """sqlite's "database is locked" in the outbox used to end replies, reminders and retries
    until a restart: now that tick fails, is logged, and the next tick delivers."""
    monkeypatch.setattr(jobs, "TICK_SECONDS", 0.1)
    tickets = Tickets(settings.cases_db)
    ticket = tickets.create(topic="wage_arrears", urgency="normal", reasons=["您希望律师来跟进"], facts={},
                            calculations=[], transcript=[{"from": "worker", "text": "找律师"}], channel="telegram",
                            chat_id=str(WORKER), consent=True)
    tickets.claim(ticket, "zhang", "张律师")
    tickets.reply(ticket, "zhang", "请保留工资条。")
    tickets.disconnect()
    failures = []

    async def scenario() -> None:
        async with running(settings, FakeRasa()) as application:
            store = application.bot_data["pipeline"].tickets.outbox
            undelivered = store.undelivered

            def locked_once(*args, **kwargs):
                if not failures:
                    failures.append(time.monotonic())
                    raise sqlite3.OperationalError("database is locked")
                return undelivered(*args, **kwargs)

            store.undelivered = locked_once
            await wait_for(lambda: any("请保留工资条" in m["text"] for m in fake.sent(WORKER)))

    with caplog.at_level(logging.ERROR, logger="bot.jobs"):
        asyncio.run(scenario())
    assert len(failures) == 1
    assert any("lawyer replies" in r.getMessage() and "database is locked" in str(r.exc_info[1])
               for r in caplog.records)  # the error handler saw it


def test_a_message_that_fails_oddly_holds_back_only_its_own_chat(settings, fake, monkeypatch):
    """Rasa down: both chats' messages wait. Back up, one chat's message fails in a way
    nobody foresaw, at every tick: the other chat is answered all the same."""
    monkeypatch.setattr(jobs, "TICK_SECONDS", 0.1)
    rasa = FakeRasa()

    async def scenario() -> list[dict]:
        async with running(settings, rasa) as application:
            journal = application.bot_data["pipeline"].journal
            journal.record("telegram:1", telegram(WORKER), "毒")  # waiting since Rasa was down; older than OTHER's
            journal.record("telegram:2", telegram(OTHER), "还在吗")
            await wait_for(lambda: (str(OTHER), "还在吗") in rasa.turns)
            await asyncio.sleep(0.3)  # several more ticks
            return rows(application, WORKER)

    waiting = asyncio.run(scenario())
    assert [r["status"] for r in waiting] == ["pending"]  # released, not stuck "processing"


@pytest.mark.parametrize("fails", ["journal", "ticket"])
def test_a_handler_that_fails_loses_no_message(settings, fake, monkeypatch, fails):
    """Not yet journaled: the worker is asked to send it again. Journaled: the retry job
    answers it, and the worker is not asked to repeat themselves."""
    monkeypatch.setattr(jobs, "TICK_SECONDS", 0.1)
    rasa = FakeRasa()

    def locked(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    async def scenario() -> None:
        async with running(settings, rasa) as application:
            pipeline = application.bot_data["pipeline"]
            store = pipeline.journal if fails == "journal" else pipeline.tickets
            name = "record" if fails == "journal" else "add_worker_message"
            setattr(store, name, locked)
            await deliver(application, fake, fake.send_text(WORKER, "工资还没发"))
            setattr(store, name, getattr(type(store), name).__get__(store))
            await wait_for(lambda: fake.sent(WORKER))
            await asyncio.sleep(0.3)  # a few ticks of the retry job

    asyncio.run(scenario())
    sent = [m["text"] for m in fake.sent(WORKER)]
    assert sent == ([texts.NOT_HANDLED] if fails == "journal" else ["答：工资还没发"])
