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
    arbitration_deadline,
    double_wages,
    notice_pay,
    overtime_pay,
    severance,
    unlawful_termination,
)

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
