"""The web chat's server: the page, and the three calls its script makes (docs/webchat.md).

    GET  /chat/                      the page (the privacy notice first), CSS and JS under /chat/static/
    POST /chat/api/messages          {"id", "text"} or {"id", "button"}: one message, answered before it returns
    GET  /chat/api/messages          ?since=CURSOR&wait=SECONDS: the lines after the cursor (long polling)
    GET  /chat/api/files/NAME        ?token=…: a document the assistant drafted

A conversation is ("web", token): the token is 16 random bytes the page made with
crypto.getRandomValues and keeps in localStorage; the JSON calls carry it in the
`X-Chat-Token` header. Each message carries an id the page chose, so a message the page
sends again (a network error, a reload before the answer) is journaled once: its key is
`web:<token>:<id>`. Everything else — rate limit, journal, ordering, the lawyer's hold,
Rasa, degraded answers, documents, /status — is the channel pipeline's (channels/).

The page learns of new lines by long polling the journal from its last cursor: one plain
request at a time, which any proxy and any flaky mobile network passes, and which loses
nothing when a response is lost (the next poll asks from the same cursor again).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import html
import logging
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from channels import texts
from channels.intake import press, take_text
from channels.jobs import run_jobs, shared_jobs
from channels.journal import parse_cursor
from channels.outlet import Conversation
from channels.pipeline import Pipeline
from foundation.senders import WEB
from foundation.settings import Settings
from webchat.outlet import WebOutlet

log = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent / "static"
TOKEN = r"^[A-Za-z0-9_-]{22,64}$"  # base64url of 16 random bytes is 22 characters
MESSAGE_ID = r"^[A-Za-z0-9_-]{1,40}$"
POLL_SECONDS = 25.0  # the longest a poll waits: well under nginx's 60-second proxy_read_timeout
STATUS_LABEL = "查看进展"  # the page's link that sends /status, and how a /status shows in the history
LOOK_AGAIN = 5.0  # a waiting poll reads the journal at least this often, woken or not
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
}

router = APIRouter(prefix="/chat")


class Message(BaseModel):
    id: str = Field(pattern=MESSAGE_ID)  # the page's id of the message: the same on every retry
    text: str = Field("", max_length=10_000)  # the pipeline reads the first 2000 characters and says so
    button: str = Field("", max_length=40)  # a button's short id (channels/buttons.py)


def worker(x_chat_token: Annotated[str, Header()] = "") -> Conversation:
    if not re.match(TOKEN, x_chat_token):
        raise HTTPException(401, "no conversation token")
    return Conversation(WEB, x_chat_token)


Worker = Annotated[Conversation, Depends(worker)]


def pipeline_of(request: Request) -> Pipeline:
    return request.app.state.pipeline


@router.get("/", response_class=HTMLResponse)
def page(request: Request) -> HTMLResponse:
    return HTMLResponse(request.app.state.page, headers={"Cache-Control": "no-cache"})


@router.post("/api/messages")
async def post_message(message: Message, conversation: Worker, request: Request) -> dict:
    """One message or button press, through the pipeline. It returns once the message is
    answered, or kept to be answered later (Rasa down: the worker is told so). The turn runs
    on even if the page goes away meanwhile. 503 when the message could not even be kept:
    the page sends it again, with the same id."""
    pipeline = pipeline_of(request)
    key = f"{WEB}:{conversation.id}:{message.id}"
    if message.button:
        turn = press(pipeline, conversation, key, message.button)
    else:
        turn = take_text(pipeline, conversation, key, message.text)
    task = asyncio.create_task(turn)
    turns: set[asyncio.Task] = request.app.state.turns
    turns.add(task)
    task.add_done_callback(turns.discard)
    try:
        await asyncio.shield(task)
    except Exception:
        log.exception("web message not handled")
        if not pipeline.journal.has(key):
            raise HTTPException(503, "not kept; send it again") from None
    return {"ok": True}


@router.get("/api/messages")
async def messages(conversation: Worker, request: Request, since: str = "",
                   wait: Annotated[float, Query(ge=0, le=POLL_SECONDS)] = 0) -> dict:
    """The conversation's lines after `since` (all of the latest, without it). With `wait`, a
    poll with nothing new waits up to that many seconds for the next line."""
    if since:
        try:
            parse_cursor(since)
        except ValueError:
            raise HTTPException(400, "bad cursor") from None
    pipeline, outlet = pipeline_of(request), request.app.state.outlet
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    while True:
        news = outlet.news(conversation.id)  # taken before reading, so a line sent meanwhile wakes it
        lines = pipeline.journal.history(conversation, since=since or None)
        left = deadline - loop.time()
        if lines or left <= 0 or await request.is_disconnected():
            break
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(news.wait(), min(left, LOOK_AGAIN))
    return {"lines": [shown(pipeline, conversation, line) for line in lines],
            "cursor": lines[-1]["cursor"] if lines else since}


def shown(pipeline: Pipeline, conversation: Conversation, line: dict) -> dict[str, Any]:
    """A journal line as the page draws it: a press as its button's title, buttons by short id."""
    if line["from"] == "worker":
        sent_id = (line["key"] or "").rpartition(":")[2]
        text = line.get("pressed") or (STATUS_LABEL if line["text"] == "/status" else line["text"])
        return {"from": "worker", "text": text, "id": sent_id,
                "cursor": line["cursor"]}
    buttons = pipeline.journal.buttons.known(conversation, line["buttons"])
    return {"from": "assistant", "text": line["text"], "buttons": buttons, "file": line["file"],
            "cursor": line["cursor"]}


@router.get("/api/files/{name}")
def file(name: str, request: Request, token: Annotated[str, Query(pattern=TOKEN)]) -> FileResponse:
    """A document sent to this conversation (a link can carry no header: the token is in the query)."""
    path = request.app.state.outlet.file(token, name)
    if name != path.name or name.startswith(".") or not path.is_file():
        raise HTTPException(404, "no such file")
    return FileResponse(path, filename=name, headers={"Cache-Control": "private, no-store"})


# --- the application ---------------------------------------------------------------------------

def create_app(settings: Settings, jobs_every: float | None = None, **parts: Any) -> FastAPI:
    """The web chat with its own pipeline; `parts` replace the pipeline's (tests: a fake Rasa)."""

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        outlet = WebOutlet(settings.data_dir / "webchat")
        pipeline = Pipeline.open(settings, outlet, **parts)
        app.state.outlet, app.state.pipeline, app.state.turns = outlet, pipeline, set()
        jobs = asyncio.create_task(run_jobs(shared_jobs(pipeline, jobs_every)))  # outbox, retries, reminders
        try:
            yield
        finally:
            jobs.cancel()
            if app.state.turns:  # let the turns under way finish (they are journaled either way)
                await asyncio.wait(app.state.turns, timeout=10)
            await pipeline.close()

    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.page = render_page()
    app.add_middleware(GZipMiddleware, minimum_size=500)
    app.middleware("http")(security_headers)
    app.include_router(router)
    app.mount("/chat/static", StaticFiles(directory=STATIC), name="static")
    app.get("/", include_in_schema=False)(lambda: RedirectResponse("/chat/"))
    app.get("/healthz", include_in_schema=False)(lambda: {"ok": True})
    return app


def render_page() -> str:
    """The page with the privacy notice (the words of Telegram's /start) and the CSS and JS
    under a hash of their content, so a browser may keep them for a year (docs/webchat.md)."""
    text = (STATIC / "index.html").read_text(encoding="utf-8")
    for name in ("chat.css", "chat.js"):
        digest = hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:10]
        text = text.replace(f"static/{name}", f"static/{name}?v={digest}")
    return text.replace("{{notice}}", html.escape(texts.WELCOME))


async def security_headers(request: Request, call_next) -> Response:
    response = await call_next(request)
    response.headers.update(SECURITY_HEADERS)
    if request.url.path.startswith("/chat/static/") and "v" in request.query_params:
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    elif "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    return response
