"""A worker's message through every real part: python-telegram-bot (against a fake Bot
API server), the Rasa 3.6 server, the action server (rasa-sdk on Python 3.11) and the
knowledge base."""

from __future__ import annotations

import re

import pytest

from foundation.settings import Settings
from hotline.stack import Stack
from testing.fake_telegram import FakeTelegram
from testing.stack import stack_env

pytestmark = pytest.mark.stack  # Rasa, the action server and the bot, against the fake Bot API

WORKER = 4242


def test_wage_arrears_question_gets_a_cited_answer_in_telegram(telegram_stack: FakeTelegram):
    telegram_stack.send_text(WORKER, "老板拖欠我三个月工资了怎么办")
    reply = telegram_stack.wait_for_messages(WORKER, 1)[0]["text"]
    assert "工资" in reply
    assert "依据：《" in reply                          # the law it rests on, cited
    assert any(word in reply for word in ("劳动监察", "12333", "仲裁"))  # a concrete next step
    actions = [p for m, p in telegram_stack.calls if m == "sendChatAction" and int(p["chat_id"]) == WORKER]
    assert actions and actions[0]["action"] == "typing"


def test_start_greets_and_explains_limits_and_privacy(telegram_stack: FakeTelegram):
    chat = WORKER + 1
    telegram_stack.send_text(chat, "/start")
    text = telegram_stack.wait_for_messages(chat, 1)[0]["text"]
    assert "12351" in text
    assert "不能代替律师" in text
    assert "个人信息" in text


def test_a_sticker_gets_a_polite_request_for_text(telegram_stack: FakeTelegram):
    chat = WORKER + 2
    telegram_stack.send_update({"message": {
        "message_id": 1, "date": 0, "chat": {"id": chat, "type": "private"},
        "from": {"id": chat, "is_bot": False, "first_name": "工友"},
        "sticker": {"file_id": "x", "file_unique_id": "x", "width": 1, "height": 1, "is_animated": False,
                    "is_video": False, "type": "regular"}}})
    text = telegram_stack.wait_for_messages(chat, 1)[0]["text"]
    assert "文字" in text


def test_an_unknown_command_gets_help_and_a_greeting_gets_the_greeting(telegram_stack: FakeTelegram):
    chat = WORKER + 3
    telegram_stack.send_text(chat, "/foo")
    assert "找律师" in telegram_stack.wait_for_messages(chat, 1)[0]["text"]
    telegram_stack.send_text(chat, "你好")
    assert "12351" in telegram_stack.wait_for_messages(chat, 2)[1]["text"]


def test_rasa_down_the_worker_is_told_and_the_message_is_answered_later(tmp_path, environment):
    """No Rasa yet: the bot says it is busy and keeps the message; once Rasa and the
    action server are up, the message is answered without the worker sending it again."""
    from channels.journal import Journal

    with FakeTelegram() as fake:
        config = environment(stack_env(tmp_path, TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_BASE_URL=fake.base_url,
                                       HOTLINE_POLL_TIMEOUT="1"))
        with Stack(config, with_bot=True, log=lambda m: None, only={"bot"}):
            fake.send_text(WORKER, "公司两个月没发工资了")
            busy = fake.wait_for_messages(WORKER, 1)[0]["text"]
            assert "已经保存" in busy
            assert [r["status"] for r in Journal(config.journal_db).pending()] == ["pending"]
            with Stack(config, with_bot=False, log=lambda m: None, only={"rasa", "actions"}):
                answer = fake.wait_for_messages(WORKER, 2, timeout=90)[1]["text"]
                assert "工资" in answer and "依据" in answer
                assert Journal(config.journal_db).pending() == []


def test_a_lawyers_reply_on_the_ticket_reaches_the_worker_in_the_same_chat(
        telegram_stack: FakeTelegram, running_stack: Settings):
    import re

    from stores.tickets import Tickets

    chat = WORKER + 10
    telegram_stack.send_text(chat, "我要找律师")
    telegram_stack.wait_for_text(chat, "同意转给律师吗")
    telegram_stack.send_text(chat, "好的")
    telegram_stack.wait_for_text(chat, "律师怎么联系您")
    telegram_stack.send_text(chat, "就在这里")
    confirmation = telegram_stack.wait_for_text(chat, r"12351-\d{8}-\d{4}")
    ticket_id = re.search(r"12351-\d{8}-\d{4}", confirmation).group(0)
    tickets = Tickets(running_stack.cases_db)
    try:
        assert tickets.get(ticket_id)["chat_id"] == str(chat)
        tickets.claim(ticket_id, "wang", "王律师")
        tickets.reply(ticket_id, "王律师", "您好，我是工会的王律师，请问单位在哪个城市？")
        delivered = telegram_stack.wait_for_text(chat, "工会律师回复", timeout=30)
        assert "王律师" in delivered and delivered.startswith("【工会律师回复】")
        assert ticket_id in telegram_stack.wait_for_text(chat, "已由王律师受理")
        telegram_stack.send_text(chat, "在杭州")
        assert ticket_id in telegram_stack.wait_for_text(chat, "已转给正在处理您案子的律师")  # not the assistant
        assert tickets.get(ticket_id)["transcript"][-1]["text"] == "在杭州"  # the lawyer sees the answer
        telegram_stack.send_text(chat, "/status")
        assert "处理中" in telegram_stack.wait_for_text(chat, "您的工单")
        telegram_stack.send_text(chat, "/ask 加班费怎么算")
        assert "依据" in telegram_stack.wait_for_text(chat, "加班")
        assert tickets.outbox.undelivered() == []
    finally:
        tickets.disconnect()


def test_rasa_down_for_long_the_knowledge_base_answers_directly_and_a_lawyer_can_be_reached(tmp_path, environment):
    """Degraded mode: no Rasa at all; after HOTLINE_DEGRADED_AFTER seconds the bot answers
    from the knowledge base itself, says so, and still opens a ticket when asked."""
    from stores.tickets import Tickets

    with FakeTelegram() as fake:
        config = environment(stack_env(tmp_path, TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_BASE_URL=fake.base_url,
                                       HOTLINE_POLL_TIMEOUT="1", HOTLINE_DEGRADED_AFTER="2",
                                       HOTLINE_KB_DB=str(Settings().var_dir / "kb" / "index.db")))
        with Stack(config, with_bot=True, log=lambda m: None, only={"bot"}):
            fake.send_text(WORKER, "包工头跑了，工地上的工钱找谁要")
            assert "已经保存" in fake.wait_for_messages(WORKER, 1)[0]["text"]
            answer = fake.wait_for_text(WORKER, "系统正在恢复", timeout=30)
            assert "依据：《" in answer and "总承包" in answer
            fake.send_text(WORKER, "我要找律师")
            confirmation = fake.wait_for_text(WORKER, r"12351-\d{8}-\d{4}", timeout=30)
        ticket_id = re.search(r"12351-\d{8}-\d{4}", confirmation).group(0)
        tickets = Tickets(config.cases_db)
        assert tickets.get(ticket_id)["chat_id"] == str(WORKER)
        tickets.disconnect()


def test_odd_input_gets_a_clear_polite_reply(telegram_stack: FakeTelegram):
    chat = WORKER + 20
    telegram_stack.send_text(chat, "老板欠我工资不发。" + "情况是这样的，" * 2000)   # 10,000+ characters
    assert "前面的部分" in telegram_stack.wait_for_text(chat, "很长")
    telegram_stack.send_text(chat + 1, "😭😭😭")
    assert "换个说法" in telegram_stack.wait_for_messages(chat + 1, 1)[0]["text"]
    telegram_stack.send_text(chat + 2, "my boss did not pay my salary")
    assert telegram_stack.wait_for_messages(chat + 2, 1)[0]["text"]
    telegram_stack.send_text(chat + 3, "'; DROP TABLE tickets; -- {{7*7}} <b>欠薪</b>")
    assert telegram_stack.wait_for_messages(chat + 3, 1)[0]["text"]


def test_messages_in_groups_the_bot_was_added_to_are_ignored(telegram_stack: FakeTelegram):
    group = -4242
    telegram_stack.send_update({"message": {
        "message_id": 1, "date": 0, "text": "老板欠我工资", "chat": {"id": group, "type": "group", "title": "工友群"},
        "from": {"id": 1, "is_bot": False, "first_name": "工友"}}})
    telegram_stack.send_text(WORKER + 30, "你好")        # a later private message is answered …
    telegram_stack.wait_for_messages(WORKER + 30, 1)
    assert telegram_stack.sent(group) == []             # … the group message was not
