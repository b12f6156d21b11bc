"""Configuration from the environment, in one place.

Every setting has a safe default for a single machine, so `make run` works on a fresh
clone. Secrets (the Telegram token) only ever come from the environment.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    return int(raw) if raw.strip() else default


@dataclass(frozen=True)
class Settings:
    """Where each process listens and where data lives."""

    root: Path = ROOT
    var_dir: Path = field(default_factory=lambda: Path(os.environ.get("HOTLINE_VAR_DIR", ROOT / "var")))
    host: str = field(default_factory=lambda: os.environ.get("HOTLINE_HOST", "127.0.0.1"))
    rasa_port: int = field(default_factory=lambda: _env_int("HOTLINE_RASA_PORT", 5005))
    actions_port: int = field(default_factory=lambda: _env_int("HOTLINE_ACTIONS_PORT", 5055))
    desk_port: int = field(default_factory=lambda: _env_int("HOTLINE_DESK_PORT", 8351))
    telegram_token: str = field(default_factory=lambda: os.environ.get("TELEGRAM_BOT_TOKEN", ""))
    telegram_base_url: str = field(
        default_factory=lambda: os.environ.get("TELEGRAM_BASE_URL", "https://api.telegram.org/bot")
    )
    lawyers_chat_id: int = field(default_factory=lambda: _env_int("HOTLINE_LAWYERS_CHAT_ID", 0))
    telegram_base_file_url: str = field(
        default_factory=lambda: os.environ.get("TELEGRAM_BASE_FILE_URL")
        or os.environ.get("TELEGRAM_BASE_URL", "https://api.telegram.org/bot").removesuffix("bot") + "file/bot"
    )
    max_attachment_bytes: int = field(default_factory=lambda: _env_int("HOTLINE_MAX_ATTACHMENT_MB", 10) * 1_000_000)
    webhook_url: str = field(default_factory=lambda: os.environ.get("HOTLINE_WEBHOOK_URL", ""))
    webhook_port: int = field(default_factory=lambda: _env_int("HOTLINE_WEBHOOK_PORT", 8443))
    webhook_secret: str = field(default_factory=lambda: os.environ.get("HOTLINE_WEBHOOK_SECRET", ""))
    degraded_after: float = field(default_factory=lambda: float(os.environ.get("HOTLINE_DEGRADED_AFTER", "60")))
    rasa_timeout: float = field(default_factory=lambda: float(os.environ.get("HOTLINE_RASA_TIMEOUT", "20")))
    typing_after: float = field(default_factory=lambda: float(os.environ.get("HOTLINE_TYPING_AFTER", "0.8")))
    concurrent_chats: int = field(default_factory=lambda: _env_int("HOTLINE_CONCURRENT_CHATS", 64))

    # --- the production profile (hotline/production.py, docs/deploy.md) ---------------------
    profile: str = field(default_factory=lambda: os.environ.get("HOTLINE_PROFILE", "embedded"))
    rasa_workers: int = field(default_factory=lambda: _env_int("HOTLINE_RASA_WORKERS", 2))
    action_workers: int = field(default_factory=lambda: _env_int("HOTLINE_ACTION_WORKERS", 2))
    worker_port_base: int = field(default_factory=lambda: _env_int("HOTLINE_WORKER_PORT_BASE", 5100))
    public_port: int = field(default_factory=lambda: _env_int("HOTLINE_PUBLIC_PORT", 8080))
    postgres_port: int = field(default_factory=lambda: _env_int("HOTLINE_POSTGRES_PORT", 5433))
    redis_port: int = field(default_factory=lambda: _env_int("HOTLINE_REDIS_PORT", 6380))
    tickets_url: str = field(default_factory=lambda: os.environ.get("HOTLINE_TICKETS_URL", ""))

    @property
    def rasa_url(self) -> str:
        return f"http://{self.host}:{self.rasa_port}"

    @property
    def actions_url(self) -> str:
        return f"http://{self.host}:{self.actions_port}"

    @property
    def data_dir(self) -> Path:
        """Runtime data (logs, journal, cases); separate from built artefacts so tests
        can run a second stack on the same models with their own data."""
        return Path(os.environ.get("HOTLINE_DATA_DIR", self.var_dir))

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "log"

    @property
    def journal_db(self) -> Path:
        """Every incoming worker message and outgoing reply (bot/journal.py)."""
        return self.data_dir / "journal.db"

    @property
    def kb_db(self) -> Path:
        """The published knowledge-base index that the action server reads."""
        return Path(os.environ.get("HOTLINE_KB_DB", self.var_dir / "kb" / "index.db"))

    @property
    def cases_db(self) -> Path:
        """Case summaries and the message journal."""
        return self.data_dir / "cases.db"

    @property
    def gaps_db(self) -> Path:
        """Questions the knowledge base could not answer well (`hotline kb gaps`)."""
        return self.data_dir / "gaps.db"

    @property
    def postgres_dir(self) -> Path:
        """The production profile's PostgreSQL cluster (conversations of every Rasa worker)."""
        return Path(os.environ.get("HOTLINE_POSTGRES_DIR", self.var_dir / "postgres"))

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
    def embedding_model(self) -> Path:
        default = self.var_dir / "embedder"
        return Path(os.environ.get("HOTLINE_EMBEDDING_MODEL", default))

    @property
    def classifiers_dir(self) -> Path:
        """The n-gram models trained on the corpus: entry choice and the learned lawyer score."""
        return self.var_dir / "classifiers"

    @property
    def rasa_bin(self) -> Path:
        return Path(os.environ.get("HOTLINE_RASA_BIN", ROOT / ".venv-rasa" / "bin" / "rasa"))


def local_secret(env_name: str, path: Path) -> str:
    """A secret from the environment, or else a random one kept in a 0600 file under var/
    (generated once, never in the repo), so a single machine works with no set-up."""
    if os.environ.get(env_name):
        return os.environ[env_name]
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def service_token(config: Settings) -> str:
    """What the action servers show the desk's ticket API (HOTLINE_SERVICE_TOKEN)."""
    return local_secret("HOTLINE_SERVICE_TOKEN", config.data_dir / "service-token")


def settings() -> Settings:
    """Read the environment now (tests change it between stacks)."""
    return Settings()
