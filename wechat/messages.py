"""What the platform posts to our server URL, as one plain `WeChatMessage`.

wechatpy parses the XML into its message and event classes; this module keeps what the
channel needs: who wrote (the worker's OpenID), what kind of input it is, the words for
the assistant, and a stable `key` for the journal's dedupe (the platform retries the same
delivery up to three times).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import xmltodict
from wechatpy import events as wx_events
from wechatpy import messages as wx_messages
from wechatpy import parse_message

from wechat import texts

TEXT = "text"  # typed text
VOICE = "voice"  # a voice message; `text` is WeChat's own transcription (Recognition), empty if it heard nothing
IMAGE = "image"  # a photo: `media_id` to download it as evidence, `pic_url` the platform's temporary link
MENU = "menu"  # a CLICK button of the account's custom menu; `text` is its key (the payload to send)
CHOICE = "choice"  # an option of a menu message we sent (msgmenu); `text` is the option's id (its payload)
SUBSCRIBE = "subscribe"  # the worker followed the account
UNSUBSCRIBE = "unsubscribe"  # the worker unfollowed: nothing can be sent to them any more
OTHER = "other"  # video, location, link, file, other events: nothing the assistant reads

MAX_XML_BYTES = 64_000  # the platform's messages are a few hundred bytes; text is at most a few KB


class NotAMessage(ValueError):
    """The body is not a message of the platform's (not XML, a DTD, no sender, too long)."""


@dataclass(frozen=True)
class WeChatMessage:
    key: str  # "wx:<MsgId>" for messages, "wx:<OpenID>:<CreateTime>:<Event>[:<EventKey>]" for events
    openid: str  # the worker, as this account sees them (FromUserName)
    kind: str  # one of TEXT, VOICE, IMAGE, MENU, CHOICE, SUBSCRIBE, UNSUBSCRIBE, OTHER
    text: str = ""  # what goes to the assistant; empty when there is nothing to send it
    media_id: str = ""  # image or voice: for client.download_media
    event_key: str = ""  # MENU: the button's key; CHOICE: the option's id; SUBSCRIBE: the QR code's scene
    raw: dict = field(default_factory=dict, repr=False, compare=False)  # the platform's fields as received

    @property
    def pic_url(self) -> str:
        return self.raw.get("PicUrl", "") if self.kind == IMAGE else ""

    @property
    def created(self) -> int:
        """The platform's CreateTime (Unix seconds)."""
        try:
            return int(self.raw.get("CreateTime") or 0)
        except ValueError:
            return 0

    @property
    def auto_reply(self) -> str:
        """The fixed answer to this input, the same whatever the conversation; "" when the
        assistant (or the lawyer) must answer. The server sends it as the passive reply."""
        if self.kind == SUBSCRIBE:
            return texts.WELCOME
        if self.kind == VOICE and not self.text:
            return texts.VOICE_UNCLEAR
        if self.kind == OTHER and self.raw.get("MsgType") != "event":
            return texts.NOT_SUPPORTED
        return ""

    @property
    def for_assistant(self) -> bool:
        """Words to run through the assistant (text, a transcribed voice, a menu key, an option)."""
        return self.kind in (TEXT, VOICE, MENU, CHOICE) and bool(self.text)


def _plain(value: object) -> object:
    """xmltodict's nested mappings as plain dicts (and text, never None)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return "" if value is None else value


def guard(data: bytes) -> bytes:
    """Refuse what the platform never sends before any XML parser sees it: a body too long,
    a DTD or an entity declaration (entity expansion)."""
    if len(data) > MAX_XML_BYTES:
        raise NotAMessage("too long")
    upper = data.upper()
    if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper:
        raise NotAMessage("a DTD or entity declaration")
    return data


def parse(xml: str | bytes) -> WeChatMessage:
    """One message or event of the platform's XML (already decrypted in safe mode)."""
    data = guard(xml.encode() if isinstance(xml, str) else xml)
    try:
        raw = _plain(xmltodict.parse(data)["xml"])
    except Exception as error:  # expat errors, no <xml> root, a root with only text
        raise NotAMessage(f"not the platform's XML: {error}") from error
    if not isinstance(raw, dict) or not raw.get("FromUserName") or not raw.get("MsgType"):
        raise NotAMessage("no sender or no MsgType")
    message = parse_message(data.decode("utf-8"))
    openid = raw["FromUserName"]
    kind, text, media_id, event_key = OTHER, "", "", ""
    if isinstance(message, wx_messages.TextMessage):
        option = (raw.get("bizmsgmenuid") or "").strip()
        if option and option != "0":  # the worker tapped an option of a menu message we sent
            kind, text, event_key = CHOICE, option, option
        else:
            kind, text = TEXT, (message.content or "").strip()
    elif isinstance(message, wx_messages.VoiceMessage):
        kind, text, media_id = VOICE, (message.recognition or "").strip(), message.media_id or ""
    elif isinstance(message, wx_messages.ImageMessage):
        kind, media_id = IMAGE, message.media_id or ""
    elif isinstance(message, wx_events.ClickEvent):
        kind, text = MENU, (message.key or "").strip()
        event_key = text
    elif isinstance(message, wx_events.SubscribeEvent | wx_events.SubscribeScanEvent):
        kind, event_key = SUBSCRIBE, str(raw.get("EventKey") or "").removeprefix("qrscene_")
    elif isinstance(message, wx_events.UnsubscribeEvent):
        kind = UNSUBSCRIBE
    return WeChatMessage(key=delivery_key(raw), openid=openid, kind=kind, text=text, media_id=media_id,
                         event_key=event_key, raw=raw)


def delivery_key(raw: dict) -> str:
    """The same for every delivery of one message: its MsgId, or for events (which have none)
    the sender, the time, the event and its key."""
    msg_id = str(raw.get("MsgId") or raw.get("MsgID") or "").strip()
    if msg_id and raw.get("MsgType") != "event":
        return f"wx:{msg_id}"
    parts = [raw.get("FromUserName", ""), str(raw.get("CreateTime", "")), str(raw.get("Event", "")).upper()]
    if raw.get("EventKey"):
        parts.append(str(raw["EventKey"]))
    return "wx:" + ":".join(parts)
