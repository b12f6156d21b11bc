"""A linear model over character n-grams, trained here on the worker-message corpus.

Why: similarity to one stored text (retrieval) judges a long, messy message by its
nearest neighbour; a linear model weighs every character 1–3-gram of the message
against all labels at once, learnt from ten thousand labelled messages. On the realistic
set the two make different mistakes, so the answer uses both (knowledge/retrieval.py).
The same model, with two labels, gives the learned escalation score.

Training uses scikit-learn (TF-IDF, then a linear SVM or logistic regression). What the
action server loads is plain numpy in one .npz file (no pickle): the n-gram vocabulary,
the idf weights and the weight matrix. `features` reproduces scikit-learn's char analyzer
and sublinear TF-IDF exactly (tests/test_ngram_model.py compares the two).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

NGRAMS = (1, 3)
# The two models `hotline build` trains, in Settings.classifiers_dir.
ENTRY_MODEL, LAWYER_MODEL = "entry.npz", "lawyer.npz"
_SPACES = re.compile(r"\s\s+")


def char_ngrams(text: str, ngrams: tuple[int, int] = NGRAMS) -> list[str]:
    """Character n-grams as scikit-learn's analyzer="char" makes them (lower case, runs of space as one)."""
    text = _SPACES.sub(" ", text.lower())
    low, high = ngrams
    return [text[i:i + n] for n in range(low, high + 1) for i in range(len(text) - n + 1)]


@dataclass
class NgramModel:
    """Scores of each label for a text: features (sublinear tf × idf, unit length) · weights + bias."""

    labels: list[str]
    vocabulary: dict[str, int]
    idf: np.ndarray        # per feature
    weights: np.ndarray    # features × labels (float16 on disk and in memory)
    bias: np.ndarray       # per label
    ngrams: tuple[int, int] = NGRAMS

    def features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(feature indices, values) of the text: the sparse TF-IDF row."""
        counts = Counter(self.vocabulary[g] for g in char_ngrams(text, self.ngrams) if g in self.vocabulary)
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        indices = np.fromiter(counts, dtype=np.int64, count=len(counts))
        values = np.array([1.0 + math.log(counts[i]) for i in indices], dtype=np.float32) * self.idf[indices]
        return indices, values / np.linalg.norm(values)

    def scores(self, text: str) -> np.ndarray:
        """Decision value per label (for two labels: one value, the log-odds of the second)."""
        indices, values = self.features(text)
        return values @ self.weights[indices].astype(np.float32) + self.bias

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        terms = sorted(self.vocabulary, key=self.vocabulary.get)
        with path.open("wb") as handle:  # np.savez would add ".npz" to a name without it
            np.savez_compressed(handle, idf=self.idf, weights=self.weights, bias=self.bias,
                                meta=np.array(json.dumps({"labels": self.labels, "terms": terms,
                                                          "ngrams": list(self.ngrams)}, ensure_ascii=False)))


def lawyer_probability(model: NgramModel, text: str) -> float:
    """The lawyer model's probability that a lawyer should take the case described in `text`."""
    return float(1.0 / (1.0 + np.exp(-model.scores(text)[0])))


def load_ngram_model(path: Path) -> NgramModel:
    with np.load(path, allow_pickle=False) as data:
        meta = json.loads(str(data["meta"]))
        return NgramModel(meta["labels"], {t: i for i, t in enumerate(meta["terms"])}, data["idf"].astype(np.float32),
                          data["weights"], data["bias"].astype(np.float32), tuple(meta["ngrams"]))


def train_ngram_model(texts: Sequence[str], labels: Sequence[str], kind: str = "svm", max_features: int = 20000,
                      strength: float = 0.5) -> NgramModel:
    """Fit on (text, label) pairs. kind "svm": one-vs-rest linear SVM (ranking many labels);
    "logistic": logistic regression (a calibrated probability for two labels).
    `strength` is the inverse regularisation C."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC

    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=NGRAMS, sublinear_tf=True, min_df=2,
                                 max_features=max_features, dtype=np.float32)
    matrix = vectorizer.fit_transform(texts)
    if kind == "svm":
        model = LinearSVC(C=strength, random_state=0)
    elif kind == "logistic":
        model = LogisticRegression(C=strength, max_iter=3000)
    else:
        raise ValueError(f"unknown model kind {kind!r}")
    model.fit(matrix, list(labels))
    return NgramModel([str(c) for c in model.classes_], {t: int(i) for t, i in vectorizer.vocabulary_.items()},
                      vectorizer.idf_.astype(np.float32), model.coef_.T.astype(np.float16),
                      model.intercept_.astype(np.float32), NGRAMS)
