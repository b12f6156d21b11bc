"""Business hours on the official calendar: when lawyers answer, the next opening, and a
first-response target counted in opening hours only. Pure: every function takes the moment
(naive local time, China time like every timestamp in cases.db) and the `Calendar`; the files
are read by knowledge/holidays.py.

A date in a year the State Council's notice has not been shipped for is *outside the calendar*:
nothing here guesses whether it is a holiday; `OutsideCalendar` says which date and which years
the calendar holds, and callers fall back honestly (stores/tickets.py: a wall-clock SLA; the
worker is then promised no time).

Conventions: an opening is [start, end) for `is_open` (at 12:00 the morning is over), and a
deadline may fall on its closing time ("by 12:00"): `add_business_hours(9:00, 3)` is 12:00.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from casework import texts
from knowledge.holidays import official_calendar_data


class OutsideCalendar(LookupError):
    """A date in a year whose holiday notice is not in the calendar."""

    def __init__(self, day: dt.date, years: tuple[int, ...]):
        self.day, self.years = day, years
        held = "、".join(str(year) for year in years) or "无"
        super().__init__(f"{day.isoformat()} is outside the holiday calendar (years held: {held}); "
                         f"add knowledge/calendar/holidays-{day.year}.yml from the State Council's notice")


@dataclass(frozen=True)
class Calendar:
    """Opening periods on working days, and the published holidays and 调休 working days."""

    periods: tuple[tuple[dt.time, dt.time], ...]
    weekdays: frozenset[int]                 # ISO weekdays that are working days when nothing else is said
    holidays: Mapping[dt.date, str]          # day off -> the holiday's name
    workdays: Mapping[dt.date, str]          # 调休: a weekend day that is worked -> the holiday it makes up for
    years: tuple[int, ...]                   # the years whose notice is held
    # A hard stop for the search for the next opening: a calendar that never opens would loop forever.
    max_days: int = 60
    # True: a date in a year without a notice counts as an ordinary week (weekdays open, no holidays)
    # instead of raising; only for a fallback that says so (stores/tickets.py).
    plain_weeks_outside: bool = False

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Calendar:
        """From what knowledge.holidays.load_calendar_data returns (or the same shape in a test)."""
        return cls(periods=tuple((start, end) for start, end in data["periods"]),
                   weekdays=frozenset(data["weekdays"]), holidays=dict(data["holidays"]),
                   workdays=dict(data["workdays"]), years=tuple(sorted(data["years"])))

    # --- days --------------------------------------------------------------------------------

    def covers(self, day: dt.date) -> bool:
        return day.year in self.years

    def is_working_day(self, day: dt.date) -> bool:
        if not self.covers(day):
            if not self.plain_weeks_outside:
                raise OutsideCalendar(day, self.years)
            return day.isoweekday() in self.weekdays
        if day in self.holidays:
            return False
        return day in self.workdays or day.isoweekday() in self.weekdays

    def holiday(self, day: dt.date) -> str | None:
        """The holiday's name on a day off it makes, else None."""
        return self.holidays.get(day)

    def _openings(self, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        if not self.is_working_day(day):
            return []
        return [(dt.datetime.combine(day, start), dt.datetime.combine(day, end)) for start, end in self.periods]

    # --- moments -----------------------------------------------------------------------------

    def is_open(self, moment: dt.datetime) -> bool:
        return any(start <= moment < end for start, end in self._openings(moment.date()))

    def next_open(self, moment: dt.datetime) -> dt.datetime:
        """`moment` itself when the desk is open, else the start of the next opening."""
        return self.add_business_hours(moment, 0)

    def add_business_hours(self, moment: dt.datetime, hours: float) -> dt.datetime:
        """The moment when `hours` of opening time have passed since `moment`."""
        if hours < 0:
            raise ValueError("hours must not be negative")
        remaining = dt.timedelta(hours=hours)
        day = moment.date()
        daily = sum((dt.datetime.combine(day, end) - dt.datetime.combine(day, start)).total_seconds()
                    for start, end in self.periods) / 3600
        for _ in range(self.max_days + int(hours / daily * 2)):
            for start, end in self._openings(day):
                begin = max(start, moment)
                if begin >= end:
                    continue
                if remaining <= end - begin:
                    return begin + remaining
                remaining -= end - begin
            day += dt.timedelta(days=1)
        raise ValueError(f"the calendar has no opening within {self.max_days} days of {moment}")


@functools.cache
def official_calendar() -> Calendar:
    """The calendar the hotline runs on (knowledge/calendar/*.yml), read once per process."""
    return Calendar.from_data(official_calendar_data())


def after_hours_note(calendar: Calendar, now: dt.datetime) -> str:
    """What the worker is told when a ticket is opened while the desk is closed: when lawyers
    are back. Empty while the desk is open, and when the calendar cannot say (a year whose
    holidays are not published yet): then no time is promised."""
    try:
        if calendar.is_open(now):
            return ""
        reopens = calendar.next_open(now)
        return texts.after_hours(now, reopens, calendar.holiday(now.date()))
    except OutsideCalendar:
        return ""
