"""The outcome follow-up in the bot's application, against the fake Bot API
(testing/fake_telegram.py), a fake Rasa and a fake clock: the question arrives once, on
time, not again after a restart, never to a worker whose lawyer is at work again; the
worker's answers are stored and never reach Rasa."""

from __future__ import annotations

import asyncio
import datetime as dt
import json

import pytest

from casework import texts
from channels import jobs
from foundation import clock as hotline_clock
from stores.tickets import Tickets
from testing.fake_telegram import FakeTelegram
from testing.stack import stack_env
from tests.test_bot_pipeline import FakeRasa, deliver, running, wait_for

WORKER, TALKING = 6161, 6262


class Clock:
    """The pipeline's clock (`pipeline.clock`), moved by the test."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture()
def fake():
    with FakeTelegram() as server:
        yield server


@pytest.fixture()
def settings(tmp_path, environment, fake):
    return environment(stack_env(tmp_path, TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_BASE_URL=fake.base_url,
                                 HOTLINE_TYPING_AFTER="60", HOTLINE_DEGRADED_AFTER="600",
                                 HOTLINE_FOLLOWUP_DAYS="7", HOTLINE_FOLLOWUP_QUIET_HOURS="48"))


def questions(fake: FakeTelegram, chat: int) -> list[dict]:
    return [m for m in fake.sent(chat) if "解决了吗" in m.get("text", "")]


def buttons(message: dict) -> dict[str, str]:
    """Title -> callback data of the buttons under a message the bot sent."""
    markup = json.loads(message["reply_markup"])
    return {b["text"]: b["callback_data"] for row in markup["inline_keyboard"] for b in row}


async def press(application, fake: FakeTelegram, message: dict, title: str) -> None:
    await deliver(application, fake, fake.press_button(WORKER, WORKER, buttons(message)[title], message["_message_id"]))


def resolved(tickets: Tickets, chat: int) -> str:
    ticket = tickets.create(topic="wage_arrears", urgency="normal", reasons=["您希望律师来跟进"], facts={},
                            calculations=[], transcript=[{"from": "worker", "text": "老板欠我工资"}], channel="telegram",
                            chat_id=str(chat), consent=True)
    tickets.claim(ticket, "zhang", "张律师")
    tickets.reply(ticket, "zhang", "单位答应月底前付清。")
    tickets.resolve(ticket, "zhang", "wages_recovered", 5000)
    return ticket


def test_the_followup_arrives_once_on_time_survives_a_restart_and_never_reaches_rasa(settings, fake, monkeypatch):
    monkeypatch.setattr(jobs, "TICK_SECONDS", 0.1)
    tickets = Tickets(settings.cases_db)
    done, reopened = resolved(tickets, WORKER), resolved(tickets, TALKING)
    tickets.reopen(reopened, "zhang")  # the lawyer took this one up again
    clock, rasa = Clock(hotline_clock.now() + dt.timedelta(days=6)), FakeRasa()

    async def first_run() -> None:
        async with running(settings, rasa, clock=clock):
            await asyncio.sleep(0.6)  # several ticks, a day early
            assert questions(fake, WORKER) == []
            clock.now += dt.timedelta(days=2)
            await wait_for(lambda: questions(fake, WORKER))
            await asyncio.sleep(0.6)  # more ticks: still one

    async def after_restart() -> None:
        async with running(settings, rasa, clock=clock) as application:
            await asyncio.sleep(0.6)
            [question] = questions(fake, WORKER)  # not asked again
            assert list(buttons(question)) == ["解决了", "部分解决", "没解决"]
            await press(application, fake, question, "部分解决")  # the buttons still work after the restart
            assert fake.sent(WORKER)[-1]["text"] == texts.FOLLOWUP_AMOUNT
            await deliver(application, fake, fake.send_text(WORKER, "拿到了三千"))
            rating = fake.sent(WORKER)[-1]
            assert "3,000元" in rating["text"] and list(buttons(rating)) == ["满意", "一般", "不满意"]
            await press(application, fake, rating, "满意")
            assert fake.sent(WORKER)[-1]["text"] == texts.FOLLOWUP_THANKS
            await deliver(application, fake, fake.send_text(WORKER, "老板又拖欠我5000块"))  # an ordinary question

    asyncio.run(first_run())
    assert len(questions(fake, WORKER)) == 1 and questions(fake, TALKING) == []
    asyncio.run(after_restart())
    assert len(questions(fake, WORKER)) == 1 and questions(fake, TALKING) == []
    assert rasa.turns == [(str(WORKER), "老板又拖欠我5000块")]  # the answers never went to Rasa
    stored = tickets.get(done)
    tickets.disconnect()
    assert (stored["verified_outcome"], stored["verified_amount"], stored["satisfaction"]) == ("partly", 3000, "good")
    assert stored["amount_recovered"] == 5000  # the lawyer's entry is kept beside it
