"""Static token embeddings distilled from all-MiniLM-L6-v2 (model2vec-style), numpy only.

``scripts/distill_static.py`` ran every WordPiece vocabulary token of all-MiniLM-L6-v2 through
the model once, reduced the vectors with PCA, weighted them by Zipf rank (frequent tokens
weigh less) and stored them as int8 rows with a per-row scale in ``static_minilm.npz``
together with the vocabulary. At run time a text's embedding is the L2-normalized mean of
its tokens' vectors: the words of :func:`saferail.detectors.features.tokenize` (already
lowercased; accents are stripped here as BERT's uncased tokenizer does) split by a small
greedy longest-match-first WordPiece. No model, tokenizer library or download is needed.

The detector models use this vector as a dense block next to the hashed n-gram features:
it carries word meaning (a hazard word never seen in training lands near similar ones).
"""

from __future__ import annotations

__all__ = [
    "STATIC_FILE",
    "StaticEmbedder",
    "embed",
    "embed_batch",
    "embed_words",
    "load_embedder",
    "read_table",
]

import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from saferail.detectors.features import tokens

STATIC_FILE = "static_minilm.npz"
MAX_WORD_CHARS = 100  # longer words are [UNK] (as in BERT)

FloatMatrix = npt.NDArray[np.float32]


def _strip_accents(word: str) -> str:
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")


class StaticEmbedder:
    """Token table plus a greedy WordPiece tokenizer over its vocabulary."""

    def __init__(
        self,
        vocab: Sequence[str],
        vectors: npt.NDArray[np.floating[Any]] | npt.NDArray[np.int8],
        scales: npt.NDArray[np.float32] | None = None,
    ) -> None:
        """``vectors`` one row per vocabulary entry; with ``scales``, int8 rows that are
        dequantized per looked-up token (row ``i`` is ``vectors[i] * scales[i]``)."""
        if len(vocab) != vectors.shape[0]:
            raise ValueError("one vector per vocabulary entry is required")
        self.vocab: dict[str, int] = {tok: i for i, tok in enumerate(vocab)}
        self.vectors = np.ascontiguousarray(vectors)
        self.scales = None if scales is None else np.asarray(scales, dtype=np.float32)
        if self.scales is None:
            self.vectors = self.vectors.astype(np.float32)
        self.dim = int(vectors.shape[1])
        self.unk = self.vocab.get("[UNK]", -1)
        self.word_ids = lru_cache(maxsize=200_000)(self._word_ids)

    def _word_ids(self, word: str) -> tuple[int, ...]:
        """WordPiece ids of one lowercased word (greedy longest match; [UNK] if stuck)."""
        word = _strip_accents(word)
        if len(word) > MAX_WORD_CHARS:
            return (self.unk,) if self.unk >= 0 else ()
        vocab, pieces, start, n = self.vocab, [], 0, len(word)
        while start < n:
            end = n
            found = -1
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                found = vocab.get(piece, -1)
                if found >= 0:
                    break
                end -= 1
            if found < 0:
                return (self.unk,) if self.unk >= 0 else ()
            pieces.append(found)
            start = end
        return tuple(pieces)

    def ids(self, words: Sequence[str]) -> list[int]:
        return list(chain.from_iterable(map(self.word_ids, words)))

    def embed_ids(self, ids: Sequence[int]) -> FloatMatrix:
        if not ids:
            return np.zeros(self.dim, dtype=np.float32)
        idx = np.asarray(ids, dtype=np.int64)
        rows = self.vectors[idx].astype(np.float32)
        if self.scales is not None:
            rows *= self.scales[idx, None]
        vec = rows.sum(axis=0)
        norm = float(np.sqrt(np.dot(vec, vec)))
        out: FloatMatrix = vec / norm if norm > 0.0 else vec
        return out

    def embed_words(self, words: Sequence[str]) -> FloatMatrix:
        """L2-normalized mean token vector of lowercased words."""
        return self.embed_ids(self.ids(words))


def read_table(path: Path) -> StaticEmbedder:
    """A static embedder from a table file: ``vocab`` (UTF-8 bytes, one token a line),
    ``vectors`` (int8, one row per token) and ``scales`` (float32, one per row)."""
    with np.load(path, allow_pickle=False) as npz:
        vocab = npz["vocab"].tobytes().decode("utf-8").split("\n")
        q = npz["vectors"]
        scale = npz["scales"].astype(np.float32)
    return StaticEmbedder(vocab, q, scale)


@lru_cache(maxsize=1)
def load_embedder() -> StaticEmbedder:
    """The bundled static embedder (loaded once, after checking its pinned SHA-256)."""
    from saferail.detectors.model import models_dir
    from saferail.supply.pins import verify_pinned

    path = models_dir() / STATIC_FILE
    verify_pinned(path, f"models/{STATIC_FILE}")
    return read_table(path)


def embed_words(words: Sequence[str]) -> FloatMatrix:
    """Static embedding of lowercased words with the bundled table."""
    return load_embedder().embed_words(words)


@lru_cache(maxsize=512)
def embed(text: str) -> FloatMatrix:
    """Static embedding of one text (cached: the detector checks share it)."""
    vec = embed_words(tokens(text))
    vec.setflags(write=False)
    return vec


def embed_batch(texts: Sequence[str]) -> FloatMatrix:
    """Static embeddings of many texts, one row each."""
    dim = load_embedder().dim
    if not texts:
        return np.zeros((0, dim), dtype=np.float32)
    return np.stack([embed(t) for t in texts]).astype(np.float32)
