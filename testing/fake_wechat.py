"""A small fake of the WeChat API on loopback, and the WeChat platform's side of our server URL.

`FakeWeChat` plays api.weixin.qq.com for `wechat.client.WeChatClient` (WECHAT_API_BASE):
the access-token endpoint, customer-service messages (recorded per OpenID, with waits),
temporary media, and the errors a test wants to see (a token the platform no longer
accepts, the 48-hour window closed, menu messages refused, dropped connections, 5xx).

`WeChatPlatform` plays the platform calling our server URL: it signs, and in safe mode
encrypts, messages and events as the platform does and posts them (several times, to
test duplicate deliveries). `serve(app)` runs a FastAPI app with uvicorn on loopback.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import httpx
import uvicorn
import xmltodict
from wechatpy.crypto import WeChatCrypto

from testing.stack import free_port
from wechat.server import signature

ACCOUNT = "gh_12351test"  # the account's original ID (ToUserName)


class FakeWeChat:
    """`with FakeWeChat() as wx:`; `wx.base_url` is the client's api_base."""

    def __init__(self, app_id: str = "wx0123456789abcdef", app_secret: str = "test-app-secret",
                 expires_in: int = 7200):
        self.app_id, self.app_secret, self.expires_in = app_id, app_secret, expires_in
        self.token_requests = 0
        self.tokens: dict[str, int] = {}  # token -> 0 (valid) or the errcode it now gets (40001, 42001)
        self.calls: list[tuple[str, dict]] = []  # (path, JSON body) of every API call with a valid token
        self.raw_bodies: list[bytes] = []  # as posted, to see how text is encoded
        self.media: dict[str, tuple[bytes, str]] = {}  # media_id -> (content, content type)
        self.closed_windows: set[str] = set()  # OpenIDs whose 48 hours are over: 45015
        self.reject_menus = False  # msgmenu refused (40200), as for unverified and test accounts
        self.drop_next = 0  # close that many connections without an answer (network errors)
        self.fail_next = 0  # answer that many calls with HTTP 502
        self._ids = itertools.count(1)
        self._cond = threading.Condition()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def __enter__(self) -> FakeWeChat:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- what a test does -------------------------------------------------------------------

    def expire_tokens(self, errcode: int = 42001) -> None:
        """Every token issued so far is refused from now on (42001 expired, 40001 invalid)."""
        with self._cond:
            for token in self.tokens:
                self.tokens[token] = errcode

    def add_media(self, media_id: str, content: bytes, content_type: str = "image/jpeg") -> None:
        self.media[media_id] = (content, content_type)

    def sent(self, openid: str | None = None) -> list[dict]:
        """Every customer-service message accepted (to one worker if given), oldest first."""
        with self._cond:
            return [body for path, body in self.calls
                    if path == "/cgi-bin/message/custom/send" and (openid is None or body.get("touser") == openid)]

    def wait_for_messages(self, openid: str, count: int, timeout: float = 20.0) -> list[dict]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self.sent(openid)) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{openid} got {len(self.sent(openid))} messages, expected {count}")
                self._cond.wait(left)
            return self.sent(openid)

    def wait_for_text(self, openid: str, pattern: str, timeout: float = 20.0) -> str:
        """The first text to `openid` matching the regular expression `pattern` (a menu
        message's head counts as its text)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for body in self.sent(openid):
                    text = body.get("text", {}).get("content", "") or body.get("msgmenu", {}).get("head_content", "")
                    if re.search(pattern, text):
                        return text
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no text matching {pattern!r} to {openid}: {self.sent(openid)}")
                self._cond.wait(left)

    # --- the API -------------------------------------------------------------------------------

    def _token(self, query: dict) -> tuple[int, dict]:
        self.token_requests += 1
        if query.get("grant_type") != "client_credential" or query.get("appid") != self.app_id:
            return 200, {"errcode": 40013, "errmsg": "invalid appid"}
        if query.get("secret") != self.app_secret:
            return 200, {"errcode": 40125, "errmsg": "invalid appsecret"}
        token = f"TOKEN{next(self._ids)}"
        self.tokens[token] = 0
        return 200, {"access_token": token, "expires_in": self.expires_in}

    def _check_token(self, query: dict) -> dict | None:
        state = self.tokens.get(query.get("access_token", ""), 40001)
        if state:
            return {"errcode": state, "errmsg": "access_token expired" if state == 42001 else "invalid credential"}
        return None

    def _send(self, query: dict, raw: bytes) -> dict:
        refused = self._check_token(query)
        if refused:
            return refused
        body = json.loads(raw)
        if body.get("touser") in self.closed_windows:
            return {"errcode": 45015, "errmsg": "response out of time limit or subscription is canceled"}
        if body.get("msgtype") == "msgmenu" and self.reject_menus:
            return {"errcode": 40200, "errmsg": "invalid account type"}
        with self._cond:
            self.calls.append(("/cgi-bin/message/custom/send", body))
            self.raw_bodies.append(raw)
            self._cond.notify_all()
        return {"errcode": 0, "errmsg": "ok"}

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _common(self) -> tuple[str, dict, bytes] | None:
                url = urlsplit(self.path)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with fake._cond:
                    if fake.drop_next:
                        fake.drop_next -= 1
                        self.close_connection = True
                        self.connection.shutdown(socket.SHUT_RDWR)  # no answer at all: the client sees a network error
                        return None
                    if fake.fail_next:
                        fake.fail_next -= 1
                        self._reply(502, {"errmsg": "bad gateway"})
                        return None
                return url.path, dict(parse_qsl(url.query)), body

            def do_GET(self) -> None:
                request = self._common()
                if request is None:
                    return
                path, query, _ = request
                if path == "/cgi-bin/token":
                    self._reply(*fake._token(query))
                elif path == "/cgi-bin/media/get":
                    refused = fake._check_token(query)
                    media = fake.media.get(query.get("media_id", ""))
                    if refused or media is None:
                        # the platform answers errors of this endpoint as text/plain JSON
                        self._reply(200, refused or {"errcode": 40007, "errmsg": "invalid media_id"}, "text/plain")
                        return
                    content, content_type = media
                    self.send_response(200)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-disposition", f'attachment; filename="{query["media_id"]}.jpg"')
                    self.send_header("Content-Length", str(len(content)))
                    self.end_headers()
                    self.wfile.write(content)
                else:
                    self._reply(404, {"errcode": 404, "errmsg": "not found"})

            def do_POST(self) -> None:
                request = self._common()
                if request is None:
                    return
                path, query, body = request
                if path == "/cgi-bin/message/custom/send":
                    self._reply(200, fake._send(query, body))
                else:
                    self._reply(404, {"errcode": 404, "errmsg": "not found"})

            def _reply(self, status: int, payload: dict, content_type: str = "application/json") -> None:
                data = json.dumps(payload, ensure_ascii=False).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", f"{content_type}; charset=utf-8")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        return Handler


# --- the platform calling our server URL ------------------------------------------------------------

_msg_ids = itertools.count(24_000_000_000_000_000)


def _xml(fields: dict) -> str:
    inner = "".join(f"<{k}>{v}</{k}>" if isinstance(v, int) else f"<{k}><![CDATA[{v}]]></{k}>"
                    for k, v in fields.items())
    return f"<xml>{inner}</xml>"


def text_xml(openid: str, content: str, msg_id: int | None = None, menu_id: str = "") -> str:
    """A text message (with `menu_id`: the worker tapped an option of a menu message)."""
    fields = {"ToUserName": ACCOUNT, "FromUserName": openid, "CreateTime": int(time.time()), "MsgType": "text",
              "Content": content, "MsgId": msg_id or next(_msg_ids)}
    if menu_id:
        fields["bizmsgmenuid"] = menu_id
    return _xml(fields)


def voice_xml(openid: str, recognition: str, media_id: str = "voice-media-1", msg_id: int | None = None) -> str:
    """A voice message as sent when the account has speech recognition on (the Recognition field)."""
    return _xml({"ToUserName": ACCOUNT, "FromUserName": openid, "CreateTime": int(time.time()), "MsgType": "voice",
                 "MediaId": media_id, "Format": "amr", "Recognition": recognition, "MsgId": msg_id or next(_msg_ids)})


def image_xml(openid: str, media_id: str, pic_url: str = "http://mmbiz.example/pic.jpg",
              msg_id: int | None = None) -> str:
    return _xml({"ToUserName": ACCOUNT, "FromUserName": openid, "CreateTime": int(time.time()), "MsgType": "image",
                 "PicUrl": pic_url, "MediaId": media_id, "MsgId": msg_id or next(_msg_ids)})


def video_xml(openid: str, media_id: str = "video-1") -> str:
    return _xml({"ToUserName": ACCOUNT, "FromUserName": openid, "CreateTime": int(time.time()), "MsgType": "video",
                 "MediaId": media_id, "ThumbMediaId": "thumb-1", "MsgId": next(_msg_ids)})


def event_xml(openid: str, event: str, key: str | None = None, created: int | None = None) -> str:
    """An event: subscribe, unsubscribe, CLICK (a custom-menu button with its key) …"""
    fields = {"ToUserName": ACCOUNT, "FromUserName": openid, "CreateTime": created or int(time.time()),
              "MsgType": "event", "Event": event}
    if key is not None:
        fields["EventKey"] = key
    return _xml(fields)


class WeChatPlatform:
    """Posts to our server URL `url` as the platform does, signed with `token`; in safe mode
    (`safe=True`) encrypted with `aes_key` for `app_id`."""

    def __init__(self, url: str, token: str, aes_key: str = "", app_id: str = ""):
        self.url, self.token = url, token
        self.crypto = WeChatCrypto(token, aes_key, app_id) if aes_key else None
        self._nonces = itertools.count(100_000)

    def signed_query(self, **extra: str) -> dict:
        timestamp, nonce = str(int(time.time())), str(next(self._nonces))
        return {"signature": signature(self.token, timestamp, nonce), "timestamp": timestamp, "nonce": nonce, **extra}

    def verify(self, echostr: str, token: str | None = None) -> httpx.Response:
        """The platform's check when staff save the server configuration (with another `token`: forged)."""
        query = self.signed_query(echostr=echostr)
        if token is not None:
            query["signature"] = signature(token, query["timestamp"], query["nonce"])
        return httpx.get(self.url, params=query, timeout=10)

    def deliver(self, xml: str, *, safe: bool = False, times: int = 1, token: str | None = None) -> list[httpx.Response]:
        """Post one message `times` times (the platform's retries carry the same body and query)."""
        openid = xmltodict.parse(xml)["xml"]["FromUserName"]
        query = self.signed_query(openid=openid)
        if token is not None:
            query["signature"] = signature(token, query["timestamp"], query["nonce"])
        body = xml
        if safe:
            assert self.crypto is not None, "safe mode needs the aes_key"
            envelope = xmltodict.parse(self.crypto.encrypt_message(xml, query["nonce"], query["timestamp"]))["xml"]
            query.update(encrypt_type="aes", msg_signature=envelope["MsgSignature"])
            body = f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><Encrypt><![CDATA[{envelope['Encrypt']}]]></Encrypt></xml>"
        return [httpx.post(self.url, params=query, content=body.encode(), timeout=10,
                           headers={"Content-Type": "text/xml"}) for _ in range(times)]

    def reply_of(self, response: httpx.Response) -> dict:
        """The passive reply in our answer as the platform reads it (decrypted in safe mode); {} for "success"."""
        if response.text in ("", "success"):
            return {}
        data = xmltodict.parse(response.text)["xml"]
        if "Encrypt" in data:
            assert self.crypto is not None, "an encrypted reply needs the aes_key"
            data = xmltodict.parse(self.crypto.decrypt_message(response.text, data["MsgSignature"], data["TimeStamp"],
                                                               data["Nonce"]))["xml"]
        return data


@dataclass
class WeChatStack:
    """The `wechat` process of a test stack (tests/conftest.py `wechat_stack`): the fake API it
    answers through, the platform posting to its server URL, and its settings."""

    fake: FakeWeChat
    platform: WeChatPlatform
    settings: object  # foundation.settings.Settings of the process


@contextlib.contextmanager
def serve(app, lifespan: str = "off") -> Iterator[str]:
    """Run an ASGI app with uvicorn on a free loopback port; yields its base URL. With
    `lifespan="on"` the app's start-up runs first and its shutdown at the end."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan=lifespan))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
