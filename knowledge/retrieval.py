"""Hybrid retrieval over the published index: BM25 (SQLite FTS5 over jieba tokens)
plus dense similarity from the sentence-embedding model, fused into one score.

The score of an entry is the best score of any of its texts (question or paraphrase),
so one close paraphrase is enough. Scores are comparable across queries (0..1), so the
caller (actions/answering.py) can say it is not sure below a threshold rather than
answer wrongly.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from knowledge.laws import canonical_law
from knowledge.segment import fts_query

DENSE_WEIGHT = 0.75  # dense wins on held-out paraphrases and on dev questions (docs/retrieval.md)
BM25_SATURATION = 8.0


@dataclass(frozen=True)
class Candidate:
    """One ranked entry, with the parts of its score, to explain why it was chosen."""

    entry_id: str
    topic: str
    score: float
    bm25: float
    dense: float
    matched: str


@dataclass
class Index:
    """The index file loaded into memory (vectors) plus an open FTS connection."""

    path: Path
    meta: dict
    entries: dict[str, dict]
    articles: dict[tuple[str, int], dict]
    text_entry: np.ndarray  # entry position of each text, in rowid order
    text_values: list[str]
    entry_ids: list[str]
    entry_topics: np.ndarray
    vectors: np.ndarray | None
    conn: sqlite3.Connection
    lock: threading.Lock = field(default_factory=threading.Lock)


def open_index(path: Path) -> Index:
    """Load an index file; raises FileNotFoundError or sqlite3.Error if it is unusable."""
    if not path.exists():
        raise FileNotFoundError(f"no knowledge-base index at {path}: run `hotline kb build`")
    # Copy the file into memory: whatever later happens to the file (a new publish, a
    # broken copy), this index keeps answering until a good replacement is loaded.
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    try:
        source.backup(conn)
    finally:
        source.close()
    conn.row_factory = sqlite3.Row
    meta = {r["key"]: json.loads(r["value"]) for r in conn.execute("select key, value from meta")}
    entries = {r["id"]: dict(r) for r in conn.execute("select * from entries")}
    for entry in entries.values():
        entry["citations"] = json.loads(entry["citations"])
    articles = {(r["law"], r["number"]): dict(r) for r in conn.execute("select law, number, chapter, text from articles")}
    entry_ids = list(entries)
    position = {eid: i for i, eid in enumerate(entry_ids)}
    rows = conn.execute("select rowid, entry_id, text from texts order by rowid").fetchall()
    text_entry = np.array([position[r["entry_id"]] for r in rows], dtype=np.int64)
    vectors = None
    if "vectors" in {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}:
        blobs = [r[0] for r in conn.execute("select vector from vectors order by text_rowid")]
        if blobs:
            vectors = np.vstack([np.frombuffer(b, dtype=np.float32) for b in blobs])
    topics = np.array([entries[e]["topic"] for e in entry_ids])
    return Index(path, meta, entries, articles, text_entry, [r["text"] for r in rows], entry_ids, topics, vectors, conn)


class Retriever:
    """Search one loaded index. `embedder` may be None (BM25 only)."""

    def __init__(self, index: Index, embedder=None):
        self.index = index
        self.embedder = embedder if index.vectors is not None else None

    def search(self, query: str, topic: str | None = None, k: int = 5, mode: str = "hybrid",
               exclude: tuple[str, str] | None = None) -> list[Candidate]:
        """Rank entries for `query`; `topic` restricts to one topic; mode is bm25, dense or hybrid.

        `exclude` = (entry id, text) leaves out that entry's copy of the text
        (leave-one-out: how would this paraphrase fare if it were not in the index?),
        which the conflict check needs."""
        n = len(self.index.entry_ids)
        if n == 0 or not query.strip():
            return []
        bm25, bm25_text = self._bm25(query, exclude) if mode != "dense" else (np.zeros(n), {})
        dense, dense_text = self._dense(query, exclude) if mode != "bm25" and self.embedder else (np.zeros(n), {})
        if mode == "bm25" or self.embedder is None:
            score = bm25
        elif mode == "dense":
            score = dense
        else:
            score = DENSE_WEIGHT * dense + (1 - DENSE_WEIGHT) * bm25
        if topic:
            score = np.where(self.index.entry_topics == topic, score, -1.0)
        order = np.argsort(-score)[:k]
        return [
            Candidate(
                self.index.entry_ids[i], str(self.index.entry_topics[i]), round(float(score[i]), 4),
                round(float(bm25[i]), 4), round(float(dense[i]), 4),
                dense_text.get(i) or bm25_text.get(i, ""),
            )
            for i in order if score[i] > 0
        ]

    def _excluded(self, exclude: tuple[str, str] | None) -> np.ndarray:
        """A boolean mask over indexed texts: True for the one text left out."""
        mask = np.zeros(len(self.index.text_values), dtype=bool)
        if exclude is not None:
            entry = self.index.entry_ids.index(exclude[0]) if exclude[0] in self.index.entry_ids else -1
            mask = (self.index.text_entry == entry) & (np.array(self.index.text_values) == exclude[1])
        return mask

    def _bm25(self, query: str, exclude: tuple[str, str] | None = None) -> tuple[np.ndarray, dict[int, str]]:
        """Best BM25 per entry, squashed to 0..1 so it can be added to a cosine."""
        scores = np.zeros(len(self.index.entry_ids))
        matched: dict[int, str] = {}
        expression = fts_query(query)
        if not expression:
            return scores, matched
        with self.index.lock:
            rows = self.index.conn.execute(
                "select rowid, -bm25(texts_fts) as s from texts_fts where texts_fts match ? order by rank limit 300",
                (expression,),
            ).fetchall()
        left_out = self._excluded(exclude)
        for rowid, raw in rows:
            if left_out[rowid - 1]:
                continue
            entry = int(self.index.text_entry[rowid - 1])
            value = raw / (raw + BM25_SATURATION)
            if value > scores[entry]:
                scores[entry], matched[entry] = value, self.index.text_values[rowid - 1]
        return scores, matched

    def _dense(self, query: str, exclude: tuple[str, str] | None = None) -> tuple[np.ndarray, dict[int, str]]:
        vector = self.embedder.encode([query])[0]
        sims = self.index.vectors @ vector
        if exclude is not None:
            sims = np.where(self._excluded(exclude), -1.0, sims)
        scores = np.full(len(self.index.entry_ids), -1.0)
        np.maximum.at(scores, self.index.text_entry, sims)
        best_text = {}
        for entry in np.argsort(-scores)[:5]:
            texts = np.flatnonzero(self.index.text_entry == entry)
            best_text[int(entry)] = self.index.text_values[int(texts[np.argmax(sims[texts])])]
        return np.clip(scores, 0.0, 1.0), best_text

    def entry(self, entry_id: str) -> dict | None:
        return self.index.entries.get(entry_id)

    def article(self, law: str, number: int) -> dict | None:
        return self.index.articles.get((canonical_law(law), number))
