"""The Telegram bot: one small async handler per kind of update, as in
python-telegram-bot's examples. Every text goes to Rasa over HTTP with the chat as
the sender; Rasa's replies come back as messages with inline keyboards.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction
from telegram.error import NetworkError, TelegramError, TimedOut
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot import texts
from bot.degraded import DegradedAnswers
from bot.journal import RATE_LIMITED, Journal
from bot.lawyers_group import announce_and_remind, on_claim, on_group_reply
from bot.ordering import PerChatOrder
from bot.ratelimit import RateLimiter
from bot.replies import to_replies
from desk.tickets import STATUS_ZH, Tickets
from foundation.rasa_client import RasaClient, RasaUnavailable
from foundation.settings import Settings

log = logging.getLogger(__name__)
RETRY_SECONDS = 3.0
SEND_ATTEMPTS = 4  # Telegram's 429 flood control is retried by the AIORateLimiter


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start: what the assistant does, that it is not a lawyer, how data is used."""
    await update.effective_message.reply_text(texts.START)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_text(texts.HELP)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A worker's text: journal it, then relay it to Rasa (or queue it behind older ones)."""
    message = update.effective_message
    text = (message.text or "").strip()
    if not text:
        await message.reply_text(texts.EMPTY)
        return
    journal: Journal = context.bot_data["journal"]
    limiter: RateLimiter = context.bot_data["rate_limiter"]
    if not limiter.allow(message.chat_id):
        journal.record(update.update_id, message.chat_id, text, status=RATE_LIMITED)  # kept, not answered
        if limiter.should_warn(message.chat_id):
            await message.reply_text(texts.SLOW_DOWN)
        return
    if not journal.record(update.update_id, message.chat_id, text):
        return  # a duplicate delivery of an update we already have
    if journal.has_backlog(message.chat_id, update.update_id):
        return  # the retry loop answers in order
    tickets: Tickets = context.bot_data["tickets"]
    held = tickets.held_by_lawyer(str(message.chat_id))
    tickets.add_worker_message(str(message.chat_id), text)  # the lawyer sees it either way
    if held:  # the assistant does not talk over the lawyer
        journal.done(update.update_id)
        await send(context.application, message.chat_id, update.update_id, texts.TO_LAWYER.format(ticket=held["id"]))
        return
    await relay(context.application, update.update_id, message.chat_id, text, notify_busy=True)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An inline-keyboard button: send its payload to Rasa as the worker's answer."""
    query = update.callback_query
    await query.answer()
    payload = context.chat_data.get("buttons", {}).get(query.data)
    if payload is None:
        await query.message.reply_text("这个按钮已经过期了，请直接用文字回复。")
        return
    journal: Journal = context.bot_data["journal"]
    journal.record(update.update_id, query.message.chat_id, payload)
    await relay(context.application, update.update_id, query.message.chat_id, payload, notify_busy=True)


async def status(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/status: the worker's tickets and where each stands."""
    rows = context.bot_data["tickets"].for_chat(str(update.effective_chat.id))
    if not rows:
        await update.effective_message.reply_text(texts.NO_TICKETS)
        return
    lines = [f"{t['id']}：{STATUS_ZH[t['status']]}" + (f"（{t['assignee']}）" if t["assignee"] else "") for t in rows]
    await update.effective_message.reply_text("您的工单：\n" + "\n".join(lines))


async def ask_assistant(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/ask 问题: talk to the assistant even while a lawyer holds the worker's ticket."""
    message = update.effective_message
    question = " ".join(context.args or []).strip()
    if not question:
        await message.reply_text(texts.ASK_USAGE)
        return
    journal: Journal = context.bot_data["journal"]
    if journal.record(update.update_id, message.chat_id, question):
        await relay(context.application, update.update_id, message.chat_id, question, notify_busy=True)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_text(texts.HELP)


async def on_other(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, voice, locations …: ask for text. A photo or document sent while the
    worker has an open ticket is kept as evidence on that ticket (within a size limit)."""
    message = update.effective_message
    tickets: Tickets = context.bot_data["tickets"]
    ticket = tickets.open_for_chat(str(message.chat_id))
    attachment = message.document or (message.photo[-1] if message.photo else None)
    if ticket is None or attachment is None:
        await message.reply_text(texts.NOT_TEXT)
        return
    settings: Settings = context.bot_data["settings"]
    if (attachment.file_size or 0) > settings.max_attachment_bytes:
        await message.reply_text(texts.TOO_BIG.format(mb=settings.max_attachment_bytes // 1_000_000))
        return
    name = getattr(attachment, "file_name", None) or f"{attachment.file_unique_id}.jpg"
    folder = settings.data_dir / "attachments" / ticket["id"]
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{attachment.file_unique_id}-{Path(name).name}"
    try:
        telegram_file = await attachment.get_file()
        await telegram_file.download_to_drive(custom_path=target)
    except TelegramError as error:
        log.warning("could not download an attachment for %s: %s", ticket["id"], error)
        await message.reply_text(texts.ATTACHMENT_FAILED)
        return
    tickets.attach(ticket["id"], str(target.relative_to(settings.data_dir)), message.caption or "")
    await message.reply_text(texts.ATTACHED.format(ticket=ticket["id"]))


async def on_edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An edited message is read again, as a new message (the worker is told)."""
    message = update.edited_message
    if not (message.text or "").strip():
        return
    await message.reply_text(texts.EDITED)
    journal: Journal = context.bot_data["journal"]
    if journal.record(update.update_id, message.chat_id, message.text.strip()):
        await relay(context.application, update.update_id, message.chat_id, message.text.strip(), notify_busy=True)


@contextlib.asynccontextmanager
async def typing_if_slow(bot, chat_id: int, after: float):
    """Show "typing…" only if the answer takes longer than `after` seconds. Most turns take
    well under 100 ms, and every chat action counts against Telegram's limit of about 30
    requests per second per bot, which python-telegram-bot's rate limiter enforces: sending
    it on every turn halved the turns per second the bot could deliver (docs/load.md)."""

    async def later() -> None:
        await asyncio.sleep(after)
        try:
            await bot.send_chat_action(chat_id, ChatAction.TYPING)
        except TelegramError as error:
            log.info("typing action not shown: %s", error)

    task = asyncio.create_task(later())
    try:
        yield
    finally:
        task.cancel()


async def relay(application: Application, update_id: int, chat_id: int, text: str, notify_busy: bool) -> bool:
    """One turn through Rasa; True when answered. On failure the message stays pending."""
    journal: Journal = application.bot_data["journal"]
    rasa: RasaClient = application.bot_data["rasa"]
    if not journal.attempt(update_id):
        return True  # already being answered (or answered) elsewhere
    truncated = len(text) > texts.MAX_CHARS
    settings: Settings = application.bot_data["settings"]
    try:
        async with typing_if_slow(application.bot, chat_id, settings.typing_after):
            messages = await rasa.send(str(chat_id), text[: texts.MAX_CHARS])
        if not messages:  # Rasa answered nothing: its action server is down; try again later
            raise RasaUnavailable("no reply (action server unavailable?)")
    except RasaUnavailable as error:
        log.warning("Rasa unavailable for update %s: %s", update_id, error)
        journal.release(update_id)
        if notify_busy:
            await send(application, chat_id, update_id, texts.BUSY)
        return False
    except TelegramError as error:
        log.warning("Telegram error before relaying update %s: %s", update_id, error)
        journal.release(update_id)
        return False
    if truncated:
        await send(application, chat_id, update_id, texts.TOO_LONG)
    for reply in to_replies(messages):
        store = application.chat_data[chat_id].setdefault("buttons", {})
        await send(application, chat_id, update_id, reply.text, keyboard(store, reply.buttons))
    journal.done(update_id)
    return True


def keyboard(store: dict[str, str], buttons: list[tuple[str, str]]) -> InlineKeyboardMarkup | None:
    """Inline keyboard; payloads stay in `store` (the chat's data), because Telegram
    limits callback data to 64 bytes and Rasa payloads can be longer."""
    if not buttons:
        return None
    rows = []
    for title, payload in buttons:
        key = f"b{len(store) + 1}"
        store[key] = payload
        rows.append([InlineKeyboardButton(title[:60], callback_data=key)])
    return InlineKeyboardMarkup(rows)


async def send(application: Application, chat_id: int, update_id: int | None, text: str,
               markup: InlineKeyboardMarkup | None = None) -> None:
    journal: Journal = application.bot_data["journal"]
    for attempt in range(SEND_ATTEMPTS):
        try:
            await application.bot.send_message(chat_id, text, reply_markup=markup)
            journal.sent(chat_id, update_id, text, delivered=True)
            return
        except (NetworkError, TimedOut) as error:  # flaky network or Telegram 5xx: back off, retry
            log.warning("sending to chat %s failed (attempt %d): %s", chat_id, attempt + 1, error)
            await asyncio.sleep(2**attempt)
        except TelegramError as error:  # e.g. the worker blocked the bot: retrying will not help
            log.warning("could not deliver a reply to chat %s: %s", chat_id, error)
            break
    journal.sent(chat_id, update_id, text, delivered=False)


async def deliver_lawyer_replies(application: Application) -> None:
    """Send what lawyers wrote on tickets to the workers' chats (the desk's outbox)."""
    tickets: Tickets = application.bot_data["tickets"]
    for message in tickets.undelivered():
        if not message["chat_id"].lstrip("-").isdigit():
            continue  # not a Telegram chat (e.g. a `hotline ask` conversation)
        try:
            await application.bot.send_message(int(message["chat_id"]), message["text"])
            tickets.delivered(message["id"])
        except TelegramError as error:
            log.warning("could not deliver a lawyer's reply on %s: %s", message["ticket_id"], error)
            tickets.failed(message["id"])


async def retry_pending(application: Application) -> None:
    """Answer messages that waited while Rasa was unavailable, oldest first (from the
    knowledge base directly once they have waited too long), and deliver lawyers' replies."""
    settings: Settings = application.bot_data["settings"]
    while True:
        await asyncio.sleep(RETRY_SECONDS)
        await deliver_lawyer_replies(application)
        if settings.lawyers_chat_id:
            await announce_and_remind(application, settings.lawyers_chat_id)
        journal: Journal = application.bot_data["journal"]
        blocked: set[int] = set()
        for row in journal.pending():
            if row["chat_id"] in blocked or journal.has_backlog(row["chat_id"], row["update_id"]):
                blocked.add(row["chat_id"])  # an earlier message of this chat is still in flight
                continue
            if await relay(application, row["update_id"], row["chat_id"], row["text"], notify_busy=False):
                continue
            blocked.add(row["chat_id"])
            if journal.waited(row["update_id"]) >= settings.degraded_after:
                await answer_degraded(application, row)


async def answer_degraded(application: Application, row: dict) -> None:
    """Rasa has been down too long for this message: answer it from the knowledge base."""
    degraded: DegradedAnswers = application.bot_data["degraded"]
    if not application.bot_data["journal"].attempt(row["update_id"]):
        return
    await send(application, row["chat_id"], row["update_id"], degraded.answer(row["chat_id"], row["text"]))
    application.bot_data["journal"].done(row["update_id"])


async def post_init(application: Application) -> None:
    settings: Settings = application.bot_data["settings"]
    application.bot_data["journal"] = Journal(settings.journal_db)
    application.bot_data["tickets"] = Tickets(settings.cases_db)
    application.bot_data["degraded"] = DegradedAnswers(settings.kb_db, settings.cases_db)
    application.bot_data["rasa"] = RasaClient(settings.rasa_url, settings.rasa_timeout)
    application.bot_data["retry_task"] = asyncio.create_task(retry_pending(application))


async def post_shutdown(application: Application) -> None:
    task = application.bot_data.get("retry_task")
    if task:
        task.cancel()
    rasa = application.bot_data.get("rasa")
    if rasa:
        await rasa.close()


def build_application(settings: Settings) -> Application:
    """The bot with all handlers; `settings.telegram_base_url` may point at a local Bot API server."""
    application = (
        ApplicationBuilder()
        .token(settings.telegram_token)
        .base_url(settings.telegram_base_url)
        .base_file_url(settings.telegram_base_file_url)
        .rate_limiter(AIORateLimiter(max_retries=3))
        .concurrent_updates(PerChatOrder(settings.concurrent_chats))
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    application.bot_data["settings"] = settings
    application.bot_data["rate_limiter"] = RateLimiter()
    private = filters.ChatType.PRIVATE
    application.add_handler(CommandHandler("start", start, filters=private))
    application.add_handler(CommandHandler("help", help_command, filters=private))
    application.add_handler(CommandHandler("status", status, filters=private))
    application.add_handler(CommandHandler("ask", ask_assistant, filters=private))
    application.add_handler(MessageHandler(private & filters.TEXT & ~filters.COMMAND & ~filters.UpdateType.EDITED, on_text))
    application.add_handler(MessageHandler(private & filters.COMMAND, unknown_command))
    application.add_handler(CallbackQueryHandler(on_claim, pattern=r"^claim:"))
    application.add_handler(CallbackQueryHandler(on_button))
    if settings.lawyers_chat_id:
        group = filters.Chat(chat_id=settings.lawyers_chat_id)
        application.add_handler(MessageHandler(group & filters.REPLY & filters.TEXT & ~filters.COMMAND, on_group_reply))
    application.add_handler(MessageHandler(private & ~filters.TEXT & ~filters.UpdateType.EDITED, on_other))
    application.add_handler(MessageHandler(private & filters.UpdateType.EDITED_MESSAGE & filters.TEXT, on_edited))
    return application
