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
    "annual_leave_pay",
    "arbitration_deadline",
    "double_wages",
    "injury_disability_benefits",
    "notice_pay",
    "overtime_pay",
    "plain_number",
    "probation_pay",
    "severance",
    "unlawful_termination",
    "unpaid_wages",
]

LABOR_CONTRACT_LAW = "劳动合同法"
IMPLEMENTING_REGULATIONS = "劳动合同法实施条例"
LABOR_LAW = "劳动法"
WAGE_PAYMENT_RULES = "工资支付暂行规定"
ARBITRATION_LAW = "劳动争议调解仲裁法"
ANNUAL_LEAVE_REGULATIONS = "职工带薪年休假条例"
ANNUAL_LEAVE_MEASURES = "企业职工带薪年休假实施办法"
WORK_INJURY_REGULATIONS = "工伤保险条例"
ZHEJIANG_WORK_INJURY = "浙江省工伤保险条例"
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
MAX_LEAVE_DAYS = 366.0


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


def plain_number(value: float) -> str:
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
        f"从开始上班（用工之日）起，没签书面劳动合同共 {plain_number(months)} 个月。",
        "上班后第一个月是签合同的期限（应当自用工之日起一个月内订立书面劳动合同），这个月不算二倍工资。",
        "二倍工资从满一个月的次日起算，最多算到满一年的前一日，所以最多 11 个月。",
        f"可以主张二倍工资的月数：{plain_number(payable)} 个月。",
        f"每月工资已经发了一倍，还可以另外要一倍的差额：{_yuan(wage)} × {plain_number(payable)} = {_yuan(wage * payable)}。",
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
        return f"{plain_number(rest_months)}个月"
    return f"{full_years}年{plain_number(rest_months)}个月"


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
    text = f"工作年限 {_service_text(full_years, rest)}，按 {plain_number(n)} 个月计算（{rule}）。"
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
            steps.append(f"工资超过三倍封顶时，年限最多算12年：按 12 个月计算，而不是 {plain_number(months)} 个月。")
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
    steps = [*base.steps, f"经济补偿 = {plain_number(base.months)} 个月 × {_yuan(base.base_wage)} = {_yuan(amount)}。"]
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
        f"经济补偿标准 = {plain_number(base.months)} 个月 × {_yuan(base.base_wage)} = {_yuan(single)}。",
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
        steps.append(f"{label} {plain_number(hours)} 小时 × {_yuan(hourly)} × {percent} = {_yuan(pay)}。")
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
            f"如果这 {plain_number(weekday)} 小时是一个月内的延长工作时间，已超过法律规定的每月不超过36小时的上限（劳动法第41条），可以向劳动监察部门反映。"
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


# --------------------------------------------------------------------------
# Unpaid wages (欠薪)
# --------------------------------------------------------------------------


def unpaid_wages(amount_owed: float | None = None, monthly_wage: float | None = None,
                 months_unpaid: float | None = None, amount_paid: float | None = None) -> Calculation:
    """The sum still owed, from the worker's own total or from wage × months unpaid.

    There is no formula in the law for arrears; the point is to put the figure the
    worker will claim in writing, with what was already paid taken off, next to the
    articles that make paying it in full and on time an obligation (劳动法 第50条,
    工资支付暂行规定 第7条).  A stated total wins over wage × months because the
    worker knows the deductions and partial payments we do not.
    """
    if amount_owed is not None:
        owed = _check_wage("amount_owed", amount_owed)
        steps = [f"您说单位一共欠您 {_yuan(owed)}。"]
    elif monthly_wage is not None and months_unpaid is not None:
        wage = _check_wage("monthly_wage", monthly_wage)
        months = _check_number("months_unpaid", months_unpaid, low=0, high=MAX_MONTHS, allow_low=False)
        owed = wage * months
        steps = [f"每月工资 {_yuan(wage)} × 欠了 {plain_number(months)} 个月 = {_yuan(owed)}。"]
    else:
        raise ValueError("need amount_owed, or monthly_wage and months_unpaid")
    still = owed
    if amount_paid is not None:
        paid = _check_number("amount_paid", amount_paid, low=0, high=MAX_MONTHLY_WAGE * MAX_MONTHS, allow_low=True)
        still = max(0.0, owed - paid)
        if paid >= owed:
            steps.append(f"单位已经付了 {_yuan(paid)}，不少于欠款，按您说的数字已经没有欠款。")
        else:
            steps.append(f"单位已经付了 {_yuan(paid)}，还欠 {_yuan(owed)} − {_yuan(paid)} = {_yuan(still)}。")
    steps.append("工资应当以货币形式按月支付给本人，在约定的日期支付，至少每月一次；不得克扣或者无故拖欠。")
    caveats = [
        "单位拖欠或者没有足额支付工资的，您可以向当地人民法院申请支付令（劳动合同法第30条），"
        "也可以申请劳动仲裁（劳动争议调解仲裁法第2条）。",
        "劳动行政部门责令限期支付后单位逾期不付的，还要按应付金额的50%以上100%以下加付赔偿金（劳动合同法第85条）。",
        "依法解除或者终止劳动合同时，单位应当一次付清工资（工资支付暂行规定第9条）。",
        "请保留工资条、考勤、聊天记录、欠条等证据。",
    ]
    citations = [(LABOR_LAW, 50), (WAGE_PAYMENT_RULES, 7), (LABOR_CONTRACT_LAW, 30),
                 (ARBITRATION_LAW, 2), (LABOR_CONTRACT_LAW, 85), (WAGE_PAYMENT_RULES, 9)]
    return Calculation("被拖欠的工资", _money(still), steps, citations, caveats)


# --------------------------------------------------------------------------
# Probation wage shortfall (试用期工资)
# --------------------------------------------------------------------------

# 劳动合同法 第19条: the longest lawful probation is six months.
MAX_PROBATION_MONTHS = 6.0


def probation_pay(agreed_wage: float, paid_wage: float, months: float,
                  minimum_wage: float | None = None) -> Calculation:
    """Wages short-paid during probation.

    劳动合同法 第20条 and 实施条例 第15条 set three floors for the probation
    wage: the lowest grade of the same post, 80% of the agreed wage, and the
    local minimum wage.  Only the 80% floor (and the minimum wage, when the
    caller knows it) can be computed from what a worker tells us; the
    same-post grade can only raise the floor, so it is left as a caveat.
    """
    agreed = _check_wage("agreed_wage", agreed_wage)
    paid = _check_number("paid_wage", paid_wage, low=0, high=MAX_MONTHLY_WAGE, allow_low=True)
    n = _check_number("months", months, low=0, high=MAX_MONTHS, allow_low=False)
    minimum = _check_optional_wage("minimum_wage", minimum_wage)
    eighty = _money(agreed * 80 / 100)
    steps = [f"试用期工资不得低于劳动合同约定工资的80%：{_yuan(agreed)} × 80% = {_yuan(eighty)}。"]
    floor = eighty
    if minimum is not None:
        if minimum > eighty:
            floor = minimum
            steps.append(f"试用期工资也不得低于当地最低工资标准 {_yuan(minimum)}，它更高，所以按 {_yuan(minimum)} 算。")
        else:
            steps.append(f"当地最低工资标准 {_yuan(minimum)} 不高于这个数，仍按 {_yuan(eighty)} 算。")
    short = _money(max(0.0, floor - paid))
    if short > 0:
        steps.append(f"每月实际发了 {_yuan(paid)}，每月少发 {_yuan(floor)} − {_yuan(paid)} = {_yuan(short)}。")
    else:
        steps.append(f"每月实际发了 {_yuan(paid)}，不低于 {_yuan(floor)}，按这一条算没有少发。")
    total = short * n
    steps.append(f"试用期 {plain_number(n)} 个月，共少发 {_yuan(short)} × {plain_number(n)} = {_yuan(total)}。")
    caveats = ["本单位相同岗位最低档工资如果更高，试用期工资也不得低于它，差额会更多。"]
    if minimum is None:
        caveats.append("试用期工资还不得低于当地最低工资标准；这里没有当地的数字，请查当地人社部门公布的标准再核对。")
    citations = [(LABOR_CONTRACT_LAW, 20), (IMPLEMENTING_REGULATIONS, 15)]
    if n > 1:
        caveats.append(
            "试用期有上限：合同期限三个月以上不满一年的不超过一个月，一年以上不满三年的不超过二个月，"
            "三年以上固定期限和无固定期限的不超过六个月（劳动合同法第19条）。"
            "违法约定的试用期已经履行的，单位要按试用期满月工资、按超过的期间另付赔偿金（第83条）。"
        )
        citations += [(LABOR_CONTRACT_LAW, 19), (LABOR_CONTRACT_LAW, 83)]
    flags = ("over_six_months",) if n > MAX_PROBATION_MONTHS else ()
    return Calculation("试用期少发的工资", _money(total), steps, citations, caveats, None, flags)


# --------------------------------------------------------------------------
# Unused paid annual leave (未休年休假工资)
# --------------------------------------------------------------------------


def _leave_entitlement(years: float) -> tuple[int, str]:
    """Days of annual leave per year by cumulative working years (条例 第3条)."""
    if years >= 20:
        return 15, "已满20年"
    if years >= 10:
        return 10, "已满10年不满20年"
    if years >= 1:
        return 5, "已满1年不满10年"
    return 0, "不满1年"


def annual_leave_pay(monthly_wage: float, unused_days: float, career_years: float | None = None) -> Calculation:
    """Extra pay owed for annual leave days not taken.

    条例 第5条 and 实施办法 第10条 pay 300% of the daily wage for each unused
    day, and 第10条 says that 300% includes the normal wage already paid for
    working that day — so what is still owed is the extra 200%.  The daily
    wage is the monthly wage ÷ 21.75 (实施办法 第11条).  With the career
    length known, the days are capped at the yearly entitlement (条例 第3条),
    because a worker cannot be owed more days than the law gives.
    """
    wage = _check_wage("monthly_wage", monthly_wage)
    days = _check_number("unused_days", unused_days, low=0, high=MAX_LEAVE_DAYS, allow_low=True)
    years = None if career_years is None else _check_number(
        "career_years", career_years, low=0, high=MAX_YEARS_OF_SERVICE, allow_low=True)
    citations = [(ANNUAL_LEAVE_REGULATIONS, 5), (ANNUAL_LEAVE_MEASURES, 10), (ANNUAL_LEAVE_MEASURES, 11)]
    steps: list[str] = []
    caveats: list[str] = []
    flags: tuple[str, ...] = ()
    if years is None:
        caveats.append(
            "每年能休几天看累计工作年限（在不同单位的工作时间都算）：满1年不满10年5天，满10年不满20年10天，"
            "满20年15天（条例第3条）。没休的天数不能超过应休的天数。"
        )
        citations += [(ANNUAL_LEAVE_REGULATIONS, 3), (ANNUAL_LEAVE_MEASURES, 4)]
    else:
        entitled, bracket = _leave_entitlement(years)
        citations += [(ANNUAL_LEAVE_REGULATIONS, 2), (ANNUAL_LEAVE_REGULATIONS, 3), (ANNUAL_LEAVE_MEASURES, 4)]
        if entitled:
            steps.append(f"累计工作 {plain_number(years)} 年（{bracket}），每年年休假 {entitled} 天。")
        else:
            steps.append("累计工作不满1年：连续工作1年以上才享受年休假，所以还没有年休假。")
        if days > entitled:
            steps.append(f"您说没休 {plain_number(days)} 天，超过了每年应休的 {entitled} 天，只能按 {entitled} 天算。")
            days = float(entitled)
            flags = ("capped",)
    daily = wage / PAID_DAYS_PER_MONTH
    total = daily * 3 * days
    owed = daily * 2 * days
    steps += [
        f"日工资 = 月工资 {_yuan(wage)} ÷ 21.75 天 = {_yuan(daily)}。",
        f"应休未休的年休假按日工资的300%支付：{_yuan(daily)} × 300% × {plain_number(days)} 天 = {_yuan(total)}。",
        "这300%里包括上班时已经发的正常工资（100%），所以还应另外支付200%："
        f"{_yuan(daily)} × 200% × {plain_number(days)} 天 = {_yuan(owed)}。",
    ]
    caveats += [
        "这里的月工资应是单位支付未休年休假工资报酬前12个月、剔除加班工资后的月平均工资；在本单位不满12个月的按实际月份平均（实施办法第11条）。",
        "如果单位安排了年休假，而您因本人原因书面提出不休，单位可以只发正常工资，没有这200%（实施办法第10条第2款）。",
        "新入职当年或当年离职的，应休天数按在本单位的日历天数折算，不足1整天的不算（实施办法第5条、第12条）。",
        "当年请事假累计20天以上且单位不扣工资，或者病假累计达到规定时间的，不享受当年的年休假（条例第4条）。",
    ]
    citations += [(ANNUAL_LEAVE_MEASURES, 5), (ANNUAL_LEAVE_MEASURES, 12), (ANNUAL_LEAVE_REGULATIONS, 4)]
    return Calculation("未休年休假工资", _money(owed), steps, citations, caveats, None, flags)


# --------------------------------------------------------------------------
# Work-injury disability benefits (工伤伤残待遇)
# --------------------------------------------------------------------------

# 工伤保险条例 第35-37条 (一) items: months of 本人工资 for the 一次性伤残补助金.
DISABILITY_LUMP_SUM_MONTHS = {1: 27, 2: 25, 3: 23, 4: 21, 5: 18, 6: 16, 7: 13, 8: 11, 9: 9, 10: 7}
# 第35条 (二) (grades 1-4, paid by the fund) and 第36条 (二) (grades 5-6, paid by the employer
# when no suitable work is arranged): 伤残津贴 as a percentage of 本人工资 per month.
DISABILITY_ALLOWANCE_PERCENT = {1: 90, 2: 85, 3: 80, 4: 75, 5: 70, 6: 60}
# 浙江省工伤保险条例 第27条 第2款: months of the provincial average monthly wage for each of the
# 一次性工伤医疗补助金 and 一次性伤残就业补助金 when a grade 5-10 worker's employment ends.
ZHEJIANG_SEPARATION_MONTHS = {5: 30, 6: 25, 7: 10, 8: 7, 9: 4, 10: 2}
# 工伤保险条例 第64条: 本人工资 is bounded to 60%-300% of the local average wage.
INJURY_WAGE_FLOOR_PERCENT = 60
INJURY_WAGE_CAP_PERCENT = 300
_GRADE_ZH = ("", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十")


def _check_grade(grade: int) -> int:
    if isinstance(grade, bool) or not isinstance(grade, int) or not 1 <= grade <= 10:
        raise ValueError(f"grade must be an int from 1 to 10, got {grade!r}")
    return grade


def _injury_wage(wage: float, local_avg: float | None) -> tuple[float, list[str]]:
    """Apply the 60%/300% bounds of 第64条 when the local average wage is known."""
    if local_avg is None:
        return wage, []
    low = local_avg * INJURY_WAGE_FLOOR_PERCENT / 100
    high = local_avg * INJURY_WAGE_CAP_PERCENT / 100
    if wage > high:
        return high, [f"本人工资 {_yuan(wage)} 高于统筹地区职工平均工资 {_yuan(local_avg)} 的300%，"
                      f"按 {_yuan(high)} 算。"]
    if wage < low:
        return low, [f"本人工资 {_yuan(wage)} 低于统筹地区职工平均工资 {_yuan(local_avg)} 的60%，按 {_yuan(low)} 算。"]
    return wage, [f"本人工资 {_yuan(wage)} 在统筹地区职工平均工资的60%到300%之间，按本人工资算。"]


_Separation = tuple[list[str], list[str], list[tuple[str, int]], tuple[str, ...]]


def _separation_steps(grade: int, province: str | None, provincial_avg: float | None) -> _Separation:
    """Grades 5-10: the two lump sums on leaving, which the national text leaves to provinces."""
    if grade <= 6:
        steps = ["您本人提出的，可以和单位解除或者终止劳动关系，这时由工伤保险基金支付一次性工伤医疗补助金，"
                 "由单位支付一次性伤残就业补助金。"]
    else:
        steps = ["劳动合同期满终止，或者您本人提出解除劳动合同的，由工伤保险基金支付一次性工伤医疗补助金，"
                 "由单位支付一次性伤残就业补助金。"]
    if province != "浙江":
        steps.append("这两项的具体标准由省、自治区、直辖市人民政府规定；这里没有您所在省份的标准，没有计算。")
        return steps, [], [], ("provincial_rates_not_computed",)
    months = ZHEJIANG_SEPARATION_MONTHS[grade]
    rule = (f"浙江的标准：这两项均以解除或者终止劳动关系时上年度全省职工月平均工资为基数，"
            f"{_GRADE_ZH[grade]}级伤残分别按 {months} 个月计发")
    if provincial_avg is None:
        steps.append(rule + "。全省职工月平均工资以省里公布的数字为准，这里没有，所以没有算出金额。")
        flags: tuple[str, ...] = ("provincial_average_missing",)
    else:
        each = provincial_avg * months
        steps.append(rule + f"：每项 {_yuan(provincial_avg)} × {months} = {_yuan(each)}，两项合计 {_yuan(2 * each)}。")
        flags = ()
    caveats = ["离法定退休年龄不足五年的，一次性伤残就业补助金按每增加一周岁递减20%支付（浙江省工伤保险条例第27条）。"]
    return steps, caveats, [(ZHEJIANG_WORK_INJURY, 27)], flags


def injury_disability_benefits(grade: int, monthly_wage: float, province: str | None = None, *,
                               local_avg_monthly_wage: float | None = None,
                               provincial_avg_monthly_wage: float | None = None) -> Calculation:
    """The 一次性伤残补助金 for a disability grade, and what else that grade brings.

    工伤保险条例 第35-37条 fix the lump sum in months of 本人工资 by grade; it
    is the one amount the national text lets us compute from the grade and a
    wage.  The monthly 伤残津贴 (grades 1-6) is shown per month in the steps.
    For grades 5-10 the two lump sums on leaving are set by each province:
    only 浙江's are in our texts (浙江省工伤保险条例 第27条), and even those
    need the provincial average wage, which the caller may pass.  本人工资
    is bounded by 第64条; the bounds are applied only when the local average
    wage is given, otherwise they are a caveat.
    """
    g = _check_grade(grade)
    wage = _check_wage("monthly_wage", monthly_wage)
    local_avg = _check_optional_wage("local_avg_monthly_wage", local_avg_monthly_wage)
    provincial_avg = _check_optional_wage("provincial_avg_monthly_wage", provincial_avg_monthly_wage)
    article = 35 if g <= 4 else 36 if g <= 6 else 37
    base, steps = _injury_wage(wage, local_avg)
    months = DISABILITY_LUMP_SUM_MONTHS[g]
    lump = base * months
    steps.append(f"{_GRADE_ZH[g]}级伤残的一次性伤残补助金是 {months} 个月的本人工资："
                 f"{_yuan(base)} × {months} = {_yuan(lump)}，由工伤保险基金支付。")
    citations = [(WORK_INJURY_REGULATIONS, article), (WORK_INJURY_REGULATIONS, 64)]
    caveats: list[str] = []
    flags: tuple[str, ...] = ()
    if g <= 4:
        percent = DISABILITY_ALLOWANCE_PERCENT[g]
        steps += [
            "一级至四级伤残保留劳动关系，退出工作岗位。",
            f"另外每月从工伤保险基金领取伤残津贴，为本人工资的{percent}%：{_yuan(base)} × {percent}% = "
            f"{_yuan(base * percent / 100)}（每月）；低于当地最低工资标准的，由工伤保险基金补足差额。",
        ]
    else:
        if g <= 6:
            percent = DISABILITY_ALLOWANCE_PERCENT[g]
            steps.append(
                f"保留劳动关系，由单位安排适当工作；难以安排工作的，单位每月发伤残津贴，为本人工资的{percent}%："
                f"{_yuan(base)} × {percent}% = {_yuan(base * percent / 100)}（每月）；"
                "低于当地最低工资标准的，由单位补足差额。"
            )
        more_steps, more_caveats, more_citations, flags = _separation_steps(g, province, provincial_avg)
        steps += more_steps
        caveats += more_caveats
        citations += more_citations
    if local_avg is None:
        caveats.insert(0, "“本人工资”是受伤前12个月的平均月缴费工资；高于统筹地区职工平均工资300%的按300%算，"
                          "低于60%的按60%算（第64条）。请按当地公布的平均工资核对。")
    caveats += [
        "伤残等级以劳动能力鉴定的结论为准（第21条、第22条）。",
        "单位没有给您交工伤保险的，这些待遇由单位按同样的项目和标准支付（第62条）。",
    ]
    citations += [(WORK_INJURY_REGULATIONS, 21), (WORK_INJURY_REGULATIONS, 22), (WORK_INJURY_REGULATIONS, 62)]
    return Calculation(f"{_GRADE_ZH[g]}级伤残一次性伤残补助金", _money(lump), steps, citations, caveats, None, flags)
