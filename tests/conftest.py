"""Shared fixtures. The stack fixtures start the real processes: the Rasa server with
the trained model, the action server, and (with a fake Telegram server) the bot.
They reuse the artefacts `make test` built in var/ and keep their runtime data
(journal, cases, logs) in a temporary folder, on free ports."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from foundation.settings import Settings


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def free_port_block() -> int:
    """A base port whose worker ports (base+0..3 and base+50..53) are all free, below the
    kernel's range for outgoing connections (so no client socket can take one meanwhile)."""
    import random

    from hotline.stack import port_in_use

    low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    while True:
        base = random.randrange(10000, low - 100)
        if not any(port_in_use("127.0.0.1", base + offset) for offset in (*range(4), *range(50, 54))):
            return base


def stack_env(data_dir: Path, **extra: str) -> dict[str, str]:
    return {"HOTLINE_DATA_DIR": str(data_dir), "HOTLINE_RASA_PORT": str(free_port()),
            "HOTLINE_ACTIONS_PORT": str(free_port()), "HOTLINE_DESK_PORT": str(free_port()), **extra}


@pytest.fixture()
def environment(monkeypatch: pytest.MonkeyPatch):
    """Set environment variables for the code under test and the processes it starts."""

    def apply(values: dict[str, str]) -> Settings:
        for key, value in values.items():
            monkeypatch.setenv(key, value)
        return Settings()

    return apply


@pytest.fixture(scope="session")
def running_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """One Rasa server and action server (no bot) for the whole session."""
    from hotline.stack import Stack

    data_dir = tmp_path_factory.mktemp("stack")
    saved = dict(os.environ)
    os.environ.update(stack_env(data_dir))
    os.environ.pop("TELEGRAM_BOT_TOKEN", None)
    config = Settings()
    try:
        with Stack(config, with_bot=False, log=lambda m: None):
            yield config
    finally:
        os.environ.clear()
        os.environ.update(saved)


@pytest.fixture(scope="session")
def telegram_stack(running_stack: Settings):
    """The bot process, talking to the session's Rasa server and to a fake Telegram."""
    from hotline.stack import Stack
    from tests.fake_telegram import FakeTelegram

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
