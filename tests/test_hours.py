"""Business hours on the official 2026 calendar: open or closed, the next opening, an SLA in
opening hours, the after-hours sentence, and dates outside the published years."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casework import texts
from casework.hours import Calendar, OutsideCalendar, after_hours_note, official_calendar
from knowledge.holidays import CalendarFileError, load_calendar_data

CAL = official_calendar()


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def test_the_shipped_calendar_is_the_2026_notice_with_its_source():
    data = load_calendar_data()
    assert data["years"][2026]["notice"] == "国务院办公厅关于2026年部分节假日安排的通知"
    assert data["years"][2026]["source"].startswith("https://www.gov.cn/")
    assert sum(1 for day in data["holidays"] if day.year == 2026) == 3 + 9 + 3 + 5 + 3 + 3 + 7
    # Every 调休 working day the notice names is a weekend day.
    assert all(day.isoweekday() in (6, 7) for day in data["workdays"])


@pytest.mark.parametrize(("moment", "open_"), [
    ("2026-12-01 09:00", True),    # Tuesday, opening
    ("2026-12-01 08:59", False),
    ("2026-12-01 11:59", True),
    ("2026-12-01 12:00", False),   # lunch
    ("2026-12-01 13:30", True),
    ("2026-12-01 17:30", False),   # closing time
    ("2026-12-05 10:00", False),   # Saturday
    ("2026-02-14 10:00", True),    # Saturday worked for the Spring Festival (调休)
    ("2026-02-28 10:00", True),    # the other 调休 Saturday
    ("2026-09-20 10:00", True),    # Sunday worked for National Day
    ("2026-10-05 10:00", False),   # Monday inside Golden Week
    ("2026-02-23 10:00", False),   # Monday, last day of the Spring Festival
    ("2026-04-06 10:00", False),   # 清明 Monday
    ("2026-10-08 09:00", True),    # first day back after Golden Week
])
def test_is_open(moment, open_):
    assert CAL.is_open(at(moment)) is open_


@pytest.mark.parametrize(("moment", "opens"), [
    ("2026-12-01 10:15", "2026-12-01 10:15"),   # open: now
    ("2026-12-01 12:40", "2026-12-01 13:30"),   # lunch: this afternoon
    ("2026-12-01 21:00", "2026-12-02 09:00"),   # evening: tomorrow morning
    ("2026-12-04 18:00", "2026-12-07 09:00"),   # Friday evening: Monday
    ("2026-09-30 17:45", "2026-10-08 09:00"),   # before Golden Week: after it
    ("2026-10-09 18:00", "2026-10-10 09:00"),   # Friday evening before a 调休 Saturday
    ("2026-02-13 20:00", "2026-02-14 09:00"),   # Friday before the Spring Festival: the 调休 Saturday
    ("2026-02-14 18:00", "2026-02-24 09:00"),   # then the nine days off
    ("2026-04-30 17:30", "2026-05-06 09:00"),   # Labour Day
])
def test_next_open(moment, opens):
    assert CAL.next_open(at(moment)) == at(opens)


@pytest.mark.parametrize(("moment", "hours", "due"), [
    ("2026-12-01 09:00", 3, "2026-12-01 12:00"),    # a deadline may be closing time
    ("2026-12-01 11:00", 2, "2026-12-01 14:30"),    # over lunch
    ("2026-12-01 16:00", 4, "2026-12-02 11:30"),    # overnight
    ("2026-12-01 20:00", 7, "2026-12-02 17:30"),    # a working day, from the evening
    ("2026-12-04 16:30", 4, "2026-12-07 12:00"),    # over the weekend
    ("2026-09-30 16:00", 4, "2026-10-08 11:30"),    # over Golden Week
    ("2026-02-13 17:00", 1, "2026-02-14 09:30"),    # into the 调休 Saturday
    ("2026-12-01 21:00", 0, "2026-12-02 09:00"),    # nothing to add: the next opening
])
def test_add_business_hours(moment, hours, due):
    assert CAL.add_business_hours(at(moment), hours) == at(due)


def test_a_date_outside_the_published_years_is_said_not_guessed():
    with pytest.raises(OutsideCalendar, match="2027-01-04.*2026"):
        CAL.is_open(at("2027-01-04 10:00"))
    with pytest.raises(OutsideCalendar, match="holidays-2027.yml"):
        CAL.add_business_hours(at("2026-12-31 16:00"), 7)   # runs into 2027
    assert not CAL.covers(dt.date(2025, 12, 31)) and CAL.covers(dt.date(2026, 12, 31))


@pytest.mark.parametrize(("now", "said"), [
    ("2026-12-01 20:00", "现在是下班时间，律师会在12月2日（周三）上午9点后回复您。"),
    ("2026-12-04 19:00", "现在是下班时间，律师会在12月7日（周一）上午9点后回复您。"),
    ("2026-10-02 10:00", "现在是国庆节假期，律师会在10月8日（周四）上午9点后回复您。"),
    ("2026-12-01 12:20", "现在是午休时间，律师会在今天下午1点半后回复您。"),
    ("2026-12-01 07:30", "现在还没到上班时间，律师会在今天上午9点后回复您。"),
    ("2026-12-01 10:00", ""),                    # open: nothing to add
    ("2027-03-01 20:00", ""),                    # outside the calendar: no time promised
])
def test_the_after_hours_sentence(now, said):
    assert after_hours_note(CAL, at(now)) == said


def test_the_ticket_message_carries_the_after_hours_sentence():
    note = after_hours_note(CAL, at("2026-12-04 19:00"))
    said = texts.ticket_opened("12351-20261204-0001", False, note)
    assert "登记编号 12351-20261204-0001" in said and "12月7日（周一）上午9点后回复您" in said


def test_a_broken_calendar_file_is_refused_with_its_name(tmp_path):
    (tmp_path / "hours.yml").write_text("weekdays: [1, 2]\nperiods: [['13:00', '12:00']]\n", encoding="utf-8")
    with pytest.raises(CalendarFileError, match="hours.yml"):
        load_calendar_data(tmp_path)
    (tmp_path / "hours.yml").write_text("weekdays: [1, 2]\nperiods: [['09:00', '12:00']]\n", encoding="utf-8")
    (tmp_path / "holidays-2030.yml").write_text("year: 2030\nholidays: []\n", encoding="utf-8")
    with pytest.raises(CalendarFileError, match="holidays-2030.yml.*notice"):
        load_calendar_data(tmp_path)


# --- properties ------------------------------------------------------------------------------

moments = st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2026, 11, 30, 23, 59))
hours = st.integers(min_value=0, max_value=60 * 60).map(lambda minutes: minutes / 60)


def within_opening(calendar: Calendar, moment: dt.datetime) -> bool:
    """Inside an opening, its closing time included (a deadline "by 12:00")."""
    if not calendar.is_working_day(moment.date()):
        return False
    return any(start <= moment.time() <= end for start, end in calendar.periods)


@given(moments, hours)
def test_a_deadline_always_falls_in_opening_hours(moment, spent):
    assert within_opening(CAL, CAL.add_business_hours(moment, spent))


@given(moments)
def test_the_next_opening_is_open_and_nothing_before_it_is(moment):
    opens = CAL.next_open(moment)
    assert opens >= moment and CAL.is_open(opens)
    assert CAL.is_open(moment) == (opens == moment)


@given(moments, moments, hours)
def test_later_starts_never_give_earlier_deadlines(first, second, spent):
    early, late = sorted((first, second))
    assert CAL.add_business_hours(early, spent) <= CAL.add_business_hours(late, spent)


@given(moments, hours, hours)
def test_more_hours_never_give_an_earlier_deadline_and_add_up(moment, a, b):
    assert CAL.add_business_hours(moment, min(a, b)) <= CAL.add_business_hours(moment, max(a, b))
    b += 1 / 60  # from a closing time, zero more hours is the next opening, not the closing time
    step = CAL.add_business_hours(CAL.add_business_hours(moment, a), b)
    assert abs(step - CAL.add_business_hours(moment, a + b)) < dt.timedelta(seconds=1)
