"""The bot's background work, supervised by python-telegram-bot's JobQueue.

Each periodic job is its own repeating job: lawyers' replies to workers, the lawyers'
group (announcements and SLA reminders), messages that waited for Rasa, and the outcome
follow-ups some days after a case was resolved (bot/followups.py). An exception
in one tick (say sqlite's "database is locked") goes to the application's error handler
and the job runs again at its next tick; it used to end one `while True` loop that did
all of them, and with it replies, reminders and retries until the bot was restarted.
A tick still running when the next one is due is not started twice (APScheduler's
max_instances=1): the next tick just comes later.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes

from bot import casefile, followups, texts
from bot.journal import Journal
from bot.lawyers_group import announce_and_remind
from bot.relay import answer_degraded, relay, send
from foundation.settings import Settings

log = logging.getLogger(__name__)
TICK_SECONDS = 3.0


class _SkippedTicks(logging.Filter):
    """A slow tick makes APScheduler warn at every tick it skips meanwhile: that is by design."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "maximum number of running instances reached" not in record.getMessage()


_SKIPPED_TICKS = _SkippedTicks()


def schedule(application: Application, every: float | None = None) -> None:
    """Start the periodic jobs (they run once the application has started)."""
    every = every or TICK_SECONDS
    settings: Settings = application.bot_data["settings"]
    logging.getLogger("apscheduler.scheduler").addFilter(_SKIPPED_TICKS)  # adding it twice is a no-op
    logging.getLogger("apscheduler.executors").setLevel(logging.WARNING)  # not two lines per job every tick
    jobs = application.job_queue
    if jobs is None:  # python-telegram-bot without its job-queue extra (APScheduler)
        raise RuntimeError('the bot needs "python-telegram-bot[job-queue]" (see pyproject.toml)')
    jobs.run_repeating(deliver_lawyer_replies, interval=every, first=every, name="lawyer replies")
    if settings.lawyers_chat_id:
        jobs.run_repeating(remind_lawyers, interval=every, first=every, name="lawyers' group",
                           data=settings.lawyers_chat_id)
    jobs.run_repeating(retry_pending, interval=every, first=every, name="waiting messages")
    jobs.run_repeating(followups.ask_due, interval=every, first=every, name="outcome follow-ups")
    jobs.run_repeating(casefile.send_reminders, interval=casefile.REMINDER_SECONDS, first=every,
                       name="deadline reminders")


async def deliver_lawyer_replies(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send what lawyers wrote on tickets to the workers' chats (the desk's outbox)."""
    outbox = context.bot_data["tickets"].outbox
    for message in outbox.undelivered():
        if not message["chat_id"].lstrip("-").isdigit():
            continue  # not a Telegram chat (e.g. a `hotline ask` conversation)
        try:
            await context.bot.send_message(int(message["chat_id"]), message["text"],
                                           reply_markup=followups.markup(message["buttons"]))
            outbox.delivered(message["id"])
        except TelegramError as error:
            log.warning("could not deliver a lawyer's reply on %s: %s", message["ticket_id"], error)
            outbox.failed(message["id"])


async def remind_lawyers(context: ContextTypes.DEFAULT_TYPE) -> None:
    """New tickets announced in the lawyers' group, overdue ones reminded."""
    await announce_and_remind(context.application, context.job.data)


async def retry_pending(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer messages that waited while Rasa was unavailable, oldest first (from the
    knowledge base directly once they have waited too long). A message that fails in an
    unforeseen way holds back only its own chat, for this tick."""
    application = context.application
    settings: Settings = context.bot_data["settings"]
    journal: Journal = context.bot_data["journal"]
    blocked: set[int] = set()
    for row in journal.pending():
        if row["chat_id"] in blocked or journal.has_backlog(row["chat_id"], row["update_id"]):
            blocked.add(row["chat_id"])  # an earlier message of this chat is still in flight
            continue
        try:
            if await relay(application, row["update_id"], row["chat_id"], row["text"], notify_busy=False):
                continue
            blocked.add(row["chat_id"])
            if journal.waited(row["update_id"]) >= settings.degraded_after:
                await answer_degraded(application, row)
        except Exception:
            log.exception("waiting message %s not answered in this tick", row["update_id"])
            blocked.add(row["chat_id"])


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
    journal: Journal | None = context.bot_data.get("journal")
    try:
        kept = journal is not None and journal.has(update.update_id)
    except Exception:  # the journal itself is what failed
        kept = False
    if not kept:
        await send(context.application, chat.id, update.update_id, texts.NOT_HANDLED)
