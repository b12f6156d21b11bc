"""Server-rendered pages (Jinja2, autoescaped): what every page shows besides its own content."""

from __future__ import annotations

from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from desk.auth import csrf_token
from foundation.vocabulary import STATUS_ZH, URGENCY_ZH

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
SPEAKERS = {"worker": "职工", "assistant": "助手", "lawyer": "律师"}


def render(request: Request, name: str, status_code: int = 200, **context) -> HTMLResponse:
    """A template with the signed-in lawyer, the form token, the vocabularies and any message
    (`?error=` / `?notice=` after a redirect)."""
    context.update(user=request.session.get("user"), csrf=csrf_token(request), statuses=STATUS_ZH,
                   topics=request.app.state.topics, urgency=URGENCY_ZH,
                   error=context.get("error") or request.query_params.get("error"),
                   notice=request.query_params.get("notice"))
    return TEMPLATES.TemplateResponse(request, name, context, status_code=status_code)
