"""Hand a case to the lawyers: a ticket in the desk's store (desk/tickets.py).

On one machine the action server writes the desk's SQLite file directly. In the production
profile (HOTLINE_TICKETS_URL set) the desk owns the tickets and every action server, on
any machine, hands cases over through the desk's API with the service token.
"""

from __future__ import annotations

import time
from pathlib import Path

import httpx

from desk.tickets import Tickets
from foundation.settings import service_token, settings

API_ATTEMPTS = 3


class CaseNotSaved(RuntimeError):
    """The desk could not be reached: the worker is told to ask again, nothing is pretended."""


def open_case(path: Path, sender: str, topic: str, urgency: str, reasons: list[str], facts: dict,
              calculations: list[dict], transcript: list[dict], consent: bool, contact: str = "chat") -> str:
    """Create the ticket and return its number (e.g. 12351-20261122-0007)."""
    case = {"topic": topic, "urgency": urgency, "reasons": reasons, "facts": facts, "calculations": calculations,
            "transcript": transcript, "channel": "telegram" if sender.lstrip("-").isdigit() else "api",
            "chat_id": sender, "consent": consent, "contact": contact}
    config = settings()
    if config.tickets_url:
        return _through_desk(config.tickets_url, service_token(config), case)
    tickets = Tickets(path)
    try:
        return tickets.create(**case)
    finally:
        tickets.disconnect()


def _through_desk(url: str, token: str, case: dict) -> str:
    """POST the case to the desk, retrying briefly (a desk restart takes a second or two)."""
    error: Exception | None = None
    for attempt in range(API_ATTEMPTS):
        try:
            response = httpx.post(f"{url.rstrip('/')}/api/tickets", json=case, timeout=10,
                                  headers={"Authorization": f"Bearer {token}"})
            response.raise_for_status()
            return response.json()["id"]
        except (httpx.HTTPError, KeyError, ValueError) as exc:
            error = exc
            time.sleep(0.5 * (attempt + 1))
    raise CaseNotSaved(f"the desk at {url} did not take the case: {error}")
