"""A system prompt spelled out one character at a time ("Y o u  a r e  O r i o n ...", one
letter per line, "Y-o-u-a-r-e"): the word n-grams see only one-letter words there, so the
answer's runs of one-character words are joined into a letter string and compared with the
prompt's letters (its words run together, separators dropped).

:func:`prompt_letters` indexes a prompt once (cached with the check's n-gram index);
:func:`spelled_copies` finds, in one view, every stretch spelled out that copies at least a
given number of whole prompt words.
"""

from __future__ import annotations

__all__ = ["MIN_LETTERS", "PromptLetters", "SpelledCopy", "prompt_letters", "spelled_copies"]

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any

import re2

from saferail.checks._leak.words import word_spans, words

MIN_LETTERS = 24  # a spelled run shorter than this is an acronym or a list, not a copy
_K = 12  # letters per shingle: where a run and the prompt can start to agree
_MAX_GAP = 8  # separator characters allowed between two spelled characters
_MAX_STARTS = 16  # prompt positions tried per shingle (repeated phrases)
# in ASCII text, a superset of any run of MIN_LETTERS one-character words: decides whether
# to look at all (other text is split into words straight away)
_GATE: Any = re2.compile(
    rf"(?:[0-9A-Za-z][^0-9A-Za-z]{{1,{_MAX_GAP}}}){{{MIN_LETTERS - 1}}}[0-9A-Za-z]"
)


@dataclass(frozen=True, slots=True)
class PromptLetters:
    """A prompt's words run together (casefolded), where each word ends, and its shingles."""

    letters: str
    starts: tuple[int, ...]  # offset of each word in ``letters``
    ends: tuple[int, ...]  # and where it ends
    shingles: dict[str, tuple[int, ...]]


@dataclass(frozen=True, slots=True)
class SpelledCopy:
    """Spelled-out characters at ``start``..``end`` of a view copy ``words`` prompt words."""

    start: int
    end: int
    words: int


def prompt_letters(prompt: str) -> PromptLetters:
    """The letter index of ``prompt`` (same word splitting as the n-gram comparison)."""
    parts = words(prompt)
    ends: list[int] = []
    total = 0
    for w in parts:
        total += len(w)
        ends.append(total)
    letters = "".join(parts)
    at: dict[str, list[int]] = {}
    for i in range(len(letters) - _K + 1):
        at.setdefault(letters[i : i + _K], []).append(i)
    shingles = {k: tuple(v[:_MAX_STARTS]) for k, v in at.items()}
    starts_of_words = (0, *ends[:-1])
    return PromptLetters(letters, starts_of_words, tuple(ends), shingles)


def _runs(text: str) -> list[list[int]]:
    """Offsets of the characters of each run of one-character words (at least
    ``MIN_LETTERS`` of them, at most ``_MAX_GAP`` separators apart)."""
    out: list[list[int]] = []
    run: list[int] = []
    for s, e in word_spans(text):
        if e - s == 1 and (not run or s - run[-1] <= _MAX_GAP + 1):
            run.append(s)
            continue
        if len(run) >= MIN_LETTERS:
            out.append(run)
        run = [s] if e - s == 1 else []
    if len(run) >= MIN_LETTERS:
        out.append(run)
    return out


def _whole_words(index: PromptLetters, start: int, end: int) -> int:
    """How many prompt words lie wholly inside ``letters[start:end]``."""
    first = bisect_left(index.starts, start)  # the first word starting at or after start
    last = bisect_right(index.ends, end)  # the words ending at or before end
    return max(0, last - first)


def _longest_from(spelled: str, i: int, index: PromptLetters) -> tuple[int, int]:
    """The longest agreement of ``spelled[i:]`` with the prompt: (length, prompt start)."""
    best = (0, 0)
    for p in index.shingles.get(spelled[i : i + _K], ()):
        n = _K
        while (
            i + n < len(spelled)
            and p + n < len(index.letters)
            and spelled[i + n] == index.letters[p + n]
        ):
            n += 1
        if n > best[0]:
            best = (n, p)
    return best


def spelled_copies(text: str, index: PromptLetters, min_words: int) -> list[SpelledCopy]:
    """Stretches of ``text`` spelled out one character at a time that copy at least
    ``min_words`` consecutive whole words of the prompt."""
    if len(index.letters) < _K or (text.isascii() and _GATE.search(text) is None):
        return []
    found: list[SpelledCopy] = []
    for run in _runs(text):
        spelled = "".join(text[i] for i in run).casefold()
        if len(spelled) != len(run):  # a character that casefolds to several: skip the run
            continue
        i = 0
        while i <= len(spelled) - _K:
            n, p = _longest_from(spelled, i, index)
            if n == 0:
                i += 1
                continue
            count = _whole_words(index, p, p + n)
            if count >= min_words:
                found.append(SpelledCopy(run[i], run[i + n - 1] + 1, count))
            i += n
    return found
