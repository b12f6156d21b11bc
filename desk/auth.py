"""Who is asking the desk: a signed-in lawyer (the session cookie), a form that came from this
session (the CSRF token), or an action server (the service token).

Pages and ticket actions hang off `lawyers_router()`, whose routes all need a signed-in
lawyer: a new route added there cannot be public by forgetting. A route that needs the
account itself takes `me: CurrentLawyer` (the same check, run once per request).
"""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request

from foundation.settings import Settings, local_secret

SESSION_SECONDS = 8 * 3600


class NotSignedIn(Exception):
    """Answered with a redirect to the sign-in page (web.py)."""


class BadToken(Exception):
    """A form without this session's CSRF token: answered 403 (web.py)."""


def session_secret(settings: Settings) -> str:
    """From HOTLINE_DESK_SECRET, or a random secret kept in var/ (never in the repo)."""
    return local_secret(settings.desk_secret, settings.data_dir / "desk-secret")


def csrf_token(request: Request) -> str:
    """This session's token, for every form the page renders."""
    if "csrf" not in request.session:
        request.session["csrf"] = secrets.token_urlsafe(32)
    return request.session["csrf"]


def _same(given: str, expected: str) -> bool:
    """Constant-time, and any text (compare_digest refuses non-ASCII str)."""
    return bool(given) and secrets.compare_digest(given.encode(), expected.encode())


def signed_in(request: Request) -> dict[str, Any]:
    """The signed-in lawyer's account (username, name, role), or a redirect to /login."""
    account = request.session.get("user")
    if not account:
        raise NotSignedIn()
    return account


CurrentLawyer = Annotated[dict[str, Any], Depends(signed_in)]


def same_session(request: Request, csrf: Annotated[str, Form()] = "") -> None:
    """Every form posts this session's token: another site cannot post on a lawyer's behalf."""
    if not _same(csrf, request.session.get("csrf", "")):
        raise BadToken()


def service_caller(request: Request) -> None:
    """Checked before the body is read: a caller without the token learns nothing."""
    given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    if not _same(given, request.app.state.service_token):
        raise HTTPException(status_code=401, detail="a valid service token is required")


def lawyers_router(*, forms: bool = False, **options: Any) -> APIRouter:
    """A router whose every route needs a signed-in lawyer (checked first), and with
    `forms=True` this session's CSRF token too."""
    checks = [Depends(signed_in), *([Depends(same_session)] if forms else [])]
    return APIRouter(dependencies=checks, **options)
