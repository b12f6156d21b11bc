"""Configuration from the environment, in one place, read once.

`settings()` is the process's snapshot: the environment is read the first time it is called
and never again, so every part of a process sees the same values however long it runs.
`Settings()` reads the environment now (a supervisor preparing another stack, a test
that changed it); tests that change the environment under code which calls `settings()`
call `settings.cache_clear()`. Every `HOTLINE_*` variable is read here and nowhere else.

Every setting has a safe default for a single machine, so `make run` works on a fresh
clone. Secrets (the Telegram token, the desk's and the services' secrets) only ever come
from the environment, or are generated once and kept under var/ (`local_secret`).
"""

from __future__ import annotations

import functools
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from foundation.vocabulary import HIGH, URGENT

ROOT = Path(__file__).resolve().parent.parent


def _text(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    return int(raw) if raw.strip() else default


def _float(name: str, default: float) -> float:
    raw = os.environ.get(name, "")
    return float(raw) if raw.strip() else default


def _env(read, name: str, default):
    """A field read from the environment when the settings are built."""
    return field(default_factory=lambda: read(name, default))


def _path_or_derived(name: str):
    """A path from the environment, or None: then __post_init__ derives it from var_dir."""
    return field(default_factory=lambda: Path(os.environ[name]) if os.environ.get(name) else None)


def _secret(name: str):
    """Never printed with the settings."""
    return field(default_factory=lambda: os.environ.get(name, ""), repr=False)


@dataclass(frozen=True)
class Settings:
    """Where each process listens and where data lives; the thresholds that are policy."""

    # --- where built artefacts and runtime data live ------------------------------------------
    var_dir: Path = field(default_factory=lambda: Path(os.environ.get("HOTLINE_VAR_DIR", ROOT / "var")))
    data_dir: Path = _path_or_derived("HOTLINE_DATA_DIR")  # default var_dir: logs, journal, cases
    kb_db: Path = _path_or_derived("HOTLINE_KB_DB")  # default var_dir/kb/index.db
    embedding_model: Path = _path_or_derived("HOTLINE_EMBEDDING_MODEL")  # default var_dir/embedder (trained here)
    postgres_dir: Path = _path_or_derived("HOTLINE_POSTGRES_DIR")  # default var_dir/postgres
    rasa_bin: Path = field(
        default_factory=lambda: Path(os.environ.get("HOTLINE_RASA_BIN", ROOT / ".venv-rasa" / "bin" / "rasa")))
    faq_drafts_dir: Path = field(  # FAQ entries drafted from resolved tickets, for staff to review
        default_factory=lambda: Path(os.environ.get("HOTLINE_FAQ_DRAFTS_DIR", ROOT / "knowledge" / "faq" / "drafts")))

    # --- where each process listens ------------------------------------------------------------
    host: str = _env(_text, "HOTLINE_HOST", "127.0.0.1")
    rasa_port: int = _env(_int, "HOTLINE_RASA_PORT", 5005)
    actions_port: int = _env(_int, "HOTLINE_ACTIONS_PORT", 5055)
    desk_port: int = _env(_int, "HOTLINE_DESK_PORT", 8351)
    webchat_port: int = _env(_int, "HOTLINE_WEBCHAT_PORT", 8352)  # the workers' web chat (webchat/)

    # --- Telegram and the bot ------------------------------------------------------------------
    telegram_token: str = _secret("TELEGRAM_BOT_TOKEN")
    telegram_base_url: str = _env(_text, "TELEGRAM_BASE_URL", "https://api.telegram.org/bot")
    telegram_base_file_url: str = field(
        default_factory=lambda: os.environ.get("TELEGRAM_BASE_FILE_URL")
        or os.environ.get("TELEGRAM_BASE_URL", "https://api.telegram.org/bot").removesuffix("bot") + "file/bot"
    )
    lawyers_chat_id: int = _env(_int, "HOTLINE_LAWYERS_CHAT_ID", 0)
    max_attachment_bytes: int = field(default_factory=lambda: _int("HOTLINE_MAX_ATTACHMENT_MB", 10) * 1_000_000)
    webhook_url: str = _env(_text, "HOTLINE_WEBHOOK_URL", "")
    webhook_port: int = _env(_int, "HOTLINE_WEBHOOK_PORT", 8443)
    webhook_secret: str = _secret("HOTLINE_WEBHOOK_SECRET")
    poll_timeout: int = _env(_int, "HOTLINE_POLL_TIMEOUT", 10)  # seconds of Telegram's long polling
    degraded_after: float = _env(_float, "HOTLINE_DEGRADED_AFTER", 60.0)
    rasa_timeout: float = _env(_float, "HOTLINE_RASA_TIMEOUT", 20.0)
    typing_after: float = _env(_float, "HOTLINE_TYPING_AFTER", 0.8)
    concurrent_chats: int = _env(_int, "HOTLINE_CONCURRENT_CHATS", 64)
    rate_limit: int = _env(_int, "HOTLINE_RATE_LIMIT", 12)  # messages per minute per worker

    # --- the WeChat public account (服务号, wechat/ and docs/wechat.md) ---------------------------
    wechat_app_id: str = _env(_text, "WECHAT_APP_ID", "")  # empty: no WeChat channel
    wechat_app_secret: str = _secret("WECHAT_APP_SECRET")
    wechat_token: str = _secret("WECHAT_TOKEN")  # signs the platform's calls to our server URL
    wechat_aes_key: str = _secret("WECHAT_AES_KEY")  # EncodingAESKey (43 characters): safe mode
    wechat_api_base: str = _env(_text, "WECHAT_API_BASE", "https://api.weixin.qq.com")
    wechat_port: int = _env(_int, "HOTLINE_WECHAT_PORT", 8353)  # the `wechat` process: the server URL behind HTTPS

    # --- policy, not law: when a lawyer is brought in, and how soon one answers ----------------
    large_sum: float = _env(_float, "HOTLINE_LARGE_SUM", 50000.0)  # yuan owed
    many_workers: int = _env(_int, "HOTLINE_MANY_WORKERS", 10)  # workers in one case
    sla_urgent_hours: float = _env(_float, "HOTLINE_SLA_URGENT_HOURS", 1.0)
    sla_high_hours: float = _env(_float, "HOTLINE_SLA_HIGH_HOURS", 4.0)
    # high and normal count opening hours on the holiday calendar (casework/hours.py); urgent counts the clock
    sla_normal_hours: float = _env(_float, "HOTLINE_SLA_NORMAL_HOURS", 7.0)  # one working day of opening hours
    group_days: int = _env(_int, "HOTLINE_GROUP_DAYS", 30)  # workers naming one employer within this many days …
    group_workers: int = _env(_int, "HOTLINE_GROUP_WORKERS", 3)  # … this many of them: a collective case, raised
    followup_days: float = _env(_float, "HOTLINE_FOLLOWUP_DAYS", 7.0)  # after resolution, ask the worker the outcome
    followup_quiet_hours: float = _env(_float, "HOTLINE_FOLLOWUP_QUIET_HOURS", 48.0)  # not while a lawyer just wrote
    timezone: str = _env(_text, "HOTLINE_TIMEZONE", "Asia/Shanghai")  # business hours, SLA, ticket days (foundation/clock.py)

    # --- the desk, secrets, logging ------------------------------------------------------------
    desk_https: bool = field(default_factory=lambda: os.environ.get("HOTLINE_DESK_HTTPS") == "1")  # Secure cookies
    desk_secret: str = _secret("HOTLINE_DESK_SECRET")  # empty: generated, see session_secret
    service_token: str = _secret("HOTLINE_SERVICE_TOKEN")  # empty: generated, see shared_service_token
    postgres_password: str = _secret("HOTLINE_POSTGRES_PASSWORD")  # empty: generated (hotline/production.py)
    new_password: str = _secret("HOTLINE_NEW_PASSWORD")  # `hotline lawyers add` without a prompt
    log_level: str = field(default_factory=lambda: os.environ.get("HOTLINE_LOG_LEVEL", "INFO").upper())

    # --- the production profile (hotline/production.py, docs/deploy.md) ---------------------
    profile: str = _env(_text, "HOTLINE_PROFILE", "embedded")
    rasa_workers: int = _env(_int, "HOTLINE_RASA_WORKERS", 2)
    action_workers: int = _env(_int, "HOTLINE_ACTION_WORKERS", 2)
    worker_port_base: int = _env(_int, "HOTLINE_WORKER_PORT_BASE", 5100)
    public_port: int = _env(_int, "HOTLINE_PUBLIC_PORT", 8080)
    postgres_port: int = _env(_int, "HOTLINE_POSTGRES_PORT", 5433)
    redis_port: int = _env(_int, "HOTLINE_REDIS_PORT", 6380)
    tickets_url: str = _env(_text, "HOTLINE_TICKETS_URL", "")

    def __post_init__(self) -> None:
        """Paths left unset follow var_dir, whether it came from the environment or a caller."""
        derived = {"data_dir": self.var_dir, "kb_db": self.var_dir / "kb" / "index.db",
                   "embedding_model": self.var_dir / "embedder", "postgres_dir": self.var_dir / "postgres"}
        for name, default in derived.items():
            if getattr(self, name) is None:
                object.__setattr__(self, name, default)

    @property
    def rasa_url(self) -> str:
        return f"http://{self.host}:{self.rasa_port}"

    @property
    def actions_url(self) -> str:
        return f"http://{self.host}:{self.actions_port}"

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "log"

    @property
    def journal_db(self) -> Path:
        """Every incoming worker message and outgoing reply, on every channel (channels/journal.py)."""
        return self.data_dir / "journal.db"

    @property
    def cases_db(self) -> Path:
        """Tickets, their audit log, the outbox and lawyers' accounts (stores/)."""
        return self.data_dir / "cases.db"

    @property
    def gaps_db(self) -> Path:
        """Questions the knowledge base could not answer well (`hotline kb gaps`)."""
        return self.data_dir / "gaps.db"

    @property
    def rasa_worker_ports(self) -> list[int]:
        """Ports of the Rasa workers behind the proxy (the proxy listens on rasa_port)."""
        return [self.worker_port_base + i for i in range(self.rasa_workers)]

    @property
    def action_worker_ports(self) -> list[int]:
        """Ports of the action servers behind the proxy (the proxy listens on actions_port)."""
        return [self.worker_port_base + 50 + i for i in range(self.action_workers)]

    @property
    def models_dir(self) -> Path:
        return self.var_dir / "models"

    @property
    def rasa_project(self) -> Path:
        """The assembled Rasa project (hand-written files plus data generated from the KB)."""
        return self.var_dir / "rasa"

    @property
    def default_embedder(self) -> bool:
        """The embedding model is the one trained here (not one HOTLINE_EMBEDDING_MODEL points at)."""
        return self.embedding_model == self.var_dir / "embedder"

    @property
    def classifiers_dir(self) -> Path:
        """The n-gram models trained on the corpus: entry choice and the learned lawyer score."""
        return self.var_dir / "classifiers"

    def sla_hours(self, urgency: str) -> float:
        """First-response target: urgent 1 h of the clock; high 4 h and normal one working day (7 h)
        of opening hours (stores/tickets.py counts them on the holiday calendar)."""
        return {URGENT: self.sla_urgent_hours, HIGH: self.sla_high_hours}.get(urgency, self.sla_normal_hours)


def local_secret(given: str, path: Path) -> str:
    """A secret the environment gave, or else a random one kept in a 0600 file under var/
    (generated once, never in the repo), so a single machine works with no set-up."""
    if given:
        return given
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def shared_service_token(config: Settings) -> str:
    """What the action servers show the desk's ticket API (HOTLINE_SERVICE_TOKEN)."""
    return local_secret(config.service_token, config.data_dir / "service-token")


@functools.cache
def settings() -> Settings:
    """The process's settings, read from the environment on the first call."""
    return Settings()
