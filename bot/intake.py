"""The intake pipeline: every way a worker's words reach the assistant (a text, a button
press, an edited message, `/ask`) goes through the same checks in the same order.

Each entry handler used to do its own subset: button presses and edits were never rate
limited, only plain text respected a lawyer's hold or reached the ticket's transcript.
Now a handler only works out what the worker said and calls `take_in`; a new kind of
input gets every check by calling it too.

The order, and why:
1. rate limit: a flood from one chat must not slow the others; what is over the limit is
   journaled (kept, marked `rate_limited`) but not answered, and the worker is told once;
2. journal: stored before anything else is done with it; Telegram delivering the same
   update twice stops here;
3. the kind's own notice (e.g. that an edit is read again), once per update;
4. the ticket: while the worker has an open ticket, the lawyer sees everything they write;
5. the lawyer's hold: while a lawyer handles the case the assistant does not talk over
   them (only `/ask` goes past, that is what it is for);
6. order: behind older messages of the chat that still wait, the retry job answers it;
7. one turn through Rasa (bot/relay.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram.ext import ContextTypes

from bot import texts
from bot.journal import RATE_LIMITED, Journal
from bot.ratelimit import RateLimiter
from bot.relay import relay, send


@dataclass(frozen=True)
class WorkerInput:
    """What a worker said, whichever way they said it."""

    update_id: int
    chat_id: int
    text: str  # what goes to the assistant (for a button, its payload)
    said: str = ""  # what the worker did, as the lawyer reads it (a button's title); `text` if empty
    notice: str = ""  # told first, once (e.g. that an edited message is read again)
    past_hold: bool = False  # `/ask`: the assistant answers even while a lawyer holds the case


async def take_in(context: ContextTypes.DEFAULT_TYPE, message: WorkerInput) -> None:
    """Steps 1–7 of the module's docstring, for one message."""
    application = context.application
    journal: Journal = context.bot_data["journal"]
    limiter: RateLimiter = context.bot_data["rate_limiter"]
    chat, update_id = message.chat_id, message.update_id
    if not limiter.allow(chat):
        journal.record(update_id, chat, message.text, status=RATE_LIMITED)  # kept, not answered
        if limiter.should_warn(chat):
            await send(application, chat, update_id, texts.SLOW_DOWN)
        return
    if not journal.record(update_id, chat, message.text):
        return  # a duplicate delivery of an update we already have
    if message.notice:
        await send(application, chat, update_id, message.notice)
    tickets = context.bot_data["tickets"]
    tickets.add_worker_message(str(chat), message.said or message.text)  # the lawyer sees it either way
    held = None if message.past_hold else tickets.held_by_lawyer(str(chat))
    if held:
        journal.done(update_id)
        await send(application, chat, update_id, texts.TO_LAWYER.format(ticket=held["id"]))
        return
    if journal.has_backlog(chat, update_id):
        return  # the retry job answers in order
    await relay(application, update_id, chat, message.text, notify_busy=True)
