"""Reads the hotline's calendar files (knowledge/calendar/): the opening hours (`hours.yml`)
and, one file per year, the public holidays and 调休 working days the State Council published
(`holidays-<year>.yml`, with the notice's title, date and address).

Only reading and checking happen here; what the calendar means (open or closed, the next
opening, an SLA in business hours) is the pure `casework.hours`. A file that is wrong stops the
load with a sentence naming the file, so a typo never silently moves a holiday.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any

import yaml

CALENDAR_DIR = Path(__file__).resolve().parent / "calendar"
HOURS_FILE = "hours.yml"


class CalendarFileError(ValueError):
    """A calendar file that cannot be used as it is; the message names the file and the fix."""


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise CalendarFileError(f"{where}: 「{value}」不是日期，请写成 2026-10-01") from None


def _time(value: Any, where: str) -> dt.time:
    try:
        return dt.time.fromisoformat(str(value))
    except ValueError:
        raise CalendarFileError(f"{where}: 「{value}」不是时间，请写成 09:00") from None


def _year_file(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    name = path.name
    year = data.get("year")
    if not isinstance(year, int) or name != f"holidays-{year}.yml":
        raise CalendarFileError(f"{name}: year 应当是文件名里的年份")
    for key in ("notice", "published", "source"):
        if not data.get(key):
            raise CalendarFileError(f"{name}: 缺少 {key}（国务院办公厅通知的标题、日期和网址）")
    holidays: dict[dt.date, str] = {}
    for item in data.get("holidays") or []:
        first, last = _date(item.get("first"), name), _date(item.get("last"), name)
        if not (first <= last and {first.year, last.year} <= {year - 1, year}):
            raise CalendarFileError(f"{name}: {item.get('name')} 的 first/last 不在 {year} 年或顺序不对")
        day = first
        while day <= last:
            holidays[day] = str(item["name"])
            day += dt.timedelta(days=1)
    workdays: dict[dt.date, str] = {}
    for item in data.get("workdays") or []:
        day = _date(item.get("date"), name)
        if day in holidays or day.year not in (year - 1, year):
            raise CalendarFileError(f"{name}: 调休上班日 {day} 不在 {year} 年，或同时写成了放假")
        workdays[day] = str(item["name"])
    return {"year": year, "notice": str(data["notice"]), "published": str(data["published"]),
            "source": str(data["source"]), "holidays": holidays, "workdays": workdays}


def load_calendar_data(folder: Path = CALENDAR_DIR) -> dict[str, Any]:
    """Everything the calendar files say, checked: weekdays, periods (time pairs), the years
    published with their source, and every holiday and 调休 working day by date."""
    hours = yaml.safe_load((folder / HOURS_FILE).read_text(encoding="utf-8")) or {}
    weekdays = [int(day) for day in hours.get("weekdays") or []]
    if not weekdays or not set(weekdays) <= set(range(1, 8)):
        raise CalendarFileError(f"{HOURS_FILE}: weekdays 应当是 1（周一）到 7（周日）之间的数字")
    periods = [(_time(start, HOURS_FILE), _time(end, HOURS_FILE)) for start, end in hours.get("periods") or []]
    if not periods or any(start >= end for start, end in periods) or any(
            earlier[1] > later[0] for earlier, later in zip(periods, periods[1:], strict=False)):
        raise CalendarFileError(f"{HOURS_FILE}: periods 应当按时间先后排列、开始早于结束、互不重叠")
    years: dict[int, dict[str, str]] = {}
    holidays: dict[dt.date, str] = {}
    workdays: dict[dt.date, str] = {}
    for path in sorted(folder.glob("holidays-*.yml")):
        found = _year_file(path)
        years[found["year"]] = {key: found[key] for key in ("notice", "published", "source")}
        holidays.update(found["holidays"])
        workdays.update(found["workdays"])
    return {"weekdays": weekdays, "periods": periods, "years": years, "holidays": holidays, "workdays": workdays}


@functools.cache
def official_calendar_data() -> dict[str, Any]:
    """The shipped calendar files, read once per process."""
    return load_calendar_data()
