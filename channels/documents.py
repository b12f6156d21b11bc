"""Documents the assistant drafted, sent to the worker as files.

The turn policy answers "帮我写仲裁申请书" and puts what the document needs in the turn's
metadata (`document`: kind, topic, facts, calculations; casework/policy.py). Here the
document is built (casework/documents.py), rendered to PDF and DOCX (paperwork/) off the
event loop, and sent as two file replies through the channel's outlet; when the worker has
an open ticket, the files are kept beside it (the lawyer sees them on the desk and in the
transcript).
"""

from __future__ import annotations

import asyncio
import logging

from casework import documents
from channels import texts
from channels.outlet import Conversation, File
from channels.pipeline import Pipeline
from channels.sending import say, send_file
from paperwork.render import FontMissing, render

log = logging.getLogger(__name__)


async def send_documents(pipeline: Pipeline, conversation: Conversation, key: str | None, request: dict) -> bool:
    """Draft, render and send one document; True when both files went out. The worker is
    told when the document could not be drafted or sent."""
    try:
        document = documents.build(str(request.get("kind")), str(request.get("topic") or ""),
                                   request.get("facts") or {}, request.get("calculations") or [], pipeline.today())
        files = await asyncio.to_thread(render, document)
    except (ValueError, TypeError, FontMissing):
        log.exception("document not drafted for %s", conversation.channel)
        await say(pipeline, conversation, texts.DOCUMENT_FAILED, key)
        return False
    except Exception:  # a renderer's own failure: the answer has gone out, the worker is told
        log.exception("document not rendered for %s", conversation.channel)
        await say(pipeline, conversation, texts.DOCUMENT_FAILED, key)
        return False
    caption = texts.DOCUMENT_CAPTION.format(title=document.title)
    sent = [await send_file(pipeline, conversation, File(name, content), caption if n == 0 else "", key)
            for n, (name, content) in enumerate(files)]
    try:
        _keep_on_ticket(pipeline, conversation, document, files)
    except Exception:  # the worker has the files; the lawyer can regenerate them on the desk
        log.exception("drafted document not kept on the ticket")
    if not all(sent):
        await say(pipeline, conversation, texts.DOCUMENT_FAILED, key)
    return all(sent)


def _keep_on_ticket(pipeline: Pipeline, conversation: Conversation, document: documents.Document,
                    files: list[tuple[str, bytes]]) -> None:
    """The files beside the worker's open ticket, in its attachments folder."""
    tickets = pipeline.tickets
    ticket = tickets.open_for_chat(conversation.sender)
    if ticket is None:
        return
    data_dir = pipeline.settings.data_dir
    folder = data_dir / "attachments" / ticket["id"]
    folder.mkdir(parents=True, exist_ok=True)
    stamp = pipeline.clock().strftime("%Y%m%d-%H%M%S")
    for name, content in files:
        stem, _, suffix = name.rpartition(".")
        target = folder / f"{stem}-{stamp}.{suffix}"
        target.write_bytes(content)
        tickets.attach(ticket["id"], str(target.relative_to(data_dir)), f"助手起草的{document.title}", by="assistant")
