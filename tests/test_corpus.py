"""The worker-message corpus: labels that point at real entries, and a development set
that nothing trains on."""

from __future__ import annotations

import json
import re

from knowledge.corpus import CORPUS_DIR, NONE, check_corpus, load_corpus
from knowledge.faq import load_faq, load_topics

DEV_DIR = CORPUS_DIR.parent / "dev"


def _plain(text: str) -> str:
    return re.sub(r"[\W_]+", "", text)


def test_every_training_message_is_well_formed_and_points_at_an_entry_of_its_topic():
    messages, problems = load_corpus()
    assert not problems
    entries = {e.id: e.topic for e in load_faq().entries}
    assert check_corpus(messages, entries, load_topics()) == []
    assert all(2 <= len(m.text) <= 260 for m in messages), [m.text for m in messages if not 2 <= len(m.text) <= 260][:3]


def test_no_development_message_is_in_the_training_data():
    dev = [json.loads(line)["text"] for path in DEV_DIR.glob("*.jsonl") for line in path.read_text().splitlines() if line]
    assert dev, "the realistic development set is missing"
    training = {_plain(m.text) for m in load_corpus()[0]}
    training |= {_plain(t) for e in load_faq().entries for t in (e.question, *e.paraphrases)}
    leaked = [text for text in dev if _plain(text) in training]
    assert leaked == []


def test_the_development_set_is_labelled_with_entries_that_exist():
    entries = {e.id for e in load_faq().entries}
    for path in DEV_DIR.glob("*.jsonl"):
        for line in path.read_text().splitlines():
            row = json.loads(line)
            assert row["entry"] == NONE or row["entry"] in entries, row
            assert set(row.get("entry_alt", [])) <= entries, row
