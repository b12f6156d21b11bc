"""Issue 15's pieces through every real part: python-telegram-bot against the fake Bot API,
the Rasa 3.6 server (the button intents in nlu/domain.yml), the action server and the
knowledge base. The pure parts have their own tests; these check that a worker in the chat
gets them."""

from __future__ import annotations

import json
import re
import subprocess
import time
from pathlib import Path

import pytest

from testing.fake_telegram import FakeTelegram

pytestmark = pytest.mark.stack  # Rasa, the action server and the bot, against the fake Bot API

FACTS = "我在杭州一家服装厂干了10个月，一直没签劳动合同，月工资5000，老板拖欠了我3个月工资没发"


def documents_for(fake: FakeTelegram, chat: int, count: int, timeout: float = 60.0) -> list[dict]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = [f for f in fake.calls_of("sendDocument") if int(f["chat_id"]) == chat]
        if len(files) >= count:
            return files
        time.sleep(0.2)
    raise AssertionError(f"{count} documents for chat {chat} not sent within {timeout} s")


def test_a_worker_asks_for_the_arbitration_application_and_gets_it(telegram_stack: FakeTelegram, tmp_path: Path):
    chat = 7301
    telegram_stack.send_text(chat, FACTS)
    first = telegram_stack.wait_for_text(chat, r"15,?000|1\.5万")           # 3 months × 5000 owed, stated
    assert "依据：《" in first
    telegram_stack.send_text(chat, "帮我写仲裁申请书")
    pdf, word = documents_for(telegram_stack, chat, 2)
    assert [pdf["_document_filename"], word["_document_filename"]] == ["劳动仲裁申请书.pdf", "劳动仲裁申请书.docx"]
    path = tmp_path / "application.pdf"
    path.write_bytes(pdf["document"])
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True,
                          text=True).stdout
    text = re.sub(r"\s+", "", text)  # lines wrap anywhere in Chinese
    assert "劳动仲裁申请书" in text
    assert "15,000元" in text                                      # the sum owed, from the calculator
    assert re.search(r"《劳动合同法》第[^《]*八十二条", text)        # the double-wage claim's article
    assert "杭州市劳动人事争议仲裁委员会" in text                    # addressed by the city the worker named
    assert "【请填写：身份证号】" in text                            # no invented ID number


def test_the_evidence_checklist_is_ticked_through_rasa(telegram_stack: FakeTelegram):
    chat = 7302
    telegram_stack.send_text(chat, "老板拖欠我两个月工资了，一直拖着不给")
    telegram_stack.wait_for_messages(chat, 1)
    telegram_stack.send_text(chat, "要准备什么证据")
    checklist = telegram_stack.wait_for_text(chat, "银行流水")
    assert "关键" in checklist
    sent = [m for m in telegram_stack.sent(chat) if m.get("reply_markup")]
    keyboard = sent[-1]["reply_markup"]
    keyboard = json.loads(keyboard) if isinstance(keyboard, str) else keyboard
    buttons = [b for row in keyboard["inline_keyboard"] for b in row]
    bank = next(b for b in buttons if "银行流水" in b["text"])
    assert bank["text"].startswith("⬜")
    telegram_stack.press_button(chat, chat, bank["callback_data"], sent[-1]["_message_id"])
    ticked = telegram_stack.wait_for_text(chat, "记下了")
    assert "银行流水" in ticked
