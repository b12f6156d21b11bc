"""The bot's pieces: Rasa replies as messages, the message journal, the per-chat ordering
of concurrent updates, the inline keyboard, the typing indicator."""

from __future__ import annotations

import asyncio
import datetime as dt

from telegram import Chat, Message, Update

from bot.ordering import PerChatOrder
from bot.outlet import TelegramOutlet, keyboard
from channels.journal import Journal
from channels.outlet import Conversation
from channels.replies import to_replies
from channels.sending import typing_if_slow
from foundation.vocabulary import metadata


def test_text_buttons_and_images_are_relayed_and_metadata_is_not():
    messages = [
        {"recipient_id": "1", "text": "您是想问：A\n还是：B", "buttons": [{"title": "A", "payload": "/a"},
                                                                        {"title": "B", "payload": "/b"}]},
        {"recipient_id": "1", "image": "https://example.org/x.png"},
        {"recipient_id": "1", "custom": {"hotline": {"topic": "wage_arrears", "escalate": False}}},
    ]
    replies = to_replies(messages)
    assert [r.text for r in replies] == ["您是想问：A\n还是：B", "https://example.org/x.png"]
    assert list(replies[0].buttons) == [("A", "/a"), ("B", "/b")]
    assert metadata(messages) == {"topic": "wage_arrears", "escalate": False}


def test_buttons_without_text_join_the_previous_message():
    replies = to_replies([{"text": "选一个"}, {"buttons": [{"title": "是", "payload": "/affirm"}]}])
    assert len(replies) == 1 and list(replies[0].buttons) == [("是", "/affirm")]


def test_the_journal_keeps_messages_until_answered_and_ignores_duplicates(tmp_path):
    journal = Journal(tmp_path / "journal.db")
    chat = Conversation("telegram", "5")
    assert journal.record("telegram:10", chat, "第一条")
    assert journal.record("telegram:11", chat, "第二条")
    assert not journal.record("telegram:10", chat, "第一条")  # Telegram delivered it twice
    assert journal.has_backlog(chat, "telegram:11")
    assert [r["text"] for r in journal.pending()] == ["第一条", "第二条"]
    journal.done("telegram:10")
    assert not journal.has_backlog(chat, "telegram:11")
    assert journal.attempt("telegram:11") and not journal.attempt("telegram:11")  # never relayed twice at once
    assert journal.pending() == []
    reopened = Journal(tmp_path / "journal.db")  # a restart: what was in flight waits again
    assert [r["key"] for r in reopened.pending()] == ["telegram:11"]


def test_long_button_payloads_stay_server_side(tmp_path):
    buttons = Journal(tmp_path / "journal.db").buttons
    chat = Conversation("telegram", "5")
    payload = '/choose_faq{"faq_id": "wage-contractor-absconded-with-a-very-long-identifier"}'
    markup = keyboard(tuple(buttons.keep(chat, [("包工头跑了", payload), ("公司倒闭了", "/b")])))
    shown = [row[0] for row in markup.inline_keyboard]
    assert [b.text for b in shown] == ["包工头跑了", "公司倒闭了"]
    assert all(len(b.callback_data.encode()) <= 64 for b in shown)
    assert buttons.pressed(chat, shown[0].callback_data) == ("包工头跑了", payload)
    assert keyboard(()) is None


def test_one_flooding_chat_is_limited_and_told_once_others_are_not():
    from channels.ratelimit import RateLimiter

    now = [0.0]
    limiter = RateLimiter(limit=3, window=60, clock=lambda: now[0])
    assert [limiter.allow("1") for _ in range(5)] == [True, True, True, False, False]
    assert limiter.should_warn("1") and not limiter.should_warn("1")
    assert limiter.allow("web-2")  # another worker is unaffected
    now[0] = 61.0
    assert limiter.allow("1")  # the window has passed


def test_chats_are_handled_at_once_but_each_chat_in_order():
    def update(update_id: int, chat_id: int) -> Update:
        chat = Chat(id=chat_id, type="private")
        return Update(update_id, message=Message(update_id, dt.datetime.now(dt.UTC), chat))

    events: list[str] = []

    async def handle(name: str, seconds: float) -> None:
        events.append(f"{name} start")
        await asyncio.sleep(seconds)
        events.append(f"{name} end")

    async def run() -> PerChatOrder:
        order = PerChatOrder(8)
        await asyncio.gather(order.process_update(update(1, 5), handle("A1", 0.05)),
                             order.process_update(update(2, 5), handle("A2", 0.0)),
                             order.process_update(update(3, 6), handle("B1", 0.0)))
        return order

    order = asyncio.run(run())
    assert events.index("A1 end") < events.index("A2 start")  # one chat: strictly in order
    assert events.index("B1 end") < events.index("A1 end")  # another chat did not wait for it
    assert order.order.busy == 0  # nothing kept for idle chats


def test_typing_is_shown_only_when_the_answer_is_slow():
    class Bot:
        def __init__(self) -> None:
            self.actions: list[tuple[int, str]] = []

        async def send_chat_action(self, chat_id: int, action: str) -> None:
            self.actions.append((chat_id, action))

    class Parts:  # what typing_if_slow uses of the pipeline: its outlet
        def __init__(self, bot: Bot) -> None:
            self.outlet = TelegramOutlet(bot)

    async def turn(bot: Bot, seconds: float) -> None:
        async with typing_if_slow(Parts(bot), Conversation("telegram", "7"), after=0.05):
            await asyncio.sleep(seconds)
        await asyncio.sleep(0.1)  # a cancelled indicator must not appear afterwards either

    fast, slow = Bot(), Bot()
    asyncio.run(turn(fast, 0.0))
    asyncio.run(turn(slow, 0.2))
    assert fast.actions == []
    assert slow.actions == [(7, "typing")]
