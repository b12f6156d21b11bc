"""Faults in the middle of a conversation: the Rasa server or the action server is killed
and restarted; every message is answered once, in order, and nothing is lost."""

from __future__ import annotations

import time

import pytest

from channels.journal import Journal
from hotline.stack import Stack
from testing.fake_telegram import FakeTelegram
from testing.stack import stack_env

pytestmark = pytest.mark.stack  # the whole stack, whose processes are killed

WORKER = 7070
# Questions that get one answer each (no question about the worker's facts follows them).
QUESTIONS = ["试用期可以不交社保吗", "申请劳动仲裁要交钱吗", "最低工资包括加班费吗", "辞职要提前多久跟公司说"]


@pytest.fixture()
def full_stack(tmp_path, environment):
    with FakeTelegram() as fake:
        settings = environment(stack_env(tmp_path, TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_BASE_URL=fake.base_url,
                                         HOTLINE_POLL_TIMEOUT="1", HOTLINE_DEGRADED_AFTER="600"))
        with Stack(settings, with_bot=True, log=lambda m: None) as stack:
            yield stack, fake, settings


def answers(fake: FakeTelegram) -> list[str]:
    """Replies that are answers (not the busy notice or intake questions)."""
    return [m["text"] for m in fake.sent(WORKER) if "依据：《" in m["text"]]


def wait_answers(fake: FakeTelegram, count: int, timeout: float = 120.0) -> list[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(answers(fake)) >= count:
            return answers(fake)
        time.sleep(0.2)
    raise AssertionError(f"{len(answers(fake))} answers, expected {count}: {fake.sent(WORKER)}")


@pytest.mark.parametrize("victim", ["rasa", "actions"])
def test_a_crash_mid_conversation_loses_nothing_and_keeps_the_order(full_stack, victim):
    stack, fake, settings = full_stack
    fake.send_text(WORKER, QUESTIONS[0])
    wait_answers(fake, 1)
    stack.kill(victim)
    for question in QUESTIONS[1:]:
        fake.send_text(WORKER, question)
    fake.wait_for_text(WORKER, "已经保存")
    stack.restart(victim)
    replies = wait_answers(fake, len(QUESTIONS))
    assert len(replies) == len(QUESTIONS)                      # each answered once
    assert "试用期" in replies[0] and "仲裁" in replies[1]       # in the order they were sent
    assert "最低工资" in replies[2] and "辞职" in replies[3]
    assert Journal(settings.journal_db).pending() == []
    busy = [m for m in fake.sent(WORKER) if "已经保存" in m["text"]]
    assert len(busy) == 1                                       # told once, not per message
