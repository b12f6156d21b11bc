"""For machines, not lawyers: the health check, and where action servers hand cases over in
the production profile (the desk owns the tickets, so any number of action servers, on any
machine, write through it; they show the service token)."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from desk.auth import service_caller
from desk.deps import TicketStore
from foundation.vocabulary import Urgency

router = APIRouter()


class NewCase(BaseModel):
    """A case handed over by an action server (the arguments of Tickets.create)."""

    topic: str
    urgency: Urgency
    reasons: list[str]
    facts: dict
    calculations: list[dict]
    transcript: list[dict]
    channel: str
    chat_id: str
    consent: bool
    contact: str = "chat"
    evidence: list[dict] = []  # the evidence checklist with the worker's ticks (casework/evidence.py)


@router.get("/healthz")
def health() -> dict:
    return {"status": "ok"}


@router.post("/api/tickets", dependencies=[Depends(service_caller)], status_code=201)
def create_ticket(case: NewCase, tickets: TicketStore) -> dict:
    return {"id": tickets.create(**case.model_dump())}
