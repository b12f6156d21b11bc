"""The pipeline's periodic work, the same for every channel, and a runner for it.

- **lawyer replies** (`deliver_outbox`): what lawyers wrote on tickets, follow-up
  questions and deadline reminders, from the outbox to the workers — only the rows of
  this pipeline's channel (a row's `chat_id` is a sender id, foundation/senders.py, so
  the channel recorded on the ticket is the one it goes back through);
- **waiting messages** (`retry_pending`): messages that waited while Rasa was down, in
  order, answered from the knowledge base once they have waited too long;
- **outcome follow-ups** and **deadline reminders**: queued in the outbox for every
  channel. Both are exactly-once under the cases database's write lock, so every process
  that runs a pipeline may run them.

A job is an async function of nothing (`Job.run`), so it runs under any scheduler:
Telegram's JobQueue schedules `shared_jobs` as repeating jobs (bot/jobs.py); a process
without one (the web chat and WeChat under uvicorn) starts `run_jobs` as an asyncio task
in its lifespan and cancels it at shutdown. Either way an exception in one tick is
logged and the job runs again at its next tick, and a tick never overlaps the previous.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

from channels import casefile, followups
from channels.outlet import Conversation, Delivery, Reply
from channels.pipeline import Pipeline
from channels.relay import answer_degraded, relay
from channels.sending import send

log = logging.getLogger(__name__)
TICK_SECONDS = 3.0
REMINDER_SECONDS = 60.0  # due reminders are looked for this often (they are due by the day)


@dataclass(frozen=True)
class Job:
    name: str
    every: float  # seconds between ticks
    run: Callable[[], Awaitable[None]]


def shared_jobs(pipeline: Pipeline, every: float | None = None) -> list[Job]:
    """The pipeline's jobs; intervals read now, so tests can shorten them first."""
    every = every or TICK_SECONDS
    return [Job("lawyer replies", every, functools.partial(deliver_outbox, pipeline)),
            Job("waiting messages", every, functools.partial(retry_pending, pipeline)),
            Job("outcome follow-ups", every, functools.partial(followups.ask_due, pipeline)),
            Job("deadline reminders", REMINDER_SECONDS, functools.partial(casefile.queue_reminders, pipeline))]


async def run_jobs(jobs: Iterable[Job]) -> None:
    """Run each job every `every` seconds until cancelled (an asyncio task of the process)."""
    await asyncio.gather(*(_repeat(job) for job in jobs))


async def _repeat(job: Job) -> None:
    while True:
        await asyncio.sleep(job.every)
        try:
            await job.run()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("job %r failed in this tick; it runs again at the next", job.name)


async def deliver_outbox(pipeline: Pipeline) -> None:
    """Send what waits in the outbox for this channel's conversations, oldest first. A
    failed row is counted and tried again at the next tick; one the platform takes only
    after the worker writes again (WeChat's 48 hours) waits, uncounted, and the lawyer
    reads on the ticket that it waits (and, later, that it went out)."""
    outbox = pipeline.tickets.outbox
    for row in outbox.undelivered(channel=pipeline.channel):
        buttons = tuple(tuple(button) for line in row["buttons"] for button in line)
        outcome = await send(pipeline, Conversation.of(row["chat_id"]), Reply(row["text"], buttons),
                             attempts=1, journal_failure=False)  # the next tick is the next attempt
        if outcome is Delivery.DELIVERED:
            outbox.delivered(row["id"])
            _tell_lawyer(pipeline, row, DELIVERED_LATE, after=WAITS)
        elif outcome is Delivery.LATER:
            _tell_lawyer(pipeline, row, WAITS)
        else:
            log.warning("could not deliver an outbox message on %s: %s", row["ticket_id"], outcome.value)
            outbox.failed(row["id"])


# On the ticket's events (the desk shows them) when a reply waits for the worker to write again.
WAITS = "外发消息 #{id} 暂未送达：工人超过48小时没有发消息，平台不允许主动发给他。工人下次发消息时会自动送达。"
DELIVERED_LATE = "外发消息 #{id} 已送达（工人重新发来消息后）。"


def _tell_lawyer(pipeline: Pipeline, row: dict, note: str, after: str = "") -> None:
    """A note on the row's ticket, once (and, with `after`, only if that note was made)."""
    if not row.get("ticket_id"):
        return
    note, after = note.format(id=row["id"]), after.format(id=row["id"])
    try:
        details = {e["detail"] for e in pipeline.tickets.events(row["ticket_id"]) if e["action"] == "note"}
        if note not in details and (not after or after in details):
            pipeline.tickets.note(row["ticket_id"], "assistant", note)
    except Exception:  # a purged ticket; the reply's delivery does not depend on the note
        log.exception("no note on %s about outbox message %s", row["ticket_id"], row["id"])


async def retry_pending(pipeline: Pipeline) -> None:
    """Answer this channel's messages that waited while Rasa was unavailable, oldest first
    (from the knowledge base directly once they have waited too long). A message that fails
    in an unforeseen way holds back only its own conversation, for this tick."""
    journal = pipeline.journal
    blocked: set[Conversation] = set()
    for row in journal.pending(channel=pipeline.channel):
        conversation, key = row["conversation"], row["key"]
        if conversation in blocked or journal.has_backlog(conversation, key):
            blocked.add(conversation)  # an earlier message of this conversation is still in flight
            continue
        try:
            if await relay(pipeline, key, conversation, row["text"], notify_busy=False):
                continue
            blocked.add(conversation)
            if journal.waited(key) >= pipeline.settings.degraded_after:
                await answer_degraded(pipeline, row)
        except Exception:
            log.exception("waiting message %s not answered in this tick", key)
            blocked.add(conversation)
