"""The sentence-embedding model used for dense retrieval.

No model hub is reachable where the hotline runs, so the default model is trained
here, offline, from the knowledge base itself (`hotline kb train-embedder`): a
sentence-transformers `StaticEmbedding` over jieba words and single characters,
trained contrastively so that paraphrases of one entry land close together. It trains
in seconds on two cores and encodes a query in well under a millisecond.

`HOTLINE_EMBEDDING_MODEL` may instead point at any sentence-transformers folder (for
example a downloaded bge-small-zh-v1.5); such models get raw text, and the same
training command fine-tunes them.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from knowledge.segment import bigrams, tokens

MARKER = "hotline_embedder.json"


def prepare(text: str) -> str:
    """Words, character bigrams and characters, so unknown words still share parts."""
    words = tokens(text)
    chars = [c for w in words for c in w if len(w) > 1]
    return " ".join([*words, *(f"_{b}" for b in bigrams(text)), *chars])


@dataclass
class Embedder:
    """Encode texts to L2-normalised vectors, whichever kind of model is loaded."""

    model: object
    pre_segment: bool
    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        inputs = [prepare(t) for t in texts] if self.pre_segment else list(texts)
        vectors = self.model.encode(inputs, convert_to_numpy=True, normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)


class StaticEncoder:
    """Our trained static model, run with numpy: the mean of the text's token vectors,
    L2-normalised — the same numbers as sentence-transformers' StaticEmbedding (tested), but
    without importing torch, which kept ~500 MB resident in every action server."""

    def __init__(self, folder: Path):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        self.weights = load_file(str(folder / "model.safetensors"))["embedding.weight"]
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()

    def encode(self, inputs: Sequence[str], **_: object) -> np.ndarray:
        vectors = np.zeros((len(inputs), self.weights.shape[1]), dtype=np.float32)
        for row, encoding in enumerate(self.tokenizer.encode_batch(list(inputs), add_special_tokens=False)):
            if encoding.ids:
                vectors[row] = self.weights[encoding.ids].mean(axis=0)
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def is_static_model(path: Path) -> bool:
    """A folder holding only a StaticEmbedding module (what `hotline kb train-embedder` makes)."""
    modules = path / "modules.json"
    if not modules.exists() or not (path / "model.safetensors").exists():
        return False
    kinds = [m.get("type", "") for m in json.loads(modules.read_text())]
    return len(kinds) == 1 and kinds[0].endswith("StaticEmbedding")


def load_embedder(path: Path) -> Embedder:
    """Load a model folder; raises FileNotFoundError with the command that builds it.
    Static models run on numpy; any other sentence-transformers model on torch."""
    if not path.exists():
        raise FileNotFoundError(f"no embedding model at {path}: run `hotline kb train-embedder`")
    marker = path / MARKER
    info = json.loads(marker.read_text()) if marker.exists() else {}
    if is_static_model(path):
        model = StaticEncoder(path)
    else:
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
    return Embedder(model, bool(info.get("pre_segment")), info.get("name", path.name))


def training_pairs(groups: Sequence[Sequence[str]], seed: int = 0) -> list[tuple[str, str]]:
    """(anchor, positive) pairs: every text of an entry against its question and a sibling.
    (Mined hard negatives were measured and gave nothing over in-batch negatives once the
    corpus was in: docs/retrieval.md.)"""
    rng = random.Random(seed)
    pairs = []
    for texts in groups:
        if len(texts) < 2:
            continue
        question = texts[0]
        for text in texts[1:]:
            pairs.append((text, question))
            pairs.append((text, rng.choice(texts)))
    return pairs


def _static_model(corpus: Sequence[str], dim: int):
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import StaticEmbedding
    from tokenizers import Tokenizer
    from tokenizers.models import WordLevel
    from tokenizers.pre_tokenizers import WhitespaceSplit

    vocab = {"[UNK]": 0}  # no padding: StaticEmbedding bags tokens, and pads would dilute the mean
    for text in corpus:
        for token in prepare(text).split():
            vocab.setdefault(token, len(vocab))
    tokenizer = Tokenizer(WordLevel(vocab, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = WhitespaceSplit()
    return SentenceTransformer(modules=[StaticEmbedding(tokenizer, embedding_dim=dim)], device="cpu")


def train_embedder(
    groups: Sequence[Sequence[str]],
    out_dir: Path,
    base_model: Path | None = None,
    epochs: int = 8,        # the corpus gives ~30 texts an entry: fewer passes suffice
    batch_size: int = 128,  # more in-batch negatives, half the optimiser steps
    dim: int = 128,
    seed: int = 0,
    lr: float | None = None,
) -> dict:
    """Train (or fine-tune `base_model`) with in-batch negatives and save to `out_dir`.

    `groups` are the texts of one entry each (question first). The vocabulary is the
    tokens of those texts: a token no training text has would keep its random start
    vector, so unknown tokens map to [UNK], whose vector is zero (they do not count).
    """
    import torch

    torch.manual_seed(seed)
    if base_model is None:
        model, pre_segment, default_lr = _static_model([t for g in groups for t in g], dim), True, 0.2
    else:
        from sentence_transformers import SentenceTransformer

        model, pre_segment, default_lr = SentenceTransformer(str(base_model), device="cpu", local_files_only=True), False, 2e-5
    optimiser = torch.optim.Adam(model.parameters(), lr=lr or default_lr)
    rng = random.Random(seed)
    model.train()
    losses = []
    pairs = training_pairs(groups, seed)
    # segmenting is the slow part (~1 ms a text): once per text, not once per epoch
    prepared = {t: prepare(t) for g in groups for t in g} if pre_segment else None
    for _ in range(epochs):
        rng.shuffle(pairs)
        for start in range(0, len(pairs), batch_size):
            batch = pairs[start : start + batch_size]
            loss = _contrastive_loss(model, batch, prepared)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            losses.append(loss.item())
    model.eval()
    if pre_segment:
        import torch

        with torch.no_grad():
            model[0].embedding.weight[0].zero_()  # [UNK]: unknown tokens add nothing to the mean
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save(str(out_dir))
    info = {"name": "hotline-static-zh" if pre_segment else str(base_model), "pre_segment": pre_segment,
            "pairs": len(pairs), "epochs": epochs, "final_loss": round(float(np.mean(losses[-10:])), 4)}
    (out_dir / MARKER).write_text(json.dumps(info, ensure_ascii=False, indent=2))
    return info


def _contrastive_loss(model, batch: Sequence[tuple[str, str]], prepared: dict[str, str] | None):
    """Multiple-negatives ranking loss: each anchor must pick its own positive."""
    import torch

    def embed(texts: list[str]):
        inputs = [prepared[t] for t in texts] if prepared is not None else texts
        features = model.preprocess(inputs) if hasattr(model, "preprocess") else model.tokenize(inputs)
        out = model(features)["sentence_embedding"]
        return torch.nn.functional.normalize(out, dim=-1)

    anchors = embed([a for a, _ in batch])
    positives = embed([p for _, p in batch])
    scores = anchors @ positives.T * 20.0
    labels = torch.arange(len(batch))
    return torch.nn.functional.cross_entropy(scores, labels)
