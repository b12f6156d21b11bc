"""Turn latency and throughput of the whole stack against a plain Rasa baseline, and against
the number of Rasa workers, all in one invocation (so the figures are ratios that hold on
a noisy machine).

    .venv/bin/python -m bench.scale [--concurrency 1 10 50] [--turns 300] [--workers 1 2 4]

Runs one after the other, on free ports, with fresh data:
1. plain: a plain Rasa 3.6 server with a tiny model (bench/plain_rasa) and one trivial
   custom action on the same rasa-sdk, one worker, in-memory tracker store;
2. embedded: our default profile (one Rasa worker, one action server, SQLite);
3. production-N: our production profile (PostgreSQL, Redis, nginx, 2 action servers) with
   N Rasa workers, for each N in --workers.
For each: turns/s and latency p50/p95/p99 per concurrency level (REST channel, one answer
per turn, no intake forms), errors, cold start (seconds until every process is healthy)
and resident memory of all processes after the load. Writes var/bench/scale.json.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import PLAIN, arguments, rest_level, rss_mb
from foundation.rasa_client import model_loaded
from foundation.settings import ROOT, Settings
from hotline.nlu_build import rasa_env, train_command
from hotline.stack import PYTHON, Service, Stack, stop_on_sigterm, write_rasa_runtime_files
from testing.stack import production_env, stack_env

PLAIN_QUESTIONS = ["hello", "my wages are late", "I was not paid", "hi", "can they fire me"]


def plain_model(settings: Settings) -> Path:
    """Train the baseline's tiny model once (cached by the hash of its files)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in PLAIN.rglob("*.yml")):
        digest.update(path.read_bytes())
    target = settings.var_dir / "bench" / f"plain-{digest.hexdigest()[:12]}.tar.gz"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(train_command(settings, target.parent, target.name.removesuffix(".tar.gz")), cwd=PLAIN,
                       env={**rasa_env(), "RASA_MAX_CACHE_SIZE": "0"}, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return target


def plain_services(settings: Settings) -> list[Service]:
    """The baseline: `rasa run` + `python -m rasa_sdk` with one trivial action."""
    runtime = write_rasa_runtime_files(settings)  # the embedded profile's: actions URL, REST channel
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return [
        Service("plain-actions", [PYTHON, "-m", "rasa_sdk", "--actions", "bench.plain_rasa.actions",
                                  "--port", str(settings.actions_port)],
                settings.actions_port, f"{settings.actions_url}/health", ROOT, env),
        Service("plain-rasa", [str(settings.rasa_bin), "run", "--model", str(plain_model(settings)), "--enable-api",
                               "--interface", settings.host, "--port", str(settings.rasa_port), "--endpoints",
                               str(runtime / "endpoints.yml"), "--credentials", str(runtime / "credentials.yml"),
                               "--quiet"],
                settings.rasa_port, f"{settings.rasa_url}/status", PLAIN, {**rasa_env(), **env},
                ready=model_loaded),
    ]


def run_configuration(name: str, env: dict[str, str], levels: list[int], turns: int, plain: bool = False) -> dict:
    """Start one configuration, warm it up, load it at each level, measure memory, stop it."""
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        settings = Settings()
        stack = Stack(settings, with_bot=False, log=lambda m: None,
                      custom=plain_services(settings) if plain else None)
        started = time.perf_counter()
        stack.start()
        cold_start = time.perf_counter() - started
        try:
            questions = PLAIN_QUESTIONS if plain else None
            asyncio.run(rest_level(settings, 2, 20, questions))  # warm-up: first turns load lazily
            results = []
            for level in levels:
                results.append(asyncio.run(rest_level(settings, level, turns, questions)))
                print(f"{name}, concurrency {level}: {results[-1]['turns_per_s']:.1f} turns/s", file=sys.stderr,
                      flush=True)
            memory = {s.name: rss_mb(s.process.pid) for s in stack.services}
        finally:
            stack.stop()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return {"name": name, "cold_start_s": cold_start, "levels": results, "memory_mb": memory}


def report(runs: list[dict], levels: list[int]) -> None:
    base = runs[0]
    base_by_level = {r["concurrency"]: r for r in base["levels"]}
    print("| configuration | concurrency | turns/s | p50 ms | p95 ms | p99 ms | errors | turns/s ÷ plain | p50 ÷ plain |")
    print("|---|---|---|---|---|---|---|---|---|")
    for run in runs:
        for r in run["levels"]:
            b = base_by_level[r["concurrency"]]
            print(f"| {run['name']} | {r['concurrency']} | {r['turns_per_s']:.1f} | {r['p50']:.0f} | {r['p95']:.0f} "
                  f"| {r['p99']:.0f} | {r['errors']} | {r['turns_per_s'] / b['turns_per_s']:.2f} "
                  f"| {r['p50'] / b['p50']:.2f} |")
    print("\n| configuration | cold start s | resident memory MB (all processes) | per process |")
    print("|---|---|---|---|")
    for run in runs:
        per = ", ".join(f"{k} {v:.0f}" for k, v in run["memory_mb"].items())
        print(f"| {run['name']} | {run['cold_start_s']:.1f} | {sum(run['memory_mb'].values()):.0f} | {per} |")


def main() -> None:
    parser = arguments(__spec__.name, __doc__)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--turns", type=int, default=300, help="turns per level (bounded)")
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2, 4],
                        help="Rasa workers of the production runs (none: skip them)")
    parser.add_argument("--skip-embedded", action="store_true")
    args = parser.parse_args()
    stop_on_sigterm()
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        runs.append(run_configuration("plain Rasa (baseline)", stack_env(root / "plain"), args.concurrency,
                                      args.turns, plain=True))
        if not args.skip_embedded:
            runs.append(run_configuration("ours, embedded", stack_env(root / "embedded", HOTLINE_LOG_LEVEL="WARNING"),
                                          args.concurrency, args.turns))
        for workers in args.workers:
            pg_dir = Path(tempfile.mkdtemp(prefix="hotline-bench-pg-"))
            pg_dir.chmod(0o755)
            try:
                runs.append(run_configuration(f"ours, production, {workers} Rasa worker(s)",
                                              production_env(root / f"prod{workers}", workers, pg_dir / "cluster",
                                                             HOTLINE_LOG_LEVEL="WARNING"),
                                              args.concurrency, args.turns))
            finally:
                shutil.rmtree(pg_dir, ignore_errors=True)
            print(f"done: production with {workers} worker(s)", file=sys.stderr)
    report(runs, args.concurrency)
    out = Settings().var_dir / "bench" / "scale.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(runs, indent=2))
    print(f"\n(raw figures: {out})")


if __name__ == "__main__":
    main()
