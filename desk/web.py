"""The lawyers' desk on the web: server-rendered pages (FastAPI + Jinja2), no front-end build.

Every page and action needs a signed-in lawyer; every form carries a CSRF token bound to
the session; sessions expire; repeated failed sign-ins lock the account; responses carry
security headers; errors are shown as a sentence, never a stack trace.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Literal
from urllib.parse import quote

from fastapi import Depends, FastAPI, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel
from starlette.middleware.sessions import SessionMiddleware

from casework.present import fact_rows
from desk.auth import Lawyers
from desk.tickets import OUTCOMES, STATUS_ZH, TicketError, Tickets
from foundation.settings import Settings, local_secret, service_token
from knowledge.faq import load_topics

log = logging.getLogger(__name__)
TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
URGENCY_ZH = {"urgent": "紧急", "high": "高", "normal": "普通"}
SPEAKERS = {"worker": "职工", "assistant": "助手", "lawyer": "律师"}
SESSION_SECONDS = 8 * 3600


class NewCase(BaseModel):
    """A case handed over by an action server (the arguments of Tickets.create)."""

    topic: str
    urgency: Literal["urgent", "high", "normal"]
    reasons: list[str]
    facts: dict
    calculations: list[dict]
    transcript: list[dict]
    channel: str
    chat_id: str
    consent: bool
    contact: str = "chat"


class NotSignedIn(Exception):
    pass


class BadToken(Exception):
    pass


def session_secret(settings: Settings) -> str:
    """From HOTLINE_DESK_SECRET, or a random secret kept in var/ (never in the repo)."""
    return local_secret("HOTLINE_DESK_SECRET", settings.data_dir / "desk-secret")


def create_app(settings: Settings) -> FastAPI:
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    token = service_token(settings)
    app.add_middleware(SessionMiddleware, secret_key=session_secret(settings), max_age=SESSION_SECONDS,
                       same_site="strict", https_only=os.environ.get("HOTLINE_DESK_HTTPS") == "1")
    topics = load_topics()
    Lawyers(Tickets(settings.cases_db).db)  # create/migrate the tables once at start

    @contextlib.contextmanager
    def database() -> Iterator[tuple[Tickets, Lawyers]]:
        """A connection per request: SQLite connections must stay on their thread."""
        store = Tickets(settings.cases_db)
        try:
            yield store, Lawyers(store.db)
        finally:
            store.disconnect()

    @app.middleware("http")
    async def security_headers(request: Request, call_next) -> Response:
        try:
            response = await call_next(request)
        except Exception:  # never a stack trace to the user
            log.exception("desk error on %s", request.url.path)
            response = PlainTextResponse("出错了，请稍后再试。", status_code=500)
        response.headers.update({
            "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin",
            "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; form-action 'self'",
            "Cache-Control": "no-store",
        })
        return response

    @app.exception_handler(NotSignedIn)
    async def to_login(request: Request, exc: NotSignedIn) -> Response:
        return RedirectResponse("/login", status_code=303)

    @app.exception_handler(BadToken)
    async def bad_token(request: Request, exc: BadToken) -> Response:
        return PlainTextResponse("页面已过期，请刷新后再试。", status_code=403)

    def csrf(request: Request) -> str:
        if "csrf" not in request.session:
            request.session["csrf"] = secrets.token_urlsafe(32)
        return request.session["csrf"]

    def check_csrf(request: Request, token: str) -> None:
        if not token or not secrets.compare_digest(token, request.session.get("csrf", "")):
            raise BadToken()

    def user(request: Request) -> dict:
        account = request.session.get("user")
        if not account:
            raise NotSignedIn()
        return account

    def page(request: Request, name: str, status_code: int = 200, **context) -> HTMLResponse:
        context.update(user=request.session.get("user"), csrf=csrf(request), statuses=STATUS_ZH, topics=topics,
                       urgency=URGENCY_ZH, error=context.get("error") or request.query_params.get("error"),
                       notice=request.query_params.get("notice"))
        return TEMPLATES.TemplateResponse(request, name, context, status_code=status_code)

    @app.get("/healthz")
    def health() -> dict:
        return {"status": "ok"}

    def service(request: Request) -> None:
        """Checked before the body is read: a caller without the token learns nothing."""
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if not given or not secrets.compare_digest(given, token):
            raise HTTPException(status_code=401, detail="a valid service token is required")

    @app.post("/api/tickets", dependencies=[Depends(service)])
    def create_ticket(case: NewCase) -> Response:
        """Where the action servers hand cases over in the production profile: the desk owns
        the tickets, so any number of action servers (on any machine) write through it."""
        with database() as (tickets, _):
            ticket_id = tickets.create(**case.model_dump())
        return JSONResponse({"id": ticket_id}, status_code=201)

    @app.get("/login", response_class=HTMLResponse)
    def login_page(request: Request) -> HTMLResponse:
        return page(request, "login.html")

    @app.post("/login")
    def login(request: Request, username: str = Form(""), password: str = Form(""), csrf_token: str = Form("", alias="csrf")):
        check_csrf(request, csrf_token)
        with database() as (_, lawyers):
            account, reason = lawyers.sign_in(username.strip(), password)
        if account is None:
            return page(request, "login.html", status_code=401, error=reason)
        request.session.clear()
        request.session["user"] = {"username": account["username"], "name": account["name"], "role": account["role"]}
        return RedirectResponse("/", status_code=303)

    @app.post("/logout")
    def logout(request: Request, csrf_token: str = Form("", alias="csrf")):
        check_csrf(request, csrf_token)
        request.session.clear()
        return RedirectResponse("/login", status_code=303)

    @app.get("/", response_class=HTMLResponse)
    def queue(request: Request, status: str = "", topic: str = "", mine: str = "") -> HTMLResponse:
        me = user(request)
        with database() as (store, _):
            rows = store.queue(status=status if status in STATUS_ZH else None, topic=topic if topic in topics else None,
                               assignee=me["username"] if mine else None)
        now = dt.datetime.now().isoformat()
        for row in rows:
            row["overdue"] = not row["first_response"] and row["sla_due"] < now
            row["reasons_text"] = "；".join(json.loads(row["reasons"]))
        return page(request, "queue.html", tickets=rows, filters={"status": status, "topic": topic, "mine": mine})

    @app.get("/tickets/{ticket_id}", response_class=HTMLResponse)
    def ticket(request: Request, ticket_id: str) -> HTMLResponse:
        user(request)
        with database() as (store, lawyers):
            try:
                found = store.get(ticket_id)
            except TicketError as error:
                return page(request, "queue.html", status_code=404, tickets=[], filters={}, error=str(error))
            return page(request, "ticket.html", t=found, facts=fact_rows(found["facts"] or {}),
                        events=store.events(ticket_id), speakers=SPEAKERS,
                        outcomes=sorted(OUTCOMES), lawyers=lawyers.all())

    @app.post("/tickets/{ticket_id}/{action}")
    def act(request: Request, ticket_id: str, action: str, csrf_token: str = Form("", alias="csrf"),
            text: str = Form(""), ask_worker: str = Form(""), outcome: str = Form(""), amount: str = Form("0"),
            lawyer: str = Form("")):
        me = user(request)
        check_csrf(request, csrf_token)
        with database() as (store, _):
            return _act(store, ticket_id, action, me, text, ask_worker, outcome, amount, lawyer)

    return app


def _act(store: Tickets, ticket_id: str, action: str, me: dict, text: str, ask_worker: str, outcome: str,
         amount: str, lawyer: str) -> Response:
    """Apply one lawyer action; a refused move comes back as a sentence on the page."""
    name = me["username"]
    actions = {
        "claim": lambda: store.claim(ticket_id, name, me["name"]),
        "reply": lambda: store.reply(ticket_id, name, text, ask_worker=bool(ask_worker)),
        "note": lambda: store.note(ticket_id, name, text),
        "resolve": lambda: store.resolve(ticket_id, name, outcome, _amount(amount)),
        "close": lambda: store.close(ticket_id, name),
        "reopen": lambda: store.reopen(ticket_id, name),
        "reassign": lambda: store.reassign(ticket_id, name, lawyer),
    }
    if action not in actions:
        return PlainTextResponse("没有这个操作。", status_code=404)
    try:
        actions[action]()
    except TicketError as error:
        return RedirectResponse(f"/tickets/{ticket_id}?error={quote(str(error))}", status_code=303)
    return RedirectResponse(f"/tickets/{ticket_id}?notice={quote('已保存')}", status_code=303)


def _amount(raw: str) -> float:
    try:
        return float(raw.replace(",", "").strip() or 0)
    except ValueError:
        raise TicketError("追回金额请填数字") from None
