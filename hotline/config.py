"""Configuration from the environment, in one place.

Every setting has a safe default for a single machine, so `make run` works on a fresh
clone. Secrets (the Telegram token) only ever come from the environment.
"""

from __future__ import annotations

import os
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
    def rasa_bin(self) -> Path:
        return Path(os.environ.get("HOTLINE_RASA_BIN", ROOT / ".venv-rasa" / "bin" / "rasa"))


def settings() -> Settings:
    """Read the environment now (tests change it between stacks)."""
    return Settings()
