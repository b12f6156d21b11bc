"""The decision to bring in a lawyer, rule by rule."""

from __future__ import annotations

import pytest

from casework.escalation import HIGH, LEARNED_REASON, NORMAL, URGENT, Thresholds, assess


@pytest.mark.parametrize(("text", "code", "urgency"), [
    ("工资拖了半年，我真的活不下去了", "self_harm", URGENT),
    ("老板说再来要钱就找人打我们", "threat", URGENT),
    ("在车间把手压断了", "serious_injury", HIGH),
    ("从架子上掉下来腿断了", "fall", HIGH),
    ("钢筋砸下来把腿砸断了", "serious_injury", HIGH),
    ("受伤了老板说我不是他们的员工", "injury_denied", HIGH),
    ("我怀孕三个月公司就把我辞退了", "pregnancy", HIGH),
    ("明天就开庭了我该准备什么", "hearing_soon", URGENT),
    ("公司把我告了，今天收到法院传票", "court_under_way", HIGH),
    ("帮我转人工", "asks_person", NORMAL),
    ("我在工地干活，包工头跑了，欠我们工资", "absconded", HIGH),
    ("老板电话不接，人也联系不上了", "absconded", HIGH),
    ("我想找律师", "asks_person", NORMAL),
    ("老板说再来要钱就找人收拾我", "threat", URGENT),
    ("经理说你敢去告就让你好看", "threat", URGENT),
    ("他说知道我家住哪，让我小心点", "threat", URGENT),
    ("还说敢去仲裁就让我在这行混不下去", "threat", URGENT),
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


def test_large_sums_and_many_workers_come_from_the_facts():
    assert assess("", {"amount_owed": 80000}).codes == ("large_sum",)
    assert not assess("", {"amount_owed": 8000}).escalate
    assert assess("", {"headcount": 50}).codes == ("many_workers",)


def test_the_thresholds_are_policy_the_adapter_sets():
    """HOTLINE_MANY_WORKERS / HOTLINE_LARGE_SUM reach the domain as Thresholds, never as the environment."""
    assert not assess("", {"headcount": 50}, thresholds=Thresholds(many_workers=100)).escalate
    assert assess("", {"amount_owed": 8000}, thresholds=Thresholds(large_sum=5000)).codes == ("large_sum",)


def test_a_sum_paid_or_offered_is_not_a_large_sum_owed():
    assert not assess("", {"amount_paid": 80000, "amount_offered": 90000}).escalate


def test_a_falling_pipe_is_an_injury_not_a_threat():
    decision = assess("钢管砸下来把腿砸断了")
    assert "serious_injury" in decision.codes and "threat" not in decision.codes


@pytest.mark.parametrize("text", ["大家怕以后在这行混不下去，不敢出头", "这样背调好看一点吗", "房东找人修了水管"])
def test_a_fear_or_a_plain_word_is_not_a_threat(text):
    assert "threat" not in assess(text).codes


def test_two_unhelpful_answers_in_a_row_bring_a_person():
    assert not assess("", {}, unhelpful_turns=1).escalate
    assert assess("", {}, unhelpful_turns=2).codes == ("not_helped",)


def test_the_most_urgent_reason_wins():
    decision = assess("工地上钢筋砸断了腿，老板还威胁我")
    assert decision.urgency == URGENT
    assert {"serious_injury", "threat"} <= set(decision.codes)


@pytest.mark.parametrize(("text", "code"), [
    ("我老公加班到半夜突发脑出血，现在还在医院昏迷", "critical_injury"),
    ("我爸在工地干了十几年，现在两只耳朵都听不见了", "senses"),
    ("工友从五楼的脚手架上摔下来了", "fall"),
    ("我儿子16岁，在厂里手被机器压了", "minor"),
    ("厂里招了好几个童工", "minor"),
    ("公司一夜之间注销了，工资找谁要", "closed"),
    ("饭店倒闭了，欠我两个月工钱", "closed"),
    ("包工头卷钱跑了", "absconded"),
    ("老板把我拉黑了，电话也打不通", "absconded"),
    ("仲裁裁决下来半年了，公司就是不给钱", "award_unpaid"),
    ("法院判了，申请强制执行也没用", "award_unpaid"),
    ("我辞职都一年多了，现在还能告他欠的工资吗", "time_limit"),
    ("我老公在工地被砸死了，老板只给五万", "death"),
    ("评了五级伤残，公司要跟我解除合同", "disability"),
    ("在石材厂干了八年，查出来尘肺", "occupational_disease"),
    ("手指被冲床切掉了一截", "amputation"),
    ("老板不承认我是他们的员工", "denies_employment"),
    ("工资拖了四个月，家里已经揭不开锅了", "hardship"),
])
def test_the_serious_cases_workers_describe_reach_a_lawyer(text, code):
    decision = assess(text)
    assert decision.escalate and code in decision.codes, decision


@pytest.mark.parametrize(("text", "wrong"), [
    ("钢管从上面掉下来砸到我头上", "threat"),
    ("评了十级伤残，单位让我签字", "serious_injury"),
    ("老板说下个月发，还被告知要等", "court_under_way"),
    ("我妈住院了我请假被扣了三天工资", "serious_injury"),
    ("我女儿五岁，我请假陪她被扣钱", "minor"),
    ("老板总是不打我电话也不回微信", "threat"),
    ("我们这几个工友准备明天去堵门", "threat"),
    ("从电动车上摔下来擦破了皮，算工伤吗", "fall"),
    ("评了十级伤残，一次性伤残补助金怎么算", "disability"),
    ("下班路上摔了一跤小腿骨折，算工伤吗", "serious_injury"),
    ("集体仲裁和一个人仲裁有啥区别", "collective"),
    ("律师说让我找律师代理，要多少钱", "asks_person"),
    ("我爸去世了请丧假，公司扣我全勤", "death"),
])
def test_a_reason_is_only_given_when_it_is_true_of_the_message(text, wrong):
    assert wrong not in assess(text).codes


def test_the_workers_own_leaving_date_warns_of_the_one_year_limit():
    import datetime as dt

    today = dt.date(2026, 11, 30)
    assert "time_limit" in assess("", {"left_date": "2025-12-01"}, today=today).codes
    assert not assess("", {"left_date": "2026-09-01"}, today=today).escalate
    assert not assess("", {"left_date": "2025-12-01"}).escalate  # no clock, no guess


def test_an_injury_and_a_boss_who_fled_are_several_serious_problems():
    decision = assess("从架子上摔下来腿断了，包工头跑了")
    assert "several_serious" in decision.codes
    assert "several_serious" not in assess("从架子上摔下来腿断了").codes


@pytest.mark.parametrize(("text", "learned", "codes"), [
    # No rule explains it, the lawyer model is fairly sure: a lawyer, with the model's plain reason.
    ("工地上摔断了腿，老板给了五千块就不管了", 0.6, ("learned",)),
    # A rule explains it: the rule's reason only, whatever the model says.
    ("老板电话不接，人也联系不上了", 0.9, ("absconded",)),
    # The model is not sure enough, no rule: no lawyer.
    ("试用期可以不交社保吗", 0.05, ()),
])
def test_the_learned_score_only_adds_a_lawyer_where_no_rule_did(text, learned, codes):
    decision = assess(text, learned=learned)
    assert decision.codes == codes
    assert decision.escalate == bool(codes)
    if codes == ("learned",):
        assert decision.reasons == (LEARNED_REASON,)
        assert decision.urgency == NORMAL
