"""Signing in and out: the only pages a signed-out visitor can see."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from desk.auth import same_session
from desk.deps import LawyerStore
from desk.render import render

router = APIRouter()


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> HTMLResponse:
    return render(request, "login.html")


@router.post("/login", dependencies=[Depends(same_session)])
def login(request: Request, lawyers: LawyerStore, username: Annotated[str, Form()] = "",
          password: Annotated[str, Form()] = "") -> Response:
    account, reason = lawyers.sign_in(username.strip(), password)
    if account is None:
        return render(request, "login.html", status_code=401, error=reason)
    request.session.clear()  # a new session for the signed-in lawyer (and a new form token)
    request.session["user"] = {"username": account["username"], "name": account["name"], "role": account["role"]}
    return RedirectResponse("/", status_code=303)


@router.post("/logout", dependencies=[Depends(same_session)])
def logout(request: Request) -> Response:
    request.session.clear()
    return RedirectResponse("/login", status_code=303)
