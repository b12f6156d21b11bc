"""The worker-message corpus: realistic messages labelled with the entry that answers them.

FAQ paraphrases are short and tidy; workers write like forum posts (long, several
problems, their own sums and dialect). The corpus (corpus/train/*.jsonl, how it was
written in corpus/README.md) teaches retrieval, the embedder and the NLU how workers
really write. Each line: {"text", "topic", "entry" (an FAQ id or "none"), "escalate",
"writer", optional "also": [ids]}.

The realistic development set (corpus/dev/) is never read here: it measures what this
corpus teaches, so nothing that trains may see it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from knowledge import KNOWLEDGE_DIR
from knowledge.faq import Problem

CORPUS_DIR = KNOWLEDGE_DIR.parent / "corpus" / "train"
NONE = "none"


@dataclass(frozen=True)
class Message:
    text: str
    topic: str
    entry: str
    escalate: bool
    writer: str = ""
    also: tuple[str, ...] = ()
    file: str = ""
    line: int = 0


def corpus_files(folder: Path = CORPUS_DIR) -> list[Path]:
    return sorted(folder.glob("*.jsonl")) if folder.exists() else []


def load_corpus(folder: Path = CORPUS_DIR) -> tuple[list[Message], list[Problem]]:
    """Every well-formed message, and a problem for each line that is not."""
    messages, problems = [], []
    for path in corpus_files(folder):
        name = f"corpus/train/{path.name}"
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not raw.strip():
                continue
            try:
                row = json.loads(raw)
                messages.append(Message(str(row["text"]).strip(), str(row["topic"]), str(row["entry"]),
                                        bool(row["escalate"]), str(row.get("writer", "")),
                                        tuple(row.get("also") or ()), name, number))
            except (json.JSONDecodeError, KeyError, TypeError) as error:
                problems.append(Problem(name, number, f"不是合格的语料行（需要 text、topic、entry、escalate）：{error}"))
    return messages, problems


def check_corpus(messages: Iterable[Message], entry_topics: dict[str, str], topics: Iterable[str]) -> list[Problem]:
    """Labels that point at nothing: an entry id that no FAQ file has (renamed or removed),
    a topic outside the taxonomy, or an entry filed under another topic."""
    known_topics = set(topics)
    problems = []
    for m in messages:
        if m.topic not in known_topics:
            problems.append(Problem(m.file, m.line, f"未知主题「{m.topic}」"))
        elif m.entry != NONE and m.entry not in entry_topics:
            problems.append(Problem(m.file, m.line, f"条目「{m.entry}」不存在（改名或删除了？）"))
        elif m.entry != NONE and entry_topics[m.entry] != m.topic:
            problems.append(Problem(m.file, m.line, f"条目「{m.entry}」属于主题 {entry_topics[m.entry]}，语料标的是 {m.topic}"))
    return problems


def examples_by_entry(messages: Iterable[Message], entry_ids: Iterable[str]) -> dict[str, list[str]]:
    """Corpus texts per known entry (unknown or "none" labels are left out, never guessed)."""
    known = set(entry_ids)
    found: dict[str, list[str]] = {}
    for m in messages:
        if m.entry in known:
            found.setdefault(m.entry, []).append(m.text)
    return found


def examples_by_topic(messages: Iterable[Message], topics: Iterable[str]) -> dict[str, list[str]]:
    """Corpus texts per topic, including those no entry answers (the NLU still needs the topic)."""
    known = set(topics)
    found: dict[str, list[str]] = {}
    for m in messages:
        if m.topic in known:
            found.setdefault(m.topic, []).append(m.text)
    return found
