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


def train_default_embedder(settings: Settings, base: Path | None = None, exclude: set[str] | None = None,
                           out_dir: Path | None = None) -> dict:
    """Train the embedder on the FAQ and the worker-message corpus (minus `exclude`, for
    held-out evaluation)."""
    result = load_faq()
    if result.problems:
        raise BuildError(result)
    examples = examples_by_entry(load_corpus()[0], (e.id for e in result.entries))
    groups = [[t for t in [*entry_texts(e), *examples.get(e.id, [])] if t not in (exclude or set())]
              for e in result.entries]
    info = train_embedder(groups, out_dir or settings.embedding_model, base_model=base)
    info["source_hash"] = content_hash()
    target = out_dir or settings.embedding_model
    (target / MARKER).write_text(json.dumps(info, ensure_ascii=False, indent=2))
    return info


def embedder_is_current(settings: Settings) -> bool:
    marker = settings.embedding_model / MARKER
    if not marker.exists():
        return False
    return json.loads(marker.read_text()).get("source_hash") == content_hash()


CLASSIFIERS_MARKER = "trained.json"


def train_classifiers(settings: Settings, exclude: set[str] | None = None, out_dir: Path | None = None) -> dict:
    """Train the entry model (FAQ questions, paraphrases and corpus messages -> entry id) and
    the lawyer model (corpus messages -> whether a lawyer should take it); `exclude` leaves
    texts out, for held-out evaluation. Parameters: docs/evaluation.md."""
    result = load_faq()
    if result.problems:
        raise BuildError(result)
    messages = [m for m in load_corpus()[0] if m.text not in (exclude or set())]
    known = {e.id for e in result.entries}
    pairs = [(t, e.id) for e in result.entries for t in entry_texts(e) if t not in (exclude or set())]
    pairs += [(m.text, m.entry) for m in messages if m.entry in known]
    target = out_dir or settings.classifiers_dir
    entry_model = train_ngram_model([t for t, _ in pairs], [e for _, e in pairs], "svm", 20000, 0.5)
    entry_model.save(target / ENTRY_MODEL)
    lawyer_model = train_ngram_model([m.text for m in messages], ["lawyer" if m.escalate else "advice" for m in messages],
                                     "logistic", 40000, 4.0)
    lawyer_model.save(target / LAWYER_MODEL)
    info = {"entry_pairs": len(pairs), "entries": len(entry_model.labels), "lawyer_messages": len(messages),
            "source_hash": content_hash()}
    (target / CLASSIFIERS_MARKER).write_text(json.dumps(info, ensure_ascii=False, indent=2))
    return info


def classifiers_are_current(settings: Settings) -> bool:
    marker = settings.classifiers_dir / CLASSIFIERS_MARKER
    return marker.exists() and json.loads(marker.read_text()).get("source_hash") == content_hash()


def build_knowledge(settings: Settings, log: Log = print, force: bool = False) -> dict:
    """Publish a new index if the FAQ changed, retraining the embedder when it is ours.

    Staff should see an edit live in seconds, and retraining the embedder takes about 15 s:
    so when an index and an embedder already exist, the edit is published first with the
    current embedder, then again once the embedder is retrained on the new FAQ.
    The entry and lawyer models (seconds to train) follow the same path."""
    retrain = settings.default_embedder and (force or not embedder_is_current(settings))
    retrain_classifiers = force or not classifiers_are_current(settings)
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
        if meta.get("source_hash") == content_hash() and meta.get("model") == embedder.name:
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
