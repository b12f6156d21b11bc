"""What a message signals, in the words workers use (casework/signals.py)."""

from __future__ import annotations

import pytest

from casework import signals


@pytest.mark.parametrize(("text", "kind"), [
    ("我真的不想活了，家里孩子都没钱上学", "self_harm"),
    ("活着真没意思 想从厂房楼顶跳下去", "self_harm"),
    ("真的撑不下去了 想一了百了", "self_harm"),
    ("老板说再来要钱就找人打我们", "violence"),
    ("他们围着我不让我走", "violence"),
    ("我们厂一百多人被欠了半年工资，大家准备明天去堵门", None),  # a lawyer, urgently; not 110
    ("钢管砸下来把腿砸断了", None),
    ("加班费怎么算", None),
])
def test_danger(text, kind):
    assert signals.crisis(text) == kind


@pytest.mark.parametrize(("text", "consents"), [
    ("好", True), ("嗯嗯", True), ("可以的", True), ("好的，我同意，请律师联系我", True),
    ("不用了", False), ("算了", False), ("加班费怎么算", False), ("", False),
])
def test_consent(text, consents):
    assert signals.consents(text) is consents


@pytest.mark.parametrize(("text", "chat", "phone"), [
    ("就在这里", True, False), ("这里就行", True, False), ("打电话吧", False, True), ("别打电话，发消息", True, False),
])
def test_contact(text, chat, phone):
    assert signals.contact_in_chat(text) is chat and signals.contact_by_phone(text) is phone


def test_several_problems_most_serious_first():
    assert [t for t, _ in signals.issues("在工地受伤了，老板还把我开除了，工资也没结")] == [
        "work_injury", "dismissal_severance", "wage_arrears"]
    assert signals.issues("离职后医保断了怎么办") == [("social_insurance", "社保")]
