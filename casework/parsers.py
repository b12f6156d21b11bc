"""Parse colloquial Chinese quantities out of hotline workers' messages.

Workers write the way they talk: "三千五", "一年多", "去年5月", "五十多个工人".
The calculators need plain numbers, so every parser here turns one kind of
quantity into a Python value and returns ``None`` when it finds nothing, so
the dialogue can ask a follow-up question instead of guessing.

Design choices that apply throughout:

* Vague quantities ("两万多", "一年多", "十几个人") resolve to their *lower
  bound*.  A lower bound never overstates what the worker can claim, and the
  assistant can always ask for the exact figure.
* When a message contains several candidates, the *first* one in reading
  order wins, because workers usually state the fact they are asking about
  first.
* Everything is pure string processing: no I/O, no global state, and no
  function raises on arbitrary text.
"""

from __future__ import annotations

import calendar
import datetime
import math
import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

from knowledge.numerals import ascii_digits, chinese_number

__all__ = [
    "DateSpan",
    "Place",
    "Span",
    "chinese_number",
    "date_spans",
    "duration_spans",
    "headcount_spans",
    "money_spans",
    "parse_city",
    "parse_date",
    "parse_duration_months",
    "parse_employer",
    "parse_headcount",
    "parse_money",
    "parse_place",
    "parse_province",
]


class Span(NamedTuple):
    """Where a quantity is written (text[start:end]) and its value.

    Fact extraction needs every quantity of a message with its position, to
    read the cue words around each one; the parse_* functions only return
    the first value.
    """

    start: int
    end: int
    value: float

# --------------------------------------------------------------------------
# Money
# --------------------------------------------------------------------------

_CN_DIGIT_CHARS = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
_CN_UNIT_CHARS = "十拾百佰千仟万萬亿"
_ARABIC = r"\d{1,3}(?:,\d{3}(?!\d))+(?:\.\d+)?|\d+(?:\.\d+)?"
_MONEY_NUM_RE = re.compile(
    rf"(?<![\d.])(?:{_ARABIC}|[{_CN_DIGIT_CHARS}十拾])"
    rf"(?:{_ARABIC}|[{_CN_DIGIT_CHARS}{_CN_UNIT_CHARS}])*"
)
# Dates and clock times are removed before looking for money so "2025-03-15"
# or "8:30" never read as amounts.
_DATE_LIKE_RE = re.compile(
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{4}[-/]\d{1,2}(?!\d)|\d{1,2}:\d{2}"
)
_RANGE_RE = re.compile(r"([一二两三四五六七八九])[两二三四五六七八九](?=[十百千万])")

_VAGUE = ("多", "余", "来", "几", "左右", "上下", " ")
_CURRENCY_AFTER = ("元", "块", "圆", "人民币", "rmb", "RMB")
_MONEY_BEFORE = (
    "工资", "薪", "收入", "到手", "欠", "补偿", "赔偿", "赔", "罚", "扣", "给",
    "发", "拿", "挣", "赚", "奖金", "提成", "费", "钱", "¥", "￥", "人民币",
    "月入", "每月", "一个月",
)
# Units of things other than money: "3个月", "2025年", "50人", "第47条"…
# Single characters that often start ordinary words after a wage
# ("5000包吃住", "3000只发了一半", "5000家里急用") are deliberately absent.
_NOT_MONEY_AFTER = (
    "年", "个", "月", "日", "号", "天", "周", "星期", "礼拜", "小时", "钟",
    "点", "秒", "岁", "人", "名", "位", "条", "次", "倍", "%", "％", "楼",
    "层", "栋", "幢", "斤", "公斤", "吨", "米", "公里", "平米", "平方", "件",
    "台", "辆", "套", "双", "箱", "张", "遍", "趟", "度", "°", "热线", "你好",
    "您好", "电话",
)
_NOT_MONEY_BEFORE = (
    "第", "工号", "编号", "号码", "电话", "手机", "拨打", "致电", "热线",
    "身份证", "卡号", "尾号",
)


def _skip_vague(text: str, pos: int) -> int:
    """Skip "多/来/左右" after a number so the real unit can be inspected."""
    moved = True
    while moved:
        moved = False
        for word in _VAGUE:
            if text.startswith(word, pos):
                pos += len(word)
                moved = True
    return pos


def _letter_multiplier(text: str, pos: int) -> tuple[float, int]:
    """Read "k"/"w" shorthand (3.5k, 1.2w) that workers type on phones."""
    if pos < len(text) and text[pos] in "kKwW":
        nxt = text[pos + 1] if pos + 1 < len(text) else ""
        if not (nxt.isascii() and nxt.isalpha()):
            return (1000.0 if text[pos] in "kK" else 10_000.0), pos + 1
    return 1.0, pos


def _candidate_value(raw: str) -> float | None:
    """Value of a money candidate, reading "三四千" as its lower bound."""
    value = chinese_number(raw)
    if value is None:
        value = chinese_number(_RANGE_RE.sub(r"\1", raw))
    return value


def _money_at(text: str, match: re.Match[str]) -> float | None:
    """Decide whether one numeric match is money and return its amount."""
    raw = match.group()
    before = text[max(0, match.start() - 6): match.start()]
    if before.endswith(_NOT_MONEY_BEFORE):
        return None
    multiplier, end = _letter_multiplier(text, match.end())
    after = text[_skip_vague(text, end):]
    explicit = multiplier != 1.0 or after.startswith(_CURRENCY_AFTER)
    hinted_before = any(word in before for word in _MONEY_BEFORE)
    # "工资6960 周末加班", "月薪6525 年假5天": after a wage word, a space ends the amount, so
    # the unit check does not reach into the next clause.
    spaced = end < len(text) and text[end].isspace() and hinted_before
    if not explicit and not spaced and after.startswith(_NOT_MONEY_AFTER):
        return None
    value = _candidate_value(raw)
    if value is None:
        return None
    has_arabic = any(ch.isdigit() for ch in raw)
    if has_arabic and re.fullmatch(r"\d{11,}", raw):
        return None  # phone / ID numbers, never a wage
    hinted = any(word in before for word in _MONEY_BEFORE)
    has_unit = any(ch in _CN_UNIT_CHARS for ch in raw)
    # Chinese numerals also occur inside ordinary words (一直, 五险一金), so
    # without a money cue they count only when they look like an amount.
    if not (has_arabic or explicit or (has_unit and (hinted or value >= 100))):
        return None
    return value * multiplier


_MONEY_TAIL_RE = re.compile(r"(?:多|余|来|左右|上下)*(?:块钱|元钱|元|块|圆|人民币)?")


def _money_end(text: str, end: int) -> int:
    """End of an amount including its "k"/"w", "多" and "元/块" tail."""
    multiplier, end = _letter_multiplier(text, end)
    tail = _MONEY_TAIL_RE.match(text, end)
    return tail.end() if tail else end


def money_spans(text: str) -> list[Span]:
    """Every yuan amount in ``text`` with its position, in reading order.

    The same reading as ``parse_money``; a message often holds several sums
    (wage, sum owed, sum paid) and the caller decides which is which.
    """
    normalized = _DATE_LIKE_RE.sub(lambda m: " " * len(m.group()), ascii_digits(text))
    spans = []
    for match in _MONEY_NUM_RE.finditer(normalized):
        value = _money_at(normalized, match)
        if value is not None and math.isfinite(value):
            spans.append(Span(match.start(), _money_end(normalized, match.end()), value))
    return spans


def parse_money(text: str) -> float | None:
    """Return the first yuan amount in ``text``, or None.

    Accepts "3500", "3,500元", "三千五", "3.5k", "一万二", "1.2万", "8千",
    "五千块", "月薪6000".  "两万多" gives 20000 (lower bound).  Numbers that
    are clearly something else — "3个月", "2025年", "50个人", "第47条",
    dates, clock times, phone numbers — are skipped.
    """
    spans = money_spans(text)
    return spans[0].value if spans else None


# --------------------------------------------------------------------------
# Durations
# --------------------------------------------------------------------------

# Numbers are bounded and may not start inside a longer run of numerals:
# both keep the regexes linear on pathological input such as "一" * 5000.
_DUR_NUM = r"[0-9.零〇一二两三四五六七八九十百]{1,12}"
_NOT_AFTER_NUM = r"(?<![第0-9.零〇一二两三四五六七八九十百千万])"
_LOWER = r"(?:多|来|余|几)"
_DURATION_RE = re.compile(
    rf"{_NOT_AFTER_NUM}(?P<y>{_DUR_NUM}){_LOWER}?个?年(?![薪终假龄级纪代])(?P<yh>半)?{_LOWER}?"
    rf"(?:(?:零|又)?(?P<m>{_DUR_NUM}){_LOWER}?个?(?P<mh>半)?{_LOWER}?月)?"
    rf"|{_NOT_AFTER_NUM}(?P<m2>{_DUR_NUM}){_LOWER}?个(?P<mh2>半)?{_LOWER}?月"
    r"|(?<![上下前后])(?P<half_year>半年)"
    r"|(?P<half_month>半个多?月)"
)
_WEEKS_RE = re.compile(
    rf"{_NOT_AFTER_NUM}(?P<w>{_DUR_NUM}){_LOWER}?个?{_LOWER}?(?:周|星期|礼拜)(?![一二三四五六日天末])"
)
_WEEKS_PER_MONTH = 4.0


def _duration_from_match(match: re.Match[str]) -> float | None:
    """Convert one duration match to months; None for calendar years."""
    if match.group("half_year"):
        return 6.0
    if match.group("half_month"):
        return 0.5
    if match.group("m2") is not None:
        months = chinese_number(match.group("m2"))
        if months is None:
            return None
        return months + (0.5 if match.group("mh2") else 0.0)
    years = chinese_number(match.group("y"))
    if years is None or years >= 100:
        return None  # "2025年" is a date, not a length of service
    months = years * 12 + (6.0 if match.group("yh") else 0.0)
    if match.group("m") is not None:
        extra = chinese_number(match.group("m"))
        if extra is None or extra >= 12:
            return None
        months += extra + (0.5 if match.group("mh") else 0.0)
    return months


def duration_spans(text: str) -> list[Span]:
    """Every length of time in ``text`` (years, months, weeks) in months, in reading order.

    Unlike ``parse_duration_months`` weeks are always included: the caller
    reads the cue words around each span and drops the ones about schedules.
    """
    normalized = ascii_digits(text)
    spans = []
    for match in _DURATION_RE.finditer(normalized):
        months = _duration_from_match(match)
        if months is not None:
            spans.append(Span(match.start(), match.end(), months))
    for match in _WEEKS_RE.finditer(normalized):
        weeks = chinese_number(match.group("w"))
        if weeks is not None:
            spans.append(Span(match.start(), match.end(), weeks / _WEEKS_PER_MONTH))
    return sorted(spans)


def parse_duration_months(text: str) -> float | None:
    """Return the first length of time in ``text`` in months, or None.

    "一个多月" → 1, "半年" → 6, "一年半" → 18, "两年零三个月" → 27,
    "一年多" → 12 (lower bound).  Weeks count as a quarter month ("三周" →
    0.75): a deliberately simple approximation (a month is really ~4.35
    weeks) that slightly overstates short stints; it is used only when no
    year/month expression is present, since "一周六天" is usually about
    schedules, not length of service.  Days are not parsed for the same
    reason ("一天干12小时").
    """
    normalized = ascii_digits(text)
    for match in _DURATION_RE.finditer(normalized):
        months = _duration_from_match(match)
        if months is not None:
            return months
    for match in _WEEKS_RE.finditer(normalized):
        weeks = chinese_number(match.group("w"))
        if weeks is not None:
            return weeks / _WEEKS_PER_MONTH
    return None


# --------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------

_YEAR_NUM = r"\d{4}|\d{2}|[零〇一二三四五六七八九]{4}"
_MONTH_NUM = r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"
_DAY_NUM = r"3[01]|[12]\d|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]"
_RELATIVE_YEARS = {"大前": -3, "前": -2, "去": -1, "今": 0, "明": 1}
_RELATIVE_DAYS = {"大前天": -3, "前天": -2, "昨天": -1, "昨日": -1, "今天": 0, "今日": 0}
_RELATIVE_MONTHS = {"上上个月": -2, "上上月": -2, "上个月": -1, "上月": -1,
                    "这个月": 0, "本月": 0, "这月": 0, "下个月": 1}

_ISO_DATE_RE = re.compile(r"(?<!\d)(?P<y>\d{4})([-/.])(?P<m>\d{1,2})\2(?P<d>\d{1,2})(?!\d)")
_ISO_MONTH_RE = re.compile(r"(?<!\d)(?P<y>\d{4})[-/](?P<m>\d{1,2})(?![\d/-])")
_CN_DATE_RE = re.compile(
    rf"(?:(?<![\d零〇一二三四五六七八九])(?P<y>{_YEAR_NUM})|(?P<rel>大前|前|去|今|明))年"
    rf"(?:(?P<m>{_MONTH_NUM})月份?(?:(?P<d>{_DAY_NUM})[日号])?|年?(?P<end>底|末)|年?初)?"
)
_MONTH_DAY_RE = re.compile(
    rf"(?<![\d年个零〇一二三四五六七八九十])(?P<m>{_MONTH_NUM})月份?(?:(?P<d>{_DAY_NUM})[日号])?"
)
_AGO_RE = re.compile(
    rf"{_NOT_AFTER_NUM}(?P<n>{_DUR_NUM}|半)(?P<unit>天|个?(?:星期|礼拜|周)|个多?月|年)多?(?:以)?前"
)
_WORD_DATE_RE = re.compile(
    "|".join(sorted([*_RELATIVE_DAYS, *_RELATIVE_MONTHS, "上周", "上个星期", "上星期", "上礼拜", "上个礼拜"],
                    key=len, reverse=True))
)


def _shift_months(day: datetime.date, months: int) -> datetime.date:
    """Move by whole calendar months, clamping to the month's last day."""
    year, month_index = divmod(day.year * 12 + day.month - 1 + months, 12)
    month = month_index + 1
    last_day = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last_day))


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    """Build a date, returning None for impossible ones like 2月30日."""
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _small_int(raw: str | None, default: int) -> int | None:
    """Parse a month/day/year part written in Arabic or Chinese digits."""
    if raw is None:
        return default
    value = chinese_number(raw)
    if value is None or value != int(value):
        return None
    return int(value)


def _full_year(raw: str, today: datetime.date) -> int | None:
    """Expand two-digit years ("25年") to the most recent matching year."""
    year = _small_int(raw, today.year)
    if year is None:
        return None
    if year < 100:
        year += 2000 if 2000 + year <= today.year + 1 else 1900
    return year


def _iso_date(match: re.Match[str], today: datetime.date) -> datetime.date | None:
    groups = match.groupdict()
    return _safe_date(int(groups["y"]), int(groups["m"]), int(groups.get("d") or 1))


def _cn_date(match: re.Match[str], today: datetime.date) -> datetime.date | None:
    if match.group("rel") is not None:
        year: int | None = today.year + _RELATIVE_YEARS[match.group("rel")]
    else:
        raw = match.group("y")
        if len(raw) == 2 and match.group("m") is None:
            return None  # "25年" alone is more likely 25 years of service
        year = _full_year(raw, today)
    if match.group("end"):
        month: int | None = 12
    else:
        month = _small_int(match.group("m"), 1)
    day = _small_int(match.group("d"), 1)
    if year is None or month is None or day is None:
        return None
    return _safe_date(year, month, day)


def _month_day(match: re.Match[str], today: datetime.date) -> datetime.date | None:
    month = _small_int(match.group("m"), 1)
    day = _small_int(match.group("d"), 1)
    if month is None or day is None:
        return None
    result = _safe_date(today.year, month, day)
    if result is not None and result > today:
        # Workers report past events; "11月5号" said in February is last year.
        result = _safe_date(today.year - 1, month, day)
    return result


def _ago(match: re.Match[str], today: datetime.date) -> datetime.date | None:
    raw, unit = match.group("n"), match.group("unit")
    amount = 0.5 if raw == "半" else chinese_number(raw)
    if amount is None:
        return None
    if unit == "天":
        return today - datetime.timedelta(days=int(amount))
    if unit.endswith(("星期", "礼拜", "周")):
        return today - datetime.timedelta(days=int(amount * 7))
    months = amount if unit.endswith("月") else amount * 12
    if months != int(months):
        return None
    return _shift_months(today, -int(months))


def _word_date(match: re.Match[str], today: datetime.date) -> datetime.date | None:
    word = match.group()
    if word in _RELATIVE_DAYS:
        return today + datetime.timedelta(days=_RELATIVE_DAYS[word])
    if word in _RELATIVE_MONTHS:
        return _shift_months(today.replace(day=1), _RELATIVE_MONTHS[word])
    # 上周 and friends: Monday of last week, the earliest day it can mean.
    return today - datetime.timedelta(days=today.weekday() + 7)


_DATE_RULES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str], datetime.date], datetime.date | None]], ...] = (
    (_ISO_DATE_RE, _iso_date),
    (_ISO_MONTH_RE, _iso_date),
    (_CN_DATE_RE, _cn_date),
    (_MONTH_DAY_RE, _month_day),
    (_AGO_RE, _ago),
    (_WORD_DATE_RE, _word_date),
)


def _date_candidates(text: str, today: datetime.date) -> Iterator[tuple[int, int, datetime.date]]:
    """Yield (start, -length, date) for every date expression found."""
    for pattern, convert in _DATE_RULES:
        for match in pattern.finditer(text):
            try:
                result = convert(match, today)
            except (OverflowError, ValueError):
                continue  # e.g. "99999年前": outside the calendar, not a date
            if result is not None:
                yield match.start(), -len(match.group()), result


_MONTH_WORD_DAY_RE = re.compile(
    "(?P<rel>" + "|".join(sorted(_RELATIVE_MONTHS, key=len, reverse=True)) + rf")(?P<d>{_DAY_NUM})[日号]"
)


def _month_word_day(match: re.Match[str], today: datetime.date) -> datetime.date | None:
    """"上个月15号": a day in a month named relative to today."""
    month = _shift_months(today.replace(day=1), _RELATIVE_MONTHS[match.group("rel")])
    day = _small_int(match.group("d"), 1)
    return _safe_date(month.year, month.month, day) if day else None


_WEEKDAY_RE = re.compile(r"(?P<week>上上|上|这|本)(?:个)?(?:周|星期|礼拜)(?P<day>[一二三四五六日天])")
_WEEK_OFFSETS = {"上上": -14, "上": -7, "这": 0, "本": 0}
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}


def _weekday(match: re.Match[str], today: datetime.date) -> datetime.date | None:
    """"上周五": that weekday of the week named."""
    monday = today - datetime.timedelta(days=today.weekday())
    return monday + datetime.timedelta(days=_WEEK_OFFSETS[match.group("week")] + _WEEKDAYS[match.group("day")])


_DURATION_AGO_RE = re.compile(rf"(?:{_DURATION_RE.pattern})(?:以|之)?前")


def _duration_ago(match: re.Match[str], today: datetime.date) -> datetime.date | None:
    """"一年半前", "两年零三个月前": today minus a length of time."""
    months = _duration_from_match(match)
    if months is None:
        return None
    if months.is_integer():
        return _shift_months(today, -int(months))
    return today - datetime.timedelta(days=round(months * 30.44))


# Only date_spans reads these, so parse_date keeps its documented behaviour.
_SPAN_ONLY_DATE_RULES = (
    (_MONTH_WORD_DAY_RE, _month_word_day),
    (_WEEKDAY_RE, _weekday),
    (_DURATION_AGO_RE, _duration_ago),
)


class DateSpan(NamedTuple):
    """A date written at text[start:end]; ``precision`` is "day", "month" or "year".

    "去年" alone names a whole year: a caller that needs a day (a start date
    for length of service) can tell it apart from "去年3月".
    """

    start: int
    end: int
    value: datetime.date
    precision: str


def _precision(match: re.Match[str]) -> str:
    """How exactly one date match pins down the day."""
    groups = match.groupdict()
    if groups.get("d") or match.re in (_ISO_DATE_RE, _WORD_DATE_RE):
        return "day" if match.group() not in _RELATIVE_MONTHS else "month"
    if match.re is _WEEKDAY_RE:
        return "day"
    if match.re in (_AGO_RE, _DURATION_AGO_RE):
        if match.re is _DURATION_AGO_RE:
            return "month"
        return "day" if groups["unit"] == "天" or groups["unit"].endswith(("星期", "礼拜", "周")) else "month"
    if groups.get("m") or groups.get("end") or match.group().endswith("初"):
        return "month"
    return "year"


def date_spans(text: str, today: datetime.date) -> list[DateSpan]:
    """Every date in ``text``, in reading order, overlapping readings removed (the longest wins)."""
    normalized = ascii_digits(text)
    found: list[DateSpan] = []
    for pattern, convert in (*_DATE_RULES, *_SPAN_ONLY_DATE_RULES):
        for match in pattern.finditer(normalized):
            try:
                result = convert(match, today)
            except (OverflowError, ValueError):
                continue
            if result is not None:
                found.append(DateSpan(match.start(), match.end(), result, _precision(match)))
    kept: list[DateSpan] = []
    for span in sorted(found, key=lambda s: (s.start, s.start - s.end)):
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    return kept


def parse_date(text: str, today: datetime.date) -> datetime.date | None:
    """Return the first calendar date mentioned in ``text``, or None.

    Understands "2025-03-15", "2025.3.15", "2025年3月", "今年1月10号",
    "去年5月", "前年", "上个月", "三个月前", "昨天".  When only a month or a
    year is given the *first day* is used: the earliest possible day keeps
    deadline estimates on the safe side.  A bare "11月5号" that would lie in
    the future is read as last year's.
    """
    normalized = ascii_digits(text)
    candidates = sorted(_date_candidates(normalized, today), key=lambda c: (c[0], c[1]))
    return candidates[0][2] if candidates else None


# --------------------------------------------------------------------------
# Headcount
# --------------------------------------------------------------------------

_HEAD_NUM = r"[0-9零〇一二两三四五六七八九十百千万]{1,12}"
_HEADCOUNT_RE = re.compile(
    rf"{_NOT_AFTER_NUM}(?P<n>{_HEAD_NUM}){_LOWER}?(?:个|名|位|号)?{_LOWER}?"
    r"(?:工人|工友|员工|职工|农民工|同事|师傅|兄弟|姐妹|老乡|人(?!民|社|均|次|工智能))"
)


def headcount_spans(text: str) -> list[Span]:
    """Every number of people in ``text`` with its position (same reading as ``parse_headcount``)."""
    spans = []
    for match in _HEADCOUNT_RE.finditer(ascii_digits(text)):
        value = chinese_number(match.group("n"))
        if value is not None and value == int(value):
            spans.append(Span(match.start(), match.end(), value))
    return spans


def parse_headcount(text: str) -> int | None:
    """Return the first number of people in ``text``, or None.

    "五十多个工人" → 50, "一百多人" → 100, "十几个工友" → 10,
    "二十来个人" → 20 (lower bounds).  Only numbers followed by a word for
    people count, so "3个月" or "3000元" are never headcounts.
    """
    for match in _HEADCOUNT_RE.finditer(ascii_digits(text)):
        value = chinese_number(match.group("n"))
        if value is not None and value == int(value):
            return int(value)
    return None


# --------------------------------------------------------------------------
# Province
# --------------------------------------------------------------------------

_PROVINCES = (
    "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江",
    "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南",
    "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海", "台湾",
    "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门",
)
_CITY_TO_PROVINCE: dict[str, str] = {
    **dict.fromkeys(
        ("杭州", "宁波", "温州", "嘉兴", "湖州", "绍兴", "金华", "义乌", "台州",
         "衢州", "丽水", "舟山"), "浙江"),
    **dict.fromkeys(
        ("南京", "苏州", "无锡", "常州", "南通", "徐州", "扬州", "昆山", "泰州",
         "盐城", "镇江", "连云港", "淮安", "宿迁"), "江苏"),
    # 中山 is left out on purpose: almost every city has a 中山路.
    **dict.fromkeys(
        ("广州", "深圳", "东莞", "佛山", "珠海", "惠州", "汕头", "江门", "湛江",
         "肇庆"), "广东"),
    **dict.fromkeys(("合肥", "芜湖"), "安徽"),
    **dict.fromkeys(("福州", "厦门", "泉州", "漳州", "莆田"), "福建"),
    **dict.fromkeys(("南昌", "赣州"), "江西"),
    **dict.fromkeys(("济南", "青岛", "烟台", "潍坊", "临沂"), "山东"),
    **dict.fromkeys(("郑州", "洛阳"), "河南"),
    **dict.fromkeys(("武汉", "宜昌", "襄阳"), "湖北"),
    **dict.fromkeys(("长沙", "株洲"), "湖南"),
    **dict.fromkeys(("南宁", "桂林", "柳州"), "广西"),
    **dict.fromkeys(("海口", "三亚"), "海南"),
    **dict.fromkeys(("成都", "绵阳"), "四川"),
    **dict.fromkeys(("石家庄", "唐山", "保定", "廊坊"), "河北"),
    **dict.fromkeys(("沈阳", "大连"), "辽宁"),
    **dict.fromkeys(("呼和浩特", "包头", "内蒙"), "内蒙古"),
    "贵阳": "贵州", "昆明": "云南", "西安": "陕西", "兰州": "甘肃",
    "西宁": "青海", "银川": "宁夏", "乌鲁木齐": "新疆", "拉萨": "西藏",
    "太原": "山西", "长春": "吉林", "哈尔滨": "黑龙江",
}
_PLACE_TO_PROVINCE: dict[str, str] = {**{p: p for p in _PROVINCES}, **_CITY_TO_PROVINCE}


def parse_province(text: str) -> str | None:
    """Return the province (short name, e.g. "浙江") of the first place named.

    Local rules and the local average wage differ by province, so the
    assistant needs to know where the worker works.  Major cities map to
    their province (杭州 → 浙江, 深圳 → 广东); municipalities map to
    themselves (上海 → 上海).
    """
    best: tuple[int, int, str] | None = None
    for place, province in _PLACE_TO_PROVINCE.items():
        index = text.find(place)
        if index >= 0:
            key = (index, -len(place), province)
            if best is None or key < best:
                best = key
    return best[2] if best else None


class Place(NamedTuple):
    """The first place named at text[start:end], its province and, for a city, the city."""

    start: int
    end: int
    province: str
    city: str | None


_MUNICIPALITIES = frozenset({"北京", "天津", "上海", "重庆"})


def parse_place(text: str) -> Place | None:
    """Return the first province or city named in ``text`` with its position, or None.

    A city gives its province too (杭州 → 浙江); a municipality is both.
    """
    best: tuple[int, int, str] | None = None
    for place in _PLACE_TO_PROVINCE:
        index = text.find(place)
        if index >= 0 and (best is None or (index, -len(place)) < best[:2]):
            best = (index, -len(place), place)
    if best is None:
        return None
    index, length, place = best
    is_city = place in _CITY_TO_PROVINCE and place != "内蒙"
    city = place if is_city or place in _MUNICIPALITIES else None
    return Place(index, index - length, _PLACE_TO_PROVINCE[place], city)


def parse_city(text: str) -> str | None:
    """Return the first city named in ``text`` (杭州, 深圳, 上海…), or None."""
    place = parse_place(text)
    return place.city if place else None


# --------------------------------------------------------------------------
# Employer
# --------------------------------------------------------------------------

_EMPLOYER_SUFFIX = (
    r"(?:集团)?(?:股份)?(?:有限责任公司|有限公司|分公司|公司)|集团"
    r"|(?:制造|加工|服装|电子|机械)?(?:工厂|厂)"
    r"|工作室|事务所|酒店|饭店|餐厅|超市|医院|幼儿园|学校"
)
_EMPLOYER_RE = re.compile(
    rf"(?P<name>[\u4e00-\u9fffA-Za-z0-9（）()&·]{{1,30}}?)(?P<suffix>{_EMPLOYER_SUFFIX})"
)
# Words that end the sentence part before a name: "我在XX公司", "进了XX厂".
_NAME_BOUNDARIES = (
    "我们", "我", "俺", "他们", "他", "她", "在", "叫", "给", "帮", "替", "进了",
    "到", "去", "被", "是", "跟", "与", "从", "离开", "入职", "上班", "打工",
    "干活", "工作", "就职", "了", "的", "说", "起诉", "投诉", "仲裁", "告",
    "这家", "那家", "一家", "哪家", "这个", "那个", "这", "那",
)
_GENERIC_NAMES = frozenset({
    "黑心", "原来", "以前", "之前", "现在", "原", "老", "小", "大", "新", "总",
    "本", "该", "外包", "劳务", "劳务派遣", "派遣", "私人", "个体", "上家",
    "上一家", "一个", "某", "某某", "黑",
})


def _trim_name_prefix(name: str) -> str:
    """Cut the sentence words that precede the real name."""
    cut = 0
    for word in _NAME_BOUNDARIES:
        index = name.rfind(word)
        if index >= 0:
            cut = max(cut, index + len(word))
    return name[cut:]


def parse_employer(text: str) -> str | None:
    """Return the first employer name such as "杭州宏达服装有限公司", or None.

    Generic references ("我们厂", "这家公司", "黑心工厂") are not names and
    give None, so the assistant knows to ask which employer it is.
    """
    for match in _EMPLOYER_RE.finditer(ascii_digits(text)):
        name = _trim_name_prefix(match.group("name"))
        if len(name) >= 2 and name not in _GENERIC_NAMES:
            return name + match.group("suffix")
    return None
