"""`hotline kb check`: everything wrong with the FAQ files, each with file and line.

It also checks the corpus labels (corpus/train/): a message labelled with an entry that
was renamed or removed must be relabelled, not silently dropped from training.

Besides the per-entry checks of knowledge/faq.py, it looks for conflicts between
entries: a paraphrase that, if it were not in the index itself, would retrieve a
different entry first by a clear margin. Two entries that workers cannot tell apart
give unpredictable answers; the fix is to merge them or sharpen their paraphrases.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from knowledge import FAQ_DIR
from knowledge.corpus import CORPUS_DIR, check_corpus, load_corpus
from knowledge.faq import Problem, load_faq, load_topics
from knowledge.index import build_index
from knowledge.retrieval import Retriever, open_index

CONFLICT_MARGIN = 0.1
CONFLICT_SCORE = 0.7   # the other entry matches almost as if it were the same question …
CONFLICT_DENSE = 0.85  # … or means nearly the same (BM25 alone is not comparable on tiny files)


def check(faq_dir: Path | None = None, conflicts: bool = True, embedder_path: Path | None = None,
          corpus_dir: Path | None = CORPUS_DIR) -> list[Problem]:
    faq_dir = faq_dir or FAQ_DIR
    result = load_faq(faq_dir)
    problems = list(result.problems)
    if corpus_dir is not None:
        messages, corpus_problems = load_corpus(corpus_dir)
        problems += corpus_problems + check_corpus(messages, {e.id: e.topic for e in result.entries}, load_topics())
    if problems or not conflicts:
        return problems
    return find_conflicts(faq_dir, _try_embedder(embedder_path))


def _try_embedder(path: Path | None):
    if path is None or not path.exists():
        return None
    from knowledge.embedder import load_embedder

    return load_embedder(path)


def find_conflicts(faq_dir: Path, embedder=None) -> list[Problem]:
    """Leave-one-out retrieval of every paraphrase against an index of these files."""
    entries = {e.id: e for e in load_faq(faq_dir).entries}
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "check.db"
        build_index(db, embedder, faq_dir=faq_dir)
        index = open_index(db)
        retriever = Retriever(index, embedder)
        problems = []
        for entry in entries.values():
            for text in entry.paraphrases:
                ranked = retriever.search(text, k=10, exclude=(entry.id, text))
                own = next((c.score for c in ranked if c.entry_id == entry.id), 0.0)
                if (ranked and ranked[0].entry_id != entry.id and ranked[0].score - own >= CONFLICT_MARGIN
                        and (ranked[0].score >= CONFLICT_SCORE or ranked[0].dense >= CONFLICT_DENSE)):
                    other = entries[ranked[0].entry_id]
                    problems.append(Problem(entry.file, entry.line, (
                        f"[{entry.id}] 说法「{text}」更像另一条「{other.id}」（{other.file}:{other.line}）："
                        "两条内容可能重复，请合并，或把说法改得更有区分度")))
    return problems


def attractors(retriever: Retriever, cases: list[tuple[str, str]], leave_one_out: bool = True,
               ) -> list[tuple[str, int, list[tuple[str, str]]]]:
    """Entries that win questions labelled for another entry: (entry id, how many, up to
    three (question, its right entry)), worst first.

    An entry that attracts many unrelated questions ("合同文本没给我" answering final-wage
    questions) usually has paraphrases too broad, or an answer that is really two; the
    fix is in its paraphrases, not in the questions. With `leave_one_out` each case is
    searched with its own copy left out of the index (for corpus messages, which are
    themselves indexed)."""
    won: dict[str, list[tuple[str, str]]] = {}
    for text, expected in cases:
        ranked = retriever.search(text, k=1, exclude=(expected, text) if leave_one_out else None)
        if ranked and ranked[0].entry_id != expected:
            won.setdefault(ranked[0].entry_id, []).append((text, expected))
    return sorted(((entry, len(found), found[:3]) for entry, found in won.items()), key=lambda row: -row[1])
