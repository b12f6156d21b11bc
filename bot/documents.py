"""Documents the assistant drafted, sent to the worker as files.

The turn policy answers "帮我写仲裁申请书" and puts what the document needs in the turn's
metadata (`document`: kind, topic, facts, calculations; casework/policy.py). Here the
document is built (casework/documents.py), rendered to PDF and DOCX (paperwork/) off the
event loop, and sent with `send_document`; when the worker has an open ticket, the files
are kept beside it (the lawyer sees them on the desk and in the transcript).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable

from telegram.error import NetworkError, TelegramError, TimedOut
from telegram.ext import Application

from bot import texts
from bot.journal import Journal
from casework import documents
from foundation import clock
from foundation.settings import Settings
from paperwork.render import FontMissing, render
from stores.tickets import Tickets

log = logging.getLogger(__name__)
SEND_ATTEMPTS = 3


async def send_documents(application: Application, chat_id: int, update_id: int | None, request: dict,
                         say: Callable[[str], Awaitable[None]], today: Callable[[], dt.date] = clock.today) -> bool:
    """Draft, render and send one document; True when both files went out. `say` tells the
    worker (bot.relay.send) when the document could not be drafted or sent."""
    try:
        document = documents.build(str(request.get("kind")), str(request.get("topic") or ""),
                                   request.get("facts") or {}, request.get("calculations") or [], today())
        files = await asyncio.to_thread(render, document)
    except (ValueError, TypeError, FontMissing):
        log.exception("document not drafted for chat %s", chat_id)
        await say(texts.DOCUMENT_FAILED)
        return False
    except Exception:  # a renderer's own failure: the answer has gone out, the worker is told
        log.exception("document not rendered for chat %s", chat_id)
        await say(texts.DOCUMENT_FAILED)
        return False
    sent = [await _send_file(application, chat_id, update_id, name, content,
                             texts.DOCUMENT_CAPTION.format(title=document.title) if n == 0 else None)
            for n, (name, content) in enumerate(files)]
    try:
        _keep_on_ticket(application, chat_id, document, files)
    except Exception:  # the worker has the files; the lawyer can regenerate them on the desk
        log.exception("drafted document not kept on the ticket of chat %s", chat_id)
    if not all(sent):
        await say(texts.DOCUMENT_FAILED)
    return all(sent)


async def _send_file(application: Application, chat_id: int, update_id: int | None, name: str, content: bytes,
                     caption: str | None) -> bool:
    journal: Journal = application.bot_data["journal"]
    for attempt in range(SEND_ATTEMPTS):
        try:
            await application.bot.send_document(chat_id, document=content, filename=name, caption=caption)
            journal.sent(chat_id, update_id, f"[文件] {name}", delivered=True)
            return True
        except (NetworkError, TimedOut) as error:
            log.warning("sending %s to chat %s failed (attempt %d): %s", name, chat_id, attempt + 1, error)
            await asyncio.sleep(2**attempt)
        except TelegramError as error:
            log.warning("could not send %s to chat %s: %s", name, chat_id, error)
            break
    journal.sent(chat_id, update_id, f"[文件] {name}", delivered=False)
    return False


def _keep_on_ticket(application: Application, chat_id: int, document: documents.Document,
                    files: list[tuple[str, bytes]]) -> None:
    """The files beside the worker's open ticket, in its attachments folder."""
    tickets: Tickets = application.bot_data["tickets"]
    ticket = tickets.open_for_chat(str(chat_id))
    if ticket is None:
        return
    settings: Settings = application.bot_data["settings"]
    folder = settings.data_dir / "attachments" / ticket["id"]
    folder.mkdir(parents=True, exist_ok=True)
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    for name, content in files:
        stem, _, suffix = name.rpartition(".")
        target = folder / f"{stem}-{stamp}.{suffix}"
        target.write_bytes(content)
        tickets.attach(ticket["id"], str(target.relative_to(settings.data_dir)), f"助手起草的{document.title}",
                       by="assistant")
