"""action_turn opening a ticket outside business hours: the worker is told honestly when
lawyers are back, from the holiday calendar and the action's injectable clock."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionTurn
from foundation.settings import settings
from stores.tickets import Tickets


@pytest.fixture()
def cases_db(tmp_path, monkeypatch):
    monkeypatch.setenv("HOTLINE_DATA_DIR", str(tmp_path))
    settings.cache_clear()
    yield tmp_path / "cases.db"
    settings.cache_clear()


def consent_given() -> Tracker:
    """The worker told their case, then pressed 「同意，律师在这里回复我」."""
    payload = '/handoff{"contact": "chat"}'
    return Tracker.from_dict({
        "sender_id": "4242", "slots": {}, "paused": False, "followup_action": None, "active_loop": {},
        "latest_action_name": "action_listen",
        "latest_message": {"text": payload, "intent": {"name": "handoff", "confidence": 1.0},
                           "intent_ranking": [{"name": "handoff", "confidence": 1.0}],
                           "entities": [{"entity": "contact", "value": "chat"}]},
        "events": [{"event": "user", "text": "我在华强建筑公司的工地干活，欠了三个月工资", "parse_data": {}},
                   {"event": "bot", "text": "同意转给律师吗？"},
                   {"event": "user", "text": payload, "parse_data": {}}],
    })


def said_at(moment: str) -> str:
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionTurn(now=lambda: dt.datetime.fromisoformat(moment)).run(dispatcher, consent_given(), {}))
    return dispatcher.messages[0]["text"]


def test_on_friday_evening_the_worker_is_told_monday_morning(cases_db):
    text = said_at("2026-12-04 19:00")
    assert "登记编号 12351-" in text
    assert "现在是下班时间，律师会在12月7日（周一）上午9点后回复您。" in text
    [ticket] = Tickets(cases_db).all()
    assert ticket["id"] in text and ticket["party"] == "单位「华强建筑公司」"


def test_in_golden_week_the_holiday_is_named(cases_db):
    assert "现在是国庆节假期，律师会在10月8日（周四）上午9点后回复您。" in said_at("2026-10-03 11:00")


def test_during_opening_hours_nothing_is_added(cases_db):
    text = said_at("2026-12-03 10:00")
    assert "登记编号" in text and "后回复您" not in text and "下班时间" not in text
