"""Webhook mode: Telegram posts updates to the bot, which checks Telegram's secret token."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from hotline.stack import Stack
from testing.fake_telegram import FakeTelegram
from testing.stack import free_port, stack_env

pytestmark = pytest.mark.stack  # the bot process in webhook mode


def test_webhook_mode_registers_checks_the_secret_and_answers(tmp_path, environment):
    port = free_port()
    with FakeTelegram() as fake:
        config = environment(stack_env(
            tmp_path, TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_BASE_URL=fake.base_url,
            HOTLINE_WEBHOOK_URL=f"http://127.0.0.1:{port}", HOTLINE_WEBHOOK_PORT=str(port),
            HOTLINE_WEBHOOK_SECRET="s3cret-token"))
        with Stack(config, with_bot=True, log=lambda m: None, only={"bot"}):
            deadline = time.monotonic() + 30
            while not any(m == "setWebhook" for m, _ in fake.calls):
                assert time.monotonic() < deadline, "the bot never registered its webhook"
                time.sleep(0.2)
            registered = next(p for m, p in fake.calls if m == "setWebhook")
            assert registered["url"] == f"http://127.0.0.1:{port}/telegram"
            assert registered["secret_token"] == "s3cret-token"
            update = {"update_id": 1, "message": {
                "message_id": 1, "date": 0, "text": "/start", "chat": {"id": 99, "type": "private"},
                "from": {"id": 99, "is_bot": False, "first_name": "工友"},
                "entities": [{"type": "bot_command", "offset": 0, "length": 6}]}}
            url = f"http://127.0.0.1:{port}/telegram"
            forged = httpx.post(url, content=json.dumps(update), timeout=10,
                                headers={"Content-Type": "application/json",
                                         "X-Telegram-Bot-Api-Secret-Token": "wrong"})
            assert forged.status_code == 403
            genuine = httpx.post(url, content=json.dumps(update), timeout=10,
                                 headers={"Content-Type": "application/json",
                                          "X-Telegram-Bot-Api-Secret-Token": "s3cret-token"})
            assert genuine.status_code == 200
            assert "12351" in fake.wait_for_messages(99, 1, timeout=20)[0]["text"]
            assert len(fake.sent(99)) == 1  # the forged update was not processed
