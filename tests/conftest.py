"""Shared fixtures. The stack fixtures start the real processes: the Rasa server with
the trained model, the action server, and (with a fake Telegram server) the bot, or (with a
fake WeChat API) the `wechat` process.
They reuse the artefacts `make build` built in var/ and keep their runtime data
(journal, cases, logs) in a temporary folder, on free ports. Every test that uses them,
or starts processes itself, carries the `stack` marker (testing/processes.py); the
helpers they use live in the importable `testing` package, which benchmarks use too."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

import pytest

from foundation.settings import Settings
from hotline.stack import Stack
from testing.fake_telegram import FakeTelegram
from testing.fake_wechat import FakeWeChat, WeChatPlatform, WeChatStack
from testing.processes import MARKER, no_processes
from testing.stack import free_port, stack_env


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item):
    """Fixtures first requested by an unmarked test (a session's stack too) start no process."""
    with guarded(item):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    with guarded(item):
        return (yield)


def guarded(item: pytest.Item):
    return contextlib.nullcontext() if item.get_closest_marker(MARKER) else no_processes(item.nodeid)


@pytest.fixture()
def environment(monkeypatch: pytest.MonkeyPatch):
    """Set environment variables for the code under test and the processes it starts."""

    def apply(values: dict[str, str]) -> Settings:
        for key, value in values.items():
            monkeypatch.setenv(key, value)
        return Settings()

    return apply


@pytest.fixture(scope="session")
def session_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """One Rasa server, action server, desk and web chat (no bot) for the whole session."""
    data_dir = tmp_path_factory.mktemp("stack")
    saved = dict(os.environ)
    os.environ.update(stack_env(data_dir))
    os.environ.pop("TELEGRAM_BOT_TOKEN", None)
    try:
        with Stack(Settings(), with_bot=False, log=lambda m: None) as stack:
            yield stack
    finally:
        os.environ.clear()
        os.environ.update(saved)


@pytest.fixture(scope="session")
def running_stack(session_stack: Stack) -> Settings:
    """The session stack's settings (its ports and data folder)."""
    return session_stack.settings


@pytest.fixture(scope="session")
def telegram_stack(running_stack: Settings):
    """The bot process, talking to the session's Rasa server and to a fake Telegram."""
    with FakeTelegram() as fake:
        saved = dict(os.environ)
        os.environ.update({
            # the same runtime data as the action server: tickets it opens, the bot delivers replies for
            "HOTLINE_DATA_DIR": str(running_stack.data_dir), "HOTLINE_RASA_PORT": str(running_stack.rasa_port),
            "HOTLINE_ACTIONS_PORT": str(running_stack.actions_port), "TELEGRAM_BOT_TOKEN": fake.token,
            "TELEGRAM_BASE_URL": fake.base_url, "HOTLINE_POLL_TIMEOUT": "1",
            "HOTLINE_TYPING_AFTER": "0",  # show "typing…" on every turn, so tests can see it
        })
        try:
            with Stack(Settings(), with_bot=True, log=lambda m: None, only={"bot"}):
                yield fake
        finally:
            os.environ.clear()
            os.environ.update(saved)


WECHAT_TOKEN, WECHAT_AES_KEY = "hotline12351token", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY"


@pytest.fixture(scope="session")
def wechat_stack(running_stack: Settings) -> Iterator[WeChatStack]:
    """The `wechat` process (safe mode), talking to the session's Rasa server and to a fake WeChat API."""
    with FakeWeChat() as fake:
        saved = dict(os.environ)
        os.environ.update({
            "HOTLINE_DATA_DIR": str(running_stack.data_dir), "HOTLINE_RASA_PORT": str(running_stack.rasa_port),
            "HOTLINE_ACTIONS_PORT": str(running_stack.actions_port), "HOTLINE_WECHAT_PORT": str(free_port()),
            "WECHAT_APP_ID": fake.app_id, "WECHAT_APP_SECRET": fake.app_secret, "WECHAT_TOKEN": WECHAT_TOKEN,
            "WECHAT_AES_KEY": WECHAT_AES_KEY, "WECHAT_API_BASE": fake.base_url,
        })
        os.environ.pop("TELEGRAM_BOT_TOKEN", None)
        try:
            config = Settings()
            with Stack(config, with_bot=False, log=lambda m: None, only={"wechat"}):
                platform = WeChatPlatform(f"http://{config.host}:{config.wechat_port}/wechat", WECHAT_TOKEN,
                                          WECHAT_AES_KEY, fake.app_id)
                yield WeChatStack(fake, platform, config)
        finally:
            os.environ.clear()
            os.environ.update(saved)
