"""Start-up failures are explained, not crashes."""

from __future__ import annotations

import socket

import pytest

from foundation.settings import Settings
from hotline.nlu_build import ensure_model
from hotline.stack import Stack, StackError
from testing.stack import stack_env


def test_a_port_in_use_is_named_with_what_to_do(tmp_path, environment):
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        config = environment(stack_env(tmp_path, HOTLINE_RASA_PORT=str(port)))
        with pytest.raises(StackError) as error:
            Stack(config, with_bot=False, log=lambda m: None).start()
    assert f"port {port}" in str(error.value)
    assert "HOTLINE_RASA_PORT" in str(error.value)


def test_a_missing_model_without_rasa_says_how_to_get_one(tmp_path, environment):
    config = environment({"HOTLINE_VAR_DIR": str(tmp_path), "HOTLINE_RASA_BIN": str(tmp_path / "no-rasa")})
    with pytest.raises(FileNotFoundError) as error:
        ensure_model(config, log=lambda m: None)
    assert "make setup" in str(error.value)


def test_the_model_is_reused_when_nothing_changed(tmp_path, environment):
    config = Settings()
    first = ensure_model(config, log=lambda m: None)
    messages: list[str] = []
    again = ensure_model(config, log=messages.append)
    assert again == first and messages == []


def test_without_a_token_the_bot_is_not_started(tmp_path, environment):
    config = environment(stack_env(tmp_path, TELEGRAM_BOT_TOKEN=""))
    assert not Stack(config, with_bot=True).with_bot
