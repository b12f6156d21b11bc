"""Build what the running assistant reads, only when its sources changed:
the embedding model, the knowledge-base index and the Rasa model."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from foundation.settings import Settings
from hotline.nlu_build import ensure_model
from knowledge.corpus import examples_by_entry, load_corpus
from knowledge.embedder import MARKER, load_embedder, train_embedder
from knowledge.faq import load_faq
from knowledge.index import BuildError, build_index, content_hash, entry_texts, read_meta
from knowledge.ngram_model import ENTRY_MODEL, LAWYER_MODEL, train_ngram_model

Log = Callable[[str], None]


CLASSIFIERS_MARKER = "trained.json"


def _sources(exclude: set[str] | None) -> tuple[list, list, str]:
    """The FAQ entries and corpus messages the models learn from (minus `exclude`, for
    held-out evaluation), and the hash of the files they came from, taken before reading:
    an edit made while a model trains then makes the next build train it again."""
    source_hash = content_hash()
    result = load_faq()
    if result.problems:
        raise BuildError(result)
    messages = [m for m in load_corpus()[0] if m.text not in (exclude or set())]
    return result.entries, messages, source_hash


def _is_current(marker: Path, source_hash: str) -> bool:
    """A model folder's marker names the sources it was trained from."""
    return marker.exists() and json.loads(marker.read_text()).get("source_hash") == source_hash


def train_default_embedder(settings: Settings, base: Path | None = None, exclude: set[str] | None = None,
                           out_dir: Path | None = None) -> dict:
    """Train the embedder on the FAQ and the worker-message corpus (minus `exclude`)."""
    entries, messages, source_hash = _sources(exclude)
    examples = examples_by_entry(messages, (e.id for e in entries))
    groups = [[t for t in entry_texts(e) if t not in (exclude or set())] + examples.get(e.id, []) for e in entries]
    target = out_dir or settings.embedding_model
    info = {**train_embedder(groups, target, base_model=base), "source_hash": source_hash}
    (target / MARKER).write_text(json.dumps(info, ensure_ascii=False, indent=2))
    return info


def train_classifiers(settings: Settings, exclude: set[str] | None = None, out_dir: Path | None = None) -> dict:
    """Train the entry model (FAQ questions, paraphrases and corpus messages -> entry id) and
    the lawyer model (corpus messages -> whether a lawyer should take it), minus `exclude`.
    Parameters: docs/evaluation.md."""
    entries, messages, source_hash = _sources(exclude)
    known = {e.id for e in entries}
    pairs = [(t, e.id) for e in entries for t in entry_texts(e) if t not in (exclude or set())]
    pairs += [(m.text, m.entry) for m in messages if m.entry in known]
    target = out_dir or settings.classifiers_dir
    entry_model = train_ngram_model([t for t, _ in pairs], [e for _, e in pairs], "svm", 20000, 0.5)
    entry_model.save(target / ENTRY_MODEL)
    lawyer_model = train_ngram_model([m.text for m in messages], ["lawyer" if m.escalate else "advice" for m in messages],
                                     "logistic", 40000, 4.0)
    lawyer_model.save(target / LAWYER_MODEL)
    info = {"entry_pairs": len(pairs), "entries": len(entry_model.labels), "lawyer_messages": len(messages),
            "source_hash": source_hash}
    (target / CLASSIFIERS_MARKER).write_text(json.dumps(info, ensure_ascii=False, indent=2))
    return info


def build_knowledge(settings: Settings, log: Log = print, force: bool = False) -> dict:
    """Publish a new index if the FAQ changed, retraining the embedder when it is ours.

    Staff should see an edit live in seconds, and retraining the embedder takes about 15 s:
    so when an index and an embedder already exist, the edit is published first with the
    current embedder, then again once the embedder is retrained on the new FAQ.
    The entry and lawyer models (seconds to train) follow the same path."""
    source_hash = content_hash()
    retrain = settings.default_embedder and (force or not _is_current(settings.embedding_model / MARKER, source_hash))
    retrain_classifiers = force or not _is_current(settings.classifiers_dir / CLASSIFIERS_MARKER, source_hash)
    if (retrain or retrain_classifiers) and settings.kb_db.exists() and (settings.embedding_model / MARKER).exists():
        publish(settings, load_embedder(settings.embedding_model), log, note=" (live now; refining the model …)")
    if retrain:
        log("training the embedding model from the knowledge base …")
        info = train_default_embedder(settings)
        log(f"  embedder: {info['pairs']} training pairs, final loss {info['final_loss']}")
    if retrain_classifiers:
        log("training the entry and lawyer models from the FAQ and the corpus …")
        info = train_classifiers(settings)
        log(f"  entry model: {info['entry_pairs']} texts, {info['entries']} entries; "
            f"lawyer model: {info['lawyer_messages']} messages")
    embedder = load_embedder(settings.embedding_model)
    if not force and not retrain and not retrain_classifiers and settings.kb_db.exists():
        meta = read_meta(settings.kb_db)
        if meta.get("source_hash") == source_hash and meta.get("model") == embedder.name:
            return meta
    return publish(settings, embedder, log)


def publish(settings: Settings, embedder, log: Log, note: str = "") -> dict:
    """Build the index and atomically replace the published one (action servers reload it)."""
    info = build_index(settings.kb_db, embedder)
    log(f"knowledge base published: {info['entries']} entries, {info['articles']} articles -> {settings.kb_db}{note}")
    return info


def build_all(settings: Settings, log: Log = print) -> None:
    result = load_faq()
    if result.problems:
        raise BuildError(result)
    build_knowledge(settings, log)
    ensure_model(settings, log=log)
