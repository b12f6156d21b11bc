"""Hand a case to the lawyers: a ticket in the desk's store (desk/tickets.py)."""

from __future__ import annotations

from pathlib import Path

from desk.tickets import Tickets


def open_case(path: Path, sender: str, topic: str, urgency: str, reasons: list[str], facts: dict,
              calculations: list[dict], transcript: list[dict], consent: bool, contact: str = "chat") -> str:
    """Create the ticket and return its number (e.g. 12351-20261122-0007)."""
    channel = "telegram" if sender.lstrip("-").isdigit() else "api"
    tickets = Tickets(path)
    try:
        return tickets.create(topic=topic, urgency=urgency, reasons=reasons, facts=facts, calculations=calculations,
                              transcript=transcript, channel=channel, chat_id=sender, consent=consent,
                              contact=contact)
    finally:
        tickets.disconnect()
