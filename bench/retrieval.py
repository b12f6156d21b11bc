"""Retrieval quality and latency on the real knowledge base: BM25, dense and hybrid.

Quality on (1) paraphrases held out of both the index and the embedder's training, and
(2) the labelled development questions (topic of the top result). Latency per query, on
short questions (FAQ paraphrases) and on long realistic messages (corpus/dev/realistic.jsonl),
as a turn asks it (every entry ranked, the entry model included) with one BLAS thread, as
the action server runs.

    .venv/bin/python -m bench.retrieval [--dev ../shared/eval/dev.jsonl] [--latency-only]
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from pathlib import Path

from threadpoolctl import threadpool_limits

from actions.knowledge_base import LiveKnowledgeBase
from bench.common import arguments
from foundation.settings import settings
from hotline.build import train_default_embedder
from knowledge.embedder import load_embedder
from knowledge.evaluation import heldout_split, retrieval_accuracy
from knowledge.faq import load_faq
from knowledge.index import build_index
from knowledge.retrieval import Retriever, open_index

MODES = ("bm25", "dense", "hybrid")


def heldout_table() -> list[str]:
    entries = load_faq().entries
    cases = heldout_split(entries)
    held = {t for t, _ in cases}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        train_default_embedder(settings(), exclude=held, out_dir=folder / "embedder")
        embedder = load_embedder(folder / "embedder")
        build_index(folder / "index.db", embedder, exclude=held)
        retriever = Retriever(open_index(folder / "index.db"), embedder)
        rows = [f"Held-out paraphrases (every 5th, n={len(cases)}, excluded from index and embedder training):", "",
                "| mode | entry top-1 | entry top-3 | topic top-1 |", "|---|---|---|---|"]
        for mode in MODES:
            a = retrieval_accuracy(retriever, cases, mode)
            rows.append(f"| {mode} | {a.top1:.3f} | {a.top3:.3f} | {a.topic_top1:.3f} |")
    return rows


def dev_table(retriever: Retriever, path: Path) -> list[str]:
    labels = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [f"Development questions ({path.name}, n={len(labels)}), topic of the top result, retrieval alone:", "",
            "| mode | topic top-1 | topic in top-3 |", "|---|---|---|"]
    for mode in MODES:
        top1 = top3 = 0
        for label in labels:
            allowed = {label["topic"], *label.get("topic_alt", [])}
            ranked = retriever.search(label["text"], k=3, mode=mode)
            top1 += bool(ranked) and ranked[0].topic in allowed
            top3 += any(c.topic in allowed for c in ranked)
        rows.append(f"| {mode} | {top1 / len(labels):.3f} | {top3 / len(labels):.3f} |")
    return rows


def latency_table(retriever: Retriever, sets: dict[str, list[str]], repeat: int = 3) -> list[str]:
    """Wall time per search, ranking every entry as a turn does (ms)."""
    rows = ["Latency per query (ms), real index, every entry ranked:", "",
            "| queries | mode | p50 | p95 |", "|---|---|---|---|"]
    k = len(retriever.index.entry_ids)
    for name, queries in sets.items():
        for mode in MODES:
            timings = []
            for _ in range(repeat):
                for query in queries:
                    started = time.perf_counter()
                    retriever.search(query, k=k, mode=mode)
                    timings.append((time.perf_counter() - started) * 1000)
            timings.sort()
            rows.append(f"| {name} | {mode} | {statistics.median(timings):.2f} | "
                        f"{timings[int(len(timings) * 0.95)]:.2f} |")
    return rows


def main() -> None:
    parser = arguments(__spec__.name, __doc__)
    parser.add_argument("--dev", type=Path, default=Path(__file__).resolve().parents[2] / "shared/eval/dev.jsonl")
    parser.add_argument("--latency-only", action="store_true", help="skip the quality tables (they train a model)")
    args = parser.parse_args()
    config = settings()
    retriever = LiveKnowledgeBase(config.kb_db, config.embedding_model, config.classifiers_dir).retriever()
    threadpool_limits(1)
    short = [p for e in load_faq().entries for p in e.paraphrases[:1]]
    realistic = Path(__file__).resolve().parent.parent / "corpus/dev/realistic.jsonl"
    long = [json.loads(line)["text"] for line in realistic.read_text(encoding="utf-8").splitlines() if line.strip()]
    lines = []
    if not args.latency_only:
        lines += heldout_table() + [""]
        if args.dev.exists():
            lines += dev_table(retriever, args.dev) + [""]
    lines += latency_table(retriever, {f"short ({len(short)})": short, f"long realistic ({len(long)})": long})
    print("\n".join(lines))


if __name__ == "__main__":
    main()
