"""Questions the knowledge base could not answer well, kept so staff know what to write next.

The action server records every question it was unsure about (`record_gap`), with
personal numbers masked. `hotline kb gaps` groups them by meaning, biggest group first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import sqlite_utils

from foundation.privacy import mask


def _table(path: Path) -> sqlite_utils.Database:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    if "gaps" not in db.table_names():
        db["gaps"].create({"id": int, "asked": str, "text": str, "topic": str, "score": float, "reason": str}, pk="id")
    return db


def record_gap(path: Path, text: str, topic: str, score: float, reason: str) -> None:
    """Remember a question that got a low-confidence answer (reason: unsure, escalated …)."""
    db = _table(path)
    with db.conn:
        db["gaps"].insert({"asked": dt.datetime.now().isoformat(timespec="seconds"), "text": mask(text)[:500],
                           "topic": topic, "score": round(score, 4), "reason": reason})
    db.close()


@dataclass
class Group:
    texts: list[str]
    topics: list[str]

    @property
    def size(self) -> int:
        return len(self.texts)


def group_gaps(path: Path, embedder=None, threshold: float = 0.7) -> list[Group]:
    """Greedy grouping by cosine similarity; without an embedder, identical texts group."""
    if not path.exists():
        return []
    db = _table(path)
    rows = list(db["gaps"].rows)
    db.close()
    if not rows:
        return []
    texts = [r["text"] for r in rows]
    if embedder is None:
        vectors = np.eye(len(texts))
        for i, t in enumerate(texts):
            vectors[i] = vectors[texts.index(t)]
    else:
        vectors = embedder.encode(texts)
    groups: list[tuple[np.ndarray, Group]] = []
    for vector, row in zip(vectors, rows, strict=True):
        best = max(groups, key=lambda g: float(g[0] @ vector), default=None)
        if best is not None and float(best[0] @ vector) >= threshold:
            best[1].texts.append(row["text"])
            best[1].topics.append(row["topic"])
        else:
            groups.append((vector, Group([row["text"]], [row["topic"]])))
    return sorted((g for _, g in groups), key=lambda g: -g.size)
