"""The Telegram adapter: one small async handler per kind of update, as in
python-telegram-bot's examples. A handler works out what the worker did and hands it to
the channel pipeline (channels/intake.py: a text, a button, an edit; channels/evidence.py:
a photo or file), which answers through the Telegram outlet (bot/outlet.py). The pipeline's
periodic jobs and the lawyers' group run on the application's JobQueue (bot/jobs.py).

A worker's conversation is ("telegram", chat id); a message's journal key is
`telegram:<update_id>`, the same however often Telegram delivers the update.
"""

from __future__ import annotations

from telegram import Update
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

from bot import jobs, texts
from bot.lawyers_group import on_claim, on_group_reply
from bot.ordering import PerChatOrder
from bot.outlet import TelegramOutlet
from channels.evidence import keep_evidence
from channels.intake import WorkerInput, press, take_in, take_text
from channels.outlet import Attachment, Conversation, FetchFailed
from channels.pipeline import Pipeline
from foundation.senders import TELEGRAM
from foundation.settings import Settings


def pipeline_of(context: ContextTypes.DEFAULT_TYPE) -> Pipeline:
    return context.bot_data["pipeline"]


def conversation(update: Update) -> Conversation:
    return Conversation(TELEGRAM, str(update.effective_chat.id))


def key(update: Update) -> str:
    """The journal's key of the update (channels/journal.py)."""
    return f"{TELEGRAM}:{update.update_id}"


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start: what the assistant does, that it is not a lawyer, how data is used."""
    await update.effective_message.reply_text(texts.START)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_text(texts.HELP)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A worker's text, `/status` and `/ask 问题` too (the pipeline reads the commands)."""
    await take_text(pipeline_of(context), conversation(update), key(update), update.effective_message.text or "")


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An inline-keyboard button: its callback data is the pipeline's id of the button."""
    query = update.callback_query
    await query.answer()
    await press(pipeline_of(context), conversation(update), key(update), query.data or "")


async def on_edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An edited message is read again, as a new message (the worker is told)."""
    text = (update.edited_message.text or "").strip()
    if text:
        await take_in(pipeline_of(context), WorkerInput(key(update), conversation(update), text, notice=texts.EDITED))


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_text(texts.HELP)


async def on_other(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, voice, locations …: ask for text. A photo or document sent while the
    worker has an open ticket is kept as evidence on that ticket (within a size limit)."""
    message = update.effective_message
    item = message.document or (message.photo[-1] if message.photo else None)
    attachment = None
    if item is not None:
        async def fetch() -> bytes:
            try:
                return bytes(await (await item.get_file()).download_as_bytearray())
            except TelegramError as error:
                raise FetchFailed(str(error)) from error

        attachment = Attachment(item.file_unique_id, getattr(item, "file_name", None) or f"{item.file_unique_id}.jpg",
                                item.file_size or 0, fetch, message.caption or "")
    await keep_evidence(pipeline_of(context), conversation(update), attachment)


async def post_init(application: Application) -> None:
    settings: Settings = application.bot_data["settings"]
    pipeline = Pipeline.open(settings, TelegramOutlet(application.bot))
    application.bot_data["pipeline"] = pipeline
    application.bot_data["tickets"] = pipeline.tickets  # the lawyers' group (bot/lawyers_group.py)
    jobs.schedule(application)


async def post_shutdown(application: Application) -> None:
    pipeline: Pipeline | None = application.bot_data.get("pipeline")
    if pipeline:
        await pipeline.close()


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
    application.add_error_handler(jobs.on_error)
    private = filters.ChatType.PRIVATE
    application.add_handler(CommandHandler("start", start, filters=private))
    application.add_handler(CommandHandler("help", help_command, filters=private))
    application.add_handler(CommandHandler(["status", "ask"], on_text, filters=private))
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
