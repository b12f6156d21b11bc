"""The WeChat channel: the server URL (server.py) and the customer-service API (client.py)
plugged into the channel pipeline (channels/), as docs/architecture.md "Adding a channel" says.

`create_app(settings)` is the `wechat` process's FastAPI app (`python -m wechat`, started by
hotline/stack.py when WECHAT_APP_ID is set): its lifespan opens one pipeline with the
WeChat outlet (outlet.py), mounts the endpoint with `on_message` as its callback, and runs
the pipeline's jobs (lawyers' replies of `wx-` conversations, messages that waited for
Rasa, follow-ups, reminders) as an asyncio task.

What each input becomes (`WeChatChannel.on_message`); the conversation is
("wechat", OpenID), the journal key the message's `key` (`wx:<MsgId>`, so a delivery the
platform retries across a restart is answered once):
- text, a transcribed voice: `take_text` (`/status` and `/ask` work as on Telegram); a bare
  number answering options sent as numbered text picks that option (`press`);
- a tapped option of a menu message: `press` with its id (the pipeline's short button id);
- a click on the account's own custom menu: its key, as if typed (a key `/status` shows the
  worker's tickets);
- an image: kept as evidence on the worker's open ticket (downloaded at once: the
  platform keeps media three days); without an open ticket the worker is told what to do;
- following the account, a voice not understood, a video …: the endpoint has already
  answered (`auto_reply`); only journaled.
A worker writing again reopens their 48-hour window: the lawyers' replies that waited for
it go out first, before the answer to what they wrote.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import replace

from fastapi import FastAPI

from channels import jobs
from channels.evidence import keep_evidence
from channels.intake import press, take_text
from channels.journal import DONE
from channels.outlet import Attachment, Conversation, FetchFailed
from channels.pipeline import Pipeline
from channels.sending import say
from foundation.senders import WECHAT
from foundation.settings import Settings
from wechat import messages, texts
from wechat.client import WeChatClient, WeChatError, WeChatUnavailable, pick
from wechat.config import WeChatConfig, mask_openid
from wechat.messages import WeChatMessage
from wechat.outlet import WeChatOutlet
from wechat.server import WeChatEndpoint

log = logging.getLogger(__name__)
MEDIA_MIN_BYTES = 10_000_000  # the platform's own limit for an image; larger is refused by the pipeline's check


class WeChatChannel:
    """One pipeline fed by the endpoint and answering through the WeChat outlet."""

    def __init__(self, pipeline: Pipeline, outlet: WeChatOutlet):
        self.pipeline, self.outlet = pipeline, outlet
        self._outbox = asyncio.Lock()  # the job's tick and a reopened window must not send a row twice

    async def deliver_outbox(self) -> None:
        async with self._outbox:
            await jobs.deliver_outbox(self.pipeline)

    def jobs(self, every: float | None = None) -> list[jobs.Job]:
        """The pipeline's jobs, the lawyers' replies under this channel's lock."""
        return [replace(job, run=self.deliver_outbox) if job.name == "lawyer replies" else job
                for job in jobs.shared_jobs(self.pipeline, every)]

    async def on_message(self, message: WeChatMessage) -> None:
        """The endpoint's callback (module docstring)."""
        pipeline, conversation = self.pipeline, Conversation(WECHAT, message.openid)
        if message.kind == messages.UNSUBSCRIBE or (message.kind == messages.OTHER and not message.auto_reply):
            return  # nothing to answer, nothing reopened (unfollowing closes the window for good)
        if self.outlet.reopen(message.openid):
            await self.deliver_outbox()  # what lawyers wrote meanwhile, before anything new
        if message.auto_reply:  # answered in the HTTP response already
            pipeline.journal.record(message.key, conversation, f"[{message.kind}]", status=DONE)
        elif message.kind == messages.CHOICE:
            await press(pipeline, conversation, message.key, message.text)
        elif message.kind == messages.IMAGE:
            await self.image(conversation, message)
        elif message.for_assistant:
            chosen = self.numbered_choice(conversation, message)
            if chosen:
                await press(pipeline, conversation, message.key, chosen)
            else:
                await take_text(pipeline, conversation, message.key, message.text)

    def numbered_choice(self, conversation: Conversation, message: WeChatMessage) -> str | None:
        """The short id of the option a typed number picks, when options went out as numbered text."""
        if message.kind != messages.TEXT or not self.outlet.numbered:
            return None
        offered = self.pipeline.journal.buttons.offered(conversation)
        return pick(message.text, offered) if offered else None

    async def image(self, conversation: Conversation, message: WeChatMessage) -> None:
        """A photo as evidence on the open ticket, once however often the platform delivers it."""
        pipeline = self.pipeline
        if not pipeline.journal.record(message.key, conversation, "[图片]", status=DONE):
            return  # delivered again after a restart
        if pipeline.tickets.open_for_chat(conversation.sender) is None:
            async with pipeline.order.turn(conversation.sender):
                await say(pipeline, conversation, texts.IMAGE_NO_TICKET, message.key)
            return
        client, limit = self.outlet.client, max(MEDIA_MIN_BYTES, pipeline.settings.max_attachment_bytes + 1)

        async def fetch() -> bytes:
            try:
                return (await client.download_media(message.media_id, max_bytes=limit)).content
            except (WeChatError, WeChatUnavailable) as error:
                raise FetchFailed(str(error)) from error

        msg_id = message.key.removeprefix("wx:")
        await keep_evidence(pipeline, conversation, Attachment(msg_id, f"wechat-{msg_id}.jpg", 0, fetch))


def create_app(settings: Settings, *, every: float | None = None, **parts) -> FastAPI:
    """The `wechat` process's app; `parts` replace pipeline parts (tests: `rasa=FakeRasa()`)."""
    config = WeChatConfig.from_settings(settings)
    if not config.enabled:
        raise ValueError("the WeChat channel needs WECHAT_APP_ID, WECHAT_APP_SECRET and WECHAT_TOKEN")
    state: dict = {}

    async def on_message(message: WeChatMessage) -> None:
        await state["channel"].on_message(message)

    endpoint = WeChatEndpoint.from_config(config, on_message)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        client = WeChatClient.from_config(config)
        outlet = WeChatOutlet(client)
        pipeline = Pipeline.open(settings, outlet, **parts)
        channel = state["channel"] = app.state.channel = WeChatChannel(pipeline, outlet)
        runner = asyncio.create_task(jobs.run_jobs(channel.jobs(every)))
        log.info("wechat: server URL %s, account %s", "/wechat", mask_openid(config.app_id))
        try:
            yield
        finally:
            runner.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await runner
            await endpoint.drain()
            await pipeline.close()
            await client.aclose()

    app = FastAPI(title="12351 WeChat channel", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.include_router(endpoint.router)

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict:
        return {"ok": "channel" in state}

    return app
