"""What workers' phones send besides plain text: files as evidence, edits, floods."""

from __future__ import annotations

import pytest

from hotline.stack import Stack
from stores.tickets import Tickets
from testing.fake_telegram import FakeTelegram
from testing.stack import stack_env

pytestmark = pytest.mark.stack  # every test runs the bot process

WORKER = 8080


@pytest.fixture()
def bot(tmp_path, environment):
    """The bot alone (no Rasa: these inputs never need it, or must be kept while it is away)."""
    with FakeTelegram() as fake:
        settings = environment(stack_env(tmp_path, TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_BASE_URL=fake.base_url,
                                         HOTLINE_POLL_TIMEOUT="1", HOTLINE_MAX_ATTACHMENT_MB="1",
                                         HOTLINE_RATE_LIMIT="5", HOTLINE_DEGRADED_AFTER="600"))
        tickets = Tickets(settings.cases_db)
        with Stack(settings, with_bot=True, log=lambda m: None, only={"bot"}):
            yield fake, tickets, settings
        tickets.disconnect()


def open_ticket(tickets: Tickets) -> str:
    return tickets.create(topic="wage_arrears", urgency="normal", reasons=["您希望律师来跟进"], facts={}, calculations=[],
                          transcript=[{"from": "worker", "text": "找律师"}], channel="telegram", chat_id=str(WORKER),
                          consent=True)


def test_a_document_without_a_ticket_gets_a_request_for_text(bot):
    fake, _, _ = bot
    fake.send_document(WORKER, "工资条.pdf", b"%PDF-1.4 payslip")
    assert "文字" in fake.wait_for_messages(WORKER, 1)[0]["text"]


def test_a_document_during_a_ticket_is_kept_as_evidence(bot):
    fake, tickets, settings = bot
    ticket = open_ticket(tickets)
    fake.send_document(WORKER, "工资条.pdf", b"%PDF-1.4 payslip")
    assert ticket in fake.wait_for_text(WORKER, "已经作为证据")
    saved = list((settings.data_dir / "attachments" / ticket).iterdir())
    assert len(saved) == 1 and saved[0].read_bytes() == b"%PDF-1.4 payslip"
    assert "attachment" in [e["action"] for e in tickets.events(ticket)]
    assert "[附件]" in tickets.get(ticket)["transcript"][-1]["text"]


def test_a_file_over_the_limit_is_refused_politely(bot):
    fake, tickets, settings = bot
    ticket = open_ticket(tickets)
    fake.send_document(WORKER, "视频.mp4", b"x", size=5_000_000)
    assert "太大" in fake.wait_for_messages(WORKER, 1)[0]["text"]
    assert not (settings.data_dir / "attachments" / ticket).exists()


def test_an_edited_message_is_read_again(bot):
    fake, _, _ = bot
    fake.edit_text(WORKER, "改一下：欠了我三个月工资")
    texts = [m["text"] for m in fake.wait_for_messages(WORKER, 2)]
    assert "修改了消息" in texts[0] and "已经保存" in texts[1]  # no Rasa here: kept for later


def test_a_flood_from_one_worker_is_slowed_and_told_once(bot):
    fake, _, settings = bot
    for n in range(12):
        fake.send_text(WORKER, f"第{n}条消息")
    fake.wait_for_text(WORKER, "发得太快")
    import time

    time.sleep(2)
    assert sum("发得太快" in m["text"] for m in fake.sent(WORKER)) == 1
    from channels.journal import Journal

    statuses = [r["status"] for r in Journal(settings.journal_db).db["incoming"].rows]
    assert len(statuses) == 12 and statuses.count("rate_limited") == 7  # every message kept
