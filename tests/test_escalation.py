"""The decision to bring in a lawyer, rule by rule."""

from __future__ import annotations

import pytest

from casework.escalation import HIGH, NORMAL, URGENT, assess


@pytest.mark.parametrize(("text", "code", "urgency"), [
    ("工资拖了半年，我真的活不下去了", "self_harm", URGENT),
    ("老板说再来要钱就找人打我们", "threat", URGENT),
    ("在车间把手压断了", "serious_injury", HIGH),
    ("从架子上掉下来腿断了", "serious_injury", HIGH),
    ("受伤了老板说我不是他们的员工", "injury_denied", HIGH),
    ("我怀孕三个月公司就把我辞退了", "pregnancy", HIGH),
    ("明天就开庭了我该准备什么", "hearing_soon", URGENT),
    ("已经起诉了法院让我补材料", "court_under_way", HIGH),
    ("帮我转人工", "asks_person", NORMAL),
    ("我在工地干活，包工头跑了，欠我们工资", "absconded", HIGH),
    ("老板电话不接，人也联系不上了", "absconded", HIGH),
    ("我想找人帮忙", "asks_person", NORMAL),
])
def test_each_reason_escalates_with_its_urgency(text, code, urgency):
    decision = assess(text)
    assert decision.escalate
    assert code in decision.codes
    assert decision.urgency == urgency
    assert decision.reasons


@pytest.mark.parametrize("text", [
    "公司拖欠我两个月工资怎么办",
    "试用期可以不交社保吗",
    "加班费怎么算",
    "离职后医保断了怎么办",
    "社保断了三个月有影响吗",
    "没签合同能要二倍工资吗",
])
def test_ordinary_questions_stay_with_the_assistant(text):
    assert not assess(text).escalate


def test_large_sums_and_many_workers_come_from_the_facts(monkeypatch):
    assert assess("", {"amount_owed": 80000}).codes == ("large_sum",)
    assert not assess("", {"amount_owed": 8000}).escalate
    assert assess("", {"headcount": 50}).codes == ("many_workers",)
    monkeypatch.setenv("HOTLINE_MANY_WORKERS", "100")
    assert not assess("", {"headcount": 50}).escalate


def test_a_sum_paid_or_offered_is_not_a_large_sum_owed():
    assert not assess("", {"amount_paid": 80000, "amount_offered": 90000}).escalate


def test_a_falling_pipe_is_an_injury_not_a_threat():
    decision = assess("钢管砸下来把腿砸断了")
    assert "serious_injury" in decision.codes and "threat" not in decision.codes


def test_two_unhelpful_answers_in_a_row_bring_a_person():
    assert not assess("", {}, unhelpful_turns=1).escalate
    assert assess("", {}, unhelpful_turns=2).codes == ("not_helped",)


def test_the_most_urgent_reason_wins():
    decision = assess("工地上摔断了腿，老板还威胁我")
    assert decision.urgency == URGENT
    assert {"serious_injury", "threat"} <= set(decision.codes)
