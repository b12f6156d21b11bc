"""The action server's view of the published knowledge-base index, reloaded live.

Staff publish a new index with `hotline kb build` (an atomic file replace). Before each
search the action server checks the file's modification time (one stat call) and
loads the new index if it changed. If the new file cannot be loaded, the last good
index keeps serving and the error is logged, so a broken publish never takes the
service down.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from foundation.settings import settings
from knowledge.embedder import load_embedder
from knowledge.ngram_model import ENTRY_MODEL, LAWYER_MODEL, NgramModel, lawyer_probability, load_ngram_model
from knowledge.retrieval import Retriever, open_index

log = logging.getLogger(__name__)


class LiveKnowledgeBase:
    """Hands out a Retriever for the newest loadable index."""

    def __init__(self, index_path: Path, embedder_path: Path, classifiers_dir: Path | None = None):
        self.index_path = index_path
        self.embedder_path = embedder_path
        self.classifiers_dir = classifiers_dir
        self._embedder = None
        self._lawyer_model: NgramModel | None = None
        self._retriever: Retriever | None = None
        self._mtime: float = -1.0
        self._lock = threading.Lock()
        self.last_error: str = ""

    def retriever(self) -> Retriever:
        """The current retriever; raises only if no index was ever loadable."""
        try:
            mtime = self.index_path.stat().st_mtime
        except FileNotFoundError:
            mtime = -1.0
        if mtime != self._mtime:
            self._reload(mtime)
        if self._retriever is None:
            raise RuntimeError(self.last_error or f"no knowledge-base index at {self.index_path}")
        return self._retriever

    def _reload(self, mtime: float) -> None:
        with self._lock:
            if mtime == self._mtime:
                return
            try:
                index = open_index(self.index_path)
                embedder = self._load_embedder(index.meta.get("model", ""))
                # The models are trained before each publish, so a new index is the moment to re-read them.
                self._retriever = Retriever(index, embedder, self._load_model(ENTRY_MODEL))
                self._lawyer_model = self._load_model(LAWYER_MODEL)
                self.last_error = ""
                log.info("knowledge base loaded: %s entries (%s)", index.meta.get("entries"), self.index_path)
            except Exception as error:  # keep the last good index whatever went wrong
                self.last_error = f"could not load {self.index_path}: {error}"
                log.error("%s; keeping the previous index", self.last_error)
            self._mtime = mtime

    def lawyer_score(self, text: str) -> float:
        """The learned probability that a lawyer should take this message's case (0 without a model)."""
        self.retriever()  # picks up a newly published index and its models
        model = self._lawyer_model
        return lawyer_probability(model, text) if model is not None and text.strip() else 0.0

    def _load_model(self, name: str) -> NgramModel | None:
        """An n-gram model from the classifiers folder, or None (answers then rest on similarity alone)."""
        if self.classifiers_dir is None or not (self.classifiers_dir / name).exists():
            return None
        try:
            return load_ngram_model(self.classifiers_dir / name)
        except (OSError, ValueError, KeyError) as error:
            log.error("could not load %s: %s; going on without it", self.classifiers_dir / name, error)
            return None

    def _load_embedder(self, model_name: str):
        if not model_name:
            return None
        if self._embedder is None:
            self._embedder = load_embedder(self.embedder_path)
        return self._embedder


_shared: LiveKnowledgeBase | None = None


def knowledge_base() -> LiveKnowledgeBase:
    """The process-wide knowledge base (one per action-server process)."""
    global _shared
    if _shared is None:
        config = settings()
        _shared = LiveKnowledgeBase(config.kb_db, config.embedding_model, config.classifiers_dir)
    return _shared
