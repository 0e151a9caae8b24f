"""The system prompt's word n-grams, and where an answer contains them.

:func:`build_index` puts a prompt's distinct n-grams in an Aho-Corasick automaton, with an
RE2 *gate* that finds (a superset of) them in raw text. :func:`segments` uses the gate to
pick the stretches of an answer worth tokenizing, :func:`view_hits` finds the n-grams in
one stretch and :func:`runs` joins consecutive hits into copied word ranges.
"""

from __future__ import annotations

__all__ = [
    "CACHE_SIZE",
    "PromptIndex",
    "Segment",
    "build_index",
    "runs",
    "segments",
    "view_hits",
]

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import ahocorasick
import re2

from saferail.checks._leak.words import SEP_BYTES, norm, words
from saferail.checks.canonical import View

CACHE_SIZE = 32
_MIN_PROMPT_WORDS = 3
_GATE_SEPARATOR = "[^0-9A-Za-z]+"
_GATE_MAX_MEM = 64 << 20


@dataclass(frozen=True, slots=True)
class PromptIndex:
    """The distinct word n-grams of one system prompt, in an Aho-Corasick automaton."""

    automaton: ahocorasick.Automaton
    count: int
    n: int
    gate: Any  # RE2 pattern matching (a superset of) the n-grams in raw text; None: no gate


@dataclass(slots=True)
class Segment:
    """A stretch of one view around gate matches, and the prompt n-grams found in it."""

    view: View
    offset: int
    text: str
    hits: list[tuple[int, int]]

    def original(self, start: int, end: int) -> tuple[int, int]:
        return self.view.to_original(self.offset + start, self.offset + end)


@lru_cache(maxsize=CACHE_SIZE)
def build_index(prompt: str, n: int) -> PromptIndex | None:
    """The n-gram index of ``prompt``; None when it has too few words to compare."""
    prompt_words = words(prompt)
    if len(prompt_words) < _MIN_PROMPT_WORDS:
        return None
    n = min(n, len(prompt_words))
    automaton = ahocorasick.Automaton()
    grams: dict[str, int] = {}
    for i in range(len(prompt_words) - n + 1):
        gram = " " + " ".join(prompt_words[i : i + n]) + " "
        if gram not in grams:
            grams[gram] = len(grams)
            automaton.add_word(gram, len(grams) - 1)
    automaton.make_automaton()
    return PromptIndex(automaton, len(grams), n, _gate(grams))


def _gate(grams: Iterable[str]) -> Any:
    """One RE2 pattern finding any of the n-grams in the raw text, words separated by any
    run of non-alphanumerics: a superset of what the exact pass finds, so a text it does
    not match has no overlap, and the tokenizing pass is skipped."""
    alternatives = (_GATE_SEPARATOR.join(re2.escape(w) for w in gram.split()) for gram in grams)
    options = re2.Options()
    options.max_mem = _GATE_MAX_MEM
    options.case_sensitive = False
    try:
        return re2.compile("|".join(alternatives), options)
    except (re2.error, UnicodeError):  # too large for the budget, or lone surrogates
        return None


def segments(text: str, index: PromptIndex) -> list[tuple[int, int]]:
    """Stretches of ``text`` that can hold prompt n-grams: each gate match widened by
    n-1 words on both sides (an n-gram the exact pass finds overlaps some gate match, and
    so lies inside that match's stretch), overlapping stretches merged. Without a gate,
    the whole text."""
    if index.gate is None:
        return [(0, len(text))] if text else []
    if not text.isascii():
        # The gate is only a superset of the exact pass on casefolded text, whose offsets
        # can differ from the view's: it answers yes or no, the exact pass takes the rest.
        hit = index.gate.search(text.casefold().encode("utf-8", "surrogatepass"))
        return [] if hit is None else [(0, len(text))]
    out: list[tuple[int, int]] = []
    marks: bytes | None = None
    for m in index.gate.finditer(text.encode("ascii")):
        if marks is None:
            marks = text.encode("ascii").translate(SEP_BYTES)
        start = _skip_back(marks, m.start(), index.n - 1)
        end = _skip_forward(marks, m.end(), index.n - 1)
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def _skip_back(marks: bytes, pos: int, count: int) -> int:
    """Start of the word at ``pos``, then ``count`` words further back."""
    i = marks.rfind(b" ", 0, pos) + 1
    for _ in range(count):
        while i > 0 and marks[i - 1] == 32:
            i -= 1
        i = marks.rfind(b" ", 0, i) + 1
    return i


def _skip_forward(marks: bytes, pos: int, count: int) -> int:
    """End of the word at ``pos``, then ``count`` words further on."""
    n = len(marks)
    i = marks.find(b" ", pos)
    i = n if i < 0 else i
    for _ in range(count):
        while i < n and marks[i] == 32:
            i += 1
        i = marks.find(b" ", i)
        i = n if i < 0 else i
    return i


def view_hits(text: str, index: PromptIndex) -> list[tuple[int, int]]:
    """(word index in ``text``, n-gram id) of every prompt n-gram ``text`` contains."""
    normed = norm(text)
    hits: list[tuple[int, int]] = []
    word = 0
    pos = 0
    for end, gid in index.automaton.iter(normed):
        # Hits arrive by end position; n-grams of a fixed word count therefore arrive by
        # start position too, so the word index is counted incrementally.
        start = _gram_start(normed, end, index.n)
        word += normed.count(" ", pos, start)
        pos = start
        hits.append((word, gid))
    return hits


def _gram_start(normed: str, end: int, n: int) -> int:
    """Position of the leading space of the n-gram whose trailing space is at ``end``."""
    pos = end
    for _ in range(n):
        pos = normed.rfind(" ", 0, pos)
    return pos


def runs(word_indexes: Iterable[int], n: int) -> list[tuple[int, int]]:
    """Word ranges [start, end) covered by consecutive n-gram hits."""
    out: list[tuple[int, int]] = []
    start = prev = -2
    for w in word_indexes:
        if w == prev + 1:
            prev = w
            continue
        if start >= 0:
            out.append((start, prev + n))
        start = prev = w
    if start >= 0:
        out.append((start, prev + n))
    return out
