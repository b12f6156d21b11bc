"""Measure retrieval honestly: on paraphrases held out of both the index and the
embedder's training, and on labelled worker questions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from knowledge.faq import Entry


def heldout_split(entries: Sequence[Entry], every: int = 5) -> list[tuple[str, str]]:
    """Every `every`-th paraphrase of each entry, as (text, entry id) pairs to hold out."""
    return [(p, e.id) for e in entries for i, p in enumerate(e.paraphrases) if i % every == every - 1]


@dataclass(frozen=True)
class Accuracy:
    top1: float
    top3: float
    topic_top1: float
    n: int


def retrieval_accuracy(retriever, cases: Sequence[tuple[str, str]], mode: str = "hybrid",
                       alternatives: Mapping[str, Sequence[str]] | None = None) -> Accuracy:
    """Top-1 and top-3 entry accuracy, and top-1 topic accuracy, of (text, entry id) cases.
    `alternatives` (text -> other entry ids) counts an equally good entry as right, as a
    reviewer labelled it."""
    top1 = top3 = topic = 0
    for text, expected in cases:
        allowed = {expected, *(alternatives or {}).get(text, ())}
        ranked = retriever.search(text, k=3, mode=mode)
        ids = [c.entry_id for c in ranked]
        top1 += bool(ids) and ids[0] in allowed
        top3 += bool(allowed & set(ids))
        want_topic = retriever.entry(expected)["topic"] if retriever.entry(expected) else expected
        topic += bool(ranked) and ranked[0].topic == want_topic
    n = max(len(cases), 1)
    return Accuracy(round(top1 / n, 3), round(top3 / n, 3), round(topic / n, 3), len(cases))
