"""The server URL (服务器地址) the WeChat platform calls: a FastAPI router.

GET is the platform's check when staff save the server configuration: `signature` is
SHA-1 over the sorted token, `timestamp` and `nonce`; on a match we echo `echostr`.

POST carries one message or event as XML, in plaintext mode or in safe mode (安全模式:
`encrypt_type=aes`, the XML's <Encrypt> is AES-CBC with the EncodingAESKey and signed in
`msg_signature`). The platform waits five seconds for the answer and then retries the
same delivery, three times in all, so we answer at once: "success" (nothing to show), or
for an input with a fixed answer (following the account, a voice WeChat could not
transcribe, a video) that answer as the passive reply, encrypted in safe mode. The parsed
`WeChatMessage` goes to the injected `on_message` callback in a background asyncio task,
once per `key` however often the platform delivers it (remembered in memory for the last
`remember` keys; across a restart the channel journal's dedupe by `key` takes over).
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import PlainTextResponse, Response
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.replies import TextReply
from wechatpy.utils import WeChatSigner

from wechat.config import WeChatConfig, mask_openid
from wechat.messages import NotAMessage, WeChatMessage, guard, parse

log = logging.getLogger(__name__)

OnMessage = Callable[[WeChatMessage], Awaitable[None]]


def signature(token: str, *parts: str) -> str:
    """The platform's signature: SHA-1 of the sorted parts (token, timestamp, nonce[, encrypted])."""
    signer = WeChatSigner()
    signer.add_data(token, *parts)
    return signer.signature


class WeChatEndpoint:
    """`endpoint.router` goes into the FastAPI app (`app.include_router(endpoint.router)`).

    `on_message` is awaited in the background for every new message; exceptions it raises
    are logged, never returned to the platform (which would only retry). `drain()` waits
    for the callbacks still running (shutdown, tests)."""

    def __init__(self, token: str, on_message: OnMessage, *, aes_key: str = "", app_id: str = "",
                 path: str = "/wechat", passive_replies: bool = True, remember: int = 10_000):
        if not token:
            raise ValueError("the WeChat token (WECHAT_TOKEN) is required")
        self.token = token
        self.on_message = on_message
        self.crypto = WeChatCrypto(token, aes_key, app_id) if aes_key else None  # checks the key's length
        self.passive_replies = passive_replies
        self.remember = remember
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._tasks: set[asyncio.Task] = set()
        self.router = APIRouter()
        self.router.add_api_route(path, self.verify, methods=["GET"], response_class=PlainTextResponse,
                                  dependencies=[Depends(self.signed)], include_in_schema=False)
        self.router.add_api_route(path, self.receive, methods=["POST"], dependencies=[Depends(self.signed)],
                                  include_in_schema=False)

    @classmethod
    def from_config(cls, config: WeChatConfig, on_message: OnMessage, **options) -> WeChatEndpoint:
        return cls(config.token, on_message, aes_key=config.aes_key, app_id=config.app_id, **options)

    # --- the two routes -----------------------------------------------------------------------

    def signed(self, signature_: str = Query("", alias="signature"), timestamp: str = Query(""),
               nonce: str = Query("")) -> None:
        """Every call must carry the platform's signature with our token; 403 otherwise."""
        if not (signature_ and timestamp and nonce) or not hmac.compare_digest(
                signature(self.token, timestamp, nonce), signature_):
            raise HTTPException(status_code=403, detail="bad signature")

    async def verify(self, echostr: str = Query("")) -> str:
        return echostr

    async def receive(self, request: Request, timestamp: str = Query(""), nonce: str = Query(""),
                      encrypt_type: str = Query(""), msg_signature: str = Query("")) -> Response:
        try:
            body = guard(await request.body())
        except NotAMessage as error:
            raise HTTPException(status_code=400, detail="not a message") from error
        safe = encrypt_type.lower() == "aes"
        if safe:
            if self.crypto is None:
                log.error("a safe-mode message arrived but WECHAT_AES_KEY is not set")
                raise HTTPException(status_code=403, detail="safe mode not configured")
            try:
                body = self.crypto.decrypt_message(body, msg_signature, timestamp, nonce).encode("utf-8")
            except (InvalidSignatureException, InvalidAppIdException) as error:
                raise HTTPException(status_code=403, detail="bad message signature") from error
            except Exception as error:  # not XML, no <Encrypt>, not our key
                raise HTTPException(status_code=400, detail="cannot decrypt") from error
        try:
            message = parse(body)
        except NotAMessage as error:
            raise HTTPException(status_code=400, detail="not a message") from error
        self.dispatch(message)
        return self.answer(message, safe, nonce)

    # --- what happens to a message ---------------------------------------------------------------

    def dispatch(self, message: WeChatMessage) -> bool:
        """Hand a new message to the callback in the background; False for a repeated delivery."""
        if message.key in self._seen:
            self._seen.move_to_end(message.key)
            log.info("wechat: repeated delivery %s from %s dropped", message.key, mask_openid(message.openid))
            return False
        self._seen[message.key] = None
        while len(self._seen) > self.remember:
            self._seen.popitem(last=False)
        task = asyncio.get_running_loop().create_task(self._deliver(message))
        self._tasks.add(task)  # a reference, or the loop may drop the task half-way
        task.add_done_callback(self._tasks.discard)
        return True

    async def _deliver(self, message: WeChatMessage) -> None:
        try:
            await self.on_message(message)
        except Exception:
            log.exception("wechat: handling %s %s from %s failed", message.kind, message.key,
                          mask_openid(message.openid))

    def answer(self, message: WeChatMessage, safe: bool, nonce: str) -> Response:
        """The answer within the platform's five seconds: the fixed reply, or "success"."""
        text = message.auto_reply if self.passive_replies else ""
        if not text:
            return PlainTextResponse("success")
        reply = TextReply(source=message.raw.get("ToUserName", ""), target=message.openid,
                          time=int(time.time()), content=text).render()
        if safe and self.crypto is not None:
            reply = self.crypto.encrypt_message(reply, nonce)
        return Response(reply, media_type="application/xml")

    async def drain(self, timeout: float = 10.0) -> None:
        """Wait for the callbacks still running."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=timeout)
