"""The WeChat API the channel calls: customer-service messages (客服消息) and media.

A public account may write to a worker only within 48 hours of the worker's last message
(and a few messages per message of theirs); past that the platform refuses with errcode
45015 (45047: the quota of messages is used up). That refusal is `ReplyWindowClosed`, kept
apart from other errors so that the caller can keep a lawyer's late reply until the worker
writes again. Every call carries the access token, fetched with the AppID and AppSecret,
cached until shortly before it expires and fetched anew when the platform says it is
invalid or expired (40001, 40014, 42001). Network trouble and the platform's 5xx answers
are retried with a growing pause, then reported as `WeChatUnavailable`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

import httpx

from wechat import texts
from wechat.config import WeChatConfig, mask_openid

log = logging.getLogger(__name__)

TOKEN_ERRORS = frozenset({40001, 40014, 42001})  # invalid credential, invalid token, token expired
WINDOW_CLOSED = frozenset({45015, 45047})  # more than 48 hours since the worker wrote; message quota used up
TOKEN_MARGIN = 300.0  # seconds before the platform's expiry that we fetch a new token
MENU_ID_BYTES, MENU_CONTENT_BYTES = 64, 128  # limits of a menu message's option id and label


class WeChatError(Exception):
    """The platform answered with an error code."""

    def __init__(self, errcode: int, errmsg: str = ""):
        super().__init__(f"WeChat error {errcode}: {errmsg}")
        self.errcode, self.errmsg = errcode, errmsg


class ReplyWindowClosed(WeChatError):
    """The worker has not written for 48 hours (45015), or the messages allowed since they last
    wrote are used up (45047): keep the message and send it when the worker writes again."""


class WeChatUnavailable(Exception):
    """The platform could not be reached (network errors or 5xx answers, after the retries)."""


@dataclass(frozen=True)
class Media:
    """A file the worker sent (an image kept as evidence)."""

    content: bytes
    content_type: str
    filename: str


def _raise_for(data: dict) -> dict:
    code = int(data.get("errcode") or 0)
    if code == 0:
        return data
    error = ReplyWindowClosed if code in WINDOW_CLOSED else WeChatError
    raise error(code, str(data.get("errmsg", "")))


def _utf8_length(text: str) -> int:
    return len(text.encode("utf-8"))


def numbered(head: str, options: Sequence[tuple[str, str]], tail: str = "") -> str:
    """Options as plain text, for an account that cannot send menu messages:
    the head, "1. title" lines, how to choose, the tail."""
    titles = (" ".join(title.split()) for title, _ in options)  # one line each, whatever the title holds
    lines = [head.strip(), *(f"{n}. {title}" for n, title in enumerate(titles, 1)), texts.PICK_A_NUMBER]
    if tail.strip():
        lines.append(tail.strip())
    return "\n".join(line for line in lines if line)


_NUMBER = re.compile(r"^\s*([0-9０-９]{1,2})\s*[.。、]?\s*$")


def pick(reply: str, options: Sequence[tuple[str, str]]) -> str | None:
    """The payload of the option a worker chose by answering its number ("2", "２", "2."), or None."""
    match = _NUMBER.match(reply)
    if not match:
        return None
    number = int(match.group(1).translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    return options[number - 1][1] if 1 <= number <= len(options) else None


class WeChatClient:
    """`async with WeChatClient(app_id, secret, base) as client: await client.send_text(openid, "…")`."""

    def __init__(self, app_id: str, app_secret: str, api_base: str = "https://api.weixin.qq.com", *,
                 http: httpx.AsyncClient | None = None, clock: Callable[[], float] = time.monotonic,
                 attempts: int = 3, backoff: float = 0.5, timeout: float = 10.0,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep):
        self.app_id, self._secret = app_id, app_secret
        self.api_base = api_base.rstrip("/")
        self._http = http or httpx.AsyncClient(timeout=timeout)
        self._own_http = http is None
        self._clock, self._sleep = clock, sleep
        self.attempts, self.backoff = max(1, attempts), backoff
        self._token, self._expires = "", 0.0
        self._lock = asyncio.Lock()

    @classmethod
    def from_config(cls, config: WeChatConfig, **options) -> WeChatClient:
        return cls(config.app_id, config.app_secret, config.api_base, **options)

    async def __aenter__(self) -> WeChatClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._own_http:
            await self._http.aclose()

    # --- the access token ----------------------------------------------------------------------

    async def access_token(self, stale: str = "") -> str:
        """The cached token, or a new one when it is about to expire or is `stale` (refused)."""
        async with self._lock:  # one fetch however many sends wait for it
            if self._token and self._token != stale and self._clock() < self._expires:
                return self._token
            response = await self._request("GET", "/cgi-bin/token", params={
                "grant_type": "client_credential", "appid": self.app_id, "secret": self._secret})
            data = _raise_for(response.json())
            lifetime = float(data.get("expires_in") or 7200)
            self._token = str(data["access_token"])
            self._expires = self._clock() + max(lifetime - TOKEN_MARGIN, lifetime / 2)
            log.info("wechat: new access token, valid %.0f s", lifetime)
            return self._token

    # --- messages to a worker --------------------------------------------------------------------

    async def send_text(self, openid: str, text: str) -> dict:
        return await self._post("/cgi-bin/message/custom/send",
                                {"touser": openid, "msgtype": "text", "text": {"content": text}})

    async def send_menu(self, openid: str, head: str, options: Sequence[tuple[str, str]], tail: str = "") -> dict:
        """A menu message: the head, one tappable line per (title, id), the tail. A tap comes back
        as a text message with the title as Content and the id as bizmsgmenuid (kind CHOICE)."""
        items = []
        for title, option_id in options:
            if not 1 <= _utf8_length(option_id) <= MENU_ID_BYTES:
                raise ValueError(f"a menu option id must be 1 to {MENU_ID_BYTES} bytes: {option_id!r}")
            label = title
            while _utf8_length(label) > MENU_CONTENT_BYTES:
                label = label[:-1]
            items.append({"id": option_id, "content": label})
        return await self._post("/cgi-bin/message/custom/send", {
            "touser": openid, "msgtype": "msgmenu",
            "msgmenu": {"head_content": head, "list": items, "tail_content": tail}})

    async def send_options(self, openid: str, head: str, options: Sequence[tuple[str, str]], tail: str = "",
                           *, menu: bool = True) -> str:
        """Options as a menu message, or as numbered text when the account may not send menus
        (unverified and test accounts are refused) or `menu` is False. Returns "menu" or
        "numbered"; with "numbered" the caller maps the worker's number back (`pick`)."""
        if menu and all(1 <= _utf8_length(option_id) <= MENU_ID_BYTES for _, option_id in options):
            try:
                await self.send_menu(openid, head, options, tail)
                return "menu"
            except ReplyWindowClosed:
                raise
            except WeChatError as error:
                log.warning("wechat: menu message to %s refused (%s); numbered text instead",
                            mask_openid(openid), error.errcode)
        await self.send_text(openid, numbered(head, options, tail))
        return "numbered"

    # --- media -----------------------------------------------------------------------------------

    async def download_media(self, media_id: str, max_bytes: int = 10_000_000) -> Media:
        """A temporary media file (an image the worker sent: the platform keeps it three days)."""
        for attempt in range(2):
            token = await self.access_token()
            response = await self._request("GET", "/cgi-bin/media/get",
                                           params={"access_token": token, "media_id": media_id})
            content_type = response.headers.get("content-type", "")
            if "json" in content_type or "text/plain" in content_type or response.content.startswith(b'{"errcode'):
                data = json.loads(response.content)
                if int(data.get("errcode") or 0) in TOKEN_ERRORS and attempt == 0:
                    await self.access_token(stale=token)
                    continue
                _raise_for(data)
            if len(response.content) > max_bytes:
                raise WeChatError(-1, f"media larger than {max_bytes} bytes")
            disposition = response.headers.get("content-disposition", "")
            found = re.search(r'filename="?([^";]+)"?', disposition)
            return Media(response.content, content_type, found.group(1) if found else media_id)
        raise AssertionError("unreachable")  # pragma: no cover

    # --- the plumbing ----------------------------------------------------------------------------

    async def _post(self, path: str, payload: dict) -> dict:
        """A JSON call with the token, once more with a new token if the platform refused it."""
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")  # Chinese as UTF-8, not \\u escapes
        for attempt in range(2):
            token = await self.access_token()
            response = await self._request("POST", path, params={"access_token": token}, content=body,
                                           headers={"Content-Type": "application/json; charset=utf-8"})
            data = response.json()
            if int(data.get("errcode") or 0) in TOKEN_ERRORS and attempt == 0:
                log.info("wechat: access token refused (%s); fetching a new one", data.get("errcode"))
                await self.access_token(stale=token)
                continue
            return _raise_for(data)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _request(self, method: str, path: str, **kwargs) -> httpx.Response:
        """One HTTP call, retried on network errors and 5xx answers."""
        last: Exception | None = None
        for attempt in range(self.attempts):
            if attempt:
                await self._sleep(self.backoff * 2 ** (attempt - 1))
            try:
                response = await self._http.request(method, self.api_base + path, **kwargs)
            except httpx.TransportError as error:  # refused, reset, timed out
                last = error
                log.warning("wechat: %s failed (attempt %d): %s", path, attempt + 1, type(error).__name__)
                continue
            if response.status_code >= 500:
                last = WeChatUnavailable(f"HTTP {response.status_code}")
                log.warning("wechat: %s answered HTTP %d (attempt %d)", path, response.status_code, attempt + 1)
                continue
            return response
        raise WeChatUnavailable(f"{path}: {last}") from last
