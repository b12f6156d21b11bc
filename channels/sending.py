"""Everything said to a worker goes out here, on any channel: buttons get short ids
(channels/buttons.py), the outlet delivers, a transient failure is retried with back-off,
and what went out is journaled (with its buttons, for the web chat's history).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from channels.outlet import Conversation, Delivery, File, Reply
from channels.pipeline import Pipeline

log = logging.getLogger(__name__)
SEND_ATTEMPTS = 4  # a platform's own flood control is retried by its outlet (Telegram: AIORateLimiter)
BACKOFF = 1.0  # seconds before the second attempt, doubled each time


async def send(pipeline: Pipeline, conversation: Conversation, reply: Reply, key: str | None = None, *,
               attempts: int = SEND_ATTEMPTS, journal_failure: bool = True) -> Delivery:
    """Deliver one reply (buttons as (title, Rasa payload)); `key` is the message it answers.
    A reply that is retried elsewhere (the outbox's) is journaled only once delivered."""
    shown = Reply(reply.text, tuple(pipeline.journal.buttons.keep(conversation, reply.buttons)), reply.file)
    outcome = Delivery.RETRY
    for attempt in range(attempts):
        outcome = await pipeline.outlet.deliver(conversation.id, shown)
        if outcome is not Delivery.RETRY:
            break
        log.warning("sending to %s failed (attempt %d)", _masked(conversation), attempt + 1)
        if attempt + 1 < attempts:
            await asyncio.sleep(BACKOFF * 2**attempt)
    if outcome is not Delivery.DELIVERED:
        log.warning("could not deliver a reply to %s: %s", _masked(conversation), outcome.value)
        if not journal_failure:
            return outcome
    pipeline.journal.sent(conversation, key, reply.text, delivered=outcome is Delivery.DELIVERED,
                          buttons=reply.buttons, file=reply.file.name if reply.file else None)
    return outcome


async def say(pipeline: Pipeline, conversation: Conversation, text: str, key: str | None = None,
              buttons: list[tuple[str, str]] | tuple = ()) -> Delivery:
    return await send(pipeline, conversation, Reply(text, tuple(buttons)), key)


async def send_file(pipeline: Pipeline, conversation: Conversation, file: File, caption: str = "",
                    key: str | None = None) -> bool:
    return await send(pipeline, conversation, Reply(caption, file=file), key) is Delivery.DELIVERED


@contextlib.asynccontextmanager
async def typing_if_slow(pipeline: Pipeline, conversation: Conversation, after: float) -> AsyncIterator[None]:
    """Show "typing…" only if the answer takes longer than `after` seconds. Most turns take
    well under 100 ms, and on Telegram every chat action counts against the limit of about
    30 requests per second per bot: sending it on every turn halved the turns per second
    the bot could deliver (docs/load.md)."""

    async def later() -> None:
        await asyncio.sleep(after)
        try:
            await pipeline.outlet.typing(conversation.id)
        except Exception as error:  # an outlet that forgot to swallow its platform's error
            log.info("typing not shown: %s", error)

    task = asyncio.create_task(later())
    try:
        yield
    finally:
        task.cancel()


def _masked(conversation: Conversation) -> str:
    """A conversation in a log line: the channel and the id's last four characters."""
    return f"{conversation.channel}:…{conversation.id[-4:]}"
