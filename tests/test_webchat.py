"""The web chat's server without a browser (FastAPI's TestClient, a fake Rasa, real SQLite
files): the page opens on the privacy notice and stays light; a message is answered once
however often the page sends it; buttons come back as taps; a lawyer's reply reaches a
waiting poll; a message sent while Rasa is down is kept and answered later; the
conversation is there after a restart; one token cannot read another's conversation.
The real browser against the real stack is tests/test_webchat_browser.py."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from channels import texts
from channels.outlet import Conversation, File, Reply
from channels.ratelimit import RateLimiter
from channels.sending import send
from foundation.rasa_client import RasaUnavailable
from hotline import production
from hotline.cli import main as hotline
from hotline.stack import services
from stores.tickets import Tickets
from testing.stack import stack_env
from webchat.router import create_app

TOKEN, OTHER = "tok_" + "a" * 18, "tok_" + "b" * 18
ANSWER = "加班费按不低于工资的150%支付。\n依据：《劳动法》第四十四条"


class FakeRasa:
    def __init__(self) -> None:
        self.turns: list[tuple[str, str]] = []
        self.down = False

    async def send(self, sender: str, text: str) -> list[dict]:
        if self.down:
            raise RasaUnavailable("connection refused")
        self.turns.append((sender, text))
        return [{"recipient_id": sender, "text": ANSWER if "加班" in text else f"收到：{text}",
                 "buttons": [{"title": "找律师", "payload": '/handoff{"contact": "chat"}'}]}]

    async def close(self) -> None:
        pass


@pytest.fixture()
def settings(tmp_path, environment):
    return environment(stack_env(tmp_path, HOTLINE_TYPING_AFTER="60", HOTLINE_DEGRADED_AFTER="600"))


def open_chat(settings, rasa: FakeRasa) -> TestClient:
    return TestClient(create_app(settings, jobs_every=0.1, rasa=rasa, limiter=RateLimiter(limit=100)))


def post(client: TestClient, message_id: str, token: str = TOKEN, **body: str):
    return client.post("/chat/api/messages", json={"id": message_id, **body}, headers={"X-Chat-Token": token})


def lines(client: TestClient, token: str = TOKEN, **params) -> dict:
    response = client.get("/chat/api/messages", params=params, headers={"X-Chat-Token": token})
    response.raise_for_status()
    return response.json()


def test_the_page_opens_on_the_privacy_notice_and_stays_light(settings):
    with open_chat(settings, FakeRasa()) as client:
        page = client.get("/chat/", headers={"Accept-Encoding": "gzip"})
        assert page.status_code == 200 and page.headers["content-encoding"] == "gzip"
        assert "个人信息：您的聊天内容只用于解答您的问题" in page.text and "开始咨询" in page.text
        assert "{{notice}}" not in page.text and "'unsafe-inline'" not in page.headers["content-security-policy"]
        parts = [client.get("/chat/" + path) for path in re.findall(r'(?:href|src)="(static/[^"]+\?v=\w+)"', page.text)]
        assert len(parts) == 2 and all("immutable" in part.headers["cache-control"] for part in parts)  # kept a year
        assert client.get("/", follow_redirects=False).headers["location"] == "/chat/"
    weight = page.num_bytes_downloaded + sum(part.num_bytes_downloaded for part in parts)  # as sent: gzip
    assert weight < 8_000  # docs/webchat.md: about 5 KB, two seconds on a 2G connection


def test_a_message_is_answered_once_however_often_the_page_sends_it(settings):
    rasa = FakeRasa()
    with open_chat(settings, rasa) as client:
        assert post(client, "m1", text="加班费怎么算").json() == {"ok": True}
        assert post(client, "m1", text="加班费怎么算").status_code == 200  # the page retried after a timeout
        got = lines(client)
    assert rasa.turns == [(f"web-{TOKEN}", "加班费怎么算")]
    worker, answer = got["lines"]
    assert (worker["from"], worker["text"], worker["id"]) == ("worker", "加班费怎么算", "m1")
    assert answer["text"] == ANSWER and "依据：《劳动法》第四十四条" in answer["text"]
    [(title, button)] = answer["buttons"]
    assert title == "找律师" and button.startswith("b") and "handoff" not in button  # a short id, not the payload
    assert got["cursor"] == answer["cursor"]


def test_a_tapped_button_is_shown_by_its_title_and_reaches_the_assistant_as_its_payload(settings):
    rasa = FakeRasa()
    with open_chat(settings, rasa) as client:
        post(client, "m1", text="老板欠我工资")
        first = lines(client)
        [(_, button)] = first["lines"][-1]["buttons"]
        post(client, "m2", button=button)
        after = lines(client, since=first["cursor"])
        post(client, "m3", button="b9999")  # a button that was never sent to this page
        expired = lines(client, since=after["cursor"])
    assert rasa.turns[-1] == (f"web-{TOKEN}", '/handoff{"contact": "chat"}')
    assert [(line["from"], line["text"]) for line in after["lines"]][0] == ("worker", "找律师")
    assert expired["lines"][-1]["text"] == texts.BUTTON_EXPIRED


def test_status_typed_in_the_chat_lists_the_tickets(settings):
    with open_chat(settings, FakeRasa()) as client:
        post(client, "s1", text="/status")
        asked, told = lines(client)["lines"]
        assert asked["text"] == "查看进展" and told["text"] == texts.NO_TICKETS  # the page's link, as the worker saw it
        tickets = Tickets(settings.cases_db)
        ticket = tickets.create(topic="wage_arrears", urgency="normal", reasons=["您希望律师来跟进"], facts={},
                                calculations=[], transcript=[], channel="web", chat_id=f"web-{TOKEN}", consent=True)
        tickets.disconnect()
        post(client, "s2", text="/status")
        assert ticket in lines(client)["lines"][-1]["text"]


def test_a_lawyers_reply_reaches_the_waiting_page(settings):
    with open_chat(settings, FakeRasa()) as client:
        post(client, "m1", text="老板欠我工资，我要找律师")
        cursor = lines(client)["cursor"]
        tickets = Tickets(settings.cases_db, check_same_thread=False)
        ticket = tickets.create(topic="wage_arrears", urgency="normal", reasons=["您希望律师来跟进"], facts={},
                                calculations=[], transcript=[], channel="web", chat_id=f"web-{TOKEN}", consent=True)
        tickets.claim(ticket, "li", "李律师")

        def lawyer_replies() -> None:
            time.sleep(0.5)  # while the page's poll waits
            tickets.reply(ticket, "li", "您好，我是李律师，请把工资条拍照发给我。")

        writer = threading.Thread(target=lawyer_replies)
        writer.start()
        started, seen = time.monotonic(), []
        while not any("请把工资条拍照发给我" in text for text in seen) and time.monotonic() - started < 10:
            got = lines(client, since=cursor, wait=10)  # as the page polls: from its last cursor
            seen += [line["text"] for line in got["lines"]]
            cursor = got["cursor"]
        writer.join()
        tickets.disconnect()
    assert time.monotonic() - started < 5  # woken by the delivery, not at the end of a wait
    assert seen[0].startswith(f"您的问题（编号 {ticket}）已由李律师受理") and "请把工资条拍照发给我" in seen[-1]


def test_a_message_sent_while_rasa_is_down_is_kept_and_answered_later(settings):
    rasa = FakeRasa()
    rasa.down = True
    with open_chat(settings, rasa) as client:
        assert post(client, "m1", text="加班费怎么算").status_code == 200
        first = lines(client)
        assert first["lines"][-1]["text"] == texts.BUSY  # "您的消息已经保存 … 不用重发"
        rasa.down = False
        later = lines(client, since=first["cursor"], wait=10)  # the retry job answers it
    assert later["lines"][-1]["text"] == ANSWER


def test_the_conversation_is_there_after_a_restart_and_only_for_its_token(settings):
    with open_chat(settings, FakeRasa()) as client:
        post(client, "m1", text="加班费怎么算")
    with open_chat(settings, FakeRasa()) as client:
        again = lines(client)
        assert [line["from"] for line in again["lines"]] == ["worker", "assistant"]
        assert again["lines"][1]["buttons"][0][0] == "找律师"  # the buttons still work after the restart
        assert lines(client, token=OTHER)["lines"] == []
        assert client.get("/chat/api/messages").status_code == 401  # no token, no conversation
        assert client.get("/chat/api/messages", params={"since": "x"},
                          headers={"X-Chat-Token": TOKEN}).status_code == 400


def test_a_drafted_document_is_downloaded_by_its_conversation_only(settings):
    with open_chat(settings, FakeRasa()) as client:
        pipeline = client.app.state.pipeline
        document = File("劳动仲裁申请书.pdf", b"%PDF-1.4 test")
        client.portal.call(send, pipeline, Conversation("web", TOKEN), Reply("文书起草好了", file=document))
        [line] = lines(client)["lines"]
        assert line["file"] == "劳动仲裁申请书.pdf"
        own = client.get(f"/chat/api/files/{line['file']}", params={"token": TOKEN})
        assert own.status_code == 200 and own.content == b"%PDF-1.4 test"
        assert "attachment" in own.headers["content-disposition"]
        assert client.get(f"/chat/api/files/{line['file']}", params={"token": OTHER}).status_code == 404
        assert client.get("/chat/api/files/..", params={"token": TOKEN}).status_code == 404


# --- where it runs ------------------------------------------------------------------------------

def test_the_stack_runs_the_web_chat_and_nginx_serves_it(settings, tmp_path):
    started = services(settings, tmp_path / "model.tar.gz", tmp_path, with_bot=False)
    [chat] = [s for s in started if s.name == "webchat"]
    assert chat.port == settings.webchat_port and chat.health_url.endswith("/healthz")
    conf = production.nginx_conf(settings, tmp_path, run_as_root=False)
    location = conf.split("location /chat/ {", 1)[1].split("}", 1)[0]
    assert f"proxy_pass http://{settings.host}:{settings.webchat_port};" in location


def test_the_poster_qr_code_is_a_png_of_the_public_address(tmp_path: Path, capsys):
    out = tmp_path / "poster-qr.png"
    assert hotline(["webchat", "qr", "https://12351.example.cn/chat/", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"\x89PNG") and "https://12351.example.cn/chat/" in capsys.readouterr().out
    assert hotline(["webchat", "qr", "http://127.0.0.1:8352/chat/", "--out", str(tmp_path / "x.png")]) == 2
    assert not (tmp_path / "x.png").exists()  # a poster nobody's phone can open is refused
