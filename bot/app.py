"""The Telegram bot: one small async handler per kind of update, as in
python-telegram-bot's examples. A handler works out what the worker said and hands it to
the intake pipeline (bot/intake.py), which every kind of input goes through; Rasa's
replies come back as messages with inline keyboards (bot/relay.py). Background work runs
as jobs of the application's JobQueue (bot/jobs.py).
"""

from __future__ import annotations

import logging
from pathlib import Path

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
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

from bot import casefile, followups, jobs, texts
from bot.degraded import DegradedAnswers
from bot.intake import WorkerInput, take_in
from bot.journal import Journal
from bot.lawyers_group import on_claim, on_group_reply
from bot.ordering import PerChatOrder
from bot.ratelimit import RateLimiter
from casework.followup import PREFIX as FOLLOWUP_PREFIX
from foundation import clock
from foundation.rasa_client import RasaClient
from foundation.settings import Settings
from foundation.vocabulary import STATUS_ZH
from stores.reminders import Reminders
from stores.tickets import Tickets

log = logging.getLogger(__name__)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start: what the assistant does, that it is not a lawyer, how data is used."""
    await update.effective_message.reply_text(texts.START)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_text(texts.HELP)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A worker's text."""
    message = update.effective_message
    text = (message.text or "").strip()
    if not text:
        await message.reply_text(texts.EMPTY)
        return
    if await followups.take_amount(update, context, text):
        return  # the sum asked for by the outcome follow-up, not a question for the assistant
    await take_in(context, WorkerInput(update.update_id, message.chat_id, text))


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An inline-keyboard button: its payload is the worker's answer."""
    query = update.callback_query
    await query.answer()
    payload = context.chat_data.get("buttons", {}).get(query.data)
    if payload is None:
        await update.effective_chat.send_message(texts.BUTTON_EXPIRED)
        return
    await take_in(context, WorkerInput(update.update_id, update.effective_chat.id, payload, said=button_title(query)))


def button_title(query: CallbackQuery) -> str:
    """What the worker pressed, as the lawyer should read it (the payload is for Rasa)."""
    markup = getattr(query.message, "reply_markup", None)
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            if button.callback_data == query.data:
                return f"[{button.text}]"
    return ""


async def on_edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An edited message is read again, as a new message (the worker is told)."""
    message = update.edited_message
    text = (message.text or "").strip()
    if text:
        await take_in(context, WorkerInput(update.update_id, message.chat_id, text, notice=texts.EDITED))


async def ask_assistant(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/ask 问题: talk to the assistant even while a lawyer holds the worker's ticket."""
    message = update.effective_message
    question = " ".join(context.args or []).strip()
    if not question:
        await message.reply_text(texts.ASK_USAGE)
        return
    await take_in(context, WorkerInput(update.update_id, message.chat_id, question, said=message.text, past_hold=True))


async def status(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/status: the worker's tickets and where each stands, and their deadline reminders."""
    chat = str(update.effective_chat.id)
    rows = context.bot_data["tickets"].for_chat(chat)
    lines = [f"{t['id']}：{STATUS_ZH[t['status']]}" + (f"（{t['assignee']}）" if t["assignee"] else "") for t in rows]
    await update.effective_message.reply_text("您的工单：\n" + "\n".join(lines) if rows else texts.NO_TICKETS)
    upcoming = Reminders(context.bot_data["tickets"].db).upcoming(chat, casefile.today(context.application))
    if upcoming:
        await update.effective_message.reply_text(texts.reminders_list(upcoming), reply_markup=InlineKeyboardMarkup(
            [[InlineKeyboardButton(texts.CANCEL_REMINDER, callback_data=f"unremind:{r['id']}")] for r in upcoming]))


async def cancel_reminder(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The 取消提醒 button under /status: only the worker's own reminder."""
    query = update.callback_query
    reminder = int(query.data.removeprefix("unremind:"))
    cancelled = Reminders(context.bot_data["tickets"].db).cancel(
        str(update.effective_chat.id), reminder, casefile.today(context.application))
    await query.answer()
    await update.effective_chat.send_message(texts.REMINDER_CANCELLED if cancelled else texts.REMINDER_GONE)


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


async def post_init(application: Application) -> None:
    settings: Settings = application.bot_data["settings"]
    application.bot_data["journal"] = Journal(settings.journal_db)
    application.bot_data["tickets"] = Tickets(settings.cases_db)
    application.bot_data["degraded"] = DegradedAnswers(settings.kb_db, settings.cases_db)
    application.bot_data["rasa"] = RasaClient(settings.rasa_url, settings.rasa_timeout)
    application.bot_data.setdefault("clock", clock.now)  # tests put a fake clock here first
    jobs.schedule(application)


async def post_shutdown(application: Application) -> None:
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
    application.bot_data["rate_limiter"] = RateLimiter(settings.rate_limit)
    application.add_error_handler(jobs.on_error)
    private = filters.ChatType.PRIVATE
    application.add_handler(CommandHandler("start", start, filters=private))
    application.add_handler(CommandHandler("help", help_command, filters=private))
    application.add_handler(CommandHandler("status", status, filters=private))
    application.add_handler(CommandHandler("ask", ask_assistant, filters=private))
    application.add_handler(MessageHandler(private & filters.TEXT & ~filters.COMMAND & ~filters.UpdateType.EDITED, on_text))
    application.add_handler(MessageHandler(private & filters.COMMAND, unknown_command))
    application.add_handler(CallbackQueryHandler(on_claim, pattern=r"^claim:"))
    application.add_handler(CallbackQueryHandler(cancel_reminder, pattern=r"^unremind:\d+$"))
    application.add_handler(CallbackQueryHandler(followups.on_button, pattern=rf"^{FOLLOWUP_PREFIX}:"))
    application.add_handler(CallbackQueryHandler(on_button))
    if settings.lawyers_chat_id:
        group = filters.Chat(chat_id=settings.lawyers_chat_id)
        application.add_handler(MessageHandler(group & filters.REPLY & filters.TEXT & ~filters.COMMAND, on_group_reply))
    application.add_handler(MessageHandler(private & ~filters.TEXT & ~filters.UpdateType.EDITED, on_other))
    application.add_handler(MessageHandler(private & filters.UpdateType.EDITED_MESSAGE & filters.TEXT, on_edited))
    return application
