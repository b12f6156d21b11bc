"""Hand a case to the lawyers: a ticket in the desk's store (stores/tickets.py).

On one machine the action server writes the desk's SQLite file directly. In the production
profile (HOTLINE_TICKETS_URL set) the desk owns the tickets and every action server, on
any machine, hands cases over through the desk's API with the service token.

Both ways are awaited, never blocked on: one action server answers many conversations
on one event loop, and a hand-over that waits for a slow desk (or a locked SQLite file)
must not hold up everyone else's turn. The HTTP call is async, the retry pause is
`asyncio.sleep`, and the SQLite write runs in a worker thread.

The ticket records the worker's channel: Rasa's sender id says it (foundation/senders.py:
Telegram's chat id as is, `web-…`, `wx-…`; anything else, such as `hotline ask`, is `api`).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from foundation.senders import channel_of
from foundation.settings import settings, shared_service_token
from stores.tickets import Tickets

API_ATTEMPTS = 3
API_TIMEOUT = 10.0


class CaseNotSaved(RuntimeError):
    """The desk could not be reached: the worker is told to ask again, nothing is pretended."""


async def open_case(path: Path, sender: str, topic: str, urgency: str, reasons: list[str], facts: dict,
                    calculations: list[dict], transcript: list[dict], consent: bool, contact: str = "chat",
                    evidence: list[dict] | None = None) -> str:
    """Create the ticket and return its number (e.g. 12351-20261122-0007)."""
    case = {"topic": topic, "urgency": urgency, "reasons": reasons, "facts": facts, "calculations": calculations,
            "transcript": transcript, "channel": channel_of(sender),  # the channel lawyers' replies go back by
            "chat_id": sender, "consent": consent, "contact": contact, "evidence": evidence or []}
    config = settings()
    if config.tickets_url:
        return await _through_desk(config.tickets_url, shared_service_token(config), case)
    return await asyncio.to_thread(_into_store, path, case)


def _into_store(path: Path, case: dict) -> str:
    """The SQLite write, opened and closed in the one thread that runs it (sqlite3's rule)."""
    tickets = Tickets(path)
    try:
        return tickets.create(**case)
    finally:
        tickets.disconnect()


async def _through_desk(url: str, token: str, case: dict) -> str:
    """POST the case to the desk, retrying briefly (a desk restart takes a second or two)."""
    error: Exception | None = None
    async with httpx.AsyncClient(timeout=API_TIMEOUT, headers={"Authorization": f"Bearer {token}"}) as client:
        for attempt in range(API_ATTEMPTS):
            try:
                response = await client.post(f"{url.rstrip('/')}/api/tickets", json=case)
                response.raise_for_status()
                return response.json()["id"]
            except (httpx.HTTPError, KeyError, ValueError) as exc:
                error = exc
                await asyncio.sleep(0.5 * (attempt + 1))
    raise CaseNotSaved(f"the desk at {url} did not take the case: {error}")
