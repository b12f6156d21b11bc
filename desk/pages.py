"""The lawyers' pages: the queue and one ticket's case file."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from casework import followup
from casework.canned import CannedError, fill
from casework.present import fact_rows
from desk.auth import CurrentLawyer, lawyers_router
from desk.deps import LawyerStore, TicketStore
from desk.render import SPEAKERS, render
from foundation import clock
from foundation.vocabulary import STATUS_ZH
from stores.canned import CannedReplies
from stores.reminders import Reminders
from stores.tickets import OUTCOMES, TicketError

router = lawyers_router()


@router.get("/", response_class=HTMLResponse)
def queue(request: Request, me: CurrentLawyer, tickets: TicketStore, status: str = "", topic: str = "",
          mine: str = "") -> HTMLResponse:
    """Open tickets, most urgent first; unknown filter values are ignored, not an error."""
    rows = tickets.queue(status=status if status in STATUS_ZH else None,
                         topic=topic if topic in request.app.state.topics else None,
                         assignee=me["username"] if mine else None)
    now = clock.now().isoformat()
    shown = [{**row, "overdue": not row["first_response"] and row["sla_due"] < now,
              "reasons_text": "；".join(row["reasons"]), "group": tickets.group(row)} for row in rows]
    return render(request, "queue.html", tickets=shown, filters={"status": status, "topic": topic, "mine": mine})


@router.get("/tickets/{ticket_id}", response_class=HTMLResponse)
def ticket(request: Request, ticket_id: str, tickets: TicketStore, lawyers: LawyerStore, canned: int = 0,
           draft: str = "") -> HTMLResponse:
    """`?canned=N`: the page with canned reply N filled from this ticket in the reply box;
    `?draft=`: a reply sent back to be completed."""
    try:
        found = tickets.get(ticket_id)
    except TicketError as error:
        return render(request, "queue.html", status_code=404, tickets=[], filters={}, error=str(error))
    reminders = Reminders(tickets.db).upcoming(found["chat_id"], clock.today()) if found["chat_id"] else []
    return render(request, "ticket.html", t=found, facts=fact_rows(found["facts"]), events=tickets.events(ticket_id),
                  speakers=SPEAKERS, outcomes=sorted(OUTCOMES), lawyers=lawyers.all(), reminders=reminders,
                  feedback=followup.summary(found), group=tickets.group(found),
                  group_days=request.app.state.settings.group_days, **_canned(tickets, found, canned, draft))


def _canned(tickets: TicketStore, found: dict, chosen: int, draft: str) -> dict:
    """The canned replies to pick from, and the chosen one filled in (blanks left visible)."""
    replies = CannedReplies(tickets.db)
    error = None
    if chosen:
        try:
            draft = fill(replies.get(chosen)["body"], found)
        except CannedError as problem:
            error = str(problem)
    return {"canned_replies": replies.all(), "canned_chosen": chosen, "draft": draft,
            **({"error": error} if error else {})}
