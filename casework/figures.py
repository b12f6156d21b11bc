"""From the facts a worker gave to the figures they can be shown.

The calculators (`casework.calculators`) each need a few exact numbers; the case
facts (`casework.fact_keys`) are whatever the worker happened to say.  This module
is the bridge: `figures` runs every calculator the known facts and the topic
allow, `missing` says which facts to ask for next (most useful first), `QUESTIONS`
holds the one question to ask for each fact, and `headline` is the one line a
worker reads first.  Pure functions: the date is passed in, nothing is read from
the clock, the network or the disk, and bad or contradictory facts skip a figure
instead of raising — a half-finished conversation is the normal case.

Results are JSON-safe dicts (they live in a Rasa slot): the `Calculation` fields
plus a `key` naming the calculator, dates as ISO strings, citations as
`[law, article]` lists.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from datetime import date

from casework import calculators
from casework.calculators import Calculation, plain_number

__all__ = ["QUESTIONS", "figures", "headline", "missing"]

OUT_OF_SCOPE = "out_of_scope"

WAGE_CONVERSION_NOTICE = calculators.WAGE_CONVERSION_NOTICE
# Section 一 of the conversion notice: 月工作日 = 250 ÷ 12 = 20.83 working days a month.
# (21.75 is the 月计薪天数 of section 二, which includes paid holidays; it converts a
# wage into a daily rate, it does not count the days a worker is at work.)
WORKING_DAYS_PER_MONTH = 20.83
# 52 weeks a year ÷ 12 months: the notice's 104 rest days a year are 52 weekends.
WEEKS_PER_MONTH = 52 / 12
# An average month in days, for turning a start date into months of service.
DAYS_PER_MONTH = 365.25 / 12

# The first figure a topic exists for; shown first and driving `missing`.
MAIN_FIGURE = {
    "wage_arrears": "unpaid_wages",
    "no_written_contract": "double_wages",
    "probation": "probation_pay",
    "dismissal_severance": "severance",
    "overtime": "overtime_pay",
    "work_injury": "injury_disability_benefits",
    "arbitration_procedure": "arbitration_deadline",
}

OVERTIME_HOUR_KEYS = (
    "overtime_hours_per_day", "overtime_hours_per_month", "rest_day_hours_per_week", "rest_day_hours_per_month",
    "holiday_hours",
)

# One question per fact, as a patient union lawyer would ask it, with an example answer.
QUESTIONS: dict[str, tuple[str, str]] = {
    "monthly_wage": ("您每个月工资大概多少？", "比如「每月4500」"),
    "amount_owed": ("单位一共欠您多少工资？", "比如「一共欠了13500」"),
    "amount_paid": ("欠的工资里，单位已经付了多少？", "比如「已经给了2000」"),
    "amount_offered": ("单位说愿意给您多少钱？", "比如「单位说给5000」"),
    "months_unpaid": ("单位欠了您几个月的工资？", "比如「3个月没发」"),
    "months_worked": ("您在这个单位干了多长时间？", "比如「8个月」或「2年3个月」"),
    "start_date": ("您是哪天开始在这个单位上班的？", "比如「2025年3月1日」"),
    "left_date": ("您是哪天离开单位的（辞职或被辞退那天）？", "比如「2026年10月15日」；还在上班就说「还在职」"),
    "still_employed": ("您现在还在这个单位上班吗？", "比如「还在」或「已经走了」"),
    "dismissed": ("是单位让您走的（辞退、开除、裁员），还是您自己辞职的？", "比如「被辞退的」或「我自己辞的」"),
    "notice_given": ("单位让您走之前，有没有提前30天书面通知您？", "比如「没有通知」或「提前一个月给了通知书」"),
    "written_contract": ("您和单位签过书面劳动合同吗？", "比如「没签」或「签了」"),
    "headcount": ("这件事一共涉及多少人（算上您）？", "比如「就我一个」或「20多个人」"),
    "province": ("您在哪个省工作？", "比如「浙江」"),
    "city": ("您在哪个城市工作？", "比如「杭州」"),
    "employer": ("单位的全称是什么？", "比如「杭州某某服装有限公司」"),
    "overtime_hours_per_day": ("平时上班的日子，每天大概加班几个小时？", "比如「每天加班2小时」"),
    "overtime_hours_per_month": ("平时上班的日子，一个月一共加班多少小时？", "比如「一个月40小时」"),
    "rest_day_hours_per_week": ("周末休息日每周加班多少小时？", "比如「每周六干8小时」"),
    "rest_day_hours_per_month": ("周末休息日一个月一共加班多少小时？", "比如「一个月32小时」"),
    "holiday_hours": ("国庆、春节这些法定节假日，一共加班了多少小时？", "比如「国庆加了3天，每天8小时」"),
    "probation_wage": ("试用期每个月实际发了多少钱？", "比如「试用期发3000」"),
    "probation_months": ("试用期是几个月？", "比如「3个月」"),
    "unused_leave_days": ("今年还有几天年休假没休？", "比如「5天都没休」"),
    "career_years": ("您参加工作一共多少年了（所有单位加起来）？", "比如「一共工作12年」"),
    "injured": ("您是在工作中受的伤吗？", "比如「在车间被机器压伤」"),
    "disability_grade": ("劳动能力鉴定给您定的是几级伤残？", "比如「九级」"),
    "injury_recognised": ("您的工伤认定下来了吗？", "比如「已经认定了」或「还没申请」"),
    "pregnant": ("您现在是怀孕、休产假或者哺乳期吗？", "比如「怀孕5个月」"),
    "evidence": ("您手上有哪些证据？", "比如「工资条、考勤记录、微信聊天记录」"),
}


# --------------------------------------------------------------------------
# Reading facts safely
# --------------------------------------------------------------------------


def _positive(facts: dict, key: str) -> float | None:
    """A usable positive number, or None: zero, negatives, NaN and non-numbers are not facts to compute with."""
    value = facts.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if not math.isfinite(value) or value <= 0:
        return None
    return float(value)


def _flag(facts: dict, key: str) -> bool | None:
    value = facts.get(key)
    return value if isinstance(value, bool) else None


def _day(facts: dict, key: str) -> date | None:
    value = facts.get(key)
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _has(facts: dict, key: str) -> bool:
    if key == "months_worked":  # a start date is as good: the months follow from it
        start, left = _day(facts, "start_date"), _day(facts, "left_date")
        return _positive(facts, key) is not None or (start is not None and (left is None or left > start))
    if key == "disability_grade":
        return _grade(facts) is not None
    return _positive(facts, key) is not None


def _grade(facts: dict) -> int | None:
    """A disability grade 1-10; 9.0 from a parser counts as 9."""
    grade = facts.get("disability_grade")
    if isinstance(grade, float) and grade.is_integer():
        grade = int(grade)
    if isinstance(grade, bool) or not isinstance(grade, int) or not 1 <= grade <= 10:
        return None
    return grade


def _left(facts: dict) -> bool:
    return _flag(facts, "still_employed") is False or _day(facts, "left_date") is not None


def _months_worked(facts: dict, today: date) -> float | None:
    """Stated months of service, or the months from start_date to leaving (or to today)."""
    stated = _positive(facts, "months_worked")
    if stated is not None:
        return stated
    start = _day(facts, "start_date")
    if start is None:
        return None
    end = _day(facts, "left_date") or today
    if end <= start:
        return None
    return round((end - start).days / DAYS_PER_MONTH, 1)


# --------------------------------------------------------------------------
# One builder per calculator: facts -> Calculation or None
# --------------------------------------------------------------------------

Builder = Callable[[dict, str, date], Calculation | None]


def _with_steps(calc: Calculation, before: list[str], caveats: list[str] | None = None) -> Calculation:
    return dataclasses.replace(calc, steps=[*before, *calc.steps], caveats=[*calc.caveats, *(caveats or [])])


def _double_wages(facts: dict, topic: str, today: date) -> Calculation | None:
    contract = _flag(facts, "written_contract")
    if not (contract is False or (topic == "no_written_contract" and contract is None)):
        return None
    wage, months = _positive(facts, "monthly_wage"), _months_worked(facts, today)
    if wage is None or months is None:
        return None
    until = "离开单位时" if _left(facts) else "现在"
    note = f"没签合同的月数按从入职算到{until}：约 {plain_number(months)} 个月。"
    return _with_steps(calculators.double_wages(wage, months), [note])


def _ending(calculator: Callable[[float, float], Calculation]) -> Builder:
    """N and 2N alike: the wage and the years of service of a job the employer ended."""

    def build(facts: dict, topic: str, today: date) -> Calculation | None:
        if not _dismissal(facts, topic):
            return None
        wage, months = _positive(facts, "monthly_wage"), _months_worked(facts, today)
        if wage is None or months is None:
            return None
        return calculator(wage, months / 12)

    return build


def _notice_pay(facts: dict, topic: str, today: date) -> Calculation | None:
    wage = _positive(facts, "monthly_wage")
    if not _dismissal(facts, topic) or _flag(facts, "notice_given") is not False or wage is None:
        return None
    return calculators.notice_pay(wage)


def _dismissal(facts: dict, topic: str) -> bool:
    return topic == "dismissal_severance" or _flag(facts, "dismissed") is True


def _overtime_pay(facts: dict, topic: str, today: date) -> Calculation | None:
    """Monthly overtime from whatever unit the worker used; every conversion is a step."""
    known = {key: _positive(facts, key) for key in OVERTIME_HOUR_KEYS}
    wage = _positive(facts, "monthly_wage")
    if wage is None or not any(known.values()):
        return None
    notes: list[str] = []
    weekday = known["overtime_hours_per_month"]
    if weekday is None and known["overtime_hours_per_day"] is not None:
        per_day = known["overtime_hours_per_day"]
        weekday = per_day * WORKING_DAYS_PER_MONTH
        notes.append(
            f"工作日每天加班 {plain_number(per_day)} 小时，一个月按 20.83 个工作日算（全年250个工作日 ÷ 12），"
            f"约 {plain_number(weekday)} 小时。"
        )
    rest = known["rest_day_hours_per_month"]
    if rest is None and known["rest_day_hours_per_week"] is not None:
        per_week = known["rest_day_hours_per_week"]
        rest = per_week * WEEKS_PER_MONTH
        notes.append(
            f"休息日每周加班 {plain_number(per_week)} 小时，一个月按 52 ÷ 12 ≈ 4.33 周算，约 {plain_number(rest)} 小时。"
        )
    holiday = known["holiday_hours"] or 0.0
    if weekday or rest:
        notes.insert(0, "下面按一个月计算工作日和休息日的加班。")
    if holiday:
        notes.append(f"法定节假日加班按您说的一共 {plain_number(holiday)} 小时算。")
    calc = calculators.overtime_pay(wage, weekday or 0.0, rest or 0.0, holiday)
    citations = list(calc.citations)
    if known["overtime_hours_per_day"] is not None and known["overtime_hours_per_month"] is None:
        citations.append((WAGE_CONVERSION_NOTICE, 1))
    title = "每月加班费" if not holiday else calc.title  # say "a month" when every hour given is per month
    return dataclasses.replace(_with_steps(calc, notes), citations=citations, title=title)


def _probation_pay(facts: dict, topic: str, today: date) -> Calculation | None:
    agreed, paid = _positive(facts, "monthly_wage"), _positive(facts, "probation_wage")
    if agreed is None or paid is None:
        return None
    months = _positive(facts, "probation_months")
    if months is None:
        calc = calculators.probation_pay(agreed, paid, 1)
        return _with_steps(calc, ["您没说试用期几个月，下面按一个月算，也就是每个月少发的钱。"])
    return calculators.probation_pay(agreed, paid, months)


def _annual_leave_pay(facts: dict, topic: str, today: date) -> Calculation | None:
    wage, days = _positive(facts, "monthly_wage"), _positive(facts, "unused_leave_days")
    if wage is None or days is None:
        return None
    career_months = _positive(facts, "career_years")  # a "months" fact (see fact_keys), in months
    years = None if career_months is None else career_months / 12
    return calculators.annual_leave_pay(wage, days, years)


def _injury(facts: dict, topic: str, today: date) -> Calculation | None:
    grade, wage = _grade(facts), _positive(facts, "monthly_wage")
    if grade is None or wage is None:
        return None
    province = facts.get("province") if isinstance(facts.get("province"), str) else None
    return calculators.injury_disability_benefits(grade, wage, province)


def _unpaid_wages(facts: dict, topic: str, today: date) -> Calculation | None:
    owed, wage, months = (_positive(facts, k) for k in ("amount_owed", "monthly_wage", "months_unpaid"))
    if topic != "wage_arrears" and owed is None and months is None:
        return None
    if owed is None and (wage is None or months is None):
        return None
    return calculators.unpaid_wages(owed, wage, months, _positive(facts, "amount_paid"))


def _arbitration(facts: dict, topic: str, today: date) -> Calculation | None:
    if topic == OUT_OF_SCOPE:
        return None
    wage_claim = topic == "wage_arrears"
    left, still = _day(facts, "left_date"), _flag(facts, "still_employed")
    if left is not None and still is not True:
        calc = calculators.arbitration_deadline(left, False, left, wage_claim, today)
        if wage_claim:
            return calc
        return _with_steps(
            calc, ["按您离开单位的日期估算。"],
            ["如果您更早就知道权利受到侵害（比如单位一直不签合同、一直不付加班费），时效可能从更早的日子算起。"],
        )
    if wage_claim and still is True and left is None:
        return calculators.arbitration_deadline(today, True, None, True, today)
    return None


BUILDERS: tuple[tuple[str, Builder], ...] = (
    ("unpaid_wages", _unpaid_wages),
    ("double_wages", _double_wages),
    ("severance", _ending(calculators.severance)),
    ("unlawful_termination", _ending(calculators.unlawful_termination)),
    ("notice_pay", _notice_pay),
    ("overtime_pay", _overtime_pay),
    ("probation_pay", _probation_pay),
    ("annual_leave_pay", _annual_leave_pay),
    ("injury_disability_benefits", _injury),
    ("arbitration_deadline", _arbitration),
)


def _as_json(key: str, calc: Calculation) -> dict:
    result = dataclasses.asdict(calc)
    result["citations"] = [[law, int(article)] for law, article in calc.citations]
    result["flags"] = list(calc.flags)
    result["deadline"] = calc.deadline.isoformat() if calc.deadline else None
    return {"key": key, **result}


def figures(facts: dict, topic: str, today: date) -> list[dict]:
    """Every figure the known facts and the topic allow, the topic's main figure first.

    A figure whose facts are contradictory or out of range is left out rather than
    shown wrong: the worker can still be asked again, a wrong number cannot be unsaid.
    """
    facts = facts if isinstance(facts, dict) else {}
    results = []
    for key, build in BUILDERS:
        try:
            calc = build(facts, topic, today)
        except (ValueError, TypeError, OverflowError):
            continue
        if calc is not None:
            results.append(_as_json(key, calc))
    main = MAIN_FIGURE.get(topic)
    return sorted(results, key=lambda r: r["key"] != main)


def missing(facts: dict, topic: str) -> list[str]:
    """Facts still needed for the topic's main figure, in the order to ask them.

    Length of service comes before the wage because it decides whether there is a
    claim at all (the first month of double wages, N's half months); the wage only
    scales it.
    """
    facts = facts if isinstance(facts, dict) else {}

    def absent(*keys: str) -> list[str]:
        return [key for key in keys if not _has(facts, key)]

    if topic == "no_written_contract":
        return [] if _flag(facts, "written_contract") is True else absent("months_worked", "monthly_wage")
    if topic == "dismissal_severance":
        return absent("months_worked", "monthly_wage")
    if topic == "overtime":
        hours = [] if any(_has(facts, key) for key in OVERTIME_HOUR_KEYS) else ["overtime_hours_per_day"]
        return hours + absent("monthly_wage")
    if topic == "probation":
        return absent("monthly_wage", "probation_wage")
    if topic == "work_injury":
        return absent("disability_grade", "monthly_wage")
    if topic == "wage_arrears":
        if _has(facts, "amount_owed") or (_has(facts, "monthly_wage") and _has(facts, "months_unpaid")):
            return []
        return ["amount_owed"]
    if topic == "other_labour" and _has(facts, "unused_leave_days"):
        return absent("monthly_wage")
    if topic == "arbitration_procedure":
        known = _day(facts, "left_date") is not None or _flag(facts, "still_employed") is True
        return [] if known else ["left_date"]
    return []


# --------------------------------------------------------------------------
# Headline
# --------------------------------------------------------------------------

_HEADLINES = {
    "double_wages": "按您说的，未签合同的二倍工资差额约 {amount} 元。",
    "severance": "按您说的，经济补偿（N）约 {amount} 元。",
    "unlawful_termination": "如果单位是违法解除，赔偿金（2N）约 {amount} 元。",
    "notice_pay": "单位没有提前30天书面通知的，代通知金（额外一个月工资）约 {amount} 元。",
    "overtime_pay": "按您说的，{title}至少约 {amount} 元。",
    "probation_pay": "按您说的，试用期少发的工资约 {amount} 元。",
    "annual_leave_pay": "按您说的，没休的年休假还应另付约 {amount} 元。",
    "injury_disability_benefits": "按您说的，一次性伤残补助金约 {amount} 元。",
    "unpaid_wages": "按您说的，单位还欠您工资约 {amount} 元。",
}
_ZERO = {
    "double_wages": "按您说的，目前还没有可以要的二倍工资差额。",
    "probation_pay": "按您说的，试用期工资没有低于约定工资的80%。",
    "unpaid_wages": "按您说的，单位已经没有欠您工资。",
}


def amount_text(amount: float) -> str:
    """12,000 or 1,234.56: an amount as the chat shows it (and the documents, casework/documents.py)."""
    return f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"


def _deadline_headline(result: dict) -> str:
    flags = result.get("flags") or []
    if "not_running" in flags:
        return "您还在职，欠薪申请仲裁现在不受一年时效限制；离职后要在一年内申请。"
    if "expired" in flags:
        return "按您说的日期，申请劳动仲裁的一年时效可能已经过了，请马上联系工会。"
    deadline = result.get("deadline")
    if not deadline:
        return result.get("title") or "劳动仲裁时效"
    day = date.fromisoformat(deadline) if isinstance(deadline, str) else deadline
    text = f"申请劳动仲裁的截止日约为 {day.year}年{day.month}月{day.day}日"
    return text + ("，时间很紧，请尽快申请。" if "close" in flags else "。")


def headline(result: dict) -> str:
    """The one line a worker reads first; the steps and articles follow it."""
    key = result.get("key")
    if key == "arbitration_deadline":
        return _deadline_headline(result)
    amount = result.get("amount")
    title = result.get("title") or "计算结果"
    if not isinstance(amount, (int, float)) or isinstance(amount, bool):
        return f"{title}：请看下面的说明。"
    if amount == 0:
        return _ZERO.get(key, f"按您说的，{title}算下来是 0 元。")
    template = _HEADLINES.get(key, "按您说的，" + title + "约 {amount} 元。")
    return template.format(amount=amount_text(amount), title=title)
