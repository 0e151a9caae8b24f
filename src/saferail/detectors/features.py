"""Deterministic hashed n-gram features.

A text is lowercased and split into words (runs of Unicode letters and digits). Features:
word unigrams, word bigrams and character 3-5-grams of each word padded with spaces (so
n-grams never cross a word boundary). Each feature string is hashed with ``zlib.crc32``
(stable across processes, unlike the salted built-in ``hash``) into ``N_FEATURES`` buckets;
bit 31 of the hash gives the sign (signed feature hashing reduces collision bias). Counts
are summed per bucket and the vector is L2-normalized.

Signature families of :mod:`saferail.detectors.signatures` found in the text add one
feature each (``sig:<family>``, value ``SIG_VALUE``) after normalization, so a hit weighs the
same in a short prompt and in a long document.

Words longer than ``MAX_WORD`` characters contribute character n-grams of their first
``MAX_WORD`` characters only, which bounds the cost of long random tokens.
"""

from __future__ import annotations

__all__ = [
    "MAX_WORD",
    "N_FEATURES",
    "SIG_VALUE",
    "STRIDE",
    "WINDOW",
    "SparseBatch",
    "SparseVector",
    "featurize",
    "featurize_batch",
    "featurize_words",
    "ngram_vector",
    "rule_tokens",
    "tokenize",
    "tokens",
    "window_vectors",
    "window_words",
    "with_named",
]

import re
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from saferail.detectors.signatures import signature_hits

N_FEATURES = 1 << 18
MAX_WORD = 24
SIG_VALUE = 0.5
WINDOW = 60  # words per window of a long text (see window_vectors)
STRIDE = 30
_MASK = N_FEATURES - 1
_TOKEN_RE = re.compile(r"[^\W_]+")
# combining marks of the Basic Multilingual Plane (categories Mn, Mc, Me), which ``[^\W_]``
# leaves out of words (a class inside the BMP is a bitmap for ``re``; beyond it, a slow list)
_MARKS = "".join(
    chr(c) for c in range(0x300, 0x10000) if unicodedata.category(chr(c)) in ("Mn", "Mc", "Me")
)
_MARK_CLASS = "[" + re.escape(_MARKS) + "]"
_MARK_RE = re.compile(_MARK_CLASS)
_RULE_TOKEN_RE = re.compile(r"[^\W_](?:[^\W_]|" + _MARK_CLASS + ")*")

IntArray = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class SparseVector:
    """One L2-normalized feature vector: sorted bucket indices and their values."""

    indices: IntArray
    values: FloatArray


@dataclass(frozen=True, slots=True)
class SparseBatch:
    """A CSR matrix without scipy: row ``i`` is ``indices/values[indptr[i]:indptr[i+1]]``."""

    indptr: npt.NDArray[np.int64]
    indices: IntArray
    values: FloatArray

    @property
    def n_rows(self) -> int:
        return int(self.indptr.shape[0] - 1)


def tokenize(text: str) -> list[str]:
    """Lowercased words of ``text``."""
    return _TOKEN_RE.findall(text.lower())


@lru_cache(maxsize=512)
def rule_tokens(text: str) -> tuple[str, ...]:
    """The words the checks' signature rules read: :func:`tokens`, except that a word keeps
    its combining marks (an Arabic shadda, the dot of a lowercased Turkish capital I), which
    the rules' folding then drops, so "المطوّر" and "İptal" stay whole words. The model
    features keep :func:`tokens`, the words they were trained on."""
    if text.isascii():
        return tokens(text)
    low = text.lower()  # may add a mark: "İ" lowercases to "i" and a combining dot
    if _MARK_RE.search(low) is None:
        return tokens(text)
    return tuple(_RULE_TOKEN_RE.findall(low))


@lru_cache(maxsize=512)
def tokens(text: str) -> tuple[str, ...]:
    """:func:`tokenize`, cached per text (the hashed features and the static embedding of one
    message share it)."""
    return tuple(tokenize(text))


_Keys = npt.NDArray[np.int32]


def _keys(hashes: npt.NDArray[np.uint32]) -> _Keys:
    """``bucket * 2 + sign bit`` of each hash: a feature's bucket and sign in one sortable
    integer (19 bits; int32 sorts twice as fast as int64)."""
    return (((hashes & _MASK) << 1) | (hashes >> 31)).astype(np.int32)


@lru_cache(maxsize=100_000)
def _word(word: str) -> tuple[_Keys, int, bytes]:
    """A word's part of the features, cached per word: the keys of its unigram and character
    3-5-grams, and the two halves of a bigram ``"b:" + left + " " + right``: the crc32 of
    the head when the word is on the left, the bytes of the tail when it is on the right."""
    feats = ["w:" + word]
    padded = f" {word[:MAX_WORD]} "
    n = len(padded)
    for size in (3, 4, 5):
        feats.extend(padded[i : i + size] for i in range(n - size + 1))
    keys = _keys(np.fromiter((zlib.crc32(f.encode("utf-8")) for f in feats), np.uint32, len(feats)))
    keys.setflags(write=False)
    return keys, zlib.crc32(b"b:" + word.encode("utf-8")), b" " + word.encode("utf-8")


def _raw(words: Sequence[str]) -> _Keys:
    """Keys of every feature of ``words``: unigrams, character n-grams, then bigrams."""
    parts = list(map(_word, words))
    # crc32(tail, crc32(head)) is crc32(head + tail): one C call per bigram
    bigrams = np.fromiter(
        map(zlib.crc32, [p[2] for p in parts[1:]], [p[1] for p in parts[:-1]]),
        np.uint32,
        max(0, len(parts) - 1),
    )
    return np.concatenate([*(p[0] for p in parts), _keys(bigrams)])


def _normalize(keys: _Keys) -> SparseVector:
    """Sum the signed counts per bucket (exact integers), drop zeros, L2-normalize."""
    if not keys.size:
        return SparseVector(np.zeros(0, np.int32), np.zeros(0, np.float32))
    keys = np.sort(keys)
    buckets = keys >> 1
    first = np.empty(keys.size, dtype=bool)  # where a bucket's run of keys starts
    first[0] = True
    np.not_equal(buckets[1:], buckets[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    sums = np.add.reduceat((keys & 1) * 2 - 1, starts)  # +1 per positive feature, -1 per negative
    keep = sums != 0
    uniq, vals = buckets[starts[keep]], sums[keep].astype(np.float64)
    norm = float(np.sqrt(np.dot(vals, vals)))
    if norm > 0.0:
        vals = vals / norm
    return SparseVector(uniq.astype(np.int32), vals.astype(np.float32))


def with_named(vec: SparseVector, names: Sequence[str], value: float) -> SparseVector:
    """``vec`` plus ``value`` in the hashed bucket of each named feature (added after the
    normalization: a named feature weighs the same in a short text and a long one)."""
    if not names:
        return vec
    extra = np.asarray([zlib.crc32(n.encode("utf-8")) & _MASK for n in names], dtype=np.int32)
    idx = np.concatenate([vec.indices, extra])
    vals = np.concatenate([vec.values, np.full(len(names), value, dtype=np.float32)])
    uniq, inverse = np.unique(idx, return_inverse=True)
    summed = np.bincount(inverse, weights=vals.astype(np.float64))
    return SparseVector(uniq.astype(np.int32), summed.astype(np.float32))


def ngram_vector(words: Sequence[str]) -> SparseVector:
    """The hashed n-gram vector of a list of lowercased words, L2-normalized, without the
    signature features (the eval scorers' n-gram block)."""
    return _normalize(_raw(words))


def featurize_words(words: Sequence[str], text: str | None = None) -> SparseVector:
    """The feature vector of a list of lowercased words (``text`` enables many-shot turns)."""
    hits = signature_hits(list(words), text)
    return with_named(ngram_vector(words), ["sig:" + h for h in hits], SIG_VALUE)


@lru_cache(maxsize=512)
def featurize(text: str) -> SparseVector:
    """The feature vector of one text (cached: the four detector checks share it)."""
    vec = featurize_words(tokens(text), text)
    vec.indices.setflags(write=False)
    vec.values.setflags(write=False)
    return vec


def featurize_batch(texts: Sequence[str]) -> SparseBatch:
    """Feature vectors of many texts as one CSR-like batch."""
    vecs = [featurize(t) for t in texts]
    indptr = np.zeros(len(vecs) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([v.indices.shape[0] for v in vecs])
    if vecs:
        indices = np.concatenate([v.indices for v in vecs]).astype(np.int32)
        values = np.concatenate([v.values for v in vecs]).astype(np.float32)
    else:
        indices, values = np.zeros(0, np.int32), np.zeros(0, np.float32)
    return SparseBatch(indptr, indices, values)


def window_words(text: str, size: int = WINDOW, stride: int = STRIDE) -> list[list[str]]:
    """The words of each overlapping ``size``-word window of a long text.

    Empty when the text has at most ``size + stride`` words (the whole text already covers
    it). A short instruction hidden in a long document is diluted in the whole-text vector but
    dominates the window that contains it; callers take the max over windows.
    """
    words = tokens(text)
    n = len(words)
    if n <= size + stride:
        return []
    starts = [*range(0, n - size, stride), n - size]
    return [list(words[i : i + size]) for i in starts]


def window_vectors(text: str, size: int = WINDOW, stride: int = STRIDE) -> list[SparseVector]:
    """Feature vectors of the windows of :func:`window_words`."""
    return [featurize_words(w) for w in window_words(text, size, stride)]
