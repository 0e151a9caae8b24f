"""Helpers shared by the structured recognizers: cue words near a span, token boundaries.

Cue lists are matched on lowercased words (``[^\\W_]+`` runs, so accented letters count).
A :class:`Cues` holds exact words, stems (``"telef*"`` matches every word starting with
``telef``) and multi-word phrases (``"date of birth"``, matched word by word). Distances are
counted in words from the candidate: the word right before it (or right after it) is at 0.
"""

from __future__ import annotations

__all__ = [
    "Cues",
    "cue_distance",
    "glued_left",
    "glued_right",
    "sentence_end",
    "sentence_start",
    "words_after",
    "words_before",
]

import re
from dataclasses import dataclass

# One character-class run: linear in Python's engine.
_WORD_RE = re.compile(r"[^\W_]+")

JOINERS = "-./_"


@dataclass(frozen=True, slots=True)
class Cues:
    """A cue list: exact words, stems and multi-word phrases (all lowercase)."""

    words: frozenset[str]
    stems: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]

    @classmethod
    def of(cls, *entries: str) -> Cues:
        """Build from entries: ``"word"``, ``"stem*"`` or ``"several words"``."""
        words: set[str] = set()
        stems: list[str] = []
        phrases: list[tuple[str, ...]] = []
        for raw in entries:
            entry = raw.lower().strip()
            if entry.endswith("*"):
                stems.append(entry[:-1])
            elif " " in entry:
                phrases.append(tuple(entry.split()))
            elif entry:
                words.add(entry)
        return cls(frozenset(words), tuple(stems), tuple(phrases))

    def __or__(self, other: Cues) -> Cues:
        return Cues(
            self.words | other.words, self.stems + other.stems, self.phrases + other.phrases
        )

    def is_cue(self, word: str) -> bool:
        return word in self.words or (bool(self.stems) and word.startswith(self.stems))

    def nearest_before(self, words: list[str]) -> int | None:
        """Distance of the cue closest to the end of ``words``, or None."""
        n = len(words)
        best: int | None = None
        for i in range(n - 1, -1, -1):
            if self.is_cue(words[i]):
                best = n - 1 - i
                break
        for phrase in self.phrases:
            k = len(phrase)
            for i in range(n - k, -1, -1):
                if tuple(words[i : i + k]) == phrase:
                    d = n - i - k
                    if best is None or d < best:
                        best = d
                    break
        return best

    def nearest_after(self, words: list[str]) -> int | None:
        """Distance of the cue closest to the start of ``words``, or None."""
        best: int | None = None
        for i, w in enumerate(words):
            if self.is_cue(w):
                best = i
                break
        for phrase in self.phrases:
            k = len(phrase)
            for i in range(len(words) - k + 1):
                if tuple(words[i : i + k]) == phrase:
                    if best is None or i < best:
                        best = i
                    break
        return best


def words_before(text: str, start: int, window: int = 40, stop: int = 0) -> list[str]:
    """Lowercased words in the ``window`` characters before ``start`` (not before ``stop``).

    A word cut by the window edge is dropped.
    """
    lo = max(stop, start - window, 0)
    chunk = text[lo:start].lower()
    words = _WORD_RE.findall(chunk)
    if words and lo > stop and lo > 0 and text[lo - 1].isalnum() and chunk[:1].isalnum():
        words = words[1:]
    return words


def words_after(text: str, end: int, window: int = 24, stop: int | None = None) -> list[str]:
    """Lowercased words in the ``window`` characters after ``end`` (not after ``stop``)."""
    hi = min(len(text), end + window)
    if stop is not None:
        hi = min(hi, stop)
    if hi <= end:
        return []
    chunk = text[end:hi].lower()
    words = _WORD_RE.findall(chunk)
    if words and hi < len(text) and text[hi].isalnum() and chunk[-1:].isalnum():
        words = words[:-1]
    return words


def cue_distance(
    text: str,
    start: int,
    end: int,
    cues: Cues,
    before: int = 40,
    after: int = 24,
    stop_before: int = 0,
    stop_after: int | None = None,
) -> int | None:
    """Word distance from ``text[start:end]`` to the nearest cue on either side, or None."""
    d1 = cues.nearest_before(words_before(text, start, before, stop_before)) if before else None
    d2 = cues.nearest_after(words_after(text, end, after, stop_after)) if after else None
    if d1 is None:
        return d2
    if d2 is None:
        return d1
    return min(d1, d2)


def _wordy(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def glued_left(text: str, start: int, joiners: str = JOINERS) -> bool:
    """Whether ``text[start:]`` continues a longer token (``ab12``, ``ab-12``, ``1.12``)."""
    if start <= 0:
        return False
    ch = text[start - 1]
    if _wordy(ch):
        return True
    return ch in joiners and start >= 2 and _wordy(text[start - 2])


def glued_right(text: str, end: int, joiners: str = JOINERS) -> bool:
    """Whether ``text[:end]`` is continued by a longer token (``12ab``, ``12-3``, ``12.3``)."""
    if end >= len(text):
        return False
    ch = text[end]
    if _wordy(ch):
        return True
    return ch in joiners and end + 1 < len(text) and _wordy(text[end + 1])


def sentence_start(text: str, lo: int, start: int) -> int:
    """Start of the sentence holding ``start`` (searching back to ``lo``).

    A break is ``.``, ``!`` or ``?`` plus whitespace, after a number or a word of four or
    more letters, before an uppercase letter: ``geb. 12.03.1985`` and ``d.o.b. 1985`` do not
    break, ``... in 1985. The meeting`` does.
    """
    i = start - 1
    while i > lo:
        ch = text[i]
        if ch in ".!?" and i + 2 < start and text[i + 1].isspace():
            nxt = text[i + 1 : start].lstrip()[:1]
            j = i
            while j > lo and text[j - 1].isalnum():
                j -= 1
            word = text[j:i]
            if nxt.isupper() and (word.isdigit() or len(word) >= 4):
                return i + 1
        i -= 1
    return lo


def sentence_end(text: str, end: int, hi: int) -> int:
    """End of the sentence holding ``end`` (searching forward to ``hi``)."""
    for i in range(end, hi):
        ch = text[i]
        if ch == "\n":
            return i
        if ch in ".!?" and i + 1 < len(text) and text[i + 1].isspace():
            nxt = text[i + 1 : hi].lstrip()[:1]
            if nxt.isupper():
                return i
    return hi
