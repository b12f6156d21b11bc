"""Canned replies on the desk: every lawyer sees the list (and picks one on a ticket's page,
desk/pages.py); admins add, edit and delete them. A text with an unknown variable comes
back as a sentence, not saved."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from casework.canned import VARIABLES, CannedError
from desk.auth import CurrentLawyer, lawyers_router
from desk.deps import TicketStore
from desk.render import render
from stores.canned import CannedReplies

Text = Annotated[str, Form()]


def admin(me: CurrentLawyer) -> dict[str, Any]:
    """Only an admin changes the canned replies every lawyer uses."""
    if me.get("role") != "admin":
        raise HTTPException(status_code=403, detail="只有管理员可以修改常用回复")
    return me


Admin = Annotated[dict[str, Any], Depends(admin)]
pages = lawyers_router(prefix="/canned")
forms = lawyers_router(forms=True, prefix="/canned")


def back(message: str, key: str = "notice") -> RedirectResponse:
    return RedirectResponse(f"/canned?{key}={quote(message)}", status_code=303)


@pages.get("", response_class=HTMLResponse)
def listing(request: Request, me: CurrentLawyer, tickets: TicketStore) -> HTMLResponse:
    return render(request, "canned.html", replies=CannedReplies(tickets.db).all(), variables=list(VARIABLES),
                  is_admin=me.get("role") == "admin")


@forms.post("")
def add(me: Admin, tickets: TicketStore, title: Text = "", body: Text = "") -> Response:
    try:
        CannedReplies(tickets.db).add(title, body, me["username"])
    except CannedError as error:
        return back(str(error), "error")
    return back("已添加")


@forms.post("/{reply_id}")
def edit(reply_id: int, me: Admin, tickets: TicketStore, title: Text = "", body: Text = "") -> Response:
    try:
        CannedReplies(tickets.db).update(reply_id, title, body, me["username"])
    except CannedError as error:
        return back(str(error), "error")
    return back("已保存")


@forms.post("/{reply_id}/delete")
def delete(reply_id: int, me: Admin, tickets: TicketStore) -> Response:
    try:
        CannedReplies(tickets.db).delete(reply_id)
    except CannedError as error:
        return back(str(error), "error")
    return back("已删除")


router = APIRouter()
router.include_router(pages)
router.include_router(forms)
