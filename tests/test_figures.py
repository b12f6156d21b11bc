"""Tests for casework.figures: from case facts to the figures a worker is shown."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casework.fact_keys import LABELS
from casework.figures import MAIN_FIGURE, QUESTIONS, figures, headline, missing
from knowledge.faq import load_topics
from knowledge.laws import load_laws

TODAY = date(2026, 11, 30)
TOPICS = [t for t in load_topics() if t != "out_of_scope"]


def _by_key(results: list[dict]) -> dict[str, dict]:
    return {result["key"]: result for result in results}


def _text(result: dict) -> str:
    return "\n".join([*result["steps"], *result["caveats"]])


# --------------------------------------------------------------------------
# figures: which figures, in which order, with which main amount
# --------------------------------------------------------------------------

NO_CONTRACT = {"monthly_wage": 4500, "months_worked": 8, "written_contract": False}

CASES = [
    # (facts, topic, keys in order, amount of the first figure)
    pytest.param(NO_CONTRACT, "no_written_contract", ["double_wages"], 31500, id="key-example"),
    pytest.param({"monthly_wage": 4500, "months_worked": 8}, "no_written_contract", ["double_wages"], 31500,
                 id="no-contract-topic-implies-it"),
    pytest.param({**NO_CONTRACT, "written_contract": True}, "no_written_contract", [], None, id="signed-after-all"),
    pytest.param(NO_CONTRACT, "wage_arrears", ["double_wages"], 31500, id="no-contract-under-any-topic"),
    pytest.param({**NO_CONTRACT, "months_worked": 1}, "no_written_contract", ["double_wages"], 0, id="first-month"),
    pytest.param({"monthly_wage": 5000, "months_worked": 30, "written_contract": False}, "no_written_contract",
                 ["double_wages"], 55000, id="capped-at-11-months"),
    pytest.param({"monthly_wage": 4500, "start_date": "2026-03-30", "written_contract": False}, "no_written_contract",
                 ["double_wages"], 31500, id="months-from-start-date"),
    pytest.param({"monthly_wage": 4000, "start_date": "2025-01-01", "left_date": "2025-07-01",
                  "written_contract": False}, "no_written_contract", ["double_wages", "arbitration_deadline"], 19600,
                 id="start-to-leaving"),
    pytest.param({"monthly_wage": 6000, "months_worked": 31}, "dismissal_severance",
                 ["severance", "unlawful_termination"], 18000, id="severance-n-and-2n"),
    pytest.param({"monthly_wage": 6000, "months_worked": 31, "notice_given": False}, "dismissal_severance",
                 ["severance", "unlawful_termination", "notice_pay"], 18000, id="no-notice"),
    pytest.param({"monthly_wage": 6000, "months_worked": 31, "notice_given": True}, "dismissal_severance",
                 ["severance", "unlawful_termination"], 18000, id="notice-given"),
    pytest.param({"monthly_wage": 6000, "months_worked": 5, "dismissed": True}, "resignation",
                 ["severance", "unlawful_termination"], 3000, id="dismissed-under-other-topic"),
    pytest.param({"monthly_wage": 6000, "months_worked": 12, "left_date": "2026-10-15"}, "dismissal_severance",
                 ["severance", "unlawful_termination", "arbitration_deadline"], 6000, id="dismissal-with-deadline"),
    pytest.param({"overtime_hours_per_day": 2, "monthly_wage": 4350}, "overtime", ["overtime_pay"], 1562.25,
                 id="per-day-times-20.83"),
    pytest.param({"overtime_hours_per_month": 20, "monthly_wage": 4350}, "overtime", ["overtime_pay"], 750,
                 id="per-month"),
    pytest.param({"rest_day_hours_per_week": 8, "monthly_wage": 4350}, "overtime", ["overtime_pay"], 1733.33,
                 id="rest-day-per-week"),
    pytest.param({"rest_day_hours_per_month": 16, "monthly_wage": 4350}, "overtime", ["overtime_pay"], 800,
                 id="rest-day-per-month"),
    pytest.param({"holiday_hours": 24, "monthly_wage": 4350}, "overtime", ["overtime_pay"], 1800, id="holiday"),
    pytest.param({"overtime_hours_per_month": 20, "rest_day_hours_per_month": 16, "holiday_hours": 8,
                  "monthly_wage": 4350}, "overtime", ["overtime_pay"], 2150, id="all-overtime-kinds"),
    pytest.param({"overtime_hours_per_day": 2}, "overtime", [], None, id="overtime-without-wage"),
    pytest.param({"monthly_wage": 5000, "probation_wage": 3000, "probation_months": 3}, "probation",
                 ["probation_pay"], 3000, id="probation"),
    pytest.param({"monthly_wage": 5000, "probation_wage": 3000}, "probation", ["probation_pay"], 1000,
                 id="probation-per-month"),
    pytest.param({"monthly_wage": 5000, "probation_wage": 4000, "probation_months": 2}, "probation",
                 ["probation_pay"], 0, id="probation-at-80-percent"),
    pytest.param({"monthly_wage": 4350, "unused_leave_days": 5}, "other_labour", ["annual_leave_pay"], 2000,
                 id="annual-leave"),
    pytest.param({"monthly_wage": 4350, "unused_leave_days": 12, "career_years": 60}, "other_labour",
                 ["annual_leave_pay"], 2000, id="annual-leave-capped-by-career"),
    pytest.param({"monthly_wage": 4350, "unused_leave_days": 7, "career_years": 144}, "resignation",
                 ["annual_leave_pay"], 2800, id="annual-leave-under-any-topic"),
    pytest.param({"disability_grade": 9, "monthly_wage": 6000}, "work_injury", ["injury_disability_benefits"], 54000,
                 id="injury-grade-9"),
    pytest.param({"disability_grade": 2, "monthly_wage": 6000, "province": "浙江"}, "work_injury",
                 ["injury_disability_benefits"], 150000, id="injury-grade-2"),
    pytest.param({"disability_grade": 9}, "work_injury", [], None, id="injury-without-wage"),
    pytest.param({"amount_owed": 13500}, "wage_arrears", ["unpaid_wages"], 13500, id="arrears-total"),
    pytest.param({"monthly_wage": 4500, "months_unpaid": 3, "amount_paid": 2000}, "wage_arrears", ["unpaid_wages"],
                 11500, id="arrears-minus-paid"),
    pytest.param({"amount_owed": 13500, "still_employed": True}, "wage_arrears",
                 ["unpaid_wages", "arbitration_deadline"], 13500, id="arrears-still-employed"),
    pytest.param({"amount_owed": 13500, "left_date": "2026-06-30"}, "wage_arrears",
                 ["unpaid_wages", "arbitration_deadline"], 13500, id="arrears-after-leaving"),
    pytest.param({**NO_CONTRACT, "amount_owed": 9000}, "wage_arrears", ["unpaid_wages", "double_wages"], 9000,
                 id="arrears-first-under-its-topic"),
    pytest.param({**NO_CONTRACT, "amount_owed": 9000}, "no_written_contract", ["double_wages", "unpaid_wages"], 31500,
                 id="double-wages-first-under-its-topic"),
    pytest.param({"left_date": "2026-10-15"}, "legal_aid", ["arbitration_deadline"], None, id="deadline-only"),
    pytest.param({"left_date": "2026-10-15", **NO_CONTRACT}, "out_of_scope", ["double_wages"], 31500,
                 id="no-deadline-out-of-scope"),
    pytest.param({}, "minimum_wage", [], None, id="nothing-known"),
    pytest.param({"left_date": "2026-12-15"}, "arbitration_procedure", [], None, id="left-date-in-future-skipped"),
    pytest.param({"monthly_wage": 6000, "months_worked": 10_000}, "dismissal_severance", [], None,
                 id="absurd-service-skipped"),
    pytest.param({"monthly_wage": "4500", "months_worked": 8, "written_contract": False}, "no_written_contract", [],
                 None, id="non-number-skipped"),
    pytest.param({"monthly_wage": 4500, "months_worked": 8, "written_contract": "no"}, "other_labour", [], None,
                 id="non-bool-contract-ignored"),
    pytest.param({"left_date": "2026-10-15", "still_employed": True}, "legal_aid", [], None,
                 id="contradiction-skipped"),
]


@pytest.mark.parametrize(("facts", "topic", "keys", "amount"), CASES)
def test_figures_table(facts: dict, topic: str, keys: list[str], amount: float | None) -> None:
    results = figures(facts, topic, TODAY)
    assert [result["key"] for result in results] == keys
    if keys:
        assert results[0]["amount"] == amount


def test_key_example_headline_and_steps() -> None:
    [result] = figures(NO_CONTRACT, "no_written_contract", TODAY)
    assert result["amount"] == 31500.00
    assert headline(result) == "按您说的，未签合同的二倍工资差额约 31,500 元。"
    assert result["steps"][0] == "没签合同的月数按从入职算到现在：约 8 个月。"
    assert "4,500.00 元 × 7 = 31,500.00 元" in _text(result)


def test_double_wages_step_says_until_leaving() -> None:
    [result] = figures({**NO_CONTRACT, "still_employed": False}, "no_written_contract", TODAY)
    assert result["steps"][0].startswith("没签合同的月数按从入职算到离开单位时")


def test_overtime_steps_explain_the_conversions() -> None:
    facts = {"overtime_hours_per_day": 2, "rest_day_hours_per_week": 8, "monthly_wage": 4350}
    [result] = figures(facts, "overtime", TODAY)
    text = _text(result)
    assert "20.83 个工作日" in text and "52 ÷ 12" in text
    assert ["关于职工全年月平均工作时间和工资折算问题的通知", 1] in result["citations"]
    assert ["劳动法", 41] in result["citations"]  # 41.66 weekday hours a month is over 36
    assert result["title"] == "每月加班费"
    assert figures({"holiday_hours": 8, "monthly_wage": 4350}, "overtime", TODAY)[0]["title"] == "加班费"


def test_probation_without_months_says_per_month() -> None:
    [result] = figures({"monthly_wage": 5000, "probation_wage": 3000}, "probation", TODAY)
    assert "按一个月算" in result["steps"][0]


@pytest.mark.parametrize(
    ("left", "topic", "deadline", "flags"),
    [
        ("2026-10-15", "dismissal_severance", "2027-10-15", []),
        ("2025-12-15", "dismissal_severance", "2026-12-15", ["close"]),
        ("2025-11-01", "dismissal_severance", "2026-11-01", ["expired"]),
        ("2026-06-30", "wage_arrears", "2027-06-30", []),
        ("2025-11-30", "wage_arrears", "2026-11-30", ["close"]),  # the last day is today
    ],
)
def test_arbitration_deadline_from_left_date(left: str, topic: str, deadline: str, flags: list[str]) -> None:
    facts = {"left_date": left, "amount_owed": 1000}
    result = _by_key(figures(facts, topic, TODAY))["arbitration_deadline"]
    assert result["deadline"] == deadline
    assert result["flags"] == flags
    assert result["citations"] == [["劳动争议调解仲裁法", 27]]


def test_arbitration_wage_claim_while_employed() -> None:
    result = _by_key(figures({"still_employed": True}, "wage_arrears", TODAY))["arbitration_deadline"]
    assert result["flags"] == ["not_running"]
    assert result["deadline"] is None
    assert headline(result).startswith("您还在职")


def test_non_wage_deadline_warns_it_may_start_earlier() -> None:
    result = _by_key(figures({"left_date": "2026-10-15"}, "overtime", TODAY))["arbitration_deadline"]
    assert result["steps"][0] == "按您离开单位的日期估算。"
    assert any("更早" in caveat for caveat in result["caveats"])


def test_results_are_json_safe() -> None:
    facts = {**NO_CONTRACT, "amount_owed": 9000, "left_date": "2026-10-15", "dismissed": True, "notice_given": False,
             "overtime_hours_per_day": 1, "unused_leave_days": 3, "disability_grade": 7, "province": "浙江"}
    results = figures(facts, "wage_arrears", TODAY)
    assert len(results) == 9
    assert json.loads(json.dumps(results, ensure_ascii=False)) == results


def test_every_cited_article_exists() -> None:
    facts = {**NO_CONTRACT, "amount_owed": 9000, "left_date": "2026-10-15", "dismissed": True, "notice_given": False,
             "overtime_hours_per_day": 3, "probation_wage": 2000, "unused_leave_days": 3, "disability_grade": 5,
             "province": "浙江"}
    laws = load_laws()
    for topic in TOPICS:
        for result in figures(facts, topic, TODAY):
            for law, article in result["citations"]:
                assert (law, article) in laws, (result["key"], law, article)


def test_date_objects_are_accepted_as_well_as_iso_strings() -> None:
    as_text = figures({"left_date": "2026-10-15"}, "legal_aid", TODAY)
    as_date = figures({"left_date": date(2026, 10, 15)}, "legal_aid", TODAY)
    assert as_text == as_date


# --------------------------------------------------------------------------
# missing
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "topic", "expected"),
    [
        ({"monthly_wage": 4500}, "no_written_contract", ["months_worked"]),
        ({}, "no_written_contract", ["months_worked", "monthly_wage"]),
        ({"start_date": "2026-01-01"}, "no_written_contract", ["monthly_wage"]),
        ({"written_contract": True}, "no_written_contract", []),
        (NO_CONTRACT, "no_written_contract", []),
        ({}, "dismissal_severance", ["months_worked", "monthly_wage"]),
        ({"months_worked": 12}, "dismissal_severance", ["monthly_wage"]),
        ({}, "overtime", ["overtime_hours_per_day", "monthly_wage"]),
        ({"rest_day_hours_per_week": 8}, "overtime", ["monthly_wage"]),
        ({"monthly_wage": 4000}, "overtime", ["overtime_hours_per_day"]),
        ({}, "probation", ["monthly_wage", "probation_wage"]),
        ({"monthly_wage": 5000}, "probation", ["probation_wage"]),
        ({}, "work_injury", ["disability_grade", "monthly_wage"]),
        ({"disability_grade": 9}, "work_injury", ["monthly_wage"]),
        ({"disability_grade": 12, "monthly_wage": 5000}, "work_injury", ["disability_grade"]),
        ({}, "wage_arrears", ["amount_owed"]),
        ({"monthly_wage": 4500}, "wage_arrears", ["amount_owed"]),
        ({"monthly_wage": 4500, "months_unpaid": 3}, "wage_arrears", []),
        ({"amount_owed": 13500}, "wage_arrears", []),
        ({}, "other_labour", []),
        ({"unused_leave_days": 5}, "other_labour", ["monthly_wage"]),
        ({}, "arbitration_procedure", ["left_date"]),
        ({"still_employed": True}, "arbitration_procedure", []),
        ({}, "minimum_wage", []),
        ({}, "social_insurance", []),
        ({}, "out_of_scope", []),
    ],
)
def test_missing(facts: dict, topic: str, expected: list[str]) -> None:
    assert missing(facts, topic) == expected


# --------------------------------------------------------------------------
# questions and headlines
# --------------------------------------------------------------------------


def test_questions_use_the_fact_vocabulary() -> None:
    assert set(QUESTIONS) <= set(LABELS)
    assert set(_FACT_VALUES) <= set(QUESTIONS)  # every fact the figures read can be asked for
    for question, example in QUESTIONS.values():
        assert question.endswith("？") and len(question) <= 40
        assert example.startswith("比如「")


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        ({"key": "severance", "title": "经济补偿（N）", "amount": 18000.0}, "按您说的，经济补偿（N）约 18,000 元。"),
        ({"key": "overtime_pay", "title": "加班费", "amount": 1733.33}, "按您说的，加班费至少约 1,733.33 元。"),
        ({"key": "overtime_pay", "title": "每月加班费", "amount": 750.0}, "按您说的，每月加班费至少约 750 元。"),
        ({"key": "double_wages", "title": "x", "amount": 0.0}, "按您说的，目前还没有可以要的二倍工资差额。"),
        ({"key": "severance", "title": "经济补偿（N）", "amount": 0.0}, "按您说的，经济补偿（N）算下来是 0 元。"),
        ({"key": "arbitration_deadline", "title": "劳动仲裁时效", "amount": None, "deadline": "2026-12-15",
          "flags": ["close"]}, "申请劳动仲裁的截止日约为 2026年12月15日，时间很紧，请尽快申请。"),
        ({"key": "arbitration_deadline", "title": "劳动仲裁时效", "amount": None, "deadline": "2027-10-15",
          "flags": []}, "申请劳动仲裁的截止日约为 2027年10月15日。"),
        ({"key": "arbitration_deadline", "title": "劳动仲裁时效", "amount": None, "deadline": "2026-11-01",
          "flags": ["expired"]}, "按您说的日期，申请劳动仲裁的一年时效可能已经过了，请马上联系工会。"),
        ({"title": "别的", "amount": 12.5}, "按您说的，别的约 12.50 元。"),
        ({"title": "别的", "amount": None}, "别的：请看下面的说明。"),
    ],
)
def test_headline(result: dict, expected: str) -> None:
    assert headline(result) == expected


# --------------------------------------------------------------------------
# properties
# --------------------------------------------------------------------------

_MONEY = st.floats(min_value=1, max_value=200_000)
_FACT_VALUES = {
    "monthly_wage": _MONEY,
    "amount_owed": _MONEY,
    "amount_paid": st.floats(min_value=0, max_value=300_000),
    "months_unpaid": st.floats(min_value=0.5, max_value=60),
    "months_worked": st.floats(min_value=0.5, max_value=600),
    "start_date": st.dates(min_value=date(1980, 1, 1), max_value=TODAY).map(date.isoformat),
    "left_date": st.dates(min_value=date(1980, 1, 1), max_value=TODAY).map(date.isoformat),
    "still_employed": st.booleans(),
    "dismissed": st.booleans(),
    "notice_given": st.booleans(),
    "written_contract": st.booleans(),
    "province": st.sampled_from(["浙江", "江苏", "广东"]),
    "overtime_hours_per_day": st.floats(min_value=0, max_value=12),
    "overtime_hours_per_month": st.floats(min_value=0, max_value=200),
    "rest_day_hours_per_week": st.floats(min_value=0, max_value=48),
    "rest_day_hours_per_month": st.floats(min_value=0, max_value=200),
    "holiday_hours": st.floats(min_value=0, max_value=200),
    "probation_wage": _MONEY,
    "probation_months": st.floats(min_value=0.5, max_value=12),
    "unused_leave_days": st.floats(min_value=0, max_value=30),
    "career_years": st.floats(min_value=0, max_value=500),
    "disability_grade": st.integers(min_value=1, max_value=10),
}
_FACTS = st.fixed_dictionaries({}, optional=_FACT_VALUES)


@settings(max_examples=300, deadline=None)
@given(facts=_FACTS, topic=st.sampled_from([*TOPICS, "out_of_scope"]))
def test_figures_never_raise_and_amounts_are_never_negative(facts: dict, topic: str) -> None:
    results = figures(facts, topic, TODAY)
    json.dumps(results)
    for result in results:
        assert result["amount"] is None or result["amount"] >= 0
        assert result["steps"] and result["citations"]
        assert headline(result)
    for key in missing(facts, topic):
        assert key in QUESTIONS


@settings(max_examples=200, deadline=None)
@given(facts=_FACTS, topic=st.sampled_from(sorted(MAIN_FIGURE)))
def test_main_figure_present_when_nothing_is_missing(facts: dict, topic: str) -> None:
    """`missing` and `figures` agree: asking for nothing means the main figure is shown."""
    keys = [result["key"] for result in figures(facts, topic, TODAY)]
    if missing(facts, topic):
        assert MAIN_FIGURE[topic] not in keys
    elif topic != "arbitration_procedure" and facts.get("written_contract") is not True:
        assert keys and keys[0] == MAIN_FIGURE[topic]
