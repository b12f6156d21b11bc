"""The WeChat outlet: the pipeline's replies as customer-service messages (客服消息).

- **Text**: one text message.
- **Buttons** (the pipeline's short ids, channels/buttons.py): a menu message (msgmenu),
  whose tapped option comes back with its id (kind `choice`); a text longer than a menu
  message's head (1024 bytes) goes first as text, the options after it; an account that may not send
  menu messages (unverified and test accounts) gets numbered text instead, and a worker
  answering "1" picks the first option (wechat/channel.py maps the number back).
- **Files**: a public account's customer-service messages cannot carry a file (the API
  takes text, image, voice, video, music, news, mpnews, msgmenu, wxcard and mini-program
  cards; "file" is WeCom's). A drafted document's reply (the caption) becomes one text
  saying the document is drafted and how to get it (texts.DOCUMENT_HERE); the further files
  of the same document (the DOCX after the PDF, which come without a caption) send nothing.
- **The 48 hours**: when the platform refuses because the worker has not written for 48
  hours (45015) or the messages allowed since their last message are used up (45047), the
  reply is reported `LATER` and the worker's OpenID is remembered as closed: nothing more
  is tried (no API call every tick) until they write again (`reopen`).

Errors are reported as the pipeline's `Delivery`, never raised: the network or the
platform's 5xx after the client's own retries, and "system busy" (-1), are worth another
try; any other errcode (e.g. 40003 an OpenID not of this account, 43004 not following) is not.
"""

from __future__ import annotations

import logging
from pathlib import PurePath

from channels.outlet import Delivery, Reply
from foundation.senders import WECHAT
from wechat import texts
from wechat.client import ReplyWindowClosed, WeChatClient, WeChatError, WeChatUnavailable
from wechat.config import mask_openid

log = logging.getLogger(__name__)
BUSY = -1  # the platform's "system busy, try again"
MENU_HEAD_BYTES = 1024  # a menu message's head_content (WeCom's documented limit; assumed the same here)


class WeChatOutlet:
    channel = WECHAT

    def __init__(self, client: WeChatClient):
        self.client = client
        self.closed: set[str] = set()  # OpenIDs whose reply window is closed until they write again
        self.menus_work: bool | None = None  # None until the platform took or refused a menu message

    def reopen(self, openid: str) -> bool:
        """The worker wrote: their window is open again. True if it had been closed (messages wait)."""
        if openid in self.closed:
            self.closed.discard(openid)
            return True
        return False

    @property
    def numbered(self) -> bool:
        """Options may have gone out as numbered text (menus refused, or not tried since the start)."""
        return self.menus_work is not True

    async def deliver(self, conversation_id: str, reply: Reply) -> Delivery:
        openid = conversation_id
        if openid in self.closed:
            return Delivery.LATER
        try:
            if reply.file is not None:
                if reply.text:
                    await self.client.send_text(openid, texts.DOCUMENT_HERE.format(title=PurePath(reply.file.name).stem))
            elif reply.buttons:
                head = reply.text
                if len(head.encode("utf-8")) > MENU_HEAD_BYTES:  # a long answer: the text, then its options
                    await self.client.send_text(openid, head)
                    head = texts.OPTIONS_HEAD
                sent = await self.client.send_options(openid, head, reply.buttons, menu=self.menus_work is not False)
                self.menus_work = sent == "menu"
            else:
                await self.client.send_text(openid, reply.text)
        except ReplyWindowClosed as error:
            log.info("wechat: %s cannot be written to until they write again (%s)", mask_openid(openid), error.errcode)
            self.closed.add(openid)
            return Delivery.LATER
        except WeChatUnavailable as error:
            log.info("wechat: the platform did not take a message: %s", error)
            return Delivery.RETRY
        except WeChatError as error:
            log.info("wechat: the platform refused a message to %s: %s", mask_openid(openid), error)
            return Delivery.RETRY if error.errcode == BUSY else Delivery.REFUSED
        return Delivery.DELIVERED

    async def typing(self, conversation_id: str) -> None:
        """Nothing: the platform's typing indicator (`custom/typing`) is not used (see docs/wechat.md)."""
