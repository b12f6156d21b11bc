"""A worker asks for a document in Telegram and gets the files: the bot's application in this
process against the fake Bot API, with a Rasa stand-in that runs the real turn policy (what
the action server does: the turn's texts, buttons and `custom` metadata)."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json

import docx
import pytest

from casework.policy import Incoming, State, respond
from channels import texts as channel_texts
from channels.outlet import Conversation
from foundation.vocabulary import meta_message
from stores.tickets import Tickets
from tests.test_bot_pipeline import deliver, fake, running, settings  # noqa: F401 (fixtures)
from tests.test_policy import Library

WORKER = 5151
TODAY = dt.date(2026, 11, 30)


class PolicyRasa:
    """Rasa and the action server in one: every message through casework.policy.respond,
    answered as ActionTurn._say answers (one text with its buttons, then the metadata)."""

    def __init__(self) -> None:
        self.state: dict[str, State] = {}

    async def send(self, sender: str, text: str) -> list[dict]:
        turn = respond(self.state.get(sender, State()), Incoming(text), Library(), TODAY)
        self.state[sender] = turn.state
        reply = {"recipient_id": sender, "text": "\n".join(turn.texts)}
        if turn.buttons:
            reply["buttons"] = turn.buttons
        return [reply, {"recipient_id": sender, "custom": meta_message(turn.meta)}]

    async def close(self) -> None:
        pass


def talk(settings, fake, *messages: str) -> None:  # noqa: F811
    async def scenario() -> None:
        async with running(settings, PolicyRasa()) as application:
            for text in messages:
                await deliver(application, fake, fake.send_text(WORKER, text))

    asyncio.run(scenario())


def test_a_worker_asking_for_the_application_gets_the_pdf_and_the_docx(settings, fake):  # noqa: F811
    talk(settings, fake, "老板拖欠我工资怎么办", "一共欠了15000", "帮我写仲裁申请书")
    sent = [m["text"] for m in fake.sent(WORKER)]
    assert any("起草劳动仲裁申请书" in t for t in sent)  # offered after the figure
    assert "《劳动仲裁申请书》" in sent[-1]
    files = fake.calls_of("sendDocument")
    assert [f["_document_filename"] for f in files] == ["劳动仲裁申请书.pdf", "劳动仲裁申请书.docx"]
    assert all(int(f["chat_id"]) == WORKER for f in files)
    pdf, word = files[0]["document"], files[1]["document"]
    assert pdf.startswith(b"%PDF") and b"FontFile2" in pdf  # the TrueType font travels with it
    assert "劳动仲裁申请书" in files[0]["caption"] and "【请填写：…】" in files[0]["caption"]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(word)).paragraphs)
    assert "请求裁决被申请人支付拖欠的工资15,000元" in text


def test_the_button_under_the_figure_drafts_it_too(settings, fake):  # noqa: F811
    async def scenario() -> None:
        async with running(settings, PolicyRasa()) as application:
            for text in ("老板拖欠我工资怎么办", "一共欠了15000"):
                await deliver(application, fake, fake.send_text(WORKER, text))
            keys = [b["callback_data"] for m in fake.sent(WORKER) if m.get("reply_markup")
                    for row in json.loads(m["reply_markup"])["inline_keyboard"] for b in row]
            buttons = application.bot_data["pipeline"].journal.buttons
            key = next(k for k in keys if buttons.pressed(Conversation("telegram", str(WORKER)), k)[1] == "帮我写仲裁申请书")
            await deliver(application, fake, fake.press_button(WORKER, WORKER, key, message_id=5))

    asyncio.run(scenario())
    assert [f["_document_filename"] for f in fake.calls_of("sendDocument")] == ["劳动仲裁申请书.pdf", "劳动仲裁申请书.docx"]


def test_with_an_open_ticket_the_files_are_kept_for_the_lawyer(settings, fake):  # noqa: F811
    tickets = Tickets(settings.cases_db)
    ticket = tickets.create(topic="wage_arrears", urgency="normal", reasons=["您希望律师来跟进"], facts={},
                            calculations=[], transcript=[], channel="telegram", chat_id=str(WORKER), consent=True)
    talk(settings, fake, "帮我写被迫解除通知")
    kept = sorted(p.name for p in (settings.data_dir / "attachments" / ticket).iterdir())
    line = tickets.get(ticket)["transcript"][-1]
    tickets.disconnect()
    assert [n.rsplit(".", 1)[1] for n in kept] == ["docx", "pdf"] and all(n.startswith("被迫解除劳动合同通知书-") for n in kept)
    assert line["from"] == "assistant" and "助手起草的被迫解除劳动合同通知书" in line["text"]
    said = [m["text"] for m in fake.sent(WORKER)]
    assert any("就没有这份工作和工资了" in t for t in said)  # the warning before the notice


def test_no_font_no_files_and_the_worker_is_told(settings, fake, monkeypatch):  # noqa: F811
    from paperwork import render

    monkeypatch.setattr(render, "FONT_CANDIDATES", (settings.data_dir / "missing.ttc",))
    talk(settings, fake, "帮我写投诉书")
    assert fake.calls_of("sendDocument") == []
    assert fake.sent(WORKER)[-1]["text"] == channel_texts.DOCUMENT_FAILED


@pytest.fixture(autouse=True)
def _clear_font_cache():
    from paperwork.render import _register

    _register.cache_clear()
    yield
