"""The WeChat public-account adapter (wechat/), on loopback: our server URL as the platform
calls it (testing.fake_wechat.WeChatPlatform, plaintext and safe mode) and our API client
against a fake of the WeChat API (testing.fake_wechat.FakeWeChat)."""

from __future__ import annotations

import asyncio
import base64
import threading
import time

import httpx
import pytest
import xmltodict
from fastapi import FastAPI
from hypothesis import given, settings
from hypothesis import strategies as st
from wechatpy.crypto import WeChatCrypto

from foundation.settings import Settings
from testing.fake_wechat import (
    ACCOUNT,
    FakeWeChat,
    WeChatPlatform,
    event_xml,
    image_xml,
    serve,
    text_xml,
    video_xml,
    voice_xml,
)
from wechat import messages, texts
from wechat.client import ReplyWindowClosed, WeChatClient, WeChatError, WeChatUnavailable, numbered, pick
from wechat.config import WeChatConfig
from wechat.server import WeChatEndpoint

TOKEN = "hotline12351token"
AES_KEY = base64.b64encode(b"0123456789abcdef0123456789abcdef").decode().rstrip("=")  # 43 characters
APP_ID = "wx0123456789abcdef"
WORKER = "oWorker_abcdefghijklmnop"


class Received:
    """What reached the callback, from the server's thread; tests wait on it."""

    def __init__(self, delay: float = 0.0, fail: bool = False):
        self.messages: list[messages.WeChatMessage] = []
        self.delay, self.fail = delay, fail
        self._cond = threading.Condition()

    async def __call__(self, message: messages.WeChatMessage) -> None:
        if self.delay:
            await asyncio.sleep(self.delay)
        with self._cond:
            self.messages.append(message)
            self._cond.notify_all()
        if self.fail:
            raise RuntimeError("the pipeline broke")

    def wait(self, count: int, timeout: float = 10.0) -> list[messages.WeChatMessage]:
        with self._cond:
            assert self._cond.wait_for(lambda: len(self.messages) >= count, timeout), \
                f"got {len(self.messages)} messages, expected {count}"
            return list(self.messages)

    def settle(self, seconds: float = 0.5) -> list[messages.WeChatMessage]:
        """What arrived once the background tasks had time to run (to check nothing more came)."""
        time.sleep(seconds)
        with self._cond:
            return list(self.messages)


@pytest.fixture()
def server():
    """Our server URL in a FastAPI app on loopback, safe mode configured; yields (platform, received)."""
    received = Received()
    app = FastAPI()
    app.include_router(WeChatEndpoint(TOKEN, received, aes_key=AES_KEY, app_id=APP_ID).router)
    with serve(app) as base:
        yield WeChatPlatform(f"{base}/wechat", TOKEN, AES_KEY, APP_ID), received


# --- the server URL -------------------------------------------------------------------------------

def test_the_platforms_check_is_echoed_and_a_forged_one_refused(server):
    platform, received = server
    answer = platform.verify("1234567890123456789")
    assert answer.status_code == 200 and answer.text == "1234567890123456789"
    assert platform.verify("1234567890123456789", token="someone-elses-token").status_code == 403
    assert received.settle(0.2) == []


def test_a_message_with_a_wrong_or_missing_signature_is_refused(server):
    platform, received = server
    forged = platform.deliver(text_xml(WORKER, "老板拖欠工资"), token="guessed")[0]
    assert forged.status_code == 403
    unsigned = httpx.post(platform.url, content=text_xml(WORKER, "老板拖欠工资").encode(), timeout=10)
    assert unsigned.status_code == 403
    assert received.settle() == []


@pytest.mark.parametrize("safe", [False, True], ids=["plaintext", "safe-mode"])
def test_a_text_delivered_three_times_reaches_the_callback_once(server, safe):
    platform, received = server
    answers = platform.deliver(text_xml(WORKER, "老板拖欠我两个月工资怎么办", msg_id=6100000000000000001),
                               safe=safe, times=3)
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert all(a.text == "success" for a in answers)  # nothing shown, the answer comes by the customer-service API
    (message,) = received.settle()
    assert (message.key, message.openid, message.kind, message.text) == (
        "wx:6100000000000000001", WORKER, messages.TEXT, "老板拖欠我两个月工资怎么办")
    assert message.for_assistant and message.raw["ToUserName"] == ACCOUNT


def test_a_safe_mode_message_with_a_bad_message_signature_is_refused(server):
    platform, received = server
    other = WeChatPlatform(platform.url, TOKEN, base64.b64encode(b"x" * 32).decode().rstrip("="), APP_ID)
    answer = other.deliver(text_xml(WORKER, "加班费"), safe=True)[0]  # encrypted with another key
    assert answer.status_code in (400, 403)
    assert received.settle() == []


def test_safe_mode_without_the_aes_key_is_refused():
    received = Received()
    app = FastAPI()
    app.include_router(WeChatEndpoint(TOKEN, received).router)  # plaintext only
    with serve(app) as base:
        platform = WeChatPlatform(f"{base}/wechat", TOKEN, AES_KEY, APP_ID)
        assert platform.deliver(text_xml(WORKER, "加班费"), safe=True)[0].status_code == 403
        assert platform.deliver(text_xml(WORKER, "加班费"))[0].status_code == 200
        assert [m.text for m in received.wait(1)] == ["加班费"]


def test_the_answer_does_not_wait_for_a_slow_or_failing_pipeline():
    received = Received(delay=3.0, fail=True)
    app = FastAPI()
    app.include_router(WeChatEndpoint(TOKEN, received).router)
    with serve(app) as base:
        platform = WeChatPlatform(f"{base}/wechat", TOKEN)
        started = time.monotonic()
        answer = platform.deliver(text_xml(WORKER, "工伤怎么认定"))[0]
        assert answer.text == "success" and time.monotonic() - started < 1.0  # well inside the 5 seconds
        assert received.wait(1, timeout=10)[0].text == "工伤怎么认定"
        assert platform.deliver(text_xml(WORKER, "还在吗"))[0].text == "success"  # the failure broke nothing


@pytest.mark.parametrize("safe", [False, True], ids=["plaintext", "safe-mode"])
def test_a_voice_is_read_as_its_transcription(server, safe):
    platform, received = server
    assert platform.deliver(voice_xml(WORKER, "公司不给我交社保怎么办。"), safe=safe)[0].text == "success"
    (message,) = received.wait(1)
    assert (message.kind, message.text, message.media_id) == (messages.VOICE, "公司不给我交社保怎么办。", "voice-media-1")
    assert message.for_assistant


@pytest.mark.parametrize("safe", [False, True], ids=["plaintext", "safe-mode"])
def test_a_voice_wechat_could_not_transcribe_is_answered_politely_at_once(server, safe):
    platform, received = server
    answer = platform.deliver(voice_xml(WORKER, ""), safe=safe, times=2)
    for delivery in answer:  # a retry means the first answer was lost: the platform gets it again
        reply = platform.reply_of(delivery)
        assert (reply["MsgType"], reply["Content"], reply["ToUserName"]) == ("text", texts.VOICE_UNCLEAR, WORKER)
    (message,) = received.settle()  # journaled once, not for the assistant
    assert message.kind == messages.VOICE and not message.for_assistant


def test_an_image_is_kept_as_evidence_not_sent_to_the_assistant(server):
    platform, received = server
    platform.deliver(image_xml(WORKER, "media-img-7", pic_url="http://mmbiz.example/7.jpg"))
    (message,) = received.wait(1)
    assert (message.kind, message.media_id, message.pic_url, message.text) == (
        messages.IMAGE, "media-img-7", "http://mmbiz.example/7.jpg", "")
    assert not message.for_assistant and message.auto_reply == ""  # the pipeline answers (texts.IMAGE_KEPT)


def test_a_menu_click_sends_its_key_once_and_two_buttons_in_one_second_both(server):
    platform, received = server
    now = int(time.time())
    platform.deliver(event_xml(WORKER, "CLICK", "找律师", created=now), times=3)
    platform.deliver(event_xml(WORKER, "CLICK", "/evidence_list", created=now))
    clicks = received.settle()
    assert [(m.kind, m.text, m.event_key) for m in clicks] == [
        (messages.MENU, "找律师", "找律师"), (messages.MENU, "/evidence_list", "/evidence_list")]
    assert clicks[0].key == f"wx:{WORKER}:{now}:CLICK:找律师" and all(m.for_assistant for m in clicks)


def test_a_tapped_option_of_a_menu_message_sends_its_id(server):
    platform, received = server
    platform.deliver(text_xml(WORKER, "同意，律师在这里回复我", menu_id="handoff-chat"))
    platform.deliver(text_xml(WORKER, "先不用", menu_id="0"))  # no id (reported for some clients): the words
    first, second = received.wait(2)
    assert (first.kind, first.text) == (messages.CHOICE, "handoff-chat")
    assert (second.kind, second.text) == (messages.TEXT, "先不用")


@pytest.mark.parametrize("safe", [False, True], ids=["plaintext", "safe-mode"])
def test_following_the_account_gets_the_welcome_and_privacy_notice(server, safe):
    platform, received = server
    answers = platform.deliver(event_xml(WORKER, "subscribe", ""), safe=safe, times=2)
    reply = platform.reply_of(answers[0])
    assert reply["Content"] == texts.WELCOME and reply["FromUserName"] == ACCOUNT
    if safe:
        assert "Encrypt" in answers[0].text and "个人信息" not in answers[0].text  # the platform decrypts it
    (message,) = received.settle()
    assert message.kind == messages.SUBSCRIBE and message.key.endswith(":SUBSCRIBE")


def test_what_the_assistant_cannot_read_gets_a_plain_answer(server):
    platform, received = server
    reply = platform.reply_of(platform.deliver(video_xml(WORKER))[0])
    assert reply["Content"] == texts.NOT_SUPPORTED
    assert received.wait(1)[0].kind == messages.OTHER


@pytest.mark.parametrize(("body", "why"), [
    (b"not xml at all", "garbage"),
    (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><xml><FromUserName>&a;</FromUserName></xml>', "DTD"),
    (b"<xml><MsgType>text</MsgType></xml>", "no sender"),
    (b"<xml>" + b"a" * 70_000 + b"</xml>", "too long"),
])
def test_what_the_platform_never_sends_is_refused_before_the_pipeline(body, why):
    with pytest.raises(messages.NotAMessage):
        messages.parse(body)


@pytest.mark.parametrize(("xml", "key"), [
    (text_xml("oA", "你好", msg_id=42), "wx:42"),
    (voice_xml("oA", "你好", msg_id=43), "wx:43"),
    (event_xml("oA", "subscribe", "", created=1700000000), "wx:oA:1700000000:SUBSCRIBE"),
    (event_xml("oA", "unsubscribe", created=1700000001), "wx:oA:1700000001:UNSUBSCRIBE"),
    (event_xml("oA", "CLICK", "查工资", created=1700000002), "wx:oA:1700000002:CLICK:查工资"),
])
def test_the_delivery_key_is_stable(xml, key):
    assert messages.parse(xml).key == key == messages.parse(xml).key


# --- the API client against the fake WeChat API -----------------------------------------------------

async def _no_sleep(seconds: float) -> None:
    return None


def client_for(fake: FakeWeChat, **options) -> WeChatClient:
    options.setdefault("sleep", _no_sleep)
    return WeChatClient(fake.app_id, fake.app_secret, fake.base_url, **options)


def run(coroutine):
    return asyncio.run(coroutine)


def test_the_token_is_fetched_once_and_again_when_it_expires():
    now = [1000.0]
    with FakeWeChat(expires_in=7200) as fake:
        async def scenario():
            async with client_for(fake, clock=lambda: now[0]) as client:
                await client.send_text(WORKER, "第一条")
                await asyncio.gather(*(client.send_text(WORKER, f"第{n}条") for n in range(2, 6)))
                assert fake.token_requests == 1
                now[0] += 7200 - 200  # inside the safety margin before the platform's expiry
                await client.send_text(WORKER, "第六条")
                assert fake.token_requests == 2
        run(scenario())
        assert len(fake.sent(WORKER)) == 6


@pytest.mark.parametrize("errcode", [40001, 42001])
def test_a_refused_token_is_fetched_anew_and_the_message_still_goes(errcode):
    with FakeWeChat() as fake:
        async def scenario():
            async with client_for(fake) as client:
                await client.send_text(WORKER, "您好")
                fake.expire_tokens(errcode)
                await client.send_text(WORKER, "律师回复：请带上工资条")
        run(scenario())
        assert fake.token_requests == 2
        assert [m["text"]["content"] for m in fake.sent(WORKER)] == ["您好", "律师回复：请带上工资条"]


def test_the_48_hour_window_is_reported_distinctly():
    with FakeWeChat() as fake:
        fake.closed_windows.add(WORKER)

        async def scenario():
            async with client_for(fake) as client:
                with pytest.raises(ReplyWindowClosed) as closed:
                    await client.send_text(WORKER, "律师的回复（三天后）")
                assert closed.value.errcode == 45015
                await client.send_text("oAnotherWorker", "您好")  # others are unaffected
        run(scenario())
        assert fake.sent(WORKER) == [] and len(fake.sent("oAnotherWorker")) == 1


def test_other_errors_are_clear_and_not_the_window():
    with FakeWeChat() as fake:
        async def scenario():
            async with WeChatClient(fake.app_id, "wrong-secret", fake.base_url, sleep=_no_sleep) as client:
                with pytest.raises(WeChatError) as error:
                    await client.send_text(WORKER, "您好")
                assert error.value.errcode == 40125 and not isinstance(error.value, ReplyWindowClosed)
        run(scenario())


def test_network_errors_and_5xx_are_retried_then_reported():
    with FakeWeChat() as fake:
        async def scenario():
            async with client_for(fake, attempts=3) as client:
                fake.drop_next = 2  # two connections cut: the third attempt gets through
                await client.send_text(WORKER, "第一条")
                fake.fail_next = 1
                await client.send_text(WORKER, "第二条")
                fake.drop_next = 3
                with pytest.raises(WeChatUnavailable):
                    await client.send_text(WORKER, "第三条")
        run(scenario())
        assert [m["text"]["content"] for m in fake.sent(WORKER)] == ["第一条", "第二条"]


def test_a_menu_message_has_the_platforms_shape_in_utf8():
    options = [("同意，律师在这里回复我", "handoff-chat"), ("先不用", "/deny")]
    with FakeWeChat() as fake:
        async def scenario():
            async with client_for(fake) as client:
                assert await client.send_options(WORKER, "要转给律师吗？", options, "也可以直接打12351") == "menu"
        run(scenario())
        (sent,) = fake.sent(WORKER)
        assert sent == {"touser": WORKER, "msgtype": "msgmenu", "msgmenu": {
            "head_content": "要转给律师吗？", "tail_content": "也可以直接打12351",
            "list": [{"id": "handoff-chat", "content": "同意，律师在这里回复我"}, {"id": "/deny", "content": "先不用"}]}}
        assert "要转给律师吗".encode() in fake.raw_bodies[0]  # not \\u escapes, which some clients show as they are


def test_where_menus_are_refused_the_options_come_as_numbered_text():
    options = [("要准备哪些证据", "/evidence_list"), ("帮我写仲裁申请书", "帮我写仲裁申请书")]
    with FakeWeChat() as fake:
        fake.reject_menus = True

        async def scenario():
            async with client_for(fake) as client:
                assert await client.send_options(WORKER, "接下来您可以：", options) == "numbered"
        run(scenario())
        assert fake.wait_for_text(WORKER, "1. 要准备哪些证据\n2. 帮我写仲裁申请书\n回复数字")
    assert numbered("接下来您可以：", options).startswith("接下来您可以：\n1. ")


@pytest.mark.parametrize(("reply", "payload"), [
    ("2", "帮我写仲裁申请书"), (" ２ ", "帮我写仲裁申请书"), ("1.", "/evidence_list"), ("3", None), ("0", None),
    ("我要2个月工资", None), ("", None),
])
def test_a_number_picks_its_option(reply, payload):
    assert pick(reply, [("要准备哪些证据", "/evidence_list"), ("帮我写仲裁申请书", "帮我写仲裁申请书")]) == payload


def test_a_menu_option_id_too_long_for_the_platform_is_refused_before_sending():
    with FakeWeChat() as fake:
        async def scenario():
            async with client_for(fake) as client:
                with pytest.raises(ValueError):
                    await client.send_menu(WORKER, "选一个", [("长", "x" * 65)])
                # send_options sends such options as numbered text instead
                assert await client.send_options(WORKER, "选一个", [("长", "x" * 65)]) == "numbered"
        run(scenario())


def test_an_image_is_downloaded_as_evidence():
    with FakeWeChat() as fake:
        fake.add_media("media-img-7", b"\xff\xd8\xff\xe0JPEGDATA")

        async def scenario():
            async with client_for(fake) as client:
                media = await client.download_media("media-img-7")
                assert (media.content, media.content_type.split(";")[0], media.filename) == (
                    b"\xff\xd8\xff\xe0JPEGDATA", "image/jpeg", "media-img-7.jpg")
                fake.expire_tokens()
                assert (await client.download_media("media-img-7")).content.startswith(b"\xff\xd8")
                with pytest.raises(WeChatError) as missing:
                    await client.download_media("expired-media")
                assert missing.value.errcode == 40007
                with pytest.raises(WeChatError):
                    await client.download_media("media-img-7", max_bytes=4)
        run(scenario())


# --- both together, and the configuration -----------------------------------------------------------

def test_a_worker_writes_and_the_answer_arrives_by_the_customer_service_api():
    """Platform → our server URL (safe mode) → callback → client → fake WeChat API."""
    with FakeWeChat(app_id=APP_ID) as fake:
        config = WeChatConfig(app_id=APP_ID, app_secret=fake.app_secret, token=TOKEN, aes_key=AES_KEY,
                              api_base=fake.base_url)

        async def answer(message: messages.WeChatMessage) -> None:
            if message.for_assistant:
                async with WeChatClient.from_config(config) as client:
                    await client.send_text(message.openid, f"收到：{message.text}")

        app = FastAPI()
        app.include_router(WeChatEndpoint.from_config(config, answer).router)
        with serve(app) as base:
            platform = WeChatPlatform(f"{base}/wechat", TOKEN, AES_KEY, APP_ID)
            platform.deliver(voice_xml(WORKER, "辞退要给补偿吗"), safe=True, times=3)
            assert fake.wait_for_text(WORKER, "收到：辞退要给补偿吗") and len(fake.wait_for_messages(WORKER, 1)) == 1
            time.sleep(0.3)
            assert len(fake.sent(WORKER)) == 1


def test_the_configuration_comes_from_the_environment_and_secrets_stay_out_of_sight(monkeypatch):
    values = {"WECHAT_APP_ID": "wxabc", "WECHAT_APP_SECRET": "s3cret-app", "WECHAT_TOKEN": "s3cret-token",
              "WECHAT_AES_KEY": AES_KEY, "WECHAT_API_BASE": "http://127.0.0.1:9"}
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    snapshot = Settings()
    config = WeChatConfig.from_settings(snapshot)
    assert (config.app_id, config.app_secret, config.token, config.aes_key, config.api_base) == tuple(values.values())
    assert config.enabled
    for secret in ("s3cret-app", "s3cret-token", AES_KEY):
        assert secret not in repr(snapshot) and secret not in repr(config)
    for name in values:
        monkeypatch.delenv(name)
    default = Settings()
    assert default.wechat_api_base == "https://api.weixin.qq.com" and not WeChatConfig.from_settings(default).enabled


_WORDS = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=300).filter(
    lambda s: "]]>" not in s and s.strip())


@settings(max_examples=60, deadline=None)
@given(words=_WORDS)
def test_any_words_survive_safe_mode_and_parsing(words):
    """Whatever a worker types (Chinese, emoji, symbols) reaches the assistant as typed, after the
    platform's encryption and our decryption."""
    crypto = WeChatCrypto(TOKEN, AES_KEY, APP_ID)
    envelope = crypto.encrypt_message(text_xml(WORKER, words, msg_id=7), "42", "1700000000")
    signed = xmltodict.parse(envelope)["xml"]["MsgSignature"]
    message = messages.parse(crypto.decrypt_message(envelope, signed, "1700000000", "42"))
    assert (message.kind, message.text) == (messages.TEXT, words.strip())


@settings(max_examples=60, deadline=None)
@given(titles=st.lists(st.text(min_size=1, max_size=20).filter(str.strip), min_size=1, max_size=9))
def test_each_number_picks_the_option_it_was_shown_with(titles):
    options = [(title, f"payload-{n}") for n, title in enumerate(titles)]
    shown = numbered("选一个：", options).splitlines()  # a title with a line break stays on its line
    assert len(shown) == len(options) + 2
    for n, (title, payload) in enumerate(options, 1):
        assert shown[n] == f"{n}. {' '.join(title.split())}" and pick(str(n), options) == payload
