"""Bringing in a lawyer: the assistant explains, asks consent and contact, then opens a case."""

from __future__ import annotations

import pytest

from casework.facts import parse_phone
from foundation.settings import Settings
from stores.tickets import Tickets
from testing.stack import conversation


@pytest.mark.parametrize(("text", "phone"), [
    ("13812345678", "13812345678"), ("我的电话 138 1234 5678", "13812345678"),
    ("0571-88888888", "0571-88888888"), ("12345", None), ("不想说", None),
])
def test_phone_numbers(text, phone):
    assert parse_phone(text) == phone


def stored_case(settings: Settings, case_id: str) -> dict:
    tickets = Tickets(settings.cases_db)
    try:
        return tickets.get(case_id)
    finally:
        tickets.disconnect()


@pytest.mark.stack
def test_a_threatened_worker_gets_the_safety_answer_and_an_urgent_case_at_once(running_stack: Settings):
    replies = conversation(running_stack, ["公司欠我们工资不给，老板还威胁说再闹就找人打我们"])
    assert replies[0]["crisis"] == "violence" and "110" in replies[0]["answer"]
    case_id = replies[0]["ticket_id"]
    assert case_id and case_id in replies[0]["answer"]
    case = stored_case(running_stack, case_id)
    assert case["urgency"] == "urgent"
    assert "有人威胁或动手打人" in case["reasons"]
    assert any("威胁" in line["text"] for line in case["transcript"])


@pytest.mark.stack
def test_a_lawyer_asked_for_gets_consent_then_contact_then_the_case(running_stack: Settings):
    replies = conversation(running_stack, ["公司欠我们工资不给", "找律师", '/handoff{"contact": "chat"}'])
    assert "同意" in replies[1]["answer"] and "[同意，律师在这里回复我]" in replies[1]["answer"]
    assert replies[1]["ticket_id"] is None  # nothing is handed over before consent
    case_id = replies[2]["ticket_id"]
    assert case_id and case_id in replies[2]["answer"]
    case = stored_case(running_stack, case_id)
    assert case["consent"] == 1 and case["topic"] == "wage_arrears"


@pytest.mark.stack
def test_consent_by_phone_asks_for_a_number_and_keeps_it_for_the_lawyer(running_stack: Settings):
    replies = conversation(running_stack, ["我要找律师", '/handoff{"contact": "phone"}', "电话138 1234 5678"])
    assert "电话号码" in replies[1]["answer"]
    case_id = replies[2]["ticket_id"]
    assert case_id and "打电话" in replies[2]["answer"]
    assert stored_case(running_stack, case_id)["facts"]["contact_phone"] == "13812345678"


@pytest.mark.stack
def test_consent_and_contact_in_the_workers_own_words(running_stack: Settings):
    replies = conversation(running_stack, ["我要找律师", "好的，我同意，请律师联系我", "就在这里吧"])
    assert replies[1]["asks_contact"] and not replies[1]["ticket_id"]
    assert replies[2]["ticket_id"] and replies[2]["ticket_id"] in replies[2]["answer"]
