"""The Telegram process's background work, supervised by python-telegram-bot's JobQueue.

The channel pipeline's jobs (channels/jobs.py: lawyers' replies from the outbox, messages
that waited for Rasa, follow-ups, deadline reminders) each become a repeating job, and
the lawyers' group (announcements and SLA reminders) is one more. An exception in one
tick (say sqlite's "database is locked") goes to the application's error handler and the
job runs again at its next tick. A tick still running when the next one is due is not
started twice (APScheduler's max_instances=1): the next tick just comes later.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import Application, ContextTypes

from bot.lawyers_group import announce_and_remind
from channels import jobs as shared
from channels import texts
from channels.outlet import Conversation
from channels.pipeline import Pipeline
from channels.sending import say
from foundation.senders import TELEGRAM
from foundation.settings import Settings

log = logging.getLogger(__name__)


class _SkippedTicks(logging.Filter):
    """A slow tick makes APScheduler warn at every tick it skips meanwhile: that is by design."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "maximum number of running instances reached" not in record.getMessage()


_SKIPPED_TICKS = _SkippedTicks()


def schedule(application: Application, every: float | None = None) -> None:
    """Start the periodic jobs (they run once the application has started)."""
    settings: Settings = application.bot_data["settings"]
    pipeline: Pipeline = application.bot_data["pipeline"]
    logging.getLogger("apscheduler.scheduler").addFilter(_SKIPPED_TICKS)  # adding it twice is a no-op
    logging.getLogger("apscheduler.executors").setLevel(logging.WARNING)  # not two lines per job every tick
    queue = application.job_queue
    if queue is None:  # python-telegram-bot without its job-queue extra (APScheduler)
        raise RuntimeError('the bot needs "python-telegram-bot[job-queue]" (see pyproject.toml)')
    every = every or shared.TICK_SECONDS
    for job in shared.shared_jobs(pipeline, every):
        queue.run_repeating(tick, interval=job.every, first=every, name=job.name, data=job)
    if settings.lawyers_chat_id:
        queue.run_repeating(remind_lawyers, interval=every, first=every, name="lawyers' group",
                            data=settings.lawyers_chat_id)


async def tick(context: ContextTypes.DEFAULT_TYPE) -> None:
    """One tick of a pipeline job (`context.job.data`)."""
    job: shared.Job = context.job.data
    await job.run()


async def remind_lawyers(context: ContextTypes.DEFAULT_TYPE) -> None:
    """New tickets announced in the lawyers' group, overdue ones reminded."""
    await announce_and_remind(context.application, context.job.data)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Whatever a handler or a job did not expect: logged with where it happened, and the bot
    goes on (a job runs again at its next tick). A worker whose message was not even
    journaled is asked to send it again; one that was journaled is answered by the retry job."""
    if context.job is not None:
        log.error("job %r failed in this tick; it runs again at the next", context.job.name, exc_info=context.error)
        return
    if not isinstance(update, Update):
        log.error("unexpected error outside an update", exc_info=context.error)
        return
    log.error("update %s not handled", update.update_id, exc_info=context.error)
    chat = update.effective_chat
    if chat is None or chat.type != chat.PRIVATE:
        return
    pipeline: Pipeline | None = context.bot_data.get("pipeline")
    try:
        kept = pipeline is not None and pipeline.journal.has(f"{TELEGRAM}:{update.update_id}")
    except Exception:  # the journal itself is what failed
        kept = False
    if not kept and pipeline is not None:
        await say(pipeline, Conversation(TELEGRAM, str(chat.id)), texts.NOT_HANDLED)
