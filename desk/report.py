"""The figures a union service centre reports, per month: cases by topic and outcome,
response and resolution times, wages recovered — as the lawyers entered them and as the
workers confirmed them when asked some days later (casework/followup.py), how many answered,
and how satisfied they were. Pure functions over ticket rows."""

from __future__ import annotations

import csv
import datetime as dt
import io
import statistics
from collections import defaultdict

COLUMNS = ["month", "topic", "tickets", "resolved", "outcomes", "median_first_response_hours",
           "median_resolution_hours", "wages_recovered", "wages_recovered_verified", "followups_asked",
           "followups_answered", "answer_rate", "satisfaction", "satisfied_rate"]


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
            **_followups(tickets),
        })
    return lines


def _followups(tickets: list[dict]) -> dict:
    """The workers' side: what they say they received, how many of those asked answered,
    and their satisfaction (counts, and the share 满意 among those who rated)."""
    asked = [t for t in tickets if t.get("followup_asked")]
    answered = [t for t in asked if t.get("verified_outcome")]
    rated = defaultdict(int)
    for t in asked:
        if t.get("satisfaction"):
            rated[t["satisfaction"]] += 1
    ratings = sum(rated.values())
    return {
        "wages_recovered_verified": round(sum(t.get("verified_amount") or 0 for t in answered), 2),
        "followups_asked": len(asked), "followups_answered": len(answered),
        "answer_rate": round(len(answered) / len(asked), 2) if asked else "",
        "satisfaction": "; ".join(f"{k}={v}" for k, v in sorted(rated.items())),
        "satisfied_rate": round(rated["good"] / ratings, 2) if ratings else "",
    }


def to_csv(lines: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(lines)
    return out.getvalue()
