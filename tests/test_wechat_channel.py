"""The WeChat channel wired into the pipeline (wechat/channel.py, wechat/outlet.py), on loopback:
the platform (testing.fake_wechat.WeChatPlatform) posts to the `wechat` process's app in safe
mode, the real pipeline (journal, tickets, outbox, jobs) handles it with a scripted Rasa,
and the answers reach a fake of the WeChat API (testing.fake_wechat.FakeWeChat)."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from channels.outlet import Delivery, File, Reply
from channels.ratelimit import RateLimiter
from foundation import senders
from stores.tickets import Tickets
from testing.fake_wechat import FakeWeChat, WeChatPlatform, image_xml, serve, text_xml, voice_xml
from testing.stack import stack_env
from wechat import texts
from wechat.channel import create_app
from wechat.client import WeChatClient
from wechat.outlet import WeChatOutlet

TOKEN = "hotline12351token"
AES_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY"  # 43 characters
HANDOFF = '/handoff{"contact": "chat"}'
CONSENT = [("同意，律师在这里回复我", HANDOFF), ("同意，请律师打电话给我", '/handoff{"contact": "phone"}'),
           ("先不用", "/deny")]


class ScriptedRasa:
    """Answers like the assistant: a cited answer, the consent question with its three buttons."""

    def __init__(self) -> None:
        self.turns: list[str] = []
        self._lock = threading.Lock()

    async def send(self, sender: str, text: str) -> list[dict]:
        with self._lock:
            self.turns.append(text)
        if "找律师" in text:
            return [{"text": "您的信息只用于这次法律帮助。同意转给律师吗？",
                     "buttons": [{"title": t, "payload": p} for t, p in CONSENT]}]
        return [{"text": f"关于「{text}」：单位应当按时足额支付工资。\n依据：《劳动合同法》第三十条"}]

    async def close(self) -> None:
        pass

    def wait_for(self, text: str, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.turns:
            assert time.monotonic() < deadline, f"Rasa never got {text!r}: {self.turns}"
            time.sleep(0.05)


class Channel:
    """The running channel app, the platform posting to it, the fake API, the cases store."""

    def __init__(self, settings, fake: FakeWeChat, rasa: ScriptedRasa):
        self.settings, self.fake, self.rasa = settings, fake, rasa
        self._serving = None

    def start(self) -> Channel:
        app = create_app(self.settings, every=0.2, rasa=self.rasa, limiter=RateLimiter(limit=100))
        self._serving = serve(app, lifespan="on")
        base = self._serving.__enter__()
        self.platform = WeChatPlatform(base + "/wechat", TOKEN, AES_KEY, self.fake.app_id)
        return self

    def stop(self) -> None:
        self._serving.__exit__(None, None, None)

    def write(self, openid: str, text: str, **kwargs) -> None:
        [response] = self.platform.deliver(text_xml(openid, text, **kwargs), safe=True)
        assert response.status_code == 200


@pytest.fixture()
def fake():
    with FakeWeChat() as api:
        yield api


@pytest.fixture()
def settings(tmp_path, environment, fake):
    return environment(stack_env(tmp_path, WECHAT_APP_ID=fake.app_id, WECHAT_APP_SECRET=fake.app_secret,
                                 WECHAT_TOKEN=TOKEN, WECHAT_AES_KEY=AES_KEY, WECHAT_API_BASE=fake.base_url,
                                 HOTLINE_TYPING_AFTER="60", HOTLINE_DEGRADED_AFTER="600"))


@pytest.fixture()
def channel(settings, fake):
    running = Channel(settings, fake, ScriptedRasa()).start()
    yield running
    running.stop()


@pytest.fixture()
def tickets(settings, channel):
    store = Tickets(settings.cases_db)
    yield store
    store.disconnect()


def texts_to(fake: FakeWeChat, openid: str) -> list[str]:
    return [m.get("text", {}).get("content", "") for m in fake.sent(openid)]


def open_ticket(tickets: Tickets, openid: str, lawyer: bool = True) -> str:
    sender = senders.sender("wechat", openid)
    ticket = tickets.create(topic="wage_arrears", urgency="normal", reasons=["您希望律师来跟进"], facts={},
                            calculations=[], transcript=[{"from": "worker", "text": "找律师"}],
                            channel="wechat", chat_id=sender, consent=True)
    if lawyer:
        tickets.claim(ticket, "wang", "王律师")
    return ticket


def test_a_workers_text_gets_the_cited_answer_once_even_when_delivered_again_after_a_restart(channel, fake):
    worker = "oWorker-text"
    xml = text_xml(worker, "老板拖欠工资怎么办")
    assert [r.text for r in channel.platform.deliver(xml, safe=True, times=3)] == ["success"] * 3
    answer = fake.wait_for_text(worker, "依据：《劳动合同法》第三十条")
    assert "拖欠工资" in answer
    channel.stop()  # the endpoint forgets the keys it saw; the journal does not
    channel.start()
    channel.platform.deliver(xml, safe=True)
    channel.write(worker, "公司不签合同")
    fake.wait_for_text(worker, "公司不签合同")
    assert channel.rasa.turns == ["老板拖欠工资怎么办", "公司不签合同"]
    assert len(fake.sent(worker)) == 2


def test_a_voice_message_is_read_as_its_transcription(channel, fake):
    worker = "oWorker-voice"
    channel.platform.deliver(voice_xml(worker, "加班费怎么算"), safe=True)
    assert "加班费怎么算" in fake.wait_for_text(worker, "依据")
    assert channel.rasa.turns == ["加班费怎么算"]


def test_buttons_go_out_as_a_menu_message_and_a_tapped_option_sends_its_payload(channel, fake):
    worker = "oWorker-menu"
    channel.write(worker, "我要找律师")
    [menu] = fake.wait_for_messages(worker, 1)
    assert menu["msgtype"] == "msgmenu"
    assert menu["msgmenu"]["head_content"] == "您的信息只用于这次法律帮助。同意转给律师吗？"
    options = menu["msgmenu"]["list"]
    assert [o["content"] for o in options] == [t for t, _ in CONSENT]
    assert all(len(o["id"].encode()) <= 64 for o in options)  # short ids, not the Rasa payloads
    channel.write(worker, CONSENT[0][0], menu_id=options[0]["id"])
    channel.rasa.wait_for(HANDOFF)


def test_without_menu_messages_options_are_numbered_and_a_number_picks_one(channel, fake):
    fake.reject_menus = True  # an unverified account: 40200
    worker = "oWorker-numbered"
    channel.write(worker, "我要找律师")
    numbered = fake.wait_for_text(worker, "回复数字")
    assert "1. 同意，律师在这里回复我" in numbered and "3. 先不用" in numbered
    channel.write(worker, "３")  # a full-width digit from a Chinese keyboard
    channel.rasa.wait_for("/deny")
    fake.wait_for_messages(worker, 2)  # the answer to /deny, without options
    channel.write(worker, "1")  # the options are no longer the last thing offered: a plain "1"
    channel.rasa.wait_for("1")
    assert HANDOFF not in channel.rasa.turns


def test_a_lawyers_reply_waits_out_the_48_hours_and_goes_out_when_the_worker_writes_again(channel, fake, tickets):
    worker = "oWorker-late"
    ticket = open_ticket(tickets, worker)
    assert "已由王律师受理" in fake.wait_for_text(worker, ticket)  # the outbox job delivers
    fake.closed_windows.add(worker)  # the worker has not written for 48 hours: 45015
    tickets.reply(ticket, "王律师", "请把工资条拍照发给我。")
    deadline = time.monotonic() + 10
    while not any("暂未送达" in e["detail"] for e in tickets.events(ticket)):
        assert time.monotonic() < deadline, "the lawyer was not told that the reply waits"
        time.sleep(0.1)
    time.sleep(1.0)  # several ticks: the reply still waits, unretried and uncounted
    assert tickets.outbox.undelivered() and tickets.outbox.undelivered()[0]["attempts"] == 0
    assert not any("工资条" in t for t in texts_to(fake, worker))
    notes = [e["detail"] for e in tickets.events(ticket) if e["action"] == "note"]
    assert len(notes) == 1  # told once, not at every tick
    fake.closed_windows.discard(worker)
    channel.write(worker, "在的，马上发")
    reply = fake.wait_for_text(worker, "工资条")
    assert reply.startswith("【工会律师回复】")
    held = fake.wait_for_text(worker, "已转给正在处理您案子的律师")
    sent = texts_to(fake, worker)
    assert sent.index(reply) < sent.index(held)  # the lawyer's reply first, then the answer to the new message
    assert tickets.outbox.undelivered() == []
    assert any("已送达" in e["detail"] for e in tickets.events(ticket))
    assert tickets.get(ticket)["transcript"][-1]["text"] == "在的，马上发"


def test_an_image_on_an_open_ticket_is_kept_as_evidence(channel, fake, tickets, settings):
    worker = "oWorker-photo"
    ticket = open_ticket(tickets, worker)
    fake.add_media("media-payslip", b"\xff\xd8\xff payslip photo")
    xml = image_xml(worker, "media-payslip")
    channel.platform.deliver(xml, safe=True, times=2)
    confirmation = fake.wait_for_text(worker, "证据")
    assert ticket in confirmation
    [attachment] = [e["detail"] for e in tickets.events(ticket) if e["action"] == "attachment"]
    assert (settings.data_dir / attachment).read_bytes() == b"\xff\xd8\xff payslip photo"
    channel.stop()
    channel.start()
    channel.platform.deliver(xml, safe=True)  # the platform's retry after our restart
    time.sleep(1.0)
    assert len([e for e in tickets.events(ticket) if e["action"] == "attachment"]) == 1


def test_an_image_without_an_open_ticket_gets_a_polite_answer(channel, fake):
    worker = "oWorker-photo-early"
    fake.add_media("media-1", b"\xff\xd8\xff")
    channel.platform.deliver(image_xml(worker, "media-1"), safe=True)
    assert fake.wait_for_text(worker, "找律师") == texts.IMAGE_NO_TICKET


def test_a_document_is_one_text_saying_how_to_get_it(fake):
    async def run() -> list[Delivery]:
        async with WeChatClient(fake.app_id, fake.app_secret, fake.base_url) as client:
            outlet = WeChatOutlet(client)
            return [await outlet.deliver("oWorker-doc", Reply("劳动仲裁申请书（助手按您说的情况起草）。",
                                                              file=File("劳动仲裁申请书.pdf", b"%PDF"))),
                    await outlet.deliver("oWorker-doc", Reply("", file=File("劳动仲裁申请书.docx", b"PK")))]

    assert asyncio.run(run()) == [Delivery.DELIVERED, Delivery.DELIVERED]
    [message] = fake.sent("oWorker-doc")  # one of the five messages the worker's message allows
    assert message["msgtype"] == "text"
    assert message["text"]["content"].startswith("《劳动仲裁申请书》已经按您说的情况起草好了")
    assert "找律师" in message["text"]["content"]


def test_the_outlet_reports_the_platforms_answers_as_deliveries(fake):
    async def run() -> list[Delivery]:
        async with WeChatClient(fake.app_id, fake.app_secret, fake.base_url, backoff=0.01) as client:
            outlet = WeChatOutlet(client)
            fake.closed_windows.add("oClosed")
            closed = await outlet.deliver("oClosed", Reply("律师回复"))
            calls = len(fake.calls)
            again = await outlet.deliver("oClosed", Reply("律师回复"))  # remembered: no call
            assert len(fake.calls) == calls
            fake.fail_next = 3
            down = await outlet.deliver("oOther", Reply("你好"))
            fine = await outlet.deliver("oOther", Reply("你好"))
            outlet.reopen("oClosed")
            fake.closed_windows.discard("oClosed")
            return [closed, again, down, fine, await outlet.deliver("oClosed", Reply("律师回复"))]

    assert asyncio.run(run()) == [Delivery.LATER, Delivery.LATER, Delivery.RETRY, Delivery.DELIVERED,
                                  Delivery.DELIVERED]


def test_a_long_answer_goes_as_text_and_its_options_follow_in_a_menu_message(fake):
    long_answer = "单位应当按时足额支付工资。" * 40 + "\n依据：《劳动合同法》第三十条"  # over 1024 bytes

    async def run() -> Delivery:
        async with WeChatClient(fake.app_id, fake.app_secret, fake.base_url) as client:
            return await WeChatOutlet(client).deliver("oWorker-long", Reply(long_answer, (("要准备哪些证据", "b7"),)))

    assert asyncio.run(run()) is Delivery.DELIVERED
    text, menu = fake.sent("oWorker-long")
    assert text["text"]["content"] == long_answer
    assert menu["msgmenu"]["head_content"] == texts.OPTIONS_HEAD
    assert menu["msgmenu"]["list"] == [{"id": "b7", "content": "要准备哪些证据"}]
