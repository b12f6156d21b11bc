"""Everything a worker sends, on any channel, comes in here: a typed text (with `/status`
and `/ask` understood on every channel), a button press, or a text the adapter already
knows what to do with (an edited message, `WorkerInput`). Each input is taken under its
conversation's turn (channels/ordering.py), so one worker's inputs are handled in order.

The steps of `take_in`, and why:
1. rate limit: a flood from one conversation must not slow the others; what is over the
   limit is journaled (kept, marked `rate_limited`) but not answered, and the worker is
   told once;
2. journal: stored before anything else is done with it; a platform delivering the same
   message twice (same key) stops here;
3. the input's own notice (e.g. that an edit is read again), once per message;
4. the ticket: while the worker has an open ticket, the lawyer sees everything they write;
5. the lawyer's hold: while a lawyer handles the case the assistant does not talk over
   them (only `/ask` goes past, that is what it is for);
6. order: behind older messages of the conversation that still wait, the retry job
   answers it;
7. one turn through Rasa (channels/relay.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from channels import followups, texts
from channels.journal import DONE, RATE_LIMITED
from channels.outlet import Conversation
from channels.pipeline import Pipeline
from channels.relay import relay
from channels.sending import say
from channels.status import cancel_reminder, is_cancel, status


@dataclass(frozen=True)
class WorkerInput:
    """What a worker said, whichever way they said it."""

    key: str  # the message's key in the journal, the same for every delivery of it (channels/journal.py)
    conversation: Conversation
    text: str  # what goes to the assistant (for a button, its payload)
    said: str = ""  # what the worker did, as the lawyer reads it (a button's title); `text` if empty
    notice: str = ""  # told first, once (e.g. that an edited message is read again)
    past_hold: bool = False  # `/ask`: the assistant answers even while a lawyer holds the case


def command(text: str) -> tuple[str, str] | None:
    """("status" | "ask", the rest) for `/status` and `/ask …` (also `/ask@somebot …`), else None."""
    if not text.startswith("/"):
        return None
    head, _, rest = text.partition(" ")
    name = head[1:].split("@", 1)[0].lower()
    return (name, rest.strip()) if name in ("status", "ask") else None


async def take_text(pipeline: Pipeline, conversation: Conversation, key: str, text: str) -> None:
    """A text the worker typed (or WeChat transcribed from their voice)."""
    async with pipeline.order.turn(conversation.sender):
        text = text.strip()
        if not text:
            await say(pipeline, conversation, texts.EMPTY)
            return
        asked = command(text)
        if asked and asked[0] == "status":
            if pipeline.journal.record(key, conversation, text, status=DONE):
                await status(pipeline, conversation, key)
        elif asked and not asked[1]:
            await say(pipeline, conversation, texts.ASK_USAGE)
        elif asked:
            await _take_in(pipeline, WorkerInput(key, conversation, asked[1], said=text, past_hold=True))
        elif not await followups.take_amount(pipeline, conversation, key, text):  # the follow-up's sum
            await _take_in(pipeline, WorkerInput(key, conversation, text))


async def press(pipeline: Pipeline, conversation: Conversation, key: str, button: str) -> None:
    """A button under one of our replies: `button` is the short id it carried (channels/buttons.py)."""
    async with pipeline.order.turn(conversation.sender):
        found = pipeline.journal.buttons.pressed(conversation, button)
        if found is None and (followups.is_answer(button) or is_cancel(button)):
            found = ("", button)  # a button sent before the ids: it carried the payload itself
        if found is None:
            await say(pipeline, conversation, texts.BUTTON_EXPIRED)
            return
        title, payload = found
        if followups.is_answer(payload):
            await followups.pressed(pipeline, conversation, payload)
        elif is_cancel(payload):
            await cancel_reminder(pipeline, conversation, payload)
        else:
            await _take_in(pipeline, WorkerInput(key, conversation, payload, said=f"[{title}]" if title else ""))


async def take_in(pipeline: Pipeline, message: WorkerInput) -> None:
    """Steps 1–7 of the module's docstring, for an input its adapter has already read."""
    async with pipeline.order.turn(message.conversation.sender):
        await _take_in(pipeline, message)


async def _take_in(pipeline: Pipeline, message: WorkerInput) -> None:
    journal, limiter, tickets = pipeline.journal, pipeline.limiter, pipeline.tickets
    conversation, key, chat = message.conversation, message.key, message.conversation.sender
    if not limiter.allow(chat):
        journal.record(key, conversation, message.text, status=RATE_LIMITED)  # kept, not answered
        if limiter.should_warn(chat):
            await say(pipeline, conversation, texts.SLOW_DOWN, key)
        return
    if not journal.record(key, conversation, message.text):
        return  # a second delivery of a message we already have
    if message.notice:
        await say(pipeline, conversation, message.notice, key)
    tickets.add_worker_message(chat, message.said or message.text)  # the lawyer sees it either way
    held = None if message.past_hold else tickets.held_by_lawyer(chat)
    if held:
        journal.done(key)
        await say(pipeline, conversation, texts.TO_LAWYER.format(ticket=held["id"]), key)
        return
    if journal.has_backlog(conversation, key):
        return  # the retry job answers in order
    await relay(pipeline, key, conversation, message.text, notify_busy=True)
