"""The lawyers' desk on the web: server-rendered pages (FastAPI + Jinja2), no front-end build.

Every page and action needs a signed-in lawyer (desk/auth.py); every form carries a CSRF
token bound to the session; sessions expire; repeated failed sign-ins lock the account;
responses carry security headers; errors are shown as a sentence, never a stack trace.
The routes live in their modules: signin.py, pages.py, ticket_actions.py, api.py.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response
from starlette.middleware.sessions import SessionMiddleware

from desk import api, canned, documents, pages, signin, ticket_actions
from desk.auth import SESSION_SECONDS, BadToken, NotSignedIn, session_secret
from foundation.settings import Settings, shared_service_token
from knowledge.faq import load_topics
from stores.schema import migrate
from stores.tickets import TicketError

log = logging.getLogger(__name__)
SECURITY_HEADERS = {
    "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; form-action 'self'",
    "Cache-Control": "no-store",
}


def create_app(settings: Settings) -> FastAPI:
    migrate(settings.cases_db)  # the schema, once, before the first request
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings
    app.state.topics = load_topics()
    app.state.service_token = shared_service_token(settings)
    app.add_middleware(SessionMiddleware, secret_key=session_secret(settings), max_age=SESSION_SECONDS,
                       same_site="strict", https_only=settings.desk_https)
    app.middleware("http")(security_headers)
    app.add_exception_handler(NotSignedIn, to_login)
    app.add_exception_handler(BadToken, expired_form)
    app.add_exception_handler(TicketError, ticket_actions.refused)
    for module in (api, signin, pages, documents, ticket_actions, canned):  # documents before the catch-all
        app.include_router(module.router)
    return app


async def security_headers(request: Request, call_next) -> Response:
    try:
        response = await call_next(request)
    except Exception:  # never a stack trace to the user
        log.exception("desk error on %s", request.url.path)
        response = PlainTextResponse("出错了，请稍后再试。", status_code=500)
    response.headers.update(SECURITY_HEADERS)
    return response


async def to_login(request: Request, exc: NotSignedIn) -> Response:
    return RedirectResponse("/login", status_code=303)


async def expired_form(request: Request, exc: BadToken) -> Response:
    return PlainTextResponse("页面已过期，请刷新后再试。", status_code=403)
