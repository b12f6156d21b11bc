"""A photo or file a worker sends, kept as evidence on their open ticket.

The adapter says what arrived (`Attachment`, with a `fetch` that downloads it from the
platform) or that something arrived that is neither text nor a file (a sticker, a
location: `None`); the checks and the answer are the same on every channel.
"""

from __future__ import annotations

import logging
from pathlib import Path

from channels import texts
from channels.outlet import Attachment, Conversation, FetchFailed
from channels.pipeline import Pipeline
from channels.sending import say

log = logging.getLogger(__name__)


async def keep_evidence(pipeline: Pipeline, conversation: Conversation, attachment: Attachment | None) -> bool:
    """Keep the file on the open ticket (True), or tell the worker why not."""
    async with pipeline.order.turn(conversation.sender):
        return await _keep(pipeline, conversation, attachment)


async def _keep(pipeline: Pipeline, conversation: Conversation, attachment: Attachment | None) -> bool:
    tickets, settings = pipeline.tickets, pipeline.settings
    ticket = tickets.open_for_chat(conversation.sender)
    if ticket is None or attachment is None:
        await say(pipeline, conversation, texts.NOT_TEXT)
        return False
    if attachment.size > settings.max_attachment_bytes:
        await say(pipeline, conversation, texts.TOO_BIG.format(mb=settings.max_attachment_bytes // 1_000_000))
        return False
    try:
        content = await attachment.fetch()
    except FetchFailed as error:
        log.warning("could not download an attachment for %s: %s", ticket["id"], error)
        await say(pipeline, conversation, texts.ATTACHMENT_FAILED)
        return False
    if len(content) > settings.max_attachment_bytes:  # the platform's stated size was wrong
        await say(pipeline, conversation, texts.TOO_BIG.format(mb=settings.max_attachment_bytes // 1_000_000))
        return False
    folder = settings.data_dir / "attachments" / ticket["id"]
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{attachment.unique_id}-{Path(attachment.name).name}"
    target.write_bytes(content)
    tickets.attach(ticket["id"], str(target.relative_to(settings.data_dir)), attachment.caption)
    await say(pipeline, conversation, texts.ATTACHED.format(ticket=ticket["id"]))
    return True
