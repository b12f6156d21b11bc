"""Compile the law texts and FAQ files into one SQLite index (`hotline kb build`).

The index is what the action server reads. It is built into a new file and moved into
place atomically, so a running server never sees half an index, and it records what it
was built from (content hash and model) so that a stale index is detected.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np
import sqlite_utils

from knowledge import FAQ_DIR, LAWS_DIR
from knowledge.corpus import CORPUS_DIR, corpus_files, examples_by_entry, load_corpus
from knowledge.faq import Entry, LoadResult, load_faq
from knowledge.laws import load_laws
from knowledge.segment import segmented

SCHEMA_VERSION = 1


class BuildError(Exception):
    """The FAQ files have problems; the index was not replaced."""

    def __init__(self, result: LoadResult):
        self.result = result
        super().__init__(f"{len(result.problems)} problem(s) in the FAQ files")


def content_hash(faq_dir: Path = FAQ_DIR, laws_dir: Path = LAWS_DIR, corpus_dir: Path = CORPUS_DIR) -> str:
    """A hash of every source file, to tell whether an index is stale."""
    digest = hashlib.sha256()
    for path in sorted([*faq_dir.glob("*.yml"), *laws_dir.glob("*.md"), *corpus_files(corpus_dir)]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def entry_texts(entry: Entry) -> list[str]:
    """The texts that stand for an entry in retrieval: question first, then paraphrases."""
    return [entry.question, *entry.paraphrases]


def build_index(
    out_path: Path,
    embedder=None,
    faq_dir: Path = FAQ_DIR,
    laws_dir: Path = LAWS_DIR,
    strict: bool = True,
    exclude: set[str] | None = None,
    corpus_dir: Path | None = CORPUS_DIR,
) -> dict:
    """Build the index file; raise BuildError (and leave `out_path` alone) on problems.

    Besides each entry's question and paraphrases, the corpus messages labelled with the
    entry stand for it (`corpus_dir=None` leaves them out). `exclude` leaves some texts
    out, to measure retrieval on held-out text."""
    result = load_faq(faq_dir, laws_dir)
    if strict and result.problems:
        raise BuildError(result)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".index-", suffix=".db", dir=out_path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        examples = examples_by_entry(load_corpus(corpus_dir)[0], (e.id for e in result.entries)) if corpus_dir else {}
        info = _write(tmp, result.entries, examples, laws_dir, embedder,
                      content_hash(faq_dir, laws_dir, corpus_dir or CORPUS_DIR), exclude or set())
        os.replace(tmp, out_path)
    finally:
        tmp.unlink(missing_ok=True)
    return info


def _write(path: Path, entries: list[Entry], examples: dict[str, list[str]], laws_dir: Path, embedder,
           source_hash: str, exclude: set[str]) -> dict:
    db = sqlite_utils.Database(path)
    db["entries"].insert_all(
        (
            {
                "id": e.id, "topic": e.topic, "question": e.question, "answer": e.answer,
                "details": e.details, "lawyer_when": e.lawyer_when, "reviewed": e.reviewed,
                "citations": json.dumps([asdict(c) for c in e.citations], ensure_ascii=False),
                "file": e.file, "line": e.line,
            }
            for e in entries
        ),
        pk="id",
    )
    texts = [
        {"entry_id": e.id, "topic": e.topic, "kind": "question" if i == 0 else "paraphrase", "text": t,
         "tokens": segmented(t)}
        for e in entries for i, t in enumerate(entry_texts(e)) if t not in exclude
    ] + [
        {"entry_id": e.id, "topic": e.topic, "kind": "example", "text": t, "tokens": segmented(t)}
        for e in entries for t in examples.get(e.id, []) if t not in exclude
    ]
    db["texts"].insert_all(texts)
    db["texts"].enable_fts(["tokens"], tokenize="unicode61")
    articles = load_laws(laws_dir)
    db["articles"].insert_all(
        ({"law": a.law, "number": a.number, "chapter": a.chapter, "text": a.text, "tokens": segmented(a.text)}
         for a in articles.values()),
        pk=("law", "number"),
    )
    db["articles"].enable_fts(["tokens"], tokenize="unicode61")
    model_name = ""
    if embedder is not None:
        vectors = embedder.encode([t["text"] for t in texts])
        db["vectors"].insert_all(
            ({"text_rowid": i + 1, "vector": v.astype(np.float32).tobytes()} for i, v in enumerate(vectors)),
            pk="text_rowid",
        )
        model_name = embedder.name
    info = {"schema": SCHEMA_VERSION, "source_hash": source_hash, "model": model_name,
            "entries": len(entries), "texts": len(texts), "articles": len(articles), "built_at": time.time()}
    db["meta"].insert_all(({"key": k, "value": json.dumps(v)} for k, v in info.items()), pk="key")
    db.conn.commit()
    db.close()
    return info


def read_meta(path: Path) -> dict:
    db = sqlite_utils.Database(path)
    try:
        return {row["key"]: json.loads(row["value"]) for row in db["meta"].rows}
    finally:
        db.close()
