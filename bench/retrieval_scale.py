"""Retrieval latency and memory against knowledge-base size: the real index, then synthetic
ones of 1k, 10k and 100k entries, for BM25 (the baseline), dense and hybrid.

    .venv/bin/python -m bench.retrieval_scale [--sizes 1000 10000 100000] [--queries 200]

Synthetic entries are made from the real ones so that vocabulary and lengths are those of
workers' questions: each takes a real entry's topic and answer, and four texts spliced from
the first half of one real paraphrase of that topic and the second half of another. Queries
are real paraphrases. Memory is the growth of this process's resident set when the index
is loaded the way an action server loads it (into memory), plus the file size.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from bench.common import arguments
from foundation.settings import settings
from knowledge import LAWS_DIR
from knowledge.embedder import load_embedder
from knowledge.faq import Entry, load_faq
from knowledge.index import _write
from knowledge.retrieval import Retriever, open_index

MODES = ("bm25", "dense", "hybrid")
TEXTS_PER_ENTRY = 4


def synthetic_entries(real: list[Entry], size: int, seed: int = 7) -> list[Entry]:
    """`size` entries spliced from real paraphrases of the same topic (see the module docstring)."""
    rng = random.Random(seed)
    by_topic: dict[str, list[str]] = defaultdict(list)
    for entry in real:
        by_topic[entry.topic].extend([entry.question, *entry.paraphrases])
    def splice(pool: list[str]) -> str:
        a, b = rng.choice(pool), rng.choice(pool)
        return a[: len(a) // 2] + b[len(b) // 2:]

    result = []
    for i in range(size):
        base = real[i % len(real)]
        texts = [splice(by_topic[base.topic]) for _ in range(TEXTS_PER_ENTRY)]
        result.append(replace(base, id=f"syn-{i:06d}", question=texts[0], paraphrases=tuple(texts[1:])))
    return result


def resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def measure(index_path: Path, embedder, queries: list[str]) -> dict:
    before = resident_mb()
    index = open_index(index_path)
    loaded = resident_mb() - before
    retriever = Retriever(index, embedder)
    row = {"entries": len(index.entry_ids), "texts": len(index.text_values), "memory_mb": loaded,
           "file_mb": index_path.stat().st_size / 1e6}
    for mode in MODES:
        retriever.search(queries[0], k=5, mode=mode)  # warm
        timings = []
        for query in queries:
            started = time.perf_counter()
            retriever.search(query, k=5, mode=mode)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        row[mode] = (statistics.median(timings), timings[int(len(timings) * 0.95)])
    del retriever, index
    return row


def main() -> None:
    parser = arguments(__spec__.name, __doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000, 100000])
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    config = settings()
    embedder = load_embedder(config.embedding_model)
    real = load_faq().entries
    queries = [p for e in real for p in e.paraphrases[:1]][: args.queries]
    rows = [("real", measure(config.kb_db, embedder, queries), 0.0)]
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            path = Path(tmp) / f"index-{size}.db"
            started = time.perf_counter()
            _write(path, synthetic_entries(real, size), LAWS_DIR, embedder, "synthetic", set())
            build_s = time.perf_counter() - started
            rows.append((f"{size:,} synthetic", measure(path, embedder, queries), build_s))
            path.unlink()
            print(f"done: {size}", file=sys.stderr)
    print(f"Queries: {len(queries)} real paraphrases, k=5. Latency per query in ms (p50 / p95).\n")
    print("| index | entries | texts | BM25 (baseline) | dense | hybrid | hybrid p95 ÷ BM25 p95 | memory MB | file MB | build s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, r, build_s in rows:
        cells = " | ".join(f"{r[m][0]:.2f} / {r[m][1]:.2f}" for m in MODES)
        print(f"| {name} | {r['entries']:,} | {r['texts']:,} | {cells} | {r['hybrid'][1] / r['bm25'][1]:.2f} "
              f"| {r['memory_mb']:.0f} | {r['file_mb']:.0f} | {build_s:.0f} |")


if __name__ == "__main__":
    main()
