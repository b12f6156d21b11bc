"""Lawyers' accounts: scrypt password hashes, roles, and lock-out after failed sign-ins.

The accounts live in the cases database (table `lawyers`, made by its migrations): the desk
signs lawyers in with them, the lawyers' Telegram group recognises them by Telegram id.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

import sqlite_utils

from foundation import clock
from stores.sqlite import write

ROLES = ("lawyer", "admin")
MAX_FAILURES = 5
LOCK_MINUTES = 15
_N, _R, _P = 2**14, 8, 1


def hash_password(password: str) -> str:
    """scrypt with a random salt; the parameters are stored with the hash."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split("$")
        computed = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(computed.hex(), digest)


def _public(account: dict) -> dict:
    return {k: v for k, v in account.items() if k != "password"}


class Lawyers:
    """Accounts in the cases database: pass the store's connection (`Tickets(path).db`)."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db

    def add(self, username: str, name: str, password: str, role: str = "lawyer", telegram_id: int | None = None) -> None:
        username = username.strip()
        if not username or not username.replace("_", "").replace(".", "").isalnum():
            raise ValueError("用户名只能用字母、数字、下划线和点")
        if len(password) < 10:
            raise ValueError("密码至少 10 个字符")
        if role not in ROLES:
            raise ValueError(f"角色只能是 {' / '.join(ROLES)}")
        with write(self.db):
            self.db["lawyers"].upsert({"username": username, "name": name.strip() or username, "role": role,
                                       "password": hash_password(password), "telegram_id": telegram_id,
                                       "failures": 0, "locked_until": None}, pk="username")

    def all(self) -> list[dict]:
        return [_public(row) for row in self.db["lawyers"].rows]

    def display_name(self, username: str) -> str:
        """The name workers see ("李律师"), not the sign-in name; the username if unknown."""
        row = self.db.execute("select name from lawyers where username = ?", [username]).fetchone()
        return row[0] if row and row[0] else username

    def by_telegram(self, telegram_id: int) -> dict | None:
        rows = list(self.db["lawyers"].rows_where("telegram_id = ?", [telegram_id]))
        return rows[0] if rows else None

    def sign_in(self, username: str, password: str) -> tuple[dict | None, str]:
        """(account, "") on success; (None, reason) otherwise. Locks after repeated failures."""
        try:
            account = self.db["lawyers"].get(username)
        except sqlite_utils.db.NotFoundError:
            verify_password(password, hash_password("timing-equaliser"))
            return None, "用户名或密码不对"
        now = clock.now()
        if account["locked_until"] and dt.datetime.fromisoformat(account["locked_until"]) > now:
            return None, f"登录失败次数太多，请 {LOCK_MINUTES} 分钟后再试"
        if not verify_password(password, account["password"]):  # slow on purpose: outside the write lock
            self._failed(username, now)
            return None, "用户名或密码不对"
        with write(self.db):
            self.db["lawyers"].update(username, {"failures": 0, "locked_until": None})
        return _public(account), ""

    def _failed(self, username: str, now: dt.datetime) -> None:
        """Count a failure (re-read under the lock: guesses in parallel all count); lock at the limit."""
        with write(self.db):
            failures = (self.db["lawyers"].get(username)["failures"] or 0) + 1
            locked = (now + dt.timedelta(minutes=LOCK_MINUTES)).isoformat() if failures >= MAX_FAILURES else None
            self.db["lawyers"].update(username, {"failures": 0 if locked else failures, "locked_until": locked})
