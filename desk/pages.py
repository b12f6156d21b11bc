"""The lawyers' pages: the queue and one ticket's case file."""

from __future__ import annotations

import datetime as dt

from fastapi import Request
from fastapi.responses import HTMLResponse

from casework.present import fact_rows
from desk.auth import CurrentLawyer, lawyers_router
from desk.deps import LawyerStore, TicketStore
from desk.render import SPEAKERS, render
from foundation.vocabulary import STATUS_ZH
from stores.tickets import OUTCOMES, TicketError

router = lawyers_router()


@router.get("/", response_class=HTMLResponse)
def queue(request: Request, me: CurrentLawyer, tickets: TicketStore, status: str = "", topic: str = "",
          mine: str = "") -> HTMLResponse:
    """Open tickets, most urgent first; unknown filter values are ignored, not an error."""
    rows = tickets.queue(status=status if status in STATUS_ZH else None,
                         topic=topic if topic in request.app.state.topics else None,
                         assignee=me["username"] if mine else None)
    now = dt.datetime.now().isoformat()
    shown = [{**row, "overdue": not row["first_response"] and row["sla_due"] < now,
              "reasons_text": "；".join(row["reasons"])} for row in rows]
    return render(request, "queue.html", tickets=shown, filters={"status": status, "topic": topic, "mine": mine})


@router.get("/tickets/{ticket_id}", response_class=HTMLResponse)
def ticket(request: Request, ticket_id: str, tickets: TicketStore, lawyers: LawyerStore) -> HTMLResponse:
    try:
        found = tickets.get(ticket_id)
    except TicketError as error:
        return render(request, "queue.html", status_code=404, tickets=[], filters={}, error=str(error))
    return render(request, "ticket.html", t=found, facts=fact_rows(found["facts"]), events=tickets.events(ticket_id),
                  speakers=SPEAKERS, outcomes=sorted(OUTCOMES), lawyers=lawyers.all())
