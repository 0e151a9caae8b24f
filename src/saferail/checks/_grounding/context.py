"""The index of a call's context: numbered documents, their sentences, words and vectors.

The context is the retrieved text the answer should rest on. When it is numbered the way
the eval harness writes it (``[1] first document`` ... ``[N] last``, each marker at the start
of a line), each marker starts a document with that id; otherwise the whole context is
document 1. An :class:`Evidence` is everything needed to test claims against a set of
documents (all of them, or only the ones a citation names): the content stems and
casefolded words it contains, its sentences (with a static embedding each), its
*passages* and the embedding of each distinct content word. A passage is a sentence, two
adjacent sentences of one document, or a sentence that opens with a pronoun ("She won
...") joined with the last earlier sentence of its document that does not (where its
subject is named). Indexes are cached per context string, and the evidence of a document
set per index, so an answer's claims, and both checks, share them.
"""

from __future__ import annotations

__all__ = [
    "ContextIndex",
    "Evidence",
    "Passage",
    "Sentence",
    "context_index",
    "text_vector",
    "word_vector",
]

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from saferail.checks._grounding.text import NUMBER_WORDS, Denial, Word, denials, is_negated, words
from saferail.detectors.static import load_embedder

Vector = npt.NDArray[np.float32]
CACHE_SIZE = 64
_DOC_MARK = re.compile(r"^[ \t]*\[(\d{1,6})\][ \t]*", re.M)
# Sentence ends: punctuation then space, punctuation glued to a capital ("century.First",
# as in concatenated passages), or a line break.
_SENT_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+|(?<=[a-z0-9)\]\"'][.!?])(?=[A-Z])|\n+")
_DIGITS = {v: k for k, v in NUMBER_WORDS.items()}
_PRONOUNS = frozenset("he she it they his her its their this these those".split())


@lru_cache(maxsize=65_536)
def word_vector(word: str) -> Vector:
    """Static embedding of one casefolded word (read-only, cached)."""
    vec = load_embedder().embed_words([word])
    vec.setflags(write=False)
    return vec


def text_vector(ws: list[Word]) -> Vector:
    """Static embedding of a run of words."""
    return load_embedder().embed_words([w.lower for w in ws])


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a document: span in the context, content stems, casefolded words
    (in order, for its embedding), whether it is negated and what its negations deny."""

    doc: int
    start: int
    end: int
    stems: frozenset[str]
    lowers: frozenset[str]
    vocab: frozenset[str]
    tokens: tuple[str, ...]
    negated: bool
    denials: tuple[Denial, ...] = ()

    @property
    def anaphoric(self) -> bool:
        """Whether the sentence opens with a pronoun ("She won ..."): its subject is named
        in an earlier sentence."""
        return bool(self.tokens) and self.tokens[0] in _PRONOUNS


@dataclass(frozen=True, slots=True)
class Passage:
    """One sentence or two adjacent sentences of one document (claims often join what two
    neighbouring sentences say)."""

    doc: int
    start: int
    end: int
    stems: frozenset[str]
    lowers: frozenset[str]
    negated: bool
    denials: tuple[Denial, ...] = ()


def _join(a: Sentence, b: Sentence) -> Passage:
    return Passage(
        a.doc,
        a.start,
        b.end,
        a.stems | b.stems,
        a.lowers | b.lowers,
        a.negated or b.negated,
        a.denials + b.denials,
    )


class Evidence:
    """What a set of documents states, ready for claims to be tested against. Embeddings
    are computed on first use (most claims never need them)."""

    def __init__(self, docs: tuple[int, ...], sentences: list[Sentence]) -> None:
        self.docs = docs
        self.sentences = sentences
        self.stems: frozenset[str] = frozenset().union(*(s.stems for s in sentences))
        self.lowers: frozenset[str] = frozenset().union(*(s.lowers for s in sentences))
        self.passages = [
            Passage(s.doc, s.start, s.end, s.stems, s.lowers, s.negated, s.denials)
            for s in sentences
        ]
        for a, b in itertools.pairwise(sentences):
            if a.doc == b.doc:
                self.passages.append(_join(a, b))
        antecedent: Sentence | None = None
        for i, sent in enumerate(sentences):
            if i and sentences[i - 1].doc != sent.doc:
                antecedent = None
            if not sent.anaphoric:
                antecedent = sent
            elif antecedent is not None and antecedent is not sentences[i - 1]:
                self.passages.append(_join(antecedent, sent))
        self._vocab: tuple[list[str], Vector] | None = None
        self._sentence_vectors: Vector | None = None

    @property
    def vocab(self) -> tuple[list[str], Vector]:
        """The documents' distinct content words (no numbers) and their embeddings."""
        if self._vocab is None:
            vocab = sorted(frozenset().union(*(s.vocab for s in self.sentences)))
            dim = load_embedder().dim
            vecs = (
                np.stack([word_vector(w) for w in vocab])
                if vocab
                else np.zeros((0, dim), np.float32)
            )
            self._vocab = (vocab, vecs)
        return self._vocab

    @property
    def sentence_vectors(self) -> Vector:
        """One static embedding per sentence."""
        if self._sentence_vectors is None:
            dim = load_embedder().dim
            if self.sentences:
                embedder = load_embedder()
                self._sentence_vectors = np.stack(
                    [embedder.embed_words(list(s.tokens)) for s in self.sentences]
                )
            else:
                self._sentence_vectors = np.zeros((0, dim), np.float32)
        return self._sentence_vectors


def _aliases(ws: list[Word]) -> set[str]:
    """Both spellings of small numbers ("two" and "2")."""
    out: set[str] = set()
    for w in ws:
        if w.lower in NUMBER_WORDS:
            out.add(NUMBER_WORDS[w.lower])
        elif w.stem in _DIGITS:
            out.add(_DIGITS[w.stem])
    return out


def _sentences(text: str, doc: int, start: int, end: int) -> list[Sentence]:
    """The sentences of ``text[start:end]`` (offsets into ``text``)."""
    cuts = [start, *(m.end() for m in _SENT_END.finditer(text, start, end)), end]
    out: list[Sentence] = []
    for s, e in itertools.pairwise(cuts):
        ws = words(text, s, e)
        if not ws:
            continue
        alias = _aliases(ws)
        out.append(
            Sentence(
                doc,
                ws[0].start,
                ws[-1].end,
                frozenset({w.stem for w in ws if w.content} | alias),
                frozenset({w.lower for w in ws} | alias),
                frozenset(w.lower for w in ws if w.content and not w.number),
                tuple(w.lower for w in ws),
                is_negated(ws),
                denials(text, ws),
            )
        )
    return out


class ContextIndex:
    """Documents of one context string; :meth:`evidence` indexes any set of them."""

    def __init__(self, text: str) -> None:
        self.text = text
        marks = list(_DOC_MARK.finditer(text))
        spans: dict[int, tuple[int, int]] = {}
        if marks:
            ends = [m.start() for m in marks[1:]] + [len(text)]
            for m, e in zip(marks, ends, strict=True):
                spans.setdefault(int(m.group(1)), (m.end(), e))
        elif text.strip():
            spans[1] = (0, len(text))
        self.documents = spans
        self._parsed = {d: _sentences(text, d, s, e) for d, (s, e) in spans.items()}
        self._evidence = lru_cache(maxsize=16)(self._build)

    @property
    def ids(self) -> tuple[int, ...]:
        """The document ids, in order."""
        return tuple(self.documents)

    def evidence(self, docs: tuple[int, ...] | None = None) -> Evidence:
        """Evidence of the documents ``docs`` (unknown ids are ignored; ``None``: all)."""
        chosen = self.ids if docs is None else tuple(d for d in docs if d in self.documents)
        return self._evidence(tuple(sorted(set(chosen))))

    def _build(self, docs: tuple[int, ...]) -> Evidence:
        return Evidence(docs, [s for d in docs for s in self._parsed[d]])


@lru_cache(maxsize=CACHE_SIZE)
def context_index(text: str) -> ContextIndex:
    """The (cached) index of one context string."""
    return ContextIndex(text)
