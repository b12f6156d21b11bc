"""What the benchmarks share: the questions they ask, the REST load they put on a running
stack, the memory they read from /proc, and the plain Rasa baseline's project. Its own
module so that no benchmark imports another (bench/load.py and bench/scale.py did, both
ways)."""

from __future__ import annotations

import argparse
import asyncio
import itertools
import time
import uuid
from pathlib import Path

from foundation.rasa_client import RasaClient
from foundation.settings import Settings
from knowledge.faq import load_faq

PLAIN = Path(__file__).resolve().parent / "plain_rasa"  # the baseline: a tiny plain Rasa 3.6 project
QUESTIONS = [p for e in load_faq().entries if e.topic not in ("wage_arrears", "no_written_contract",
                                                               "dismissal_severance", "overtime")
             for p in e.paraphrases[:1]]  # no intake forms: one answer per question


def arguments(module: str, doc: str) -> argparse.ArgumentParser:
    """A parser named as the benchmark is run (`python -m bench.scale`) whose `--help`
    shows the module's docstring: what a run measures, before it takes minutes."""
    return argparse.ArgumentParser(prog=f"python -m {module}", description=doc,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] if ordered else 0.0


async def rest_level(settings: Settings, concurrency: int, turns: int, questions: list[str] | None = None) -> dict:
    """`concurrency` conversations at once, `turns` turns in all, through /webhooks/rest/webhook."""
    rasa = RasaClient(settings.rasa_url, timeout=60)
    run = uuid.uuid4().hex[:6]  # fresh conversations each call: a soak must not grow one tracker forever
    latencies, errors = [], 0
    questions = itertools.cycle(questions or QUESTIONS)
    per_worker = max(1, turns // concurrency)

    async def worker(n: int) -> None:
        nonlocal errors
        for turn in range(per_worker):
            started = time.perf_counter()
            try:
                replies = await rasa.send(f"load-{run}-{n}-{turn // 5}", next(questions))
                if not any(r.get("text") for r in replies):
                    errors += 1
            except Exception:
                errors += 1
            latencies.append((time.perf_counter() - started) * 1000)

    started = time.perf_counter()
    await asyncio.gather(*(worker(n) for n in range(concurrency)))
    elapsed = time.perf_counter() - started
    await rasa.close()
    return {"path": "rest", "concurrency": concurrency, "turns": len(latencies), "turns_per_s": len(latencies) / elapsed,
            "p50": percentile(latencies, 50), "p95": percentile(latencies, 95), "p99": percentile(latencies, 99),
            "errors": errors}


def _memory_kb(pid: int, field_of: Path, name: str) -> int:
    """Sum a `name:` line (kB) over a process and its children, read from the file `field_of`
    ("status" or "smaps_rollup") of each process's /proc folder."""
    total = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
            if int(fields.get("Tgid", "0")) != pid and int(fields.get("PPid", "0").strip() or 0) != pid:
                continue
            lines = (status.parent / field_of).read_text().splitlines()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in lines if line.startswith(f"{name}:")), 0)
    return total


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (Rasa forks workers)."""
    return _memory_kb(pid, Path("status"), "VmRSS") / 1024


def pss_mb(pid: int) -> float:
    """Proportional memory of a process and its children: shared pages (PostgreSQL's shared
    buffers, touched by every backend) are divided among the processes sharing them, so
    the figures add up, which resident sizes do not."""
    return _memory_kb(pid, Path("smaps_rollup"), "Pss") / 1024
