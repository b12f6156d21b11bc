"""Load test, loopback only, bounded in time and count: many concurrent workers through
the REST channel and through the fake Telegram Bot API; optionally a soak with memory.

    .venv/bin/python -m bench.load [--concurrency 1 10 50] [--turns 300] [--soak-minutes 10] [--production 2]

Reports turns per second, latency p50/p95/p99 and errors per concurrency level, lost
messages on the Telegram path, and resident memory of every process over the soak.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import tempfile
import time
from pathlib import Path

from bench.common import QUESTIONS, arguments, pss_mb, rest_level
from foundation.settings import Settings
from hotline.stack import Stack, stop_on_sigterm
from testing.fake_telegram import FakeTelegram
from testing.stack import production_env, stack_env


def telegram_level(fake: FakeTelegram, concurrency: int, turns: int, timeout: float = 120.0) -> dict:
    """`concurrency` chats send at once; each message must get exactly one answer."""
    per_chat = max(1, turns // concurrency)
    chats = [900000 + concurrency * 1000 + n for n in range(concurrency)]
    questions = itertools.cycle(QUESTIONS)
    started = time.perf_counter()
    sent_at: dict[int, list[float]] = {c: [] for c in chats}
    for turn in range(per_chat):
        for chat in chats:
            fake.send_text(chat, next(questions))
            sent_at[chat].append(time.perf_counter())
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and any(len(fake.sent(c)) < turn + 1 for c in chats):
            time.sleep(0.02)
    elapsed = time.perf_counter() - started
    answered = sum(min(len(fake.sent(c)), per_chat) for c in chats)
    expected = per_chat * concurrency
    return {"path": "telegram", "concurrency": concurrency, "turns": answered,
            "turns_per_s": answered / elapsed, "lost": expected - answered,
            # more than one message for a turn is normal (a clarification, an intake question)
            "extra_messages": sum(max(0, len(fake.sent(c)) - per_chat) for c in chats)}


def main() -> None:
    parser = arguments(__spec__.name, __doc__)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--turns", type=int, default=300, help="turns per level (bounded)")
    parser.add_argument("--soak-minutes", type=float, default=0.0)
    parser.add_argument("--production", type=int, metavar="WORKERS", default=0,
                        help="run the production profile with this many Rasa workers (REST only: its bot is on a "
                             "webhook, which the fake Bot API does not drive)")
    args = parser.parse_args()
    stop_on_sigterm()
    with tempfile.TemporaryDirectory() as tmp, FakeTelegram() as fake:
        os.environ.update(stack_env(Path(tmp), TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_BASE_URL=fake.base_url,
                                    HOTLINE_POLL_TIMEOUT="1", HOTLINE_RATE_LIMIT="100000", HOTLINE_LOG_LEVEL="WARNING"))
        if args.production:
            postgres = Path(tmp) / "pg"
            postgres.mkdir()
            Path(tmp).chmod(0o755)  # PostgreSQL runs as its own user
            os.environ.update(production_env(Path(tmp) / "data", args.production, postgres / "cluster",
                                             HOTLINE_LOG_LEVEL="WARNING"))
        settings = Settings()
        with Stack(settings, with_bot=not args.production, log=lambda m: None) as stack:
            print("| path | concurrency | turns | turns/s | p50 ms | p95 ms | p99 ms | errors / lost |")
            print("|---|---|---|---|---|---|---|---|")
            for level in args.concurrency:
                r = asyncio.run(rest_level(settings, level, args.turns))
                print(f"| REST | {level} | {r['turns']} | {r['turns_per_s']:.1f} | {r['p50']:.0f} | {r['p95']:.0f} "
                      f"| {r['p99']:.0f} | {r['errors']} |", flush=True)
            for level in args.concurrency if not args.production else []:
                t = telegram_level(fake, level, min(args.turns, 20 * level))
                print(f"| Telegram (fake Bot API) | {level} | {t['turns']} | {t['turns_per_s']:.1f} | | | "
                      f"| lost {t['lost']} (extra messages {t['extra_messages']}) |", flush=True)
            if args.soak_minutes:
                soak(stack, settings, args.soak_minutes)


def soak(stack: Stack, settings: Settings, minutes: float) -> None:
    """Steady load at concurrency 10; memory of every process sampled once a minute."""
    print(f"\nSoak: {minutes:g} min at concurrency 10 (REST); memory (PSS, shared pages divided), MB:")
    names = [s.name for s in stack.services]
    print("| minute | " + " | ".join(names) + " | turns/s | errors |")
    print("|---" * (len(names) + 3) + "|")
    end = time.monotonic() + minutes * 60
    minute = 0
    while time.monotonic() < end:
        r = asyncio.run(rest_level(settings, 10, 400))
        while time.monotonic() < end and time.monotonic() < end - (minutes - minute - 1) * 60:
            r2 = asyncio.run(rest_level(settings, 10, 100))
            r["errors"] += r2["errors"]
        memory = [f"{pss_mb(s.process.pid):.0f}" for s in stack.services]
        print(f"| {minute} | " + " | ".join(memory) + f" | {r['turns_per_s']:.1f} | {r['errors']} |", flush=True)
        minute += 1


if __name__ == "__main__":
    main()
