"""Hybrid retrieval over the published index: BM25 over jieba words and character
bigrams plus dense similarity from the sentence-embedding model, fused into one score.

The score of an entry is the best score of any of its texts (question or paraphrase),
so one close paraphrase is enough. Scores are comparable across queries (0..1), so the
caller (actions/answering.py) can say it is not sure below a threshold rather than
answer wrongly.

Both halves are computed in memory with numpy/scipy: BM25 as a sparse matrix of
precomputed weights (FTS5's formula), so a query is the sum of a few columns. SQLite
FTS5 ranked every matching row on each query and took 20+ ms at 10,000 entries; the
matrix takes about a millisecond (docs/benchmarks.md). The FTS5 table stays in the
index file for staff who inspect it with sqlite-utils.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

from knowledge.laws import canonical_law
from knowledge.segment import index_terms

DENSE_WEIGHT = 0.75  # dense wins on held-out paraphrases and on dev questions (docs/retrieval.md)
# The entry model's decision value (about -1.5..1) added to the hybrid similarity, chosen on a
# corpus writer held out of both (docs/evaluation.md). Below 0 the model says "not this entry".
ENTRY_MODEL_WEIGHT = 0.5
BM25_SATURATION = 8.0
BM25_K1, BM25_B = 1.2, 0.75  # FTS5's defaults


@dataclass(frozen=True)
class Candidate:
    """One ranked entry, with the parts of its score, to explain why it was chosen."""

    entry_id: str
    topic: str
    score: float   # how sure (0..1): for "not sure" thresholds
    bm25: float
    dense: float
    matched: str
    rank: float | None = None  # what orders the entries: similarity plus the entry model's vote (None: score)


@dataclass
class Bm25:
    """BM25 weight of every term in every indexed text (texts × terms, sparse columns)."""

    vocabulary: dict[str, int]
    weights: sparse.csc_matrix

    def scores(self, query: str) -> np.ndarray:
        """Raw BM25 of each text for the query's terms (0 where nothing matches)."""
        columns = [self.vocabulary[t] for t in index_terms(query) if t in self.vocabulary]
        if not columns:
            return np.zeros(self.weights.shape[0], dtype=np.float32)
        return np.asarray(self.weights[:, columns].sum(axis=1)).ravel()


def bm25_weights(token_rows: list[str]) -> Bm25:
    """Precompute BM25 for every (text, term): idf × (k1+1) / (1 + k1·(1 − b + b·len/avg)).
    Index terms are unique within a text (knowledge/segment.py), so term frequency is 1."""
    vocabulary: dict[str, int] = {}
    indptr, indices = [0], []
    for row in token_rows:
        indices.extend({vocabulary.setdefault(term, len(vocabulary)) for term in row.split()})
        indptr.append(len(indices))
    n_texts = len(token_rows)
    presence = sparse.csr_matrix((np.ones(len(indices), dtype=np.float32), indices, indptr),
                                 shape=(n_texts, len(vocabulary)))
    lengths = np.diff(indptr).astype(np.float32)
    average = float(lengths.mean()) if n_texts else 1.0
    frequency = np.bincount(np.asarray(indices, dtype=np.int64), minlength=len(vocabulary))
    idf = np.log((n_texts - frequency + 0.5) / (frequency + 0.5))
    idf[idf <= 0] = 1e-6  # as FTS5: a term in most texts still counts a little
    length_norm = (BM25_K1 + 1) / (1 + BM25_K1 * (1 - BM25_B + BM25_B * lengths / max(average, 1.0)))
    weights = sparse.diags(length_norm.astype(np.float32)) @ presence @ sparse.diags(idf.astype(np.float32))
    return Bm25(vocabulary, weights.tocsc())


@dataclass
class Index:
    """The index file loaded into memory: entries, articles, BM25 weights and vectors."""

    path: Path
    meta: dict
    entries: dict[str, dict]
    articles: dict[tuple[str, int], dict]
    text_entry: np.ndarray  # entry position of each text, in rowid order (grouped by entry)
    text_values: list[str]
    entry_ids: list[str]
    entry_topics: np.ndarray
    vectors: np.ndarray | None
    bm25: Bm25

    def __post_init__(self) -> None:
        # Texts come grouped by entry, so "best text per entry" is one reduceat over slices.
        self.starts = np.flatnonzero(np.r_[True, self.text_entry[1:] != self.text_entry[:-1]]) \
            if len(self.text_entry) else np.zeros(0, dtype=np.int64)
        self.grouped = bool(np.all(np.diff(self.text_entry) >= 0))

    def best_per_entry(self, values: np.ndarray, empty: float) -> np.ndarray:
        """The maximum of `values` (one per text) over each entry's texts."""
        scores = np.full(len(self.entry_ids), empty, dtype=np.float32)
        if len(values) == 0:
            return scores
        if self.grouped:
            scores[self.text_entry[self.starts]] = np.maximum.reduceat(values, self.starts)
        else:
            np.maximum.at(scores, self.text_entry, values)
        return scores

    def texts_of(self, entry: int) -> np.ndarray:
        """Positions of the entry's texts."""
        if self.grouped:
            return np.arange(np.searchsorted(self.text_entry, entry, side="left"),
                             np.searchsorted(self.text_entry, entry, side="right"))
        return np.flatnonzero(self.text_entry == entry)


def open_index(path: Path) -> Index:
    """Load an index file; raises FileNotFoundError or sqlite3.Error if it is unusable.

    Everything is read into memory and the file closed: whatever later happens to the file
    (a new publish, a broken copy), this index keeps answering until a good one is loaded."""
    if not path.exists():
        raise FileNotFoundError(f"no knowledge-base index at {path}: run `hotline kb build`")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        conn.row_factory = sqlite3.Row
        meta = {r["key"]: json.loads(r["value"]) for r in conn.execute("select key, value from meta")}
        entries = {r["id"]: dict(r) for r in conn.execute("select * from entries")}
        for entry in entries.values():
            entry["citations"] = json.loads(entry["citations"])
        articles = {(r["law"], r["number"]): dict(r)
                    for r in conn.execute("select law, number, chapter, text from articles")}
        entry_ids = list(entries)
        position = {eid: i for i, eid in enumerate(entry_ids)}
        rows = conn.execute("select rowid, entry_id, text, tokens from texts order by rowid").fetchall()
        text_entry = np.array([position[r["entry_id"]] for r in rows], dtype=np.int64)
        vectors = None
        if "vectors" in {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}:
            blobs = [r[0] for r in conn.execute("select vector from vectors order by text_rowid")]
            if blobs:
                vectors = np.vstack([np.frombuffer(b, dtype=np.float32) for b in blobs])
    finally:
        conn.close()
    topics = np.array([entries[e]["topic"] for e in entry_ids])
    return Index(path, meta, entries, articles, text_entry, [r["text"] for r in rows], entry_ids, topics, vectors,
                 bm25_weights([r["tokens"] for r in rows]))


class Retriever:
    """Search one loaded index. `embedder` may be None (BM25 only); `entry_model`
    (knowledge/ngram_model.py, labels are entry ids) may be None (similarity only)."""

    def __init__(self, index: Index, embedder=None, entry_model=None):
        self.index = index
        self.embedder = embedder if index.vectors is not None else None
        self.entry_model = entry_model
        self.topic_names = index.entry_topics.tolist()
        if entry_model is not None:  # model label -> index entry; entries the model never saw get nothing
            position = {e: i for i, e in enumerate(index.entry_ids)}
            known = [(j, position[label]) for j, label in enumerate(entry_model.labels) if label in position]
            self._model_columns = np.array([j for j, _ in known], dtype=np.int64)
            self._model_entries = np.array([i for _, i in known], dtype=np.int64)

    def search(self, query: str, topic: str | None = None, k: int = 5, mode: str = "hybrid",
               exclude: tuple[str, str] | None = None, explain: int = 5) -> list[Candidate]:
        """Rank entries for `query`; `topic` restricts to one topic; mode is bm25, dense or hybrid.

        `exclude` = (entry id, text) leaves out that entry's copy of the text
        (leave-one-out: how would this paraphrase fare if it were not in the index?),
        which the conflict check needs. Only the first `explain` candidates name the text
        that matched (a turn ranks every entry; finding each one's best text cost 20 ms)."""
        n = len(self.index.entry_ids)
        if n == 0 or not query.strip():
            return []
        left_out = self._excluded(exclude)
        use_dense = mode != "bm25" and self.embedder is not None
        use_bm25 = mode != "dense" or self.embedder is None
        text_bm25 = self._bm25(query, left_out) if use_bm25 else None
        text_dense = self._dense(query, left_out) if use_dense else None
        bm25 = self.index.best_per_entry(text_bm25, 0.0) if use_bm25 else np.zeros(n, dtype=np.float32)
        dense = np.clip(self.index.best_per_entry(text_dense, -1.0), 0.0, 1.0) if use_dense \
            else np.zeros(n, dtype=np.float32)
        if not use_dense:
            score = bm25
        elif not use_bm25:
            score = dense
        else:
            score = DENSE_WEIGHT * dense + (1 - DENSE_WEIGHT) * bm25
        found = score > 0  # entries that share something with the query
        shown = score
        if mode == "hybrid" and self.entry_model is not None and exclude is None:
            # The model reorders; how sure we are stays the similarity (the caller's "not sure"
            # threshold was set on it, and the model votes for something even on "啊啊啊嗯嗯").
            score = score + ENTRY_MODEL_WEIGHT * self._model_scores(query)
        if topic:
            found &= self.index.entry_topics == topic
        order = np.argsort(-np.where(found, score, -np.inf))[:k]
        order = order[found[order]]
        # Plain Python numbers in one go: a turn ranks all 461 entries, and per-item numpy
        # conversions cost more than the search itself.
        columns = zip(order.tolist(), np.round(np.clip(shown[order], 0.0, 1.0), 4).tolist(),
                      np.round(bm25[order], 4).tolist(), np.round(dense[order], 4).tolist(),
                      np.round(score[order], 4).tolist(), strict=True)
        text_scores = text_dense if text_dense is not None else text_bm25
        return [
            Candidate(self.index.entry_ids[i], self.topic_names[i], sure, b, d,
                      self._matched(i, text_scores) if place < explain else "", rank)
            for place, (i, sure, b, d, rank) in enumerate(columns)
        ]

    def _model_scores(self, query: str) -> np.ndarray:
        """The entry model's decision value per entry (0 for entries it does not know)."""
        values = np.zeros(len(self.index.entry_ids), dtype=np.float32)
        values[self._model_entries] = self.entry_model.scores(query)[self._model_columns]
        return values

    def _matched(self, entry: int, text_scores: np.ndarray) -> str:
        """The entry's text that scored best (shown to staff to explain a match)."""
        texts = self.index.texts_of(entry)
        if len(texts) == 0:
            return ""
        return self.index.text_values[int(texts[np.argmax(text_scores[texts])])]

    def _excluded(self, exclude: tuple[str, str] | None) -> np.ndarray | None:
        """Positions of the one text left out (leave-one-out), or None."""
        if exclude is None or exclude[0] not in self.index.entries:
            return None
        entry = self.index.entry_ids.index(exclude[0])
        texts = self.index.texts_of(entry)
        return np.array([t for t in texts if self.index.text_values[t] == exclude[1]], dtype=np.int64)

    def _bm25(self, query: str, left_out: np.ndarray | None) -> np.ndarray:
        """BM25 per text, squashed to 0..1 so it can be added to a cosine."""
        raw = self.index.bm25.scores(query)
        if left_out is not None:
            raw[left_out] = 0.0
        return (raw / (raw + BM25_SATURATION)).astype(np.float32)

    def _dense(self, query: str, left_out: np.ndarray | None) -> np.ndarray:
        """Cosine of the query with every text (vectors are normalised)."""
        sims = (self.index.vectors @ self.embedder.encode([query])[0]).astype(np.float32)
        if left_out is not None:
            sims[left_out] = -1.0
        return sims

    def entry(self, entry_id: str) -> dict | None:
        return self.index.entries.get(entry_id)

    def article(self, law: str, number: int) -> dict | None:
        return self.index.articles.get((canonical_law(law), number))
