"""One turn through Rasa and the delivery of what the bot says.

Both the intake pipeline (bot/intake.py) and the retry job (bot/jobs.py) come here, so a
message is relayed, answered and journaled the same way whether it is new or has waited.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ChatAction
from telegram.error import NetworkError, TelegramError, TimedOut
from telegram.ext import Application

from bot import texts
from bot.casefile import keep
from bot.degraded import DegradedAnswers
from bot.documents import send_documents
from bot.journal import Journal
from bot.replies import to_replies
from foundation.rasa_client import RasaClient, RasaUnavailable
from foundation.settings import Settings
from foundation.vocabulary import metadata

log = logging.getLogger(__name__)
SEND_ATTEMPTS = 4  # Telegram's 429 flood control is retried by the AIORateLimiter


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
    except Exception:  # anything unforeseen: the message must not stay "processing" until a restart
        journal.release(update_id)
        raise
    try:
        keep(application, chat_id, messages)  # a reminder asked for, evidence ticked (bot/casefile.py)
    except Exception:  # the reply still goes out; the worker can press the button again
        log.exception("what turn %s decided was not kept", update_id)
    if truncated:
        await send(application, chat_id, update_id, texts.TOO_LONG)
    for reply in to_replies(messages):
        store = application.chat_data[chat_id].setdefault("buttons", {})
        await send(application, chat_id, update_id, reply.text, keyboard(store, reply.buttons))
    document = metadata(messages).get("document")
    if isinstance(document, dict):  # "帮我写仲裁申请书": the files follow the answer
        await send_documents(application, chat_id, update_id, document,
                             lambda text: send(application, chat_id, update_id, text))
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
    """Send and journal what was sent; network trouble is retried, a refusal is not."""
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


async def answer_degraded(application: Application, row: dict) -> None:
    """Rasa has been down too long for this message: answer it from the knowledge base."""
    degraded: DegradedAnswers = application.bot_data["degraded"]
    journal: Journal = application.bot_data["journal"]
    if not journal.attempt(row["update_id"]):
        return
    try:
        answer = degraded.answer(row["chat_id"], row["text"])
    except Exception:
        journal.release(row["update_id"])
        raise
    await send(application, row["chat_id"], row["update_id"], answer)
    journal.done(row["update_id"])
