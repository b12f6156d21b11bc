"""`hotline eval LABELS.jsonl`: run labelled questions through `hotline ask` and score them.

Labels follow shared/eval/dev.jsonl: `topic` (and optional `topic_alt`), `escalate`,
and `must_mention` (groups of alternative wordings; one of each group must appear).
The realistic set (corpus/dev/) adds `entry`: the FAQ entry a lawyer would answer with
(`entry_alt` for others as good), or "none" when no entry covers the question.
"""

from __future__ import annotations

import argparse
import asyncio
from collections import Counter, defaultdict
from pathlib import Path

from foundation.rasa_client import RasaClient
from foundation.settings import Settings
from hotline.ask import ask_lines
from hotline.common import read_jsonl, running_stack


def score(labels: list[dict], results: list[dict]) -> dict:
    """All metrics from labelled rows and their `ask` results (same order)."""
    topic_ok, per_topic, confusion = 0, defaultdict(lambda: [0, 0]), Counter()
    tp = fp = fn = 0
    groups = groups_ok = 0
    entry_ok = entry_n = 0
    failures = []
    for label, result in zip(labels, results, strict=True):
        allowed = {label["topic"], *label.get("topic_alt", [])}
        ok = result["topic"] in allowed
        topic_ok += ok
        per_topic[label["topic"]][0] += ok
        per_topic[label["topic"]][1] += 1
        confusion[(label["topic"], result["topic"])] += 1
        tp += label["escalate"] and result["escalate"]
        fp += (not label["escalate"]) and result["escalate"]
        fn += label["escalate"] and not result["escalate"]
        missing = [g for g in label.get("must_mention", []) if not any(word in result["answer"] for word in g)]
        groups += len(label.get("must_mention", []))
        groups_ok += len(label.get("must_mention", [])) - len(missing)
        entry_right = True
        if label.get("entry") and label["entry"] != "none":
            entry_n += 1
            entry_right = result.get("faq_id") in {label["entry"], *label.get("entry_alt", [])}
            entry_ok += entry_right
        if not ok or missing or label["escalate"] != result["escalate"] or not entry_right:
            failures.append({"id": label["id"], "text": label["text"], "want": label["topic"], "got": result["topic"],
                             "escalate": (label["escalate"], result["escalate"]), "missing": missing,
                             "entry": (label.get("entry"), result.get("faq_id")) if not entry_right else None})
    latencies = sorted(r["latency_ms"] for r in results)
    n = max(len(labels), 1)
    return {
        "n": len(labels),
        "topic_accuracy": round(topic_ok / n, 3),
        "per_topic": {t: round(ok / total, 3) for t, (ok, total) in sorted(per_topic.items())},
        "confusion": confusion,
        "escalation_precision": round(tp / (tp + fp), 3) if tp + fp else 1.0,
        "escalation_recall": round(tp / (tp + fn), 3) if tp + fn else 1.0,
        "must_mention": round(groups_ok / groups, 3) if groups else 1.0,
        "entry_accuracy": round(entry_ok / entry_n, 3) if entry_n else None,
        "entry_n": entry_n,
        "latency_p50": percentile(latencies, 50),
        "latency_p95": percentile(latencies, 95),
        "failures": failures,
    }


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, round(p / 100 * (len(sorted_values) - 1)))
    return round(sorted_values[index], 1)


def report(metrics: dict, source: str) -> str:
    lines = [f"# Evaluation of `{source}`", "", f"{metrics['n']} questions.", "",
             "| metric | value |", "|---|---|",
             f"| topic accuracy | {metrics['topic_accuracy']:.3f} |",
             f"| escalation precision | {metrics['escalation_precision']:.3f} |",
             f"| escalation recall | {metrics['escalation_recall']:.3f} |",
             f"| required facts mentioned | {metrics['must_mention']:.3f} |",
             f"| top-1 entry accuracy | {_maybe(metrics['entry_accuracy'])} (of {metrics['entry_n']} covered questions) |",
             f"| latency p50 / p95 (ms) | {metrics['latency_p50']} / {metrics['latency_p95']} |",
             "", "## Topic accuracy per topic", "", "| topic | accuracy |", "|---|---|"]
    lines += [f"| {t} | {a:.3f} |" for t, a in metrics["per_topic"].items()]
    lines += ["", "## Confusions (expected → answered)", "",
              "The full matrix is drawn next to this report (`*-confusion.png`).", ""]
    lines += [f"- {want} → {got}: {count}" for (want, got), count in metrics["confusion"].most_common() if want != got]
    lines += ["", "## Failures", ""]
    for f in metrics["failures"]:
        lines.append(f"- `{f['id']}` {f['text']} — topic {f['want']}→{f['got']}, escalate {f['escalate']}"
                     + (f", missing {f['missing']}" if f["missing"] else "")
                     + (f", entry {f['entry'][0]}→{f['entry'][1]}" if f.get("entry") else ""))
    return "\n".join(lines) + "\n"


def _maybe(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def confusion_table(confusion: Counter) -> tuple[list[str], list[list[int]]]:
    """Topics (expected and answered, sorted) and the count matrix: rows expected, columns answered."""
    topics = sorted({t for pair in confusion for t in pair})
    index = {t: i for i, t in enumerate(topics)}
    matrix = [[0] * len(topics) for _ in topics]
    for (want, got), count in confusion.items():
        matrix[index[want]][index[got]] += count
    return topics, matrix


def plot_confusion(confusion: Counter, path: Path, title: str) -> Path:
    """The confusion matrix as a PNG: colour is the share of each expected topic's questions,
    the number is the count (blank cells are zero)."""
    import matplotlib

    matplotlib.use("Agg")  # no screen
    import matplotlib.pyplot as plt

    topics, matrix = confusion_table(confusion)
    shares = [[c / max(sum(row), 1) for c in row] for row in matrix]
    size = max(6.0, 0.5 * len(topics) + 2)
    fig, ax = plt.subplots(figsize=(size, size))
    ax.imshow(shares, cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(len(topics)), topics, rotation=60, ha="right", fontsize=8)
    ax.set_yticks(range(len(topics)), topics, fontsize=8)
    ax.set_xlabel("answered topic")
    ax.set_ylabel("expected topic")
    ax.set_title(title, fontsize=10)
    for i, row in enumerate(matrix):
        for j, count in enumerate(row):
            if count:
                ax.text(j, i, str(count), ha="center", va="center", fontsize=7,
                        color="white" if shares[i][j] > 0.5 else "black")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def run_eval(settings: Settings, args: argparse.Namespace) -> int:
    labels = read_jsonl(args.labels)

    async def run() -> list[dict]:
        rasa = RasaClient(settings.rasa_url, settings.rasa_timeout)
        try:
            return await ask_lines(rasa, [{"id": r["id"], "text": r["text"]} for r in labels])
        finally:
            await rasa.close()

    with running_stack(settings):
        results = asyncio.run(run())
    metrics = score(labels, results)
    text = report(metrics, str(args.labels))
    Path(args.report).parent.mkdir(parents=True, exist_ok=True)
    Path(args.report).write_text(text, encoding="utf-8")
    picture = Path(args.report).with_name(Path(args.report).stem + "-confusion.png")
    plot_confusion(metrics["confusion"], picture, f"{args.labels}: topic accuracy {metrics['topic_accuracy']:.3f}")
    print(text)
    print(f"report: {args.report}\nconfusion matrix: {picture}")
    missed = [f"{name} {metrics[name]:.3f} < {floor}" for name, floor in (
        ("topic_accuracy", args.min_topic_accuracy), ("escalation_precision", args.min_escalation_precision),
        ("escalation_recall", args.min_escalation_recall), ("must_mention", args.min_must_mention),
        ("entry_accuracy", args.min_entry_accuracy))
        if metrics[name] is not None and metrics[name] < floor]
    for line in missed:
        print(f"under the threshold: {line}")
    return 1 if missed else 0
