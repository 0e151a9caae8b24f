"""Helpers shared by the structured recognizers: cue words near a span, token boundaries.

Cue lists are matched on lowercased words (``[^\\W_]+`` runs, so accented letters count).
A :class:`Cues` holds exact words, stems (``"telef*"`` matches every word starting with
``telef``) and multi-word phrases (``"date of birth"``, matched word by word). Distances are
counted in words from the candidate: the word right before it (or right after it) is at 0.
"""

from __future__ import annotations

__all__ = [
    "Cues",
    "Scanner",
    "cue_distance",
    "glued_left",
    "glued_right",
    "line_start",
    "no_surrogates",
    "sentence_end",
    "sentence_start",
    "words_after",
    "words_before",
]

import re
from dataclasses import dataclass
from typing import Any, TypeAlias

import re2

# One character-class run: linear in Python's engine.
_WORD_RE = re.compile(r"[^\W_]+")

JOINERS = "-./_"

Match: TypeAlias = tuple[int, int, str | None]


class Scanner:
    """An RE2 regex that returns ``(start, end, group name)`` for every match, quickly.

    The ``re2`` binding builds a Python match object per match and maps byte offsets back to
    characters, a few microseconds each. A scanner matches on the UTF-8 bytes through the
    binding's compiled ``RE2`` object and converts offsets itself (free for ASCII text,
    one incremental decode otherwise). If the binding's internals ever differ from what this
    expects (checked at import), it falls back to the public ``finditer``.
    """

    __slots__ = ("_names", "_raw", "regex")

    def __init__(self, pattern: str) -> None:
        self.regex: Any = re2.compile(pattern)
        names: list[str | None] = [None] * (self.regex.groups + 1)
        for name, index in self.regex.groupindex.items():
            names[index] = name
        self._names = tuple(names)
        self._raw: Any = getattr(self.regex, "_regexp", None) if _FAST else None

    def scan(self, text: str) -> list[Match]:
        """Every non-overlapping match, leftmost first, as character offsets."""
        text = no_surrogates(text)  # valid UTF-8, so matches start and end on characters
        if self._raw is None:
            return [(m.start(), m.end(), m.lastgroup) for m in self.regex.finditer(text)]
        data = text.encode("utf-8")
        ascii_ = len(data) == len(text)
        out: list[Match] = []
        n = len(data)
        pos = 0
        bpos = cpos = 0
        raw, names = self._raw, self._names
        while pos <= n:
            spans = raw.Match(_UNANCHORED, data, pos, n)
            s, e = spans[0]
            if s < 0:
                break
            name = None
            for i in range(1, len(spans)):
                if spans[i][0] >= 0:
                    name = names[i]
                    break
            if ascii_:
                out.append((s, e, name))
            else:
                cpos += len(data[bpos:s].decode("utf-8"))
                cs = cpos
                cpos += len(data[s:e].decode("utf-8"))
                bpos = e
                out.append((cs, cpos, name))
            if e > s:
                pos = e
            else:  # empty match: step over one character
                pos = e + 1
                while pos < n and data[pos] & 0xC0 == 0x80:
                    pos += 1
        return out


def no_surrogates(text: str) -> str:
    """``text`` with lone surrogates (unencodable in UTF-8) replaced by U+FFFD.

    One character for one, so offsets are unchanged.
    """
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text)
    return text


def _fast_path_works() -> bool:
    try:
        anchor = re2._Anchor.UNANCHORED
        probe = re2.compile(r"(?P<a>b+)|(?P<c>d)")
        spans = probe._regexp.Match(anchor, b"abbcd", 0, 5)
        return tuple(map(tuple, spans)) == ((1, 3), (1, 3), (-1, -1))
    except Exception:  # any change in the binding's internals: use the public API
        return False


_FAST = _fast_path_works()
_UNANCHORED: Any = re2._Anchor.UNANCHORED if _FAST else None


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
    i = start
    while True:
        i = max(text.rfind(".", lo, i), text.rfind("!", lo, i), text.rfind("?", lo, i))
        if i <= lo:
            return lo
        if i + 2 < start and text[i + 1].isspace():
            nxt = text[i + 1 : start].lstrip()[:1]
            j = i
            while j > lo and text[j - 1].isalnum():
                j -= 1
            word = text[j:i]
            if nxt.isupper() and (word.isdigit() or len(word) >= 4):
                return i + 1


def sentence_end(text: str, end: int, hi: int) -> int:
    """End of the sentence holding ``end`` (searching forward to ``hi``): a line break, or
    ``.``, ``!`` or ``?`` plus whitespace before an uppercase letter."""
    for i in range(end, hi):
        ch = text[i]
        if ch == "\n":
            return i
        if ch in ".!?" and i + 1 < len(text) and text[i + 1].isspace():
            nxt = text[i + 1 : hi].lstrip()[:1]
            if nxt.isupper():
                return i
    return hi


def line_start(text: str, lo: int, start: int) -> int:
    """Start of the context for a value at ``start``: its sentence (see
    :func:`sentence_start`), and its line unless the value starts the line (then the line
    before, a label such as ``Phone:``, is kept)."""
    lo = sentence_start(text, lo, start)
    nl = text.rfind("\n", lo, start)
    if nl >= 0 and text[nl + 1 : start].strip():
        return nl + 1
    return lo
