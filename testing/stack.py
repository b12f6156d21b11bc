"""Starting the assistant's processes for a test or a benchmark, and talking to them.

Every stack a test or benchmark starts gets free ports and its own runtime data folder, so
it never meets the assistant a developer is running (`hotline up`) or another test's."""

from __future__ import annotations

import asyncio
import random
import socket
from pathlib import Path

import httpx

from foundation.rasa_client import RasaClient
from foundation.settings import Settings
from hotline.ask import ask_lines
from hotline.stack import port_in_use


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def free_port_block() -> int:
    """A base port whose worker ports (base+0..3 and base+50..53) are all free, below the
    kernel's range for outgoing connections (so no client socket can take one meanwhile)."""
    low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    while True:
        base = random.randrange(10000, low - 100)
        if not any(port_in_use("127.0.0.1", base + offset) for offset in (*range(4), *range(50, 54))):
            return base


def stack_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """Environment for an embedded stack: runtime data in `data_dir`, every port free."""
    return {"HOTLINE_DATA_DIR": str(data_dir), "HOTLINE_RASA_PORT": str(free_port()),
            "HOTLINE_ACTIONS_PORT": str(free_port()), "HOTLINE_DESK_PORT": str(free_port()),
            "HOTLINE_WEBCHAT_PORT": str(free_port()), **extra}


def production_env(data_dir: Path, rasa_workers: int, postgres_dir: Path, **extra: str) -> dict[str, str]:
    """Environment for the production profile (PostgreSQL, Redis, nginx, two action servers):
    the PostgreSQL cluster in `postgres_dir`, which its own user must be able to reach."""
    return stack_env(data_dir, HOTLINE_PROFILE="production", HOTLINE_RASA_WORKERS=str(rasa_workers),
                     HOTLINE_ACTION_WORKERS="2", HOTLINE_WORKER_PORT_BASE=str(free_port_block()),
                     HOTLINE_PUBLIC_PORT=str(free_port()), HOTLINE_POSTGRES_PORT=str(free_port()),
                     HOTLINE_REDIS_PORT=str(free_port()), HOTLINE_POSTGRES_DIR=str(postgres_dir), **extra)


def ask_action_server(url: str, text: str) -> str:
    """Call action_turn the way the Rasa server does, and return the text sent back."""
    tracker = {"sender_id": "reload-test", "slots": {}, "events": [], "paused": False, "followup_action": None,
               "active_loop": {}, "latest_action_name": None,
               "latest_message": {"text": text, "intent": {"name": "minimum_wage", "confidence": 0.99},
                                  "intent_ranking": [], "entities": []}}
    response = httpx.post(f"{url}/webhook", timeout=30, json={
        "next_action": "action_turn", "sender_id": "reload-test", "tracker": tracker, "domain": {},
        "version": "3.6.21"})
    response.raise_for_status()
    return "\n".join(r.get("text") or "" for r in response.json()["responses"])


def conversation(settings: Settings, turns: list[str]) -> list[dict]:
    """One conversation through the running Rasa server, as `hotline ask --jsonl` has it:
    one result per turn, in order."""
    async def run() -> list[dict]:
        rasa = RasaClient(settings.rasa_url)
        try:
            return await ask_lines(rasa, [{"id": n, "conversation": "c", "text": t} for n, t in enumerate(turns)])
        finally:
            await rasa.close()

    return asyncio.run(run())
