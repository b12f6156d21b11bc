"""Asking for the facts that change the answer, through the real stack: one question at a
time, never one already answered, figures as soon as they can be computed."""

from __future__ import annotations

import pytest

from foundation.settings import Settings
from testing.stack import conversation

pytestmark = pytest.mark.stack  # conversations through the session's Rasa server


def test_no_contract_questions_end_in_a_double_wage_calculation(running_stack: Settings):
    replies = conversation(running_stack, ["入职以后一直没签劳动合同，能要二倍工资吗", "干了八个月", "月薪6000"])
    assert replies[0]["asking"] and "跳过" in replies[0]["answer"]  # asks one thing, says how to skip
    final = replies[-1]["answer"]
    assert "二倍工资" in final and "42,000" in final  # 7 months × 6000
    assert 42000 in replies[-1]["figures"]
    assert any(c["law"] == "劳动合同法" and c["article"] == 82 for c in replies[-1]["citations"])


def test_facts_already_given_are_not_asked_again(running_stack: Settings):
    # (「老板说我是临时工」 would now bring a lawyer offer first: the boss denying the job is a case for one.)
    replies = conversation(running_stack, ["干了一年半没签合同，能要双倍工资吗", "月薪5000"])
    assert replies[0]["asking"] == "monthly_wage"
    assert "二倍工资" in replies[1]["answer"] and replies[1]["asking"] is None


def test_the_worker_can_stop_the_questions(running_stack: Settings):
    replies = conversation(running_stack, ["老板拖欠我工资", "算了", "谢谢"])
    assert "不问了" in replies[1]["answer"]
    assert "不客气" in replies[2]["answer"]


def test_many_workers_bring_a_lawyer(running_stack: Settings):
    replies = conversation(running_stack, ["公司拖欠工资", "一共欠了一万二", "我们一共八十多个人"])
    assert replies[-1]["escalate"]
    assert "律师" in replies[-1]["answer"]


def test_a_new_question_during_the_questions_gets_its_answer(running_stack: Settings):
    replies = conversation(running_stack, ["老板拖欠我工资", "试用期可以不交社保吗"])
    assert replies[0]["asking"] == "amount_owed"
    # two entries answer it, one under each topic (prob-social-insurance, si-probation): either will do
    assert replies[1]["topic"] in ("social_insurance", "probation") and "依据：《" in replies[1]["answer"]
    assert "社保" in replies[1]["answer"] or "社会保险" in replies[1]["answer"]
