"""Tests for casework.facts: every fact a worker states in one colloquial message.

The tables are written the way workers write: several facts in one line, typos,
full-width digits, off-topic words. Each expected dict is the *whole* result, so a
key the message does not state must stay absent (nothing is invented).
"""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casework import facts, parsers
from casework.fact_keys import KINDS
from casework.facts import (
    describe,
    extract,
    extract_with_words,
    is_correction,
    merge,
    parse_phone,
)

TODAY = datetime.date(2026, 11, 30)

# ---------------------------------------------------------------------------
# Money: every form, and which sum it is
# ---------------------------------------------------------------------------

MONEY_CASES = [
    ("月薪6000，欠了我三个月，一共一万八，老板只给了5000",
     {"monthly_wage": 6000, "months_unpaid": 3, "amount_owed": 18000, "amount_paid": 5000}),
    ("工资每月4500，入职8个月了一直没签合同", {"monthly_wage": 4500, "months_worked": 8, "written_contract": False}),
    ("一个月四千五", {"monthly_wage": 4500}),
    ("月工资1.2万", {"monthly_wage": 12000}),
    ("老板欠我一万多", {"amount_owed": 10000}),
    ("12000块一个月，拖了两个月", {"monthly_wage": 12000, "months_unpaid": 2, "amount_owed": 24000}),
    ("￥3,500.00一个月", {"monthly_wage": 3500}),
    ("3.5k一个月，干了3年4个月", {"monthly_wage": 3500, "months_worked": 40}),
    ("老板说给两万五私了", {"amount_offered": 25000}),
    ("工资4500一个月", {"monthly_wage": 4500}),
    ("底薪3000加提成", {"monthly_wage": 3000}),
    ("3000底薪，每天加班3小时", {"monthly_wage": 3000, "overtime_hours_per_day": 3}),
    ("拖欠工资4500元", {"amount_owed": 4500}),
    ("还有5000没给", {"amount_owed": 5000}),
    ("没发的8000什么时候给", {"amount_owed": 8000}),
    ("一共欠了我18000", {"amount_owed": 18000}),
    ("已经给了2000，还差一点", {"amount_paid": 2000}),
    ("只发了1500", {"amount_paid": 1500}),
    ("先给了1000", {"amount_paid": 1000}),
    ("公司付了3000", {"amount_paid": 3000}),
    ("老板只肯给3000", {"amount_offered": 3000}),
    ("公司愿意赔5000", {"amount_offered": 5000}),
    ("补偿2万私了，我该不该签", {"amount_offered": 20000}),
    ("要我签5000的协议", {"amount_offered": 5000}),
    ("老板让我签一份协议，给我5000就算了", {"amount_offered": 5000}),
    ("我要求赔偿5万", {}),
    ("工资八千，拖欠两个月，总共一万六", {"monthly_wage": 8000, "months_unpaid": 2, "amount_owed": 16000}),
    ("欠薪3个月，每月4000", {"months_unpaid": 3, "monthly_wage": 4000, "amount_owed": 12000}),
    ("做了一年半，还有8000没给", {"months_worked": 18, "amount_owed": 8000}),
    ("老板欠我们二十几个人的工资，每人一万多", {"headcount": 20, "amount_owed": 10000}),
    ("在工地干了八个多月，包工头欠我两万三", {"months_worked": 8, "amount_owed": 23000}),
    ("工资是按天算的，一天200", {}),
    ("加班费一小时20块", {}),
    ("月薪５０００，欠了２个月", {"monthly_wage": 5000, "months_unpaid": 2, "amount_owed": 10000}),
    ("俺公资4千5，老板拖了三个月了", {"monthly_wage": 4500, "months_unpaid": 3, "amount_owed": 13500}),
]


@pytest.mark.parametrize(("text", "expected"), MONEY_CASES)
def test_money(text: str, expected: dict) -> None:
    assert extract(text, TODAY) == expected


# ---------------------------------------------------------------------------
# Durations, dates, people, injury, hours, leave, probation
# ---------------------------------------------------------------------------

OTHER_CASES = [
    ("干了四十多天就被开除了，没有提前通知",
     {"months_worked": 1.3, "still_employed": False, "dismissed": True, "notice_given": False}),
    ("我在这干了两年零三个月", {"months_worked": 27}),
    ("在厂里做了半年", {"months_worked": 6}),
    ("我在这个厂3年了", {"months_worked": 36}),
    ("3年多了还没签合同", {"months_worked": 36, "written_contract": False}),
    ("入职三个月，试用期还没过就被辞退了", {"months_worked": 3, "still_employed": False, "dismissed": True}),
    # The time since leaving is not the length of service.
    ("被辞退三个月了一直找不到活", {"still_employed": False, "dismissed": True}),
    # Rules the worker never signed say nothing about the contract.
    ("合同上写的月薪6000，公司规定我从来没见过也没签过字", {"monthly_wage": 6000}),
    ("去年10月1日进厂的", {"start_date": "2025-10-01", "months_worked": 14}),
    ("前年年底进的厂", {"start_date": "2024-12-01", "months_worked": 24}),
    ("3月15号入职", {"start_date": "2026-03-15", "months_worked": 8.5}),
    ("2024年5月入职的", {"start_date": "2024-05-01", "months_worked": 31}),
    ("去年3月入职，今年5月被辞退",
     {"start_date": "2025-03-01", "left_date": "2026-05-01", "months_worked": 14, "still_employed": False,
      "dismissed": True}),
    ("从去年3月开始上班，干到今年5月",
     {"start_date": "2025-03-01", "left_date": "2026-05-01", "months_worked": 14, "still_employed": False}),
    ("上个月15号被开除的，今天才给我结了2000",
     {"left_date": "2026-10-15", "still_employed": False, "dismissed": True, "amount_paid": 2000}),
    ("上个月被辞退了", {"left_date": "2026-10-01", "still_employed": False, "dismissed": True}),
    ("今年春节后入职的", {}),
    ("从上个月开始没发工资", {}),
    ("2024年干了一年", {"months_worked": 12}),
    ("二十几个人一起去的", {"headcount": 20}),
    ("我们五十多个工友都没拿到钱", {"headcount": 50}),
    ("老板跑了，我们40多个3个月没拿到工资了", {"headcount": 40, "months_unpaid": 3}),
    ("鉴定了十级", {"disability_grade": 10}),
    ("7级伤残", {"disability_grade": 7, "injured": True}),
    ("九级工伤，公司不管", {"disability_grade": 9, "injured": True}),
    ("伤残等级八级", {"disability_grade": 8, "injured": True}),
    ("手指被机器压断了，认定了工伤，评了九级伤残", {"injured": True, "injury_recognised": True, "disability_grade": 9}),
    ("在车间摔伤了，骨折", {"injured": True}),
    ("工伤认定没下来", {"injured": True, "injury_recognised": False}),
    ("每天加班3小时", {"overtime_hours_per_day": 3}),
    ("每天加班三个小时，一个月就是60多个小时", {"overtime_hours_per_day": 3, "overtime_hours_per_month": 60}),
    ("每个月加班60小时", {"overtime_hours_per_month": 60}),
    ("我一天干12个小时", {"overtime_hours_per_day": 4}),
    ("单休，每天加班2个钟", {"overtime_hours_per_day": 2, "rest_day_hours_per_week": 8}),
    ("每周六加班8小时", {"rest_day_hours_per_week": 8}),
    ("周末加班一天", {"rest_day_hours_per_week": 8}),
    ("周末两天都上班", {"rest_day_hours_per_week": 16}),
    ("周六周日都要上班", {"rest_day_hours_per_week": 16}),
    ("国庆三天都上班", {"holiday_hours": 24}),
    ("国庆加班3天", {"holiday_hours": 24}),
    ("春节加班2天，没给加班费", {"holiday_hours": 16}),
    ("年假一天没休", {"unused_leave_days": 1}),
    ("5天年假没休", {"unused_leave_days": 5}),
    ("今年年假没休", {}),
    ("参加工作12年了", {"career_years": 144}),
    ("累计工作10年，年假5天一天都没休", {"career_years": 120, "unused_leave_days": 5}),
    ("工作了12年", {"months_worked": 144}),
    ("试用期3个月，试用期工资3000，转正5000", {"probation_months": 3, "probation_wage": 3000, "monthly_wage": 5000}),
    ("试用期6个月", {"probation_months": 6}),
    # "一个月" followed by a pay verb is a rate, even right after "试用期"; a length stays a length.
    ("谈好的工资4500 试用期一个月只给2800 试用期3个月", {"monthly_wage": 4500, "probation_wage": 2800,
                                                         "probation_months": 3}),
    ("试用期一个月，工资3000", {"probation_months": 1, "monthly_wage": 3000}),
    ("合同工资5000", {"monthly_wage": 5000}),
    ("约定工资5000，实际只发了4000", {"monthly_wage": 5000, "amount_paid": 4000}),
]


@pytest.mark.parametrize(("text", "expected"), OTHER_CASES)
def test_quantities(text: str, expected: dict) -> None:
    assert extract(text, TODAY) == expected


# ---------------------------------------------------------------------------
# Statements without numbers; place, employer, evidence
# ---------------------------------------------------------------------------

STATEMENT_CASES = [
    ("还在上班", {"still_employed": True}),
    ("我现在在职", {"still_employed": True}),
    ("我没被辞退，还在上班", {"still_employed": True}),
    ("离职了", {"still_employed": False}),
    ("我辞职了，工资还欠我4000", {"still_employed": False, "dismissed": False, "amount_owed": 4000}),
    ("被辞退了", {"still_employed": False, "dismissed": True}),
    ("不干了", {"still_employed": False}),
    ("被裁了", {"still_employed": False, "dismissed": True}),
    ("停职了不让干", {"still_employed": False, "dismissed": True}),
    ("老板直接让我走人，当天通知的", {"still_employed": False, "dismissed": True, "notice_given": False}),
    ("公司单方面解除劳动合同", {"still_employed": False, "dismissed": True}),
    ("提前一个月书面通知我了", {"notice_given": True}),
    ("老板说要开除我", {}),
    ("我想辞职，老板不让", {}),
    ("公司要我签自愿离职", {}),
    ("没签合同", {"written_contract": False}),
    ("木有劳动和同", {"written_contract": False}),
    ("没签合同能要双倍工资吗", {"written_contract": False}),
    ("签了合同", {"written_contract": True}),
    ("签了三年合同", {"written_contract": True}),
    ("有劳动合同，还有工资条", {"written_contract": True, "evidence": ["工资条"]}),
    ("合同到期不续签了", {"written_contract": True}),
    ("我怀孕了，老板要辞退我", {"pregnant": True}),
    ("产假期间公司把我辞退了", {"pregnant": True, "still_employed": False, "dismissed": True}),
    ("哺乳期被调岗降薪", {"pregnant": True}),
    ("杭州的", {"province": "浙江", "city": "杭州"}),
    ("我在深圳宏达电子有限公司上班", {"province": "广东", "city": "深圳", "employer": "深圳宏达电子有限公司"}),
    ("还有微信聊天记录和考勤", {"evidence": ["微信聊天记录", "考勤记录"]}),
    ("证据有工资条、银行流水、录音", {"evidence": ["工资条", "银行流水", "录音"]}),
    ("没有合同，但是有工牌和照片，工友可以作证", {"written_contract": False, "evidence": ["工作证", "照片", "证人"]}),
    ("老板打了欠条", {"evidence": ["欠条"]}),
    ("工资一直是现金发的，没有工资条", {}),
    ("我在流水线上班", {}),
]


@pytest.mark.parametrize(("text", "expected"), STATEMENT_CASES)
def test_statements(text: str, expected: dict) -> None:
    assert extract(text, TODAY) == expected


# ---------------------------------------------------------------------------
# Whole messages as they arrive: many facts, chatter around them
# ---------------------------------------------------------------------------

MESSAGE_CASES = [
    ("你好，我在苏州一家电子厂上班，干了快两年了，厂里从来没跟我们签过合同，这个月老板说厂子要搬，让我们自己走",
     {"province": "江苏", "city": "苏州", "written_contract": False, "still_employed": False, "dismissed": True}),
    ("俺在东莞一个电子厂做了两年多，月工资4千5，老板跑路了，欠了3个月工资",
     {"province": "广东", "city": "东莞", "months_worked": 24, "monthly_wage": 4500, "months_unpaid": 3,
      "amount_owed": 13500}),
    ("我今年45岁，在广州一家物流公司干了8年，公司最近要裁员，说给我N+1",
     {"province": "广东", "city": "广州", "employer": "物流公司", "months_worked": 96}),
    ("我是2023年7月份入职的，今年9月被公司辞退，理由是业绩不好，没有给任何补偿",
     {"start_date": "2023-07-01", "left_date": "2026-09-01", "months_worked": 38, "still_employed": False,
      "dismissed": True}),
    ("入职时间是去年10月1日，上个月被开除了，公司没提前通知，工资5000",
     {"start_date": "2025-10-01", "left_date": "2026-10-01", "months_worked": 12, "still_employed": False,
      "dismissed": True, "notice_given": False, "monthly_wage": 5000}),
    ("今年3月入职的，现在还在上班，月薪6500，没有签合同",
     {"start_date": "2026-03-01", "months_worked": 9, "still_employed": True, "monthly_wage": 6500,
      "written_contract": False}),
    ("老板拖欠工资已经半年了，我们一共有30几个人，每个人大概2万左右",
     {"months_unpaid": 6, "headcount": 30, "amount_owed": 20000}),
    ("我在北京做保姆，雇主欠我两个月工资，一个月6500",
     {"province": "北京", "city": "北京", "months_unpaid": 2, "monthly_wage": 6500, "amount_owed": 13000}),
    ("老板欠我工资3万多，打了欠条，现在人找不到了", {"amount_owed": 30000, "evidence": ["欠条"]}),
    ("入职的时候说好月薪8000，结果只发6000", {"monthly_wage": 8000, "amount_paid": 6000}),
    ("合同签的是3000，实际每月发4500", {"monthly_wage": 3000}),
    ("工资每个月10号发，已经拖了3个月了", {"months_unpaid": 3}),
    ("2月份开始没发工资，到现在9个多月了", {}),
    ("我们厂一个月只休2天，每天12个小时", {"overtime_hours_per_day": 4}),
    ("公司每天让我们加班到晚上9点，周六也要上班，加班费都没有", {"rest_day_hours_per_week": 8}),
    ("一年半前入职的，现在还在", {"start_date": "2025-05-30", "months_worked": 18, "still_employed": True}),
    ("今天刚入职，没签合同", {"start_date": "2026-11-30", "months_worked": 0, "written_contract": False}),
    ("上周五被口头通知不用来上班了", {"still_employed": False, "dismissed": True, "notice_given": False}),
    ("年假有10天，今年一天都没休", {"unused_leave_days": 10}),
    ("我工作了十五年了，年假只有5天？", {"career_years": 180}),
    ("我们有七八个人", {"headcount": 7}),
    ("二三十个工人都没拿到钱", {"headcount": 20}),
    ("我在美团送外卖，摔伤了腿，平台不管", {"injured": True}),
]


@pytest.mark.parametrize(("text", "expected"), MESSAGE_CASES)
def test_whole_messages(text: str, expected: dict) -> None:
    assert extract(text, TODAY) == expected


# ---------------------------------------------------------------------------
# Messages that state no fact: questions, phone numbers, dates, years, others
# ---------------------------------------------------------------------------

NO_FACT_CASES = [
    "不签合同的话会怎么样？",
    "请问劳动合同一般签几年？",
    "签劳动合同有什么要注意的吗？",
    "公司有没有跟你签合同",
    "如果被辞退能拿多少补偿",
    "我电话13912345678",
    "我手机是139 1234 5678",
    "电话0571-88886666，住在3号楼",
    "2024年",
    "2025-03-15",
    "三个月内要申请仲裁吗",
    "我老婆怀孕了",
    "陪产假有几天",
    "四千五",
    "你好，在吗",
    "快一年了",
    "没干满一年",
]


@pytest.mark.parametrize("text", NO_FACT_CASES)
def test_no_fact(text: str) -> None:
    assert extract(text, TODAY) == {}


def test_phone_and_date_are_not_money() -> None:
    assert extract("我电话139 1234 5678，工资5000，3月15号发", TODAY) == {"monthly_wage": 5000}


# ---------------------------------------------------------------------------
# Bare answers to the question just asked
# ---------------------------------------------------------------------------

ASKING_CASES = [
    ("4500", "monthly_wage", {"monthly_wage": 4500}),
    ("四千五左右", "monthly_wage", {"monthly_wage": 4500}),
    ("一万多", "amount_owed", {"amount_owed": 10000}),
    ("有", "written_contract", {"written_contract": True}),
    ("签了", "written_contract", {"written_contract": True}),
    ("有劳动合同", "written_contract", {"written_contract": True}),
    ("没有", "written_contract", {"written_contract": False}),
    ("没有，他说试用期过了再签", "written_contract", {"written_contract": False}),
    ("还在", "still_employed", {"still_employed": True}),
    ("不在了", "still_employed", {"still_employed": False}),
    ("已经离职了", "still_employed", {"still_employed": False}),
    ("3个月", "months_unpaid", {"months_unpaid": 3}),
    ("八个多月", "months_worked", {"months_worked": 8}),
    ("半年", "months_worked", {"months_worked": 6}),
    ("两年零三个月", "months_worked", {"months_worked": 27}),
    ("去年3月", "start_date", {"start_date": "2025-03-01", "months_worked": 21}),
    ("去年3月，今年5月走的", "start_date",
     {"start_date": "2025-03-01", "left_date": "2026-05-01", "months_worked": 14, "still_employed": False}),
    ("不对，是去年12月", "start_date", {"start_date": "2025-12-01", "months_worked": 12}),
    ("上个月", "left_date", {"left_date": "2026-10-01", "still_employed": False}),
    ("40多个", "headcount", {"headcount": 40}),
    ("就我一个", "headcount", {"headcount": 1}),
    ("30", "headcount", {"headcount": 30}),
    ("十级", "disability_grade", {"disability_grade": 10}),
    ("9", "disability_grade", {"disability_grade": 9}),
    ("3个小时", "overtime_hours_per_day", {"overtime_hours_per_day": 3}),
    ("60", "overtime_hours_per_month", {"overtime_hours_per_month": 60}),
    ("5天", "unused_leave_days", {"unused_leave_days": 5}),
    ("3000", "probation_wage", {"probation_wage": 3000}),
    ("4500，干了8个月", "monthly_wage", {"monthly_wage": 4500, "months_worked": 8}),
    ("跳过", "monthly_wage", {}),
    ("不知道", "written_contract", {}),
    ("8", "monthly_wage", {}),
    ("没有", "monthly_wage", {}),
]


@pytest.mark.parametrize(("text", "asking", "expected"), ASKING_CASES)
def test_asking(text: str, asking: str, expected: dict) -> None:
    assert extract(text, TODAY, asking=asking) == expected


def test_cues_beat_asking() -> None:
    """The question asked does not override what the words say."""
    assert extract("欠了3个月了", TODAY, asking="months_worked") == {"months_unpaid": 3}


# ---------------------------------------------------------------------------
# The worker's own words
# ---------------------------------------------------------------------------

WORDS_CASES = [
    ("工资每月4500，入职8个月了", {"monthly_wage": "工资每月4500", "months_worked": "入职8个月"}),
    ("月薪6000，欠了我三个月，一共一万八，老板只给了5000",
     {"monthly_wage": "月薪6000", "months_unpaid": "欠了我三个月", "amount_owed": "一共一万八",
      "amount_paid": "只给了5000"}),
    ("还有微信聊天记录和考勤", {"evidence": "微信聊天记录和考勤"}),
    ("去年3月入职", {"start_date": "去年3月入职", "months_worked": "去年3月入职"}),
]


@pytest.mark.parametrize(("text", "words"), WORDS_CASES)
def test_words(text: str, words: dict) -> None:
    found, said = extract_with_words(text, TODAY)
    assert said == words
    assert set(said) == set(found)


def test_computed_owed_words_cover_both_sources() -> None:
    found, said = extract_with_words("每月4000，欠薪3个月", TODAY)
    assert found["amount_owed"] == 12000
    assert said["amount_owed"] == "每月4000，欠薪3个月"


# ---------------------------------------------------------------------------
# merge, describe, phone, skip, correction
# ---------------------------------------------------------------------------


def test_merge_newer_wins_and_nothing_is_forgotten() -> None:
    old = {"monthly_wage": 4500, "months_worked": 8, "evidence": ["微信聊天记录"]}
    new = {"monthly_wage": 5000, "evidence": ["考勤记录", "微信聊天记录"]}
    assert merge(old, new) == {"monthly_wage": 5000, "months_worked": 8, "evidence": ["微信聊天记录", "考勤记录"]}


def test_merge_recounts_service_when_both_dates_are_known() -> None:
    old = extract("去年3月入职", TODAY)
    merged = merge(old, extract("今年5月被辞退了", TODAY))
    assert merged["months_worked"] == 14
    assert merge(None, {"headcount": 3}) == {"headcount": 3}


def test_describe() -> None:
    assert describe({"monthly_wage": 4500, "months_worked": 8, "written_contract": False}) == (
        "月工资约4,500元，工作了约8个月，没签书面合同")
    assert describe({}) == "您说的情况"
    assert describe(extract("我在杭州，去年3月入职，月薪6000，欠了两个月，被辞退了", TODAY)) == (
        "月工资约6,000元，被欠约12,000元，被拖欠约2个月工资，工作了约21个月，2025年3月1日入职，已经离开单位，"
        "是被单位辞退的，在浙江杭州")
    assert describe({"province": "上海", "city": "上海", "headcount": 30}) == "涉及约30人，在上海"
    assert "有证据：微信聊天记录、考勤记录" in describe({"evidence": ["微信聊天记录", "考勤记录"]})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我的电话13912345678", "13912345678"),
        ("139 1234 5678", "13912345678"),
        ("139-1234-5678", "13912345678"),
        ("座机0571-88886666", "0571-88886666"),
        ("１３９１２３４５６７８", "13912345678"),
        ("工资4500", None),
    ],
)
def test_parse_phone(text: str, expected: str | None) -> None:
    assert parse_phone(text) == expected


def test_a_skipped_question_is_not_read_as_an_answer() -> None:
    assert extract_with_words("不知道", TODAY, "still_employed")[0] == {}
    assert extract_with_words("具体不记得了，大概4500", TODAY, "monthly_wage")[0] == {"monthly_wage": 4500}


@pytest.mark.parametrize(
    ("text", "expected"),
    [("不对，是去年12月", True), ("错了，应该是5000", True), ("说错了", True), ("更正一下", True),
     ("这样对不对", False), ("工资5000", False)],
)
def test_is_correction(text: str, expected: bool) -> None:
    assert is_correction(text) is expected


def test_parser_spans() -> None:
    """The span parsers facts rely on: every sum, and dates parse_date leaves coarse."""
    assert [s.value for s in parsers.money_spans("月薪6000，一共一万八，只给了5000")] == [6000, 18000, 5000]
    assert [s.value for s in parsers.duration_spans("干了两年，欠了3个月")] == [24, 3]
    assert [(d.value, d.precision) for d in parsers.date_spans("上个月15号走的，上周五", TODAY)] == [
        (datetime.date(2026, 10, 15), "day"), (datetime.date(2026, 11, 27), "day")]
    assert parsers.date_spans("今年", TODAY)[0].precision == "year"
    assert parsers.parse_place("我在义乌打工") == parsers.Place(2, 4, "浙江", "义乌")
    assert parsers.parse_city("在广东") is None


def test_old_helpers_are_gone() -> None:
    for name in ("answer_facts", "calculations", "explain", "next_question"):
        assert not hasattr(facts, name)


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

_WORKER_ALPHABET = st.sampled_from(list("0123456789０１２３一二两三五八九十百千万年月天个多块元工资欠干了没签合同我们周末加班小时"
                                        "级伤残入职离辞退，。？ 、kw.号去今上"))
_TEXT = st.one_of(st.text(max_size=60), st.text(alphabet=_WORKER_ALPHABET, max_size=60))


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.sampled_from([None, *KINDS]))
def test_extract_never_raises_and_uses_known_keys(text: str, asking: str | None) -> None:
    found = extract(text, TODAY, asking=asking)
    assert set(found) <= set(KINDS)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_words_are_substrings(text: str) -> None:
    found, said = extract_with_words(text, TODAY)
    assert set(said) == set(found)
    for words in said.values():
        assert words and words in text
