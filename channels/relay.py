"""One turn through Rasa and the delivery of what it says.

Both the intake (channels/intake.py) and the retry job (channels/jobs.py) come here, so a
message is relayed, answered and journaled the same way whether it is new or has waited,
on whichever channel it came.
"""

from __future__ import annotations

import logging

from channels import texts
from channels.casefile import keep
from channels.documents import send_documents
from channels.outlet import Conversation
from channels.pipeline import Pipeline
from channels.replies import to_replies
from channels.sending import say, send, typing_if_slow
from foundation.rasa_client import RasaUnavailable
from foundation.vocabulary import metadata

log = logging.getLogger(__name__)


async def relay(pipeline: Pipeline, key: str, conversation: Conversation, text: str, notify_busy: bool) -> bool:
    """One turn through Rasa; True when answered. On failure the message stays pending."""
    journal = pipeline.journal
    if not journal.attempt(key):
        return True  # already being answered (or answered) elsewhere
    truncated = len(text) > texts.MAX_CHARS
    try:
        async with typing_if_slow(pipeline, conversation, pipeline.settings.typing_after):
            messages = await pipeline.rasa.send(conversation.sender, text[: texts.MAX_CHARS])
        if not messages:  # Rasa answered nothing: its action server is down; try again later
            raise RasaUnavailable("no reply (action server unavailable?)")
    except RasaUnavailable as error:
        log.warning("Rasa unavailable for message %s: %s", key, error)
        journal.release(key)
        if notify_busy:
            await say(pipeline, conversation, texts.BUSY, key)
        return False
    except Exception:  # anything unforeseen: the message must not stay "processing" until a restart
        journal.release(key)
        raise
    try:
        keep(pipeline, conversation, messages)  # a reminder asked for, evidence ticked (channels/casefile.py)
    except Exception:  # the reply still goes out; the worker can press the button again
        log.exception("what turn %s decided was not kept", key)
    if truncated:
        await say(pipeline, conversation, texts.TOO_LONG, key)
    for reply in to_replies(messages):
        await send(pipeline, conversation, reply, key)
    document = metadata(messages).get("document")
    if isinstance(document, dict):  # "帮我写仲裁申请书": the files follow the answer
        await send_documents(pipeline, conversation, key, document)
    journal.done(key)
    return True


async def answer_degraded(pipeline: Pipeline, row: dict) -> None:
    """Rasa has been down too long for this message: answer it from the knowledge base."""
    journal, key, conversation = pipeline.journal, row["key"], row["conversation"]
    if not journal.attempt(key):
        return
    try:
        answer = pipeline.degraded.answer(conversation.sender, row["text"])
    except Exception:
        journal.release(key)
        raise
    await say(pipeline, conversation, answer, key)
    journal.done(key)
