"""The hotline's clock: the time in China, whatever time zone the host runs in.

Business hours, the public-holiday calendar, SLA deadlines, ticket numbers (one series a
day), reminders and follow-ups are all about the day and hour where the workers and the
union's lawyers are. A server set to UTC would otherwise promise 「上午9点后回复」 eight hours
off and start a new day of ticket numbers at 8 a.m. Times are stored naive, in this zone.

`HOTLINE_TIMEZONE` changes the zone (an IANA name); tests inject their own clocks instead.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

from foundation.settings import settings


@lru_cache(maxsize=4)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def zone() -> ZoneInfo:
    return _zone(settings().timezone)


def now() -> dt.datetime:
    """The wall-clock time in the hotline's zone, naive (as every time in the stores)."""
    return dt.datetime.now(zone()).replace(tzinfo=None)


def today() -> dt.date:
    return now().date()


def at(timestamp: float) -> dt.datetime:
    """A file's or the OS's timestamp as the hotline's naive local time (like `now()`)."""
    return dt.datetime.fromtimestamp(timestamp, zone()).replace(tzinfo=None)
