"""Entitlement calculators for the 12351 worker hotline assistant.

Each calculator turns a few facts the worker gave into a ``Calculation``:
the amount plus the plain-language steps and the articles behind them.  The
steps matter as much as the number: a worker has to be able to repeat the
reasoning to an employer or an arbitrator, and a human counsellor has to be
able to check it.  Citations are ``(law file stem, article number)`` pairs
that match the files in ``shared/laws``.

Only rules that are written in those texts are applied.  Where the outcome
depends on something the calculator cannot know (local average wage,
minimum wage, how the employment ended), it says so in ``caveats`` instead
of guessing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

__all__ = [
    "Calculation",
    "arbitration_deadline",
    "double_wages",
    "notice_pay",
    "overtime_pay",
    "severance",
    "unlawful_termination",
]

LABOR_CONTRACT_LAW = "劳动合同法"
IMPLEMENTING_REGULATIONS = "劳动合同法实施条例"
LABOR_LAW = "劳动法"
WAGE_PAYMENT_RULES = "工资支付暂行规定"
ARBITRATION_LAW = "劳动争议调解仲裁法"
# The notice has numbered sections, not articles; section 二 is cited as 2.
WAGE_CONVERSION_NOTICE = "关于职工全年月平均工作时间和工资折算问题的通知"

# 月计薪天数 = (365 - 104) / 12, section 二 of the conversion notice.
PAID_DAYS_PER_MONTH = 21.75
HOURS_PER_DAY = 8
# 劳动法 第41条: at most 36 hours of extended working time per month.
MONTHLY_OVERTIME_LIMIT_HOURS = 36
# Deadlines this close are flagged so the assistant urges immediate action.
CLOSE_DEADLINE_DAYS = 60
# 劳动合同法 第97条 第3款 counts severance years before 2008 under the old
# rules.  The calculator has no start date (and reading the clock would make
# it impure), so the conditional caveat is shown from this many years on:
# anyone with 15+ years of service may have started before 2008.
PRE_2008_HINT_YEARS = 15.0

# Sanity limits: anything beyond these is a typo or a parsing error, and a
# confident number built on it would mislead the worker.
MAX_MONTHLY_WAGE = 10_000_000.0
MAX_YEARS_OF_SERVICE = 60.0
MAX_MONTHS = MAX_YEARS_OF_SERVICE * 12
MAX_HOURS = 10_000.0


@dataclass(frozen=True)
class Calculation:
    """Result of one entitlement calculation, ready to show to a worker.

    ``flags`` carries machine-readable markers for the dialogue layer
    (e.g. "close" when an arbitration deadline is near) so it does not have
    to parse the Chinese text.
    """

    title: str
    amount: float | None
    steps: list[str]
    citations: list[tuple[str, int]]
    caveats: list[str]
    deadline: date | None = None
    flags: tuple[str, ...] = ()


# --------------------------------------------------------------------------
# Validation and formatting helpers
# --------------------------------------------------------------------------


def _check_number(name: str, value: float, *, low: float, high: float, allow_low: bool) -> float:
    """Reject non-numbers, NaN/inf and out-of-range values with a clear message."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{name} must be a number, got {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}")
    too_low = value < low if allow_low else value <= low
    if too_low or value > high:
        bound = ">=" if allow_low else ">"
        raise ValueError(f"{name} must be {bound} {low:g} and <= {high:g}, got {value!r}")
    return float(value)


def _check_wage(name: str, value: float) -> float:
    """Wages must be positive: a zero wage is a parsing failure, not a fact."""
    return _check_number(name, value, low=0, high=MAX_MONTHLY_WAGE, allow_low=False)


def _check_optional_wage(name: str, value: float | None) -> float | None:
    return None if value is None else _check_wage(name, value)


def _check_years(value: float) -> float:
    return _check_number("years_of_service", value, low=0, high=MAX_YEARS_OF_SERVICE, allow_low=True)


def _check_hours(name: str, value: float) -> float:
    return _check_number(name, value, low=0, high=MAX_HOURS, allow_low=True)


def _money(value: float) -> float:
    """Round to fen; every amount shown to a worker goes through here."""
    return round(value, 2)


def _yuan(value: float) -> str:
    return f"{_money(value):,.2f} 元"


def _num(value: float) -> str:
    """Print 3.0 as "3" and 2.5 as "2.5" so the steps read naturally."""
    rounded = round(value, 2)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:g}"


def _cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# --------------------------------------------------------------------------
# Double wages for no written contract
# --------------------------------------------------------------------------


def double_wages(monthly_wage: float, months_without_contract: float) -> Calculation:
    """Extra wages owed for working without a written contract.

    劳动合同法 第82条 gives double wages when no written contract is signed
    for more than one month but less than a year; 实施条例 第6、7条 fix the
    window from the day after the first month to the day before the first
    anniversary — at most 11 months.  The worker already received one
    wage for those months, so the claim is the *extra* one wage per month.
    ``months_without_contract`` counts from the first day of work until the
    contract was signed (or until now).
    """
    wage = _check_wage("monthly_wage", monthly_wage)
    months = _check_number("months_without_contract", months_without_contract,
                           low=0, high=MAX_MONTHS, allow_low=True)
    payable = min(max(months - 1, 0.0), 11.0)
    steps = [
        f"从开始上班（用工之日）起，没签书面劳动合同共 {_num(months)} 个月。",
        "上班后第一个月是签合同的期限（应当自用工之日起一个月内订立书面劳动合同），这个月不算二倍工资。",
        "二倍工资从满一个月的次日起算，最多算到满一年的前一日，所以最多 11 个月。",
        f"可以主张二倍工资的月数：{_num(payable)} 个月。",
        f"每月工资已经发了一倍，还可以另外要一倍的差额：{_yuan(wage)} × {_num(payable)} = {_yuan(wage * payable)}。",
    ]
    citations = [(LABOR_CONTRACT_LAW, 10), (LABOR_CONTRACT_LAW, 82),
                 (IMPLEMENTING_REGULATIONS, 6), (IMPLEMENTING_REGULATIONS, 7)]
    if months >= 12:
        steps.append(
            "满一年仍没签书面合同：视为从满一年的当天起已经和你订立了无固定期限劳动合同，"
            "单位应当立即和你补签书面合同；二倍工资只算到满一年的前一日。"
        )
        citations.append((LABOR_CONTRACT_LAW, 14))
    caveats = [
        "如果中途补签了书面合同，二倍工资只算到补签的前一日（实施条例第6条第2款），请按实际没签合同的月数计算。",
        "如果是单位书面通知你签合同而你自己不签，结果不同（实施条例第5条、第6条），请如实告诉工会。",
        "这里用的月工资是你提供的数字；计算二倍工资时月工资包括哪些项目，各地仲裁口径可能不同。",
        "二倍工资差额从什么时候开始算仲裁时效，各地理解不一致，建议尽早申请仲裁。",
    ]
    return Calculation("未签书面劳动合同的二倍工资差额", _money(wage * payable), steps, citations, caveats)


# --------------------------------------------------------------------------
# Severance (经济补偿) and damages for unlawful termination (赔偿金)
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _SeveranceBase:
    """Months of pay (N) and the monthly base, with the steps explaining them."""

    months: float
    base_wage: float
    steps: list[str]
    caveats: list[str]


def _service_text(full_years: int, rest_months: float) -> str:
    if rest_months == 0:
        return f"{full_years}年整" if full_years else "0个月"
    if full_years == 0:
        return f"{_num(rest_months)}个月"
    return f"{full_years}年{_num(rest_months)}个月"


def _months_of_pay(years_of_service: float) -> tuple[float, str]:
    """Apply 第47条 第1款: whole years, ≥6 months → 1, <6 months → 0.5."""
    # Round to kill float noise: 7/12 year * 12 must be exactly 7 months.
    total_months = round(years_of_service * 12, 6)
    full_years = int(total_months // 12)
    rest = round(total_months - full_years * 12, 6)
    if rest >= 6:
        n, rule = full_years + 1.0, "满六个月不满一年的按一年算"
    elif rest > 0:
        n, rule = full_years + 0.5, "不满六个月的支付半个月工资"
    else:
        n, rule = float(full_years), "每满一年支付一个月工资"
    text = f"工作年限 {_service_text(full_years, rest)}，按 {_num(n)} 个月计算（{rule}）。"
    return n, text


def _severance_base(wage: float, years: float, local_avg: float | None) -> _SeveranceBase:
    """Compute N and the wage base, applying the 3× average-wage cap."""
    months, service_step = _months_of_pay(years)
    steps = [service_step]
    caveats: list[str] = []
    base = wage
    if local_avg is None:
        caveats.append(
            "封顶规则：如果你的月工资高于当地（直辖市、设区的市）政府公布的上年度职工月平均工资的三倍，"
            "按平均工资的三倍计算，而且最多算12年。请查当地人社部门公布的数字再核对。"
        )
    elif wage > 3 * local_avg:
        base = 3 * local_avg
        steps.append(
            f"你的月工资 {_yuan(wage)} 高于当地上年度职工月平均工资 {_yuan(local_avg)} 的三倍"
            f"（{_yuan(base)}），所以按 {_yuan(base)} 计算。"
        )
        if months > 12:
            steps.append(f"工资超过三倍封顶时，年限最多算12年：按 12 个月计算，而不是 {_num(months)} 个月。")
            months = 12.0
    else:
        steps.append(
            f"你的月工资没有超过当地上年度职工月平均工资 {_yuan(local_avg)} 的三倍（{_yuan(3 * local_avg)}），不封顶。"
        )
    caveats.append(
        "这里的月工资应是解除或终止前12个月的平均应得工资，包括计时或计件工资以及奖金、津贴和补贴；"
        "工作不满12个月的按实际月数平均；平均工资低于当地最低工资标准的，按最低工资标准算（实施条例第27条）。"
    )
    return _SeveranceBase(months, base, steps, caveats)


def severance(monthly_wage: float, years_of_service: float,
              local_avg_monthly_wage: float | None = None) -> Calculation:
    """Economic compensation (经济补偿, "N") under 劳动合同法 第47条.

    Whether it is owed at all depends on how the contract ended (第46条);
    this only computes the amount once it is owed.
    """
    wage = _check_wage("monthly_wage", monthly_wage)
    years = _check_years(years_of_service)
    local_avg = _check_optional_wage("local_avg_monthly_wage", local_avg_monthly_wage)
    base = _severance_base(wage, years, local_avg)
    amount = base.months * base.base_wage
    steps = [*base.steps, f"经济补偿 = {_num(base.months)} 个月 × {_yuan(base.base_wage)} = {_yuan(amount)}。"]
    caveats = [
        "只有第46条列出的情形才有经济补偿，例如单位提出并协商一致解除、单位依第40条或第41条解除、"
        "单位有第38条的过错（如拖欠工资、不交社保）你因此辞职、固定期限合同到期单位不续签等。",
        *base.caveats,
    ]
    citations = [(LABOR_CONTRACT_LAW, 46), (LABOR_CONTRACT_LAW, 47), (IMPLEMENTING_REGULATIONS, 27)]
    if years >= PRE_2008_HINT_YEARS:
        caveats.append(
            "如果你是2008年1月1日以前入职的：2008年以前的年限按当时的有关规定计算经济补偿，"
            "2008年以后的年限按劳动合同法计算（劳动合同法第97条第3款），具体请咨询工会。"
        )
        citations.append((LABOR_CONTRACT_LAW, 97))
    return Calculation("经济补偿（N）", _money(amount), steps, citations, caveats)


def unlawful_termination(monthly_wage: float, years_of_service: float,
                         local_avg_monthly_wage: float | None = None) -> Calculation:
    """Damages (赔偿金, "2N") when the employer ends the contract unlawfully.

    劳动合同法 第87条 doubles the 第47条 standard; 第48条 lets the worker
    choose reinstatement instead, which the steps point out because many
    workers do not know they have that choice.
    """
    wage = _check_wage("monthly_wage", monthly_wage)
    years = _check_years(years_of_service)
    local_avg = _check_optional_wage("local_avg_monthly_wage", local_avg_monthly_wage)
    base = _severance_base(wage, years, local_avg)
    single = base.months * base.base_wage
    amount = 2 * single
    steps = [
        *base.steps,
        f"经济补偿标准 = {_num(base.months)} 个月 × {_yuan(base.base_wage)} = {_yuan(single)}。",
        f"违法解除的赔偿金是经济补偿标准的二倍：{_yuan(single)} × 2 = {_yuan(amount)}。",
    ]
    caveats = [
        "如果你想回去上班，可以要求单位继续履行劳动合同，而不要赔偿金；合同已经不能继续履行的，才支付赔偿金（第48条）。",
        "拿了赔偿金，就不再另外拿经济补偿（实施条例第25条）。",
        "赔偿金的计算年限自用工之日起计算（实施条例第25条），这一点和经济补偿不同：2008年以前入职的，年限也从入职那天算起。",
        "解除是否违法要看具体情况，最终由劳动仲裁委或法院认定。",
        *base.caveats,
    ]
    citations = [(LABOR_CONTRACT_LAW, 48), (LABOR_CONTRACT_LAW, 87), (LABOR_CONTRACT_LAW, 47),
                 (IMPLEMENTING_REGULATIONS, 25), (IMPLEMENTING_REGULATIONS, 27)]
    return Calculation("违法解除劳动合同赔偿金（2N）", _money(amount), steps, citations, caveats)


# --------------------------------------------------------------------------
# Pay in lieu of notice (代通知金)
# --------------------------------------------------------------------------


def notice_pay(monthly_wage: float) -> Calculation:
    """One extra month's wage when the employer skips 30 days' notice.

    Only 第40条 dismissals allow paying instead of notice; 实施条例 第20条
    sets the amount at the previous month's wage.
    """
    wage = _check_wage("monthly_wage", monthly_wage)
    steps = [
        "单位按劳动合同法第40条解除合同时，要么提前三十日书面通知你，要么额外支付一个月工资。",
        f"额外支付的一个月工资按你上一个月的工资标准确定：{_yuan(wage)}。",
    ]
    caveats = [
        "这笔钱只适用于第40条的三种情形：患病或非因工负伤医疗期满后不能工作、不能胜任工作经培训或调岗仍不能胜任、"
        "客观情况发生重大变化致使合同无法履行且协商不成。",
        "如果单位已经提前三十日书面通知了你，就没有这一个月工资。",
        "按第40条解除的，单位还应当另外支付经济补偿（第46条第3项）。",
        "请填写上一个月的工资；如果上个月工资不正常（如被停工、被扣发），请告诉工会。",
    ]
    citations = [(LABOR_CONTRACT_LAW, 40), (IMPLEMENTING_REGULATIONS, 20), (LABOR_CONTRACT_LAW, 46)]
    return Calculation("代通知金（额外一个月工资）", _money(wage), steps, citations, caveats)


# --------------------------------------------------------------------------
# Overtime pay
# --------------------------------------------------------------------------


def overtime_pay(monthly_wage: float, weekday_hours: float = 0, rest_day_hours: float = 0,
                 holiday_hours: float = 0) -> Calculation:
    """Minimum overtime pay under 劳动法 第44条 for the hours given.

    The hourly wage is monthly / 21.75 / 8 (conversion notice, section 二),
    then 150% for extended weekday hours, 200% for rest days, 300% for
    statutory holidays.  The rates are floors ("不低于").
    """
    wage = _check_wage("monthly_wage", monthly_wage)
    weekday = _check_hours("weekday_hours", weekday_hours)
    rest_day = _check_hours("rest_day_hours", rest_day_hours)
    holiday = _check_hours("holiday_hours", holiday_hours)
    hourly = wage / PAID_DAYS_PER_MONTH / HOURS_PER_DAY
    parts = (
        ("工作日延长工作时间", weekday, 1.5, "150%"),
        ("休息日加班", rest_day, 2.0, "200%"),
        ("法定休假日加班", holiday, 3.0, "300%"),
    )
    steps = [f"小时工资 = 月工资 {_yuan(wage)} ÷ 21.75 天 ÷ 8 小时 = {_yuan(hourly)}。"]
    total = 0.0
    for label, hours, rate, percent in parts:
        pay = hourly * rate * hours
        total += pay
        steps.append(f"{label} {_num(hours)} 小时 × {_yuan(hourly)} × {percent} = {_yuan(pay)}。")
    steps.append(f"加班费合计不低于 {_yuan(total)}。")
    caveats = [
        "休息日加班，单位可以安排补休代替加班费；不能安排补休的，才按不低于200%支付。",
        "法律规定的是最低标准（不低于150%、200%、300%），合同约定更高的按约定。",
        "计算基数应是劳动合同约定的正常工作时间工资，不要把加班费算进月工资里。",
        "实行不定时工作制的不适用上述标准；经批准实行综合计算工时制的，按周期内超过法定标准工作时间的部分算延长工作时间。",
    ]
    citations = [(LABOR_LAW, 44), (WAGE_PAYMENT_RULES, 13), (WAGE_CONVERSION_NOTICE, 2)]
    if weekday > MONTHLY_OVERTIME_LIMIT_HOURS:
        caveats.append(
            f"如果这 {_num(weekday)} 小时是一个月内的延长工作时间，已超过法律规定的每月不超过36小时的上限（劳动法第41条），可以向劳动监察部门反映。"
        )
        citations.append((LABOR_LAW, 41))
    return Calculation("加班费", _money(total), steps, citations, caveats)


# --------------------------------------------------------------------------
# Arbitration time limit
# --------------------------------------------------------------------------


def _one_year_later(start: date) -> date:
    """Same calendar day next year; 29 Feb falls back to 28 Feb."""
    try:
        return start.replace(year=start.year + 1)
    except ValueError:
        return start.replace(year=start.year + 1, day=28)


def _check_dates(knew_date: date, still_employed: bool, left_date: date | None,
                 wage_claim: bool, today: date) -> None:
    """Reject contradictory or impossible date combinations."""
    for name, value in (("knew_date", knew_date), ("today", today)):
        if not isinstance(value, date):
            raise ValueError(f"{name} must be a datetime.date, got {value!r}")
    if knew_date > today:
        raise ValueError(f"knew_date {knew_date} is after today {today}")
    if left_date is not None:
        if not isinstance(left_date, date):
            raise ValueError(f"left_date must be a datetime.date or None, got {left_date!r}")
        if left_date > today:
            raise ValueError(f"left_date {left_date} is after today {today}")
        if still_employed:
            raise ValueError("left_date was given but still_employed is True")
    if wage_claim and not still_employed and left_date is None:
        raise ValueError("left_date is required for an unpaid-wage claim after leaving the job")


def _deadline_status(deadline: date, today: date) -> tuple[list[str], tuple[str, ...]]:
    """Describe how much time is left and flag near or past deadlines."""
    days_left = (deadline - today).days
    if days_left < 0:
        return ([f"按这个日期算，时效已经过了 {-days_left} 天。先别放弃：如果有中断或中止的情形，时效可能还没过，请马上联系工会。"],
                ("expired",))
    text = f"距离今天还有 {days_left} 天。"
    if days_left <= CLOSE_DEADLINE_DAYS:
        return [text + "时间已经很紧，请尽快申请劳动仲裁。"], ("close",)
    return [text], ()


def arbitration_deadline(knew_date: date, still_employed: bool, left_date: date | None,
                         wage_claim: bool, today: date) -> Calculation:
    """Estimate the last day to apply for labour arbitration.

    劳动争议调解仲裁法 第27条: one year from when the worker knew or should
    have known of the violation (第1款); for unpaid wages during employment
    the limit does not run while employed, and runs one year from the end of
    employment (第4款).  Interruption and suspension (第2、3款) depend on
    facts the calculator does not have, so they are only mentioned.
    """
    _check_dates(knew_date, still_employed, left_date, wage_claim, today)
    citations = [(ARBITRATION_LAW, 27)]
    caveats = [
        "如果你已经向单位要过钱、向劳动监察等部门投诉过，或者单位答应过支付，时效从那时起重新计算（第27条第2款）。",
        "因不可抗力或其他正当理由不能申请的，时效中止，理由消除后继续计算（第27条第3款）。",
        "截止日按一年后的同一天估算；最后一天具体怎么算（例如遇到节假日）以仲裁委认定为准，请不要拖到最后几天。",
    ]
    if wage_claim and still_employed:
        steps = [
            "你还在职，劳动关系存续期间因拖欠劳动报酬发生的争议，申请仲裁不受一年时效的限制（第27条第4款）。",
            "但是一旦离职（劳动关系终止），要在离职之日起一年内申请仲裁。",
        ]
        return Calculation("劳动仲裁时效", None, steps, citations, caveats, None, ("not_running",))
    if wage_claim and left_date is not None:
        deadline = _one_year_later(left_date)
        steps = [
            f"你在 {_cn_date(left_date)} 离职。拖欠工资的争议，离职后要在劳动关系终止之日起一年内申请仲裁（第27条第4款）。",
            f"申请仲裁的截止日约为 {_cn_date(deadline)}。",
        ]
    else:
        deadline = _one_year_later(knew_date)
        steps = [
            f"你知道（或应当知道）权利被侵害的日期是 {_cn_date(knew_date)}。",
            f"仲裁时效为一年，从这一天起算（第27条第1款），截止日约为 {_cn_date(deadline)}。",
        ]
    status_steps, flags = _deadline_status(deadline, today)
    return Calculation("劳动仲裁时效", None, [*steps, *status_steps], citations, caveats, deadline, flags)
