"""Tests for casework.calculators: entitlement amounts, steps and citations."""

from __future__ import annotations

import dataclasses
import math
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casework.calculators import (
    Calculation,
    annual_leave_pay,
    arbitration_deadline,
    double_wages,
    injury_disability_benefits,
    notice_pay,
    overtime_pay,
    probation_pay,
    severance,
    unlawful_termination,
    unpaid_wages,
)
from knowledge.laws import load_laws

TODAY = date(2025, 11, 22)


def _text(calc: Calculation) -> str:
    return "\n".join([*calc.steps, *calc.caveats])


def test_calculation_is_frozen() -> None:
    calc = notice_pay(5000)
    with pytest.raises(dataclasses.FrozenInstanceError):
        calc.amount = 1.0  # type: ignore[misc]


# --------------------------------------------------------------------------
# double wages
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("months", "expected"),
    [
        (0, 0),
        (0.5, 0),
        (1, 0),  # the first month is the grace period to sign
        (2, 5000),
        (3.5, 12500),
        (11, 50000),
        (12, 55000),  # exactly one year: capped at 11 months
        (13, 55000),
        (40, 55000),
    ],
)
def test_double_wages_amount(months: float, expected: float) -> None:
    assert double_wages(5000, months).amount == expected


@pytest.mark.parametrize(("months", "deemed"), [(11, False), (11.9, False), (12, True), (30, True)])
def test_double_wages_mentions_open_ended_contract_from_one_year(months: float, deemed: bool) -> None:
    calc = double_wages(5000, months)
    assert ("无固定期限劳动合同" in _text(calc)) is deemed
    assert (("劳动合同法", 14) in calc.citations) is deemed


def test_double_wages_citations() -> None:
    calc = double_wages(4000, 5)
    for citation in [("劳动合同法", 82), ("劳动合同法实施条例", 6), ("劳动合同法实施条例", 7)]:
        assert citation in calc.citations
    assert "4 个月" in _text(calc)


# --------------------------------------------------------------------------
# severance (N)
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("years", "months_of_pay"),
    [
        (0, 0),
        (1 / 12, 0.5),
        (5.9 / 12, 0.5),  # 5.9 months: under six months → half a month
        (0.5, 1),  # exactly six months → one month
        (11 / 12, 1),
        (1, 1),  # exactly one year
        (1 + 5.9 / 12, 1.5),
        (1.5, 2),
        (2 + 7 / 12, 3),
        (10, 10),
        (20, 20),  # no cap without a local average
    ],
)
def test_severance_months_of_pay(years: float, months_of_pay: float) -> None:
    assert severance(6000, years).amount == pytest.approx(months_of_pay * 6000)


def test_severance_step_wording() -> None:
    calc = severance(6000, 2 + 7 / 12)
    assert "工作年限 2年7个月，按 3 个月计算（满六个月不满一年的按一年算）。" in calc.steps
    assert calc.citations[:2] == [("劳动合同法", 46), ("劳动合同法", 47)]


def test_severance_without_local_average_warns_about_cap() -> None:
    calc = severance(50000, 3)
    assert calc.amount == 150000
    assert any("三倍" in caveat and "当地" in caveat for caveat in calc.caveats)


@pytest.mark.parametrize(
    ("wage", "years", "avg", "expected"),
    [
        (30000, 15, 10000, 450000),  # exactly 3× is not "higher than": no cap
        (30001, 15, 10000, 360000),  # above 3×: 3×avg and at most 12 years
        (40000, 12, 10000, 360000),  # exactly 12 years
        (40000, 11.5, 10000, 360000),  # 11.5 years rounds up to 12
        (40000, 12.4, 10000, 360000),  # 12.5 months of pay capped to 12
        (40000, 5, 10000, 150000),  # under 12 years: only the wage is capped
        (8000, 15, 10000, 120000),  # under 3×: years not capped either
    ],
)
def test_severance_three_times_cap(wage: float, years: float, avg: float, expected: float) -> None:
    assert severance(wage, years, avg).amount == expected


def test_severance_pre_2008_caveat_only_for_long_service() -> None:
    assert ("劳动合同法", 97) in severance(5000, 18).citations
    assert ("劳动合同法", 97) not in severance(5000, 3).citations


@given(
    wage=st.floats(min_value=1, max_value=1_000_000),
    years=st.floats(min_value=0, max_value=59),
    delta=st.floats(min_value=0, max_value=1),
    avg=st.one_of(st.none(), st.floats(min_value=1000, max_value=50_000)),
)
def test_severance_is_monotone_in_years(wage: float, years: float, delta: float, avg: float | None) -> None:
    shorter = severance(wage, years, avg).amount
    longer = severance(wage, years + delta, avg).amount
    assert shorter is not None and longer is not None
    assert longer >= shorter


# --------------------------------------------------------------------------
# unlawful termination (2N)
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wage", "years", "avg", "expected"),
    [
        (6000, 0.5, None, 12000),
        (6000, 5.9 / 12, None, 6000),
        (6000, 2 + 7 / 12, None, 36000),
        (40000, 15, 10000, 720000),
    ],
)
def test_unlawful_termination_is_twice_severance(wage: float, years: float, avg: float | None, expected: float) -> None:
    calc = unlawful_termination(wage, years, avg)
    assert calc.amount == expected
    assert calc.amount == pytest.approx(2 * (severance(wage, years, avg).amount or 0))
    assert ("劳动合同法", 87) in calc.citations
    assert ("劳动合同法", 48) in calc.citations
    assert "继续履行" in _text(calc)


# --------------------------------------------------------------------------
# notice pay
# --------------------------------------------------------------------------


@pytest.mark.parametrize("wage", [2000, 5234.567, 30000])
def test_notice_pay_is_one_month(wage: float) -> None:
    calc = notice_pay(wage)
    assert calc.amount == round(wage, 2)
    assert ("劳动合同法", 40) in calc.citations
    assert ("劳动合同法实施条例", 20) in calc.citations


# --------------------------------------------------------------------------
# overtime pay
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weekday", "rest_day", "holiday", "expected"),
    [
        (0, 0, 0, 0.0),
        (10, 0, 0, round(5000 / 21.75 / 8 * 1.5 * 10, 2)),
        (0, 8, 0, round(5000 / 21.75 / 8 * 2 * 8, 2)),
        (0, 0, 8, round(5000 / 21.75 / 8 * 3 * 8, 2)),
        (40, 16, 8, 3333.33),
    ],
)
def test_overtime_pay(weekday: float, rest_day: float, holiday: float, expected: float) -> None:
    assert overtime_pay(5000, weekday, rest_day, holiday).amount == expected


def test_overtime_hourly_rate_uses_21_75_days() -> None:
    calc = overtime_pay(4350, weekday_hours=1)
    assert calc.amount == 37.5  # 4350 / 21.75 / 8 = 25, × 150%
    assert ("劳动法", 44) in calc.citations
    assert ("关于职工全年月平均工作时间和工资折算问题的通知", 2) in calc.citations
    assert "补休" in _text(calc)


@pytest.mark.parametrize(("weekday", "flagged"), [(36, False), (36.5, True)])
def test_overtime_flags_monthly_limit(weekday: float, flagged: bool) -> None:
    assert (("劳动法", 41) in overtime_pay(5000, weekday).citations) is flagged


# --------------------------------------------------------------------------
# arbitration deadline
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("knew", "deadline", "flags"),
    [
        (date(2025, 3, 1), date(2026, 3, 1), ()),
        (date(2025, 1, 22), date(2026, 1, 22), ()),  # 61 days left
        (date(2025, 1, 21), date(2026, 1, 21), ("close",)),  # exactly 60 days left
        (date(2024, 11, 22), date(2025, 11, 22), ("close",)),  # deadline is today
        (date(2024, 11, 21), date(2025, 11, 21), ("expired",)),
        (date(2024, 2, 29), date(2025, 2, 28), ("expired",)),  # leap day
    ],
)
def test_arbitration_deadline_general(knew: date, deadline: date, flags: tuple[str, ...]) -> None:
    calc = arbitration_deadline(knew, still_employed=False, left_date=None, wage_claim=False, today=TODAY)
    assert calc.amount is None
    assert calc.deadline == deadline
    assert calc.flags == flags
    assert calc.citations == [("劳动争议调解仲裁法", 27)]


def test_arbitration_wage_claim_while_employed_does_not_run() -> None:
    calc = arbitration_deadline(date(2020, 1, 1), still_employed=True, left_date=None, wage_claim=True, today=TODAY)
    assert calc.deadline is None
    assert calc.flags == ("not_running",)
    assert "第27条第4款" in _text(calc)


def test_arbitration_wage_claim_after_leaving_runs_from_leaving() -> None:
    calc = arbitration_deadline(
        date(2023, 1, 1), still_employed=False, left_date=date(2025, 6, 30), wage_claim=True, today=TODAY
    )
    assert calc.deadline == date(2026, 6, 30)
    assert calc.flags == ()


def test_arbitration_non_wage_claim_while_employed_runs_from_knowledge() -> None:
    calc = arbitration_deadline(date(2025, 2, 1), still_employed=True, left_date=None, wage_claim=False, today=TODAY)
    assert calc.deadline == date(2026, 2, 1)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"knew_date": date(2026, 1, 1), "still_employed": True, "left_date": None, "wage_claim": False},
        {"knew_date": date(2025, 1, 1), "still_employed": False, "left_date": date(2026, 1, 1), "wage_claim": True},
        {"knew_date": date(2025, 1, 1), "still_employed": True, "left_date": date(2025, 5, 1), "wage_claim": True},
        {"knew_date": date(2025, 1, 1), "still_employed": False, "left_date": None, "wage_claim": True},
        {"knew_date": "2025-01-01", "still_employed": False, "left_date": None, "wage_claim": False},
    ],
)
def test_arbitration_rejects_inconsistent_dates(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        arbitration_deadline(today=TODAY, **kwargs)  # type: ignore[arg-type]


# --------------------------------------------------------------------------
# input validation
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: double_wages(-1, 3),
        lambda: double_wages(0, 3),
        lambda: double_wages(5000, -1),
        lambda: double_wages(5000, 10_000),
        lambda: severance(5000, -0.1),
        lambda: severance(5000, 61),
        lambda: severance(math.nan, 3),
        lambda: severance(math.inf, 3),
        lambda: severance(5000, 3, 0),
        lambda: severance(5000, 3, -100),
        lambda: severance(50_000_000, 3),
        lambda: unlawful_termination(5000, -2),
        lambda: notice_pay(-5000),
        lambda: notice_pay(True),
        lambda: notice_pay("5000"),
        lambda: overtime_pay(5000, weekday_hours=-1),
        lambda: overtime_pay(5000, rest_day_hours=100_000),
        lambda: overtime_pay(5000, holiday_hours=math.nan),
    ],
)
def test_invalid_inputs_raise_value_error(call) -> None:  # noqa: ANN001 - lambdas
    with pytest.raises(ValueError):
        call()


@pytest.mark.parametrize(
    "calc",
    [
        double_wages(3333.333, 5),
        severance(3333.333, 2.2),
        unlawful_termination(3333.333, 2.2),
        notice_pay(3333.333),
        overtime_pay(3333.333, 7, 3, 1),
    ],
)
def test_amounts_are_rounded_to_fen(calc: Calculation) -> None:
    assert calc.amount is not None
    assert calc.amount == round(calc.amount, 2)
    assert calc.steps and calc.citations


# --------------------------------------------------------------------------
# unpaid wages
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"amount_owed": 13500}, 13500),
        ({"monthly_wage": 4500, "months_unpaid": 3}, 13500),
        ({"monthly_wage": 4500, "months_unpaid": 1.5}, 6750),
        ({"amount_owed": 13500, "monthly_wage": 4000, "months_unpaid": 3}, 13500),  # the stated total wins
        ({"amount_owed": 13500, "amount_paid": 2000}, 11500),
        ({"monthly_wage": 4500, "months_unpaid": 3, "amount_paid": 2000}, 11500),
        ({"amount_owed": 5000, "amount_paid": 6000}, 0),  # paid more than owed: never negative
        ({"amount_owed": 5000, "amount_paid": 0}, 5000),
    ],
)
def test_unpaid_wages(kwargs: dict[str, float], expected: float) -> None:
    calc = unpaid_wages(**kwargs)
    assert calc.amount == expected
    assert ("劳动法", 50) in calc.citations
    assert ("工资支付暂行规定", 7) in calc.citations
    assert ("已经付了" in _text(calc)) is ("amount_paid" in kwargs)


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"monthly_wage": 4500}, {"months_unpaid": 3}, {"amount_owed": -1}, {"amount_owed": 100, "amount_paid": -5},
     {"monthly_wage": 4500, "months_unpaid": 0}],
)
def test_unpaid_wages_rejects_missing_or_bad_numbers(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        unpaid_wages(**kwargs)


# --------------------------------------------------------------------------
# probation pay
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("agreed", "paid", "months", "minimum", "expected"),
    [
        (5000, 3000, 3, None, 3000),  # 80% = 4000, 1000 short a month
        (5000, 4000, 3, None, 0),  # exactly 80%
        (5000, 4500, 2, None, 0),
        (5000, 3999.99, 1, None, 0.01),
        (4500, 3000, 6, None, 3600),
        (4500, 3000, 0.5, None, 300),
        (2000, 1000, 1, 1800, 800),  # the minimum wage is the higher floor
        (2000, 1700, 2, 1500, 0),  # 80% = 1600 is higher than the minimum wage
        (5000, 3000, 1, 2000, 1000),  # minimum wage below 80%: 80% applies
        (3333.33, 2000, 1.5, None, 999.99),  # 80% = 2666.66 (fen), 666.66 a month
    ],
)
def test_probation_pay(agreed: float, paid: float, months: float, minimum: float | None, expected: float) -> None:
    calc = probation_pay(agreed, paid, months, minimum)
    assert calc.amount == expected
    assert calc.citations[:2] == [("劳动合同法", 20), ("劳动合同法实施条例", 15)]
    assert "80%" in calc.steps[0]
    assert any("相同岗位最低档工资" in caveat for caveat in calc.caveats)
    assert any("最低工资标准" in caveat for caveat in calc.caveats) is (minimum is None)


@pytest.mark.parametrize(("months", "flagged", "limits"), [(1, False, False), (2, False, True), (6, False, True),
                                                           (7, True, True)])
def test_probation_mentions_the_legal_limits(months: float, flagged: bool, limits: bool) -> None:
    calc = probation_pay(5000, 3000, months)
    assert ("over_six_months" in calc.flags) is flagged
    assert (("劳动合同法", 19) in calc.citations) is limits
    assert (("劳动合同法", 83) in calc.citations) is limits


# --------------------------------------------------------------------------
# annual leave pay
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wage", "days", "career", "expected", "capped"),
    [
        (4350, 5, None, 2000, False),  # daily 200, extra 200% × 5 days
        (4350, 0, None, 0, False),
        (4350, 7, 12, 2800, False),  # 10 days a year from 10 years
        (4350, 12, 5, 2000, True),  # 5 days a year: 12 capped to 5
        (4350, 5, 1, 2000, False),  # exactly 1 year: 5 days
        (4350, 10, 9.99, 2000, True),  # under 10 years: 5 days
        (4350, 10, 10, 4000, False),  # exactly 10 years: 10 days
        (4350, 16, 20, 6000, True),  # exactly 20 years: 15 days
        (4350, 16, 19.9, 4000, True),
        (4350, 3, 0.5, 0, True),  # under 1 year: no annual leave yet
        (5000, 1, None, 459.77, False),  # 5000 / 21.75 × 2
    ],
)
def test_annual_leave_pay(wage: float, days: float, career: float | None, expected: float, capped: bool) -> None:
    calc = annual_leave_pay(wage, days, career)
    assert calc.amount == expected
    assert ("capped" in calc.flags) is capped
    assert ("只能按" in _text(calc)) is capped
    for citation in [("职工带薪年休假条例", 5), ("企业职工带薪年休假实施办法", 10), ("企业职工带薪年休假实施办法", 11),
                     ("职工带薪年休假条例", 3)]:
        assert citation in calc.citations
    assert "21.75" in _text(calc)
    assert "200%" in _text(calc) and "300%" in _text(calc)


def test_annual_leave_without_career_explains_the_brackets() -> None:
    calc = annual_leave_pay(4350, 5)
    assert any("满1年不满10年5天" in caveat for caveat in calc.caveats)


# --------------------------------------------------------------------------
# work-injury disability benefits
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("grade", "months", "article"),
    [(1, 27, 35), (2, 25, 35), (3, 23, 35), (4, 21, 35), (5, 18, 36), (6, 16, 36), (7, 13, 37), (8, 11, 37),
     (9, 9, 37), (10, 7, 37)],
)
def test_injury_lump_sum_by_grade(grade: int, months: int, article: int) -> None:
    calc = injury_disability_benefits(grade, 6000)
    assert calc.amount == 6000 * months
    assert calc.citations[0] == ("工伤保险条例", article)
    assert ("工伤保险条例", 64) in calc.citations
    assert f"{months} 个月的本人工资" in _text(calc)
    assert any("300%" in caveat and "60%" in caveat for caveat in calc.caveats)


@pytest.mark.parametrize(("grade", "percent"), [(1, 90), (2, 85), (3, 80), (4, 75), (5, 70), (6, 60)])
def test_injury_monthly_allowance_is_shown(grade: int, percent: int) -> None:
    text = _text(injury_disability_benefits(grade, 6000))
    assert f"伤残津贴，为本人工资的{percent}%" in text
    assert f"{6000 * percent / 100:,.2f} 元（每月）" in text


@pytest.mark.parametrize("grade", [7, 8, 9, 10])
def test_injury_no_monthly_allowance_from_grade_seven(grade: int) -> None:
    assert "伤残津贴" not in _text(injury_disability_benefits(grade, 6000))


@pytest.mark.parametrize(
    ("wage", "avg", "base"),
    [(30000, 8000, 24000), (24000, 8000, 24000), (3000, 8000, 4800), (4800, 8000, 4800), (6000, 8000, 6000)],
)
def test_injury_wage_bounds_with_local_average(wage: float, avg: float, base: float) -> None:
    calc = injury_disability_benefits(9, wage, local_avg_monthly_wage=avg)
    assert calc.amount == base * 9
    assert not any("300%" in caveat and "60%" in caveat for caveat in calc.caveats)


@pytest.mark.parametrize(("grade", "months"), [(5, 30), (6, 25), (7, 10), (8, 7), (9, 4), (10, 2)])
def test_injury_zhejiang_separation_months(grade: int, months: int) -> None:
    calc = injury_disability_benefits(grade, 6000, "浙江")
    assert ("浙江省工伤保险条例", 27) in calc.citations
    assert f"分别按 {months} 个月计发" in _text(calc)
    assert calc.flags == ("provincial_average_missing",)
    assert calc.amount == injury_disability_benefits(grade, 6000).amount  # the lump sum alone
    with_avg = injury_disability_benefits(grade, 6000, "浙江", provincial_avg_monthly_wage=8000)
    assert f"{8000 * months:,.2f} 元，两项合计 {16000 * months:,.2f} 元" in _text(with_avg)
    assert with_avg.flags == ()


@pytest.mark.parametrize(("grade", "province"), [(5, None), (9, "江苏"), (10, "广东")])
def test_injury_other_provinces_are_not_computed(grade: int, province: str | None) -> None:
    calc = injury_disability_benefits(grade, 6000, province)
    assert calc.flags == ("provincial_rates_not_computed",)
    assert "由省、自治区、直辖市人民政府规定" in _text(calc)
    assert not any(law == "浙江省工伤保险条例" for law, _ in calc.citations)


def test_injury_grades_one_to_four_ignore_provincial_lump_sums() -> None:
    calc = injury_disability_benefits(3, 6000, "浙江")
    assert ("浙江省工伤保险条例", 27) not in calc.citations
    assert "一次性伤残就业补助金" not in _text(calc)


@pytest.mark.parametrize("grade", [0, 11, -1, True, 3.0, "5", None])
def test_injury_rejects_bad_grades(grade: object) -> None:
    with pytest.raises(ValueError):
        injury_disability_benefits(grade, 6000)  # type: ignore[arg-type]


# --------------------------------------------------------------------------
# every citation exists in our law texts
# --------------------------------------------------------------------------

ALL_CALCULATIONS = [
    double_wages(5000, 30),
    severance(5000, 18),
    unlawful_termination(40000, 15, 10000),
    notice_pay(5000),
    overtime_pay(5000, 40, 8, 8),
    arbitration_deadline(date(2025, 1, 1), False, None, False, TODAY),
    unpaid_wages(13500, amount_paid=100),
    probation_pay(5000, 3000, 7, 2000),
    annual_leave_pay(4350, 12, 5),
    annual_leave_pay(4350, 12),
    *[injury_disability_benefits(grade, 6000, "浙江", local_avg_monthly_wage=8000) for grade in range(1, 11)],
    *[injury_disability_benefits(grade, 6000) for grade in range(1, 11)],
]


@pytest.mark.parametrize("calc", ALL_CALCULATIONS, ids=lambda calc: calc.title)
def test_every_citation_is_an_article_in_our_texts(calc: Calculation) -> None:
    laws = load_laws()
    for citation in calc.citations:
        assert citation in laws, citation


@pytest.mark.parametrize(
    ("law", "number", "phrase"),
    [
        ("劳动合同法", 20, "劳动合同约定工资的百分之八十"),
        ("劳动合同法实施条例", 15, "不得低于劳动合同约定工资的80%"),
        ("职工带薪年休假条例", 3, "已满1年不满10年的，年休假5天；已满10年不满20年的，年休假10天；"
                                  "已满20年的，年休假15天"),
        ("职工带薪年休假条例", 5, "日工资收入的300%"),
        ("企业职工带薪年休假实施办法", 10, "其中包含用人单位支付职工正常工作期间的工资收入"),
        ("企业职工带薪年休假实施办法", 11, "21.75天"),
        ("工伤保险条例", 35, "一级伤残为27个月的本人工资，二级伤残为25个月的本人工资，"
                            "三级伤残为23个月的本人工资，四级伤残为21个月"),
        ("工伤保险条例", 35, "一级伤残为本人工资的90%，二级伤残为本人工资的85%，"
                            "三级伤残为本人工资的80%，四级伤残为本人工资的75%"),
        ("工伤保险条例", 36, "五级伤残为18个月的本人工资，六级伤残为16个月的本人工资"),
        ("工伤保险条例", 36, "五级伤残为本人工资的70%，六级伤残为本人工资的60%"),
        ("工伤保险条例", 37, "七级伤残为13个月的本人工资，八级伤残为11个月的本人工资，"
                            "九级伤残为9个月的本人工资，十级伤残为7个月"),
        ("工伤保险条例", 64, "统筹地区职工平均工资300%"),
        ("浙江省工伤保险条例", 27, "五级伤残为三十个月，六级伤残为二十五个月，七级伤残为十个月，"
                                  "八级伤残为七个月，九级伤残为四个月，十级伤残为两个月"),
        ("劳动法", 50, "不得克扣或者无故拖欠劳动者的工资"),
        ("工资支付暂行规定", 7, "工资至少每月支付一次"),
        ("关于职工全年月平均工作时间和工资折算问题的通知", 1, "20.83天/月"),
    ],
)
def test_the_figures_we_apply_are_in_the_texts(law: str, number: int, phrase: str) -> None:
    """The constants in the calculators are copied from these sentences; this fails if a text changes."""
    assert phrase in load_laws()[(law, number)].text


@pytest.mark.parametrize(
    "call",
    [
        lambda: probation_pay(0, 3000, 3),
        lambda: probation_pay(5000, -1, 3),
        lambda: probation_pay(5000, 3000, 0),
        lambda: probation_pay(5000, 3000, math.nan),
        lambda: probation_pay(5000, 3000, 3, minimum_wage=0),
        lambda: annual_leave_pay(0, 5),
        lambda: annual_leave_pay(5000, -1),
        lambda: annual_leave_pay(5000, 5, career_years=-1),
        lambda: annual_leave_pay(5000, 5, career_years=100),
        lambda: injury_disability_benefits(5, 0),
        lambda: injury_disability_benefits(5, 6000, local_avg_monthly_wage=-1),
    ],
)
def test_new_calculators_reject_bad_inputs(call) -> None:  # noqa: ANN001 - lambdas
    with pytest.raises(ValueError):
        call()


@given(
    agreed=st.floats(min_value=1, max_value=1_000_000),
    paid=st.floats(min_value=0, max_value=1_000_000),
    months=st.floats(min_value=0.01, max_value=24),
)
def test_probation_shortfall_is_never_negative(agreed: float, paid: float, months: float) -> None:
    amount = probation_pay(agreed, paid, months).amount
    assert amount is not None and amount >= 0


@given(
    wage=st.floats(min_value=1, max_value=1_000_000),
    days=st.floats(min_value=0, max_value=366),
    career=st.one_of(st.none(), st.floats(min_value=0, max_value=60)),
)
def test_annual_leave_pay_is_at_most_fifteen_days_when_career_known(wage: float, days: float,
                                                                     career: float | None) -> None:
    calc = annual_leave_pay(wage, days, career)
    assert calc.amount is not None and calc.amount >= 0
    if career is not None:
        assert calc.amount <= round(wage / 21.75 * 2 * 15, 2) + 0.01
