"""Settings are one immutable snapshot of the environment, read once per process, and the
only code that reads the environment (foundation/settings.py)."""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import os

import pytest

from foundation.settings import ROOT, Settings, settings

PACKAGES = ("foundation", "knowledge", "casework", "stores", "actions", "bot", "desk", "webchat", "hotline")


@pytest.fixture()
def clean_environment(monkeypatch: pytest.MonkeyPatch):
    """No HOTLINE_* or TELEGRAM_* variable set; the process's snapshot read again after the test."""
    for name in list(os.environ):
        if name.startswith(("HOTLINE_", "TELEGRAM_")):
            monkeypatch.delenv(name)
    yield monkeypatch
    settings.cache_clear()


def test_the_snapshot_is_read_once_and_cannot_change(clean_environment):
    settings.cache_clear()
    first = settings()
    clean_environment.setenv("HOTLINE_RATE_LIMIT", "3")
    assert settings() is first and first.rate_limit == 12
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.rate_limit = 3  # type: ignore[misc]
    settings.cache_clear()
    assert settings().rate_limit == 3


@pytest.mark.parametrize(("variable", "name", "default", "raw", "value"), [
    ("HOTLINE_RATE_LIMIT", "rate_limit", 12, "30", 30),
    ("HOTLINE_POLL_TIMEOUT", "poll_timeout", 10, "1", 1),
    ("HOTLINE_LARGE_SUM", "large_sum", 50000.0, "80000", 80000.0),
    ("HOTLINE_MANY_WORKERS", "many_workers", 10, "100", 100),
    ("HOTLINE_SLA_URGENT_HOURS", "sla_urgent_hours", 1.0, "0.5", 0.5),
    ("HOTLINE_SLA_HIGH_HOURS", "sla_high_hours", 4.0, "0", 0.0),
    ("HOTLINE_SLA_NORMAL_HOURS", "sla_normal_hours", 7.0, "14", 14.0),
    ("HOTLINE_GROUP_DAYS", "group_days", 30, "14", 14),
    ("HOTLINE_GROUP_WORKERS", "group_workers", 3, "5", 5),
    ("HOTLINE_DESK_HTTPS", "desk_https", False, "1", True),
    ("HOTLINE_LOG_LEVEL", "log_level", "INFO", "debug", "DEBUG"),
    ("HOTLINE_DEGRADED_AFTER", "degraded_after", 60.0, "5", 5.0),
    ("HOTLINE_RASA_TIMEOUT", "rasa_timeout", 20.0, "3", 3.0),
    ("HOTLINE_MAX_ATTACHMENT_MB", "max_attachment_bytes", 10_000_000, "2", 2_000_000),
])
def test_each_variable_keeps_its_name_and_default(clean_environment, variable, name, default, raw, value):
    assert getattr(Settings(), name) == default
    clean_environment.setenv(variable, raw)
    assert getattr(Settings(), name) == value


def test_paths_left_unset_follow_the_var_dir(clean_environment, tmp_path):
    clean_environment.setenv("HOTLINE_VAR_DIR", str(tmp_path))
    config = Settings()
    assert config.data_dir == tmp_path and config.cases_db == tmp_path / "cases.db"
    assert config.kb_db == tmp_path / "kb" / "index.db" and config.default_embedder
    clean_environment.setenv("HOTLINE_DATA_DIR", str(tmp_path / "data"))
    clean_environment.setenv("HOTLINE_EMBEDDING_MODEL", str(tmp_path / "bge"))
    config = Settings()
    assert config.data_dir == tmp_path / "data" and not config.default_embedder
    assert Settings(var_dir=tmp_path / "other").postgres_dir == tmp_path / "other" / "postgres"


def test_sla_hours_by_urgency(clean_environment):
    config = Settings()
    assert [config.sla_hours(u) for u in ("urgent", "high", "normal")] == [1.0, 4.0, 7.0]


def test_secrets_are_not_printed(clean_environment):
    for variable in ("TELEGRAM_BOT_TOKEN", "HOTLINE_DESK_SECRET", "HOTLINE_SERVICE_TOKEN", "HOTLINE_NEW_PASSWORD"):
        clean_environment.setenv(variable, "s3cret-value")
    assert "s3cret-value" not in repr(Settings())


def reads_environment(node: ast.AST) -> bool:
    """os.environ.get(…), os.getenv(…), os.environ[…] read, `… in os.environ`."""
    def is_environ(n: ast.AST) -> bool:
        return isinstance(n, ast.Attribute) and n.attr == "environ"

    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return (node.func.attr == "get" and is_environ(node.func.value)) or node.func.attr == "getenv"
    if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
        return is_environ(node.value)
    if isinstance(node, ast.Compare):
        return any(is_environ(c) for c in node.comparators)
    return False


def test_only_the_settings_read_the_environment():
    """Passing the whole environment on to a child process (dict(os.environ, …)) is fine."""
    readers = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path == ROOT / "foundation" / "settings.py":
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if reads_environment(node):
                    readers.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not readers, "read the environment outside foundation/settings.py:\n" + "\n".join(readers)


@pytest.mark.parametrize(("zone", "hours_ahead_of_utc"), [(None, 8), ("Asia/Shanghai", 8), ("UTC", 0)])
def test_the_hotline_clock_keeps_china_time_whatever_the_host_zone(clean_environment, zone, hours_ahead_of_utc):
    """Business hours and ticket days are China time even on a host set to UTC (this machine is)."""
    from foundation import clock

    if zone:
        clean_environment.setenv("HOTLINE_TIMEZONE", zone)
    settings.cache_clear()
    utc = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    offset = clock.now() - utc
    assert abs(offset - dt.timedelta(hours=hours_ahead_of_utc)) < dt.timedelta(minutes=1)
    assert clock.today() == clock.now().date()
