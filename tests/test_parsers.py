"""Tests for casework.parsers: colloquial Chinese quantities in worker messages."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casework.parsers import (
    chinese_number,
    parse_date,
    parse_duration_months,
    parse_employer,
    parse_headcount,
    parse_money,
    parse_province,
)

TODAY = datetime.date(2025, 11, 22)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("二十", 20),
        ("十二", 12),
        ("十", 10),
        ("三千五", 3500),
        ("三千五百", 3500),
        ("四千五百", 4500),
        ("一万二", 12000),
        ("1万2", 12000),
        ("1.2万", 12000),
        ("一万二千五", 12500),
        ("两万五千", 25000),
        ("一百零五", 105),
        ("一百五", 150),
        ("二十五", 25),
        ("一万零五百", 10500),
        ("一千二百万", 12_000_000),
        ("十万", 100_000),
        ("1千8", 1800),
        ("二〇二五", 2025),
        ("伍仟", 5000),
        ("3,500", 3500),
        ("3500", 3500),
        ("零", 0),
        ("三五", None),  # a colloquial range, not 35
        ("万", None),
        ("三百五百", None),
        ("", None),
        ("abc", None),
    ],
)
def test_chinese_number(text: str, expected: float | None) -> None:
    assert chinese_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3500", 3500),
        ("3,500元", 3500),
        ("三千五", 3500),
        ("3.5k", 3500),
        ("3.5K", 3500),
        ("一万二", 12000),
        ("两万多", 20000),
        ("1.2万", 12000),
        ("1.2w", 12000),
        ("五千块", 5000),
        ("8千", 8000),
        ("月薪6000", 6000),
        ("工资四千五百", 4500),
        ("3500/月", 3500),
        ("￥3500", 3500),
        ("3000人民币", 3000),
        ("3000多元", 3000),
        ("一个月三四千", 3000),
        ("时薪二十", 20),
        ("月薪5000包吃住", 5000),
        ("我干了3个月，工资3500", 3500),
        ("2025年3月入职，月薪6000", 6000),
        ("2025-03-15发了3000", 3000),
        ("工资800，2024年入职", 800),
        ("欠了我三个月工资一共一万五", 15000),
        ("12351你好，我工资3000", 3000),
        ("我们五十多个工人", None),
        ("干了3个月", None),
        ("2025年", None),
        ("第47条", None),
        ("一直没发工资", None),
        ("五险一金都没交", None),
        ("拨打12351", None),
        ("我电话13812345678", None),
        ("8:30上班", None),
        ("", None),
    ],
)
def test_parse_money(text: str, expected: float | None) -> None:
    assert parse_money(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一个多月", 1),
        ("半年", 6),
        ("一年半", 18),
        ("3年", 36),
        ("两年零三个月", 27),
        ("两年三个月", 27),
        ("8个月", 8),
        ("十个月", 10),
        ("三周", 0.75),
        ("两个多星期", 0.5),
        ("一年多", 12),
        ("十几年", 120),
        ("三个半月", 3.5),
        ("半个月", 0.5),
        ("1.5年", 18),
        ("2025年3月入职，干了8个月", 8),
        ("2025年入职", None),
        ("上半年", None),
        ("第一年", None),
        ("没有时间", None),
    ],
)
def test_parse_duration_months(text: str, expected: float | None) -> None:
    assert parse_duration_months(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("去年5月", datetime.date(2024, 5, 1)),
        ("2025年3月", datetime.date(2025, 3, 1)),
        ("2025-03-15", datetime.date(2025, 3, 15)),
        ("2025/3/15", datetime.date(2025, 3, 15)),
        ("2025.3.15", datetime.date(2025, 3, 15)),
        ("今年1月10号", datetime.date(2025, 1, 10)),
        ("上个月", datetime.date(2025, 10, 1)),
        ("上上个月", datetime.date(2025, 9, 1)),
        ("前年", datetime.date(2023, 1, 1)),
        ("大前年", datetime.date(2022, 1, 1)),
        ("去年年底", datetime.date(2024, 12, 1)),
        ("二〇二四年三月", datetime.date(2024, 3, 1)),
        ("25年3月", datetime.date(2025, 3, 1)),
        ("三个月前", datetime.date(2025, 8, 22)),
        ("半年前", datetime.date(2025, 5, 22)),
        ("昨天", datetime.date(2025, 11, 21)),
        ("上周", datetime.date(2025, 11, 10)),
        ("12月工资没发", datetime.date(2024, 12, 1)),  # future month → last year
        ("11月5号", datetime.date(2025, 11, 5)),
        ("我去年5月入职，上个月被辞退", datetime.date(2024, 5, 1)),
        ("2月30号", None),
        ("干了25年", None),
        ("我干了3个月", None),
        ("", None),
    ],
)
def test_parse_date(text: str, expected: datetime.date | None) -> None:
    assert parse_date(text, TODAY) == expected


def test_parse_date_clamps_month_end() -> None:
    assert parse_date("一个月前", datetime.date(2025, 3, 31)) == datetime.date(2025, 2, 28)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("五十多个工人", 50),
        ("我们一百多人", 100),
        ("30个人", 30),
        ("十几个工友", 10),
        ("二十来个人", 20),
        ("全厂500多名员工", 500),
        ("厂里有两百号人", 200),
        ("3000人民币", None),
        ("干了3个月", None),
        ("", None),
    ],
)
def test_parse_headcount(text: str, expected: int | None) -> None:
    assert parse_headcount(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我在杭州打工", "浙江"),
        ("深圳的工厂", "广东"),
        ("上海浦东", "上海"),
        ("浙江省宁波市", "浙江"),
        ("内蒙古包头", "内蒙古"),
        ("黑龙江哈尔滨", "黑龙江"),
        ("在苏州，后来去了广州", "江苏"),
        ("乌鲁木齐", "新疆"),
        ("没有地名", None),
    ],
)
def test_parse_province(text: str, expected: str | None) -> None:
    assert parse_province(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我在杭州宏达服装有限公司上班", "杭州宏达服装有限公司"),
        ("我去年进了宏达厂干活", "宏达厂"),
        ("富士康电子厂", "富士康电子厂"),
        ("我们公司叫宏达科技有限公司", "宏达科技有限公司"),
        ("在ABC（中国）有限公司", "ABC（中国）有限公司"),
        ("宏达集团有限公司拖欠工资", "宏达集团有限公司"),
        ("星光股份有限公司", "星光股份有限公司"),
        ("我们厂不发工资", None),
        ("这家公司", None),
        ("黑心工厂", None),
        ("我在服装厂上班", None),
        ("", None),
    ],
)
def test_parse_employer(text: str, expected: str | None) -> None:
    assert parse_employer(text) == expected


@given(st.text())
def test_parsers_never_raise(text: str) -> None:
    parse_money(text)
    parse_duration_months(text)
    parse_date(text, TODAY)
    parse_headcount(text)
    parse_province(text)
    parse_employer(text)
    chinese_number(text)


_NUMERAL_CHARS = "0123456789.,零〇一二两三四五六七八九十百千万亿年个月多半k元块工资"


@given(st.text(alphabet=_NUMERAL_CHARS, max_size=20))
def test_parsers_never_raise_on_numeral_soup(text: str) -> None:
    """Random text rarely hits numerals; this alphabet stresses the grammar."""
    parse_money(text)
    parse_duration_months(text)
    parse_date(text, TODAY)
    parse_headcount(text)
    chinese_number(text)


@given(st.integers(min_value=0, max_value=9_999_999_999))
def test_parse_money_roundtrips_integers(n: int) -> None:
    assert parse_money(str(n)) == n


@given(st.integers(min_value=1, max_value=99_999_999))
def test_parse_money_with_yuan_suffix(n: int) -> None:
    assert parse_money(f"工资{n}元") == n
