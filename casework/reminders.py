"""When a deadline reminder is due, pure: a reminder for a deadline (the last day to apply
for labour arbitration) goes out 30 days and 7 days before it.

A point already past when the worker asked for the reminder is not sent (they were just
told the date); nothing is sent after the deadline; and when several points are due at
once (the bot was down for weeks), only the nearest one goes out and the others are marked
too, so no point is ever sent twice and the worker never gets two reminders for one day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

OFFSETS = (30, 7)  # days before the deadline


@dataclass(frozen=True)
class Due:
    """What to do now: tell the worker about `offset`, and mark every offset in `marks` sent."""

    offset: int
    days_left: int
    marks: tuple[int, ...]


def points(deadline: dt.date, created: dt.date) -> tuple[int, ...]:
    """The offsets that will be sent for a reminder asked for on `created`."""
    return tuple(o for o in OFFSETS if deadline - dt.timedelta(days=o) > created)


def worth_offering(deadline: dt.date, today: dt.date) -> bool:
    """A reminder is offered only when at least one of its points is still ahead."""
    return bool(points(deadline, today))


def due(deadline: dt.date, created: dt.date, sent: Collection[int], today: dt.date) -> Due | None:
    """The reminder to send today, if any (see the module docstring)."""
    if today > deadline:
        return None
    reached = [o for o in points(deadline, created) if deadline - dt.timedelta(days=o) <= today]
    if not reached or min(reached) in sent:
        return None
    fresh = tuple(o for o in reached if o not in sent)
    return Due(min(reached), (deadline - today).days, fresh)


def next_date(deadline: dt.date, created: dt.date, sent: Collection[int], today: dt.date) -> dt.date | None:
    """When the worker will next hear from the reminder (for /status); None when nothing is left."""
    if today > deadline:
        return None
    if due(deadline, created, sent, today) is not None:
        return today
    ahead = [deadline - dt.timedelta(days=o) for o in points(deadline, created)
             if o not in sent and deadline - dt.timedelta(days=o) > today]
    return min(ahead, default=None)
