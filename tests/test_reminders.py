"""Deadline reminders: when they are due (pure, a table and hypothesis), how the store keeps
them (real SQLite files), what the chat offers, and the bot sending them through the outbox
exactly once, across a restart, on a fake clock."""

from __future__ import annotations

import asyncio
import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casework.policy import Incoming, State, respond
from casework.reminders import OFFSETS, due, points
from channels import jobs
from channels.outlet import Conversation
from stores.lawyers import Lawyers
from stores.reminders import Reminders
from stores.tickets import Tickets
from tests.test_bot_pipeline import FakeRasa, deliver, fake, running, settings, wait_for  # noqa: F401 (fixtures)
from tests.test_policy import Library

DEADLINE = dt.date(2027, 10, 15)
ASKED = dt.date(2026, 11, 30)
WORKER, GROUP = 5151, -100777


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# --- when: pure ---------------------------------------------------------------------------

@pytest.mark.parametrize("created, sent, today, offset, marks", [
    ("2026-11-30", [], "2027-09-14", None, None),            # a day before the 30-day point
    ("2026-11-30", [], "2027-09-15", 30, (30,)),             # 30 days before
    ("2026-11-30", [30], "2027-09-16", None, None),          # already sent
    ("2026-11-30", [30], "2027-10-08", 7, (7,)),             # 7 days before
    ("2026-11-30", [], "2027-10-10", 7, (7, 30)),            # the bot was down: only the nearest, both marked
    ("2026-11-30", [30, 7], "2027-10-15", None, None),       # the deadline itself: nothing new
    ("2026-11-30", [30], "2027-10-16", None, None),          # past the deadline: never
    ("2027-09-20", [], "2027-09-21", None, None),            # asked with 25 days left: no 30-day reminder …
    ("2027-09-20", [], "2027-10-08", 7, (7,)),               # … the 7-day one
    ("2027-10-09", [], "2027-10-10", None, None),            # asked with 6 days left: nothing to send
])
def test_when_a_reminder_is_due(created, sent, today, offset, marks):
    found = due(DEADLINE, day(created), sent, day(today))
    assert (found.offset, set(found.marks)) == (offset, set(marks)) if offset else found is None


dates = st.dates(dt.date(2025, 1, 1), dt.date(2030, 12, 31))


@given(deadline=dates, created=dates, gaps=st.lists(st.integers(1, 20), min_size=1, max_size=60))
def test_never_twice_never_after_the_deadline_and_only_on_or_after_its_points(deadline, created, gaps):
    """Ticks on random days (the bot is sometimes down for weeks): each offset is marked once,
    nothing is sent after the deadline or before a point, and every point still ahead when the
    reminder was asked for is sent when ticks come daily."""
    sent: list[int] = []
    today = created
    for gap in gaps:
        today += dt.timedelta(days=gap)
        found = due(deadline, created, sent, today)
        if found is None:
            continue
        assert today <= deadline
        assert today >= deadline - dt.timedelta(days=found.offset)
        assert found.days_left == (deadline - today).days
        assert not set(found.marks) & set(sent) and found.offset in found.marks
        sent += found.marks
    assert len(sent) == len(set(sent)) and set(sent) <= set(points(deadline, created))


@given(created=dates, ahead=st.integers(0, 120))
def test_ticked_every_day_each_point_is_sent_on_its_own_day(created, ahead):
    deadline = created + dt.timedelta(days=ahead)
    sent, seen = [], []
    for n in range(1, ahead + 3):
        today = created + dt.timedelta(days=n)
        found = due(deadline, created, sent, today)
        if found is not None:
            seen.append((found.offset, found.days_left))
            sent += found.marks
    assert seen == [(o, o) for o in OFFSETS if o < ahead]  # 30 then 7 days before, each on its day


# --- the chat offers it ---------------------------------------------------------------------

def test_a_deadline_in_the_answer_offers_提醒我_and_pressing_it_asks_the_bot_to_keep_it():
    state, today = State(), dt.date(2026, 11, 30)
    turn = respond(state, Incoming("我2026年10月15日离职了，老板还欠我工资没发"), Library(), today)
    button = next(b for b in turn.buttons if b["title"] == "提醒我")
    assert json.loads(button["payload"].removeprefix("/remind")) == {"deadline": "2027-10-15", "what": "劳动仲裁时效"}
    pressed = respond(turn.state, Incoming(button["payload"]), Library(), today)
    assert pressed.meta["reminder"] == {"deadline": "2027-10-15", "what": "劳动仲裁时效"}
    assert "2027年10月15日" in pressed.texts[0] and "30天和7天" in pressed.texts[0]
    again = respond(pressed.state, Incoming("我2026年10月15日离职了，老板还欠我工资没发"), Library(), today)
    assert "提醒我" not in [b["title"] for b in again.buttons]  # asked for already
    cancelled = respond(pressed.state, Incoming("取消提醒"), Library(), today)
    assert cancelled.meta["cancel_reminders"] and "取消" in cancelled.texts[0] and cancelled.state.reminders == []


def test_no_reminder_is_offered_when_there_is_no_time_left_for_one():
    today = dt.date(2027, 10, 10)
    pressed = respond(State(), Incoming('/remind{"deadline": "2027-10-15", "what": "劳动仲裁时效"}'), Library(), today)
    assert "来不及" in pressed.texts[0] and "reminder" not in pressed.meta


# --- the store, on real SQLite files ------------------------------------------------------

def test_a_reminder_fires_once_to_the_worker_and_to_the_lawyer_holding_the_case(tmp_path):
    tickets = Tickets(tmp_path / "cases.db")
    ticket = tickets.create(topic="wage_arrears", urgency="normal", reasons=["您希望律师来跟进"], facts={},
                            calculations=[], transcript=[], channel="telegram", chat_id=str(WORKER), consent=True)
    Lawyers(tickets.db).add("zhang", "张律师", "a long enough password")
    tickets.claim(ticket, "zhang", "张律师")
    reminders = Reminders(tickets.db)
    first = reminders.add(str(WORKER), DEADLINE, "劳动仲裁时效", ASKED, ticket)
    assert reminders.add(str(WORKER), DEADLINE, "劳动仲裁时效", ASKED) == first  # the same reminder
    assert [r["next"] for r in reminders.upcoming(str(WORKER), ASKED)] == ["2027-09-15"]
    assert reminders.fire_due(day("2027-09-14"), GROUP) == []
    assert reminders.fire_due(day("2027-09-15"), GROUP) == [first]
    tickets.disconnect()

    tickets = Tickets(tmp_path / "cases.db")  # another process, or the bot restarted
    reminders = Reminders(tickets.db)
    assert reminders.fire_due(day("2027-09-15"), GROUP) == [] and reminders.fire_due(day("2027-09-20"), GROUP) == []
    outbox = tickets.outbox.undelivered()
    to_worker = [m for m in outbox if m["chat_id"] == str(WORKER) and "⏰" in m["text"]]
    to_group = [m for m in outbox if m["chat_id"] == str(GROUP)]
    assert len(to_worker) == 1 and "还有 30 天" in to_worker[0]["text"] and "2027年10月15日" in to_worker[0]["text"]
    assert len(to_group) == 1 and ticket in to_group[0]["text"] and "zhang" in to_group[0]["text"]
    assert [e["action"] for e in tickets.events(ticket)].count("deadline_reminder") == 1
    assert [r["next"] for r in reminders.upcoming(str(WORKER), day("2027-09-20"))] == ["2027-10-08"]
    tickets.disconnect()


def test_a_cancelled_reminder_never_fires_and_a_worker_cancels_only_their_own(tmp_path):
    tickets = Tickets(tmp_path / "cases.db")
    reminders = Reminders(tickets.db)
    mine = reminders.add(str(WORKER), DEADLINE, "劳动仲裁时效", ASKED)
    theirs = reminders.add("999", DEADLINE, "劳动仲裁时效", ASKED)
    assert reminders.cancel(str(WORKER), theirs) == 0
    assert reminders.cancel(str(WORKER), mine) == 1
    assert reminders.upcoming(str(WORKER), ASKED) == []
    assert reminders.fire_due(day("2027-09-15")) == [theirs]  # no lawyer holds it: the worker only
    assert [m["chat_id"] for m in tickets.outbox.undelivered()] == ["999"]
    tickets.disconnect()


# --- the bot, against the fake Bot API, on a fake clock --------------------------------------

class Clock:
    def __init__(self, moment: dt.datetime):
        self.now = moment

    def __call__(self) -> dt.datetime:
        return self.now


def bot(settings, clock: Clock, rasa=None):  # noqa: F811
    return running(settings, rasa or FakeRasa(), clock=clock)


@pytest.fixture()
def quick(monkeypatch):
    monkeypatch.setattr(jobs, "TICK_SECONDS", 0.1)
    monkeypatch.setattr(jobs, "REMINDER_SECONDS", 0.1)


def reminders_sent(fake, days: int) -> int:  # noqa: F811
    return sum(f"还有 {days} 天" in m["text"] for m in fake.sent(WORKER))


def test_a_reminder_arrives_once_and_not_again_after_a_restart(settings, fake, quick):  # noqa: F811
    tickets = Tickets(settings.cases_db)
    Reminders(tickets.db).add(str(WORKER), DEADLINE, "劳动仲裁时效", ASKED)
    tickets.disconnect()
    clock = Clock(dt.datetime(2027, 9, 15, 9, 0))

    async def scenario() -> None:
        async with bot(settings, clock):
            await wait_for(lambda: reminders_sent(fake, 30) == 1)
            await asyncio.sleep(0.6)  # several more ticks
        async with bot(settings, clock):  # the bot restarted the same day
            await asyncio.sleep(0.8)
            assert reminders_sent(fake, 30) == 1
            clock.now = dt.datetime(2027, 10, 8, 9, 0)
            await wait_for(lambda: reminders_sent(fake, 7) == 1)
            await asyncio.sleep(0.6)

    asyncio.run(scenario())
    assert reminders_sent(fake, 30) == 1 and reminders_sent(fake, 7) == 1
    assert all("2027年10月15日" in m["text"] for m in fake.sent(WORKER))


class RemindingRasa(FakeRasa):
    """The action server's reply to the 提醒我 button, with the turn's metadata."""

    async def send(self, sender: str, text: str) -> list[dict]:
        self.turns.append((sender, text))
        if text.startswith("/remind"):
            return [{"recipient_id": sender, "text": "好的，我会提醒您。"},
                    {"recipient_id": sender, "custom": {"hotline": {"reminder": json.loads(text.removeprefix("/remind"))}}}]
        return [{"recipient_id": sender, "text": "好的。"}]


def test_提醒我_is_kept_shown_by_status_and_cancelled_by_its_button(settings, fake, quick):  # noqa: F811
    clock = Clock(dt.datetime(2026, 11, 30, 9, 0))

    async def scenario() -> None:
        async with bot(settings, clock, RemindingRasa()) as application:
            [(_, key)] = application.bot_data["pipeline"].journal.buttons.keep(
                Conversation("telegram", str(WORKER)), [("提醒我", '/remind{"deadline": "2027-10-15", "what": "劳动仲裁时效"}')])
            await deliver(application, fake, fake.press_button(WORKER, WORKER, key, message_id=5))
            await deliver(application, fake, fake.send_text(WORKER, "/status"))
            listing = next(m for m in fake.sent(WORKER) if "截止日提醒" in m["text"])
            assert "2027年10月15日" in listing["text"] and "下次提醒：2027年9月15日" in listing["text"]
            data = json.loads(listing["reply_markup"])["inline_keyboard"][0][0]
            assert data["text"] == "取消提醒"
            await deliver(application, fake, fake.press_button(WORKER, WORKER, data["callback_data"], message_id=6))
            assert any("已经取消" in m["text"] for m in fake.sent(WORKER))
            clock.now = dt.datetime(2027, 9, 15, 9, 0)
            await asyncio.sleep(0.8)

    asyncio.run(scenario())
    assert reminders_sent(fake, 30) == 0
