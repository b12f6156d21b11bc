"""The figures a union service centre reports, per month: cases by topic and outcome,
response and resolution times, wages recovered. Pure functions over ticket rows."""

from __future__ import annotations

import csv
import datetime as dt
import io
import statistics
from collections import defaultdict

COLUMNS = ["month", "topic", "tickets", "resolved", "outcomes", "median_first_response_hours",
           "median_resolution_hours", "wages_recovered"]


def _hours(start: str | None, end: str | None) -> float | None:
    if not start or not end:
        return None
    return (dt.datetime.fromisoformat(end) - dt.datetime.fromisoformat(start)).total_seconds() / 3600


def monthly(rows: list[dict]) -> list[dict]:
    """One line per month and topic."""
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows:
        groups[(row["created"][:7], row["topic"])].append(row)
    lines = []
    for (month, topic), tickets in sorted(groups.items()):
        first = [h for t in tickets if (h := _hours(t["created"], t["first_response"])) is not None]
        resolved = [h for t in tickets if (h := _hours(t["created"], t["resolved"])) is not None]
        outcomes = defaultdict(int)
        for t in tickets:
            if t["outcome"]:
                outcomes[t["outcome"]] += 1
        lines.append({
            "month": month, "topic": topic, "tickets": len(tickets), "resolved": len(resolved),
            "outcomes": "; ".join(f"{k}={v}" for k, v in sorted(outcomes.items())),
            "median_first_response_hours": round(statistics.median(first), 2) if first else "",
            "median_resolution_hours": round(statistics.median(resolved), 2) if resolved else "",
            "wages_recovered": round(sum(t["amount_recovered"] or 0 for t in tickets), 2),
        })
    return lines


def to_csv(lines: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(lines)
    return out.getvalue()
