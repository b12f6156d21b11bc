"""What a lawyer does to a ticket: one small route per action (the forms on ticket.html).

Every route needs a signed-in lawyer and this session's form token (`lawyers_router`). A
move the ticket refuses (`TicketError`) comes back as a sentence on the ticket's page.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import Form, Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response

from casework.canned import blanks
from desk.auth import CurrentLawyer, lawyers_router
from desk.deps import TicketStore
from foundation.settings import ROOT
from stores.faq_drafts import write_draft
from stores.tickets import TicketError

router = lawyers_router(forms=True, prefix="/tickets/{ticket_id}")
Text = Annotated[str, Form()]


def saved(ticket_id: str) -> RedirectResponse:
    return RedirectResponse(f"/tickets/{ticket_id}?notice={quote('已保存')}", status_code=303)


async def refused(request: Request, error: TicketError) -> Response:
    """Exception handler (web.py): back to the ticket, with the reason."""
    ticket_id = request.path_params.get("ticket_id")
    target = f"/tickets/{ticket_id}" if ticket_id else "/"
    return RedirectResponse(f"{target}?error={quote(str(error))}", status_code=303)


@router.post("/claim")
def claim(ticket_id: str, me: CurrentLawyer, tickets: TicketStore) -> Response:
    tickets.claim(ticket_id, me["username"], me["name"])
    return saved(ticket_id)


@router.post("/reply")
def reply(ticket_id: str, me: CurrentLawyer, tickets: TicketStore, text: Text = "", ask_worker: Text = "") -> Response:
    left = blanks(text)  # a canned reply's 【被欠金额】 not filled in: back to the box, text kept
    if left:
        error = f"回复里还有没填的空：{'、'.join(left)}。请填好再发送。"
        return RedirectResponse(f"/tickets/{ticket_id}?error={quote(error)}&draft={quote(text)}", status_code=303)
    tickets.reply(ticket_id, me["username"], text, ask_worker=bool(ask_worker))
    return saved(ticket_id)


@router.post("/note")
def note(ticket_id: str, me: CurrentLawyer, tickets: TicketStore, text: Text = "") -> Response:
    tickets.note(ticket_id, me["username"], text)
    return saved(ticket_id)


@router.post("/resolve")
def resolve(ticket_id: str, me: CurrentLawyer, tickets: TicketStore, outcome: Text = "", amount: Text = "0") -> Response:
    tickets.resolve(ticket_id, me["username"], outcome, _amount(amount))
    return saved(ticket_id)


@router.post("/close")
def close(ticket_id: str, me: CurrentLawyer, tickets: TicketStore) -> Response:
    tickets.close(ticket_id, me["username"])
    return saved(ticket_id)


@router.post("/reopen")
def reopen(ticket_id: str, me: CurrentLawyer, tickets: TicketStore) -> Response:
    tickets.reopen(ticket_id, me["username"])
    return saved(ticket_id)


@router.post("/reassign")
def reassign(ticket_id: str, me: CurrentLawyer, tickets: TicketStore, lawyer: Text = "") -> Response:
    tickets.reassign(ticket_id, me["username"], lawyer)
    return saved(ticket_id)


@router.post("/faq-draft")
def faq_draft(request: Request, ticket_id: str, me: CurrentLawyer, tickets: TicketStore) -> Response:
    """A resolved ticket as a draft FAQ entry for staff (knowledge/faq/drafts/)."""
    path = write_draft(tickets.get(ticket_id), request.app.state.settings.faq_drafts_dir)
    shown = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
    tickets.note(ticket_id, me["username"], f"生成FAQ草稿 {shown}")
    return RedirectResponse(f"/tickets/{ticket_id}?notice={quote('已生成FAQ草稿：' + shown)}", status_code=303)


@router.post("/{action}")
def unknown(action: str) -> Response:
    """Last, so it only catches what no route above took."""
    return PlainTextResponse("没有这个操作。", status_code=404)


def _amount(raw: str) -> float:
    try:
        return float(raw.replace(",", "").strip() or 0)
    except ValueError:
        raise TicketError("追回金额请填数字") from None
