"""Case intake: parsing answers (pure) and whole forms through the real stack."""

from __future__ import annotations

import asyncio

import pytest

from casework.facts import answer_facts
from actions.intake import form_for, known_slots
from hotline.ask import ask_lines
from hotline.config import Settings
from hotline.rasa_client import RasaClient


@pytest.mark.parametrize(("slot", "text", "expected"), [
    ("arrears", "3个月，一共一万五", {"months_unpaid": 3, "amount_owed": 15000}),
    ("arrears", "跳过", {}),
    ("arrears", "嗯嗯", None),
    ("still_employed", "还在上班", {"still_employed": True}),
    ("still_employed", "已经离职了", {"still_employed": False}),
    ("written_contract", "没签", {"written_contract": False}),
    ("headcount", "就我一个人", {"headcount": 1}),
    ("headcount", "我们五十多个人", {"headcount": 50}),
    ("monthly_wage", "三千五", {"monthly_wage": 3500}),
    ("monthly_wage", "不知道", {}),
    ("service_length", "两年半", {"months_worked": 30}),
    ("overtime_hours", "每个月大概60个小时", {"overtime_hours": 60}),
])
def test_answers_become_facts(slot, text, expected):
    assert answer_facts(slot, text) == expected


def test_a_form_starts_only_when_its_facts_are_missing_and_only_once():
    assert form_for("no_written_contract", {}, []) == "contract_intake_form"
    assert form_for("no_written_contract", {"monthly_wage": 6000, "months_worked": 18}, []) is None
    assert form_for("no_written_contract", {}, ["contract_intake_form"]) is None
    assert form_for("probation", {}, []) is None
    assert known_slots({"months_worked": 18}) == {"start_date": "known", "service_length": "known"}


def conversation(settings: Settings, turns: list[str]) -> list[dict]:
    async def run() -> list[dict]:
        rasa = RasaClient(settings.rasa_url)
        try:
            return await ask_lines(rasa, [{"id": n, "conversation": "c", "text": t} for n, t in enumerate(turns)])
        finally:
            await rasa.close()

    return asyncio.run(run())


def test_no_contract_intake_ends_in_a_double_wage_calculation(running_stack: Settings):
    replies = conversation(running_stack, ["入职以后一直没签劳动合同，能要二倍工资吗", "干了八个月", "月薪6000"])
    assert "工资" in replies[0]["answer"] and "跳过" in replies[0]["answer"]  # asks, says how to skip
    final = replies[-1]["answer"]
    assert "二倍工资" in final and "42,000" in final.replace("42000", "42,000")  # 7 months × 6000
    assert any(c["law"] == "劳动合同法" and c["article"] == 82 for c in replies[-1]["citations"])


def test_facts_already_given_are_not_asked_again(running_stack: Settings):
    replies = conversation(running_stack, ["干了一年半没签合同，老板现在说我是临时工", "月薪5000"])
    assert "什么时候开始" not in replies[0]["answer"]
    assert "二倍工资" in replies[1]["answer"]


def test_the_worker_can_stop_the_form(running_stack: Settings):
    replies = conversation(running_stack, ["老板拖欠我工资", "算了", "谢谢"])
    assert "不问了" in replies[1]["answer"]
    assert "不客气" in replies[2]["answer"]


def test_many_workers_in_the_intake_bring_a_lawyer(running_stack: Settings):
    replies = conversation(running_stack, ["公司拖欠工资", "两个月，一万二", "还在上班", "签了", "我们一共八十多个人"])
    assert replies[-1]["escalate"]
    assert "律师" in replies[-1]["answer"]


def test_a_new_question_during_the_intake_ends_it_and_gets_its_answer(running_stack: Settings):
    replies = conversation(running_stack, ["老板拖欠我工资", "试用期可以不交社保吗"])
    assert "被拖欠了多久" in replies[0]["answer"]
    assert replies[1]["topic"] == "social_insurance" and "依据：《" in replies[1]["answer"]
