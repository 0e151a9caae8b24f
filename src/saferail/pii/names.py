"""PERSON: capitalized token runs scored by a name gazetteer and by context cues.

Method (chosen by measurement, see docs/checks/pii.md): candidate runs of capitalized or
ALL-CAPS tokens (with particles such as ``van der`` and initials such as ``J.``) are scored
from the popularity of each token as a first or last name, penalized when a token is a
frequent word, and raised by what precedes them: an introduction (``my name is``, ``ich bin``,
``je m'appelle``...), a title (``Dr.``, ``Frau``), a form label (``Applicant:``) or a letter
closing on the line above (signatures).
"""

from __future__ import annotations

__all__ = ["PersonRecognizer"]

import re
from typing import ClassVar

from saferail.pii._cues import (
    CLOSINGS,
    LABELS,
    NOT_NAMES,
    ORG_CUES,
    ORG_SUFFIXES,
    PARTICLES,
    STREET_PREFIXES,
    STREET_WORDS,
    STRONG_CUES,
    TITLES,
    WEAK_CUES,
)
from saferail.pii.gazetteer import NameInfo, gazetteer
from saferail.pii.model import PiiEntity

_UPPER = "".join(c for c in map(chr, range(0xC0, 0x250)) if c.isupper())
_WORD = r"[^\W\d_]+(?:['’\-][^\W\d_]+)*"
# A capitalized token, or an initial like "J."; linear: no nested ambiguous repetition.
_TOKEN_RE = re.compile(
    rf"(?<![\w@./\\])[A-Z{_UPPER}](?:\.|[^\W\d_]*+(?:['’\-][^\W\d_]++)*+)(?![\d_@])"
)
_LOWER_WORD_RE = re.compile(_WORD)
_MAX_TOKENS = 4
_LOWER = "a-zß-öø-ÿą-žł"
_HAS_LOWER_CUE = re.compile(r"(?i)my name is|call me|\bi'?m |\bi am |\bmrs?\.|\bms\.|\bdr\.")
_LOWER_NAME_RE = re.compile(
    r"(?i:\b(?:my name is|call me|i'm|im|i am|mrs?\.|ms\.|dr\.))[ ]+"
    rf"([{_LOWER}][{_LOWER}'\-]+(?:[ ][{_LOWER}][{_LOWER}'\-]+)?)"
)
_MEDIUM_CUES = frozenset(
    "by name named called starring featuring von par por di door przez".split()
)
_STRONG = tuple(sorted(STRONG_CUES, key=len, reverse=True))
_LABELS = tuple(sorted(LABELS, key=len, reverse=True))


class PersonRecognizer:
    """Finds person names in English, German, French, Spanish, Italian, Dutch and Polish."""

    name: ClassVar[str] = "person"
    entity_types: ClassVar[tuple[str, ...]] = ("PERSON",)

    def __init__(self) -> None:
        self._gaz = gazetteer()

    def find(self, text: str) -> list[PiiEntity]:
        out: list[PiiEntity] = []
        for run in self._runs(text):
            entity = self._score(text, run)
            if entity is not None:
                out.append(entity)
        if _HAS_LOWER_CUE.search(text):
            out.extend(self._lowercase(text))
        return out

    def _lowercase(self, text: str) -> list[PiiEntity]:
        """Names typed in lower case right after an introduction: "my name is anna nowak"."""
        out: list[PiiEntity] = []
        for m in _LOWER_NAME_RE.finditer(text):
            words = m.group(1).split()
            first = self._gaz.get(words[0])
            if first is None or first.common or not (first.first or first.last):
                continue
            end = m.start(1) + len(words[0])
            if len(words) > 1:
                last = self._gaz.get(words[1])
                if last is not None and last.last and not self._gaz.is_word(words[1]):
                    end = m.end(1)
            out.append(PiiEntity(m.start(1), end, "PERSON", 0.75, self.name))
        return out

    def _runs(self, text: str) -> list[list[tuple[int, int]]]:
        """Group capitalized tokens separated by one space (or a particle) into runs."""
        runs: list[list[tuple[int, int]]] = []
        current: list[tuple[int, int]] = []
        for m in _TOKEN_RE.finditer(text):
            if current and _joinable(text, current[-1][1], m.start()):
                current.append((m.start(), m.end()))
            else:
                if current:
                    runs.append(current)
                current = [(m.start(), m.end())]
        if current:
            runs.append(current)
        return runs

    def _score(self, text: str, run: list[tuple[int, int]]) -> PiiEntity | None:
        tokens = [text[s:e] for s, e in run]
        if len(tokens) == 1 and tokens[0].rstrip(".").lower() in NOT_NAMES:
            return None  # fast path: "The", "Our", "Please" at a sentence start
        titled = False
        while len(tokens) > 1 and tokens[0].rstrip(".").lower() in TITLES:
            titled = True  # a title raises confidence and is not part of the name
            run, tokens = run[1:], tokens[1:]
        if tokens and tokens[0].rstrip(".").lower() in STREET_PREFIXES:
            return None  # "Via Roma", "Rua Igreja": a street, handled by the address recognizer
        bonus = _context_bonus(text, run[0][0], titled)
        while tokens:
            if len(tokens) > 1 and tokens[0].rstrip(".").lower() in TITLES:
                titled = True
            elif not self._not_name(tokens[0], first=True, cued=bonus >= 0.4):
                break
            run, tokens = run[1:], tokens[1:]
            bonus = _context_bonus(text, run[0][0], titled) if run else 0.0
        cued = bonus >= 0.4
        while tokens and self._not_name(tokens[-1], first=False, cued=cued):
            run, tokens = run[:-1], tokens[:-1]
        if not tokens or len(tokens) > _MAX_TOKENS:
            return None
        if len(tokens) == 1 and tokens[0].isupper() and self._gaz.get(tokens[0]) is None:
            return None  # an unknown acronym
        if all(len(t.rstrip(".")) <= 1 for t in tokens):
            return None
        start, end = run[0][0], run[-1][1]
        if tokens[-1].endswith(".") and len(tokens[-1]) > 2:
            end -= 1  # sentence full stop after the surname
        score = self._name_score(tokens) + bonus
        if _org_context(text, start, end):
            score -= 0.6
        if len(tokens) == 1 and bonus < 0.2 and _verb_start(text, start, end):
            return None  # "Can you ...", "Mark the ...": a capitalized verb, not a name
        if tokens[0].isupper() and len(tokens[0]) > 1 and _caps_line(text, start, end):
            score -= 0.15  # whole line in capitals: capitalization says nothing
        if score < 0.35:
            return None
        return PiiEntity(start, end, "PERSON", min(score, 0.99), self.name)

    def _not_name(self, token: str, *, first: bool, cued: bool) -> bool:
        """Edge tokens to trim: function words, frequent words that are not names."""
        bare = token.rstrip(".").lower()
        if bare in NOT_NAMES:
            return True
        if not first and (bare in STREET_WORDS or bare.removesuffix("s") in STREET_WORDS):
            return True
        return not cued and self._wordlike(token)

    def _wordlike(self, token: str) -> bool:
        bare = token.rstrip(".")
        if len(bare) <= 1 or not self._gaz.is_word(bare):
            return False
        info = self._gaz.get(bare)
        return info is None or info.common

    def _name_score(self, tokens: list[str]) -> float:
        infos = [self._gaz.get(t.rstrip(".")) for t in tokens]
        words = [i for i, t in enumerate(tokens) if len(t.rstrip(".")) > 1]
        if len(words) == 1:
            info = infos[words[0]]
            if info is None:
                return 0.1
            if info.first and info.first <= 500 and not info.common:
                return 0.5
            return 0.2 if info.common else 0.3
        score = 0.25 + _first_weight(infos[0]) + _last_weight(infos[-1], tokens[-1])
        commons = sum(1 for i in infos if i is not None and i.common)
        wordlike = sum(1 for t in tokens[1:-1] if self._wordlike(t))
        return score - 0.15 * commons - 0.3 * wordlike


def _first_weight(info: NameInfo | None) -> float:
    if info is None:
        return 0.0
    if info.first:
        return 0.4 if info.first <= 1000 else 0.3
    return 0.15 if info.last else 0.0


def _last_weight(info: NameInfo | None, token: str) -> float:
    if info is None:
        return 0.15 if len(token) >= 3 and not token.isupper() else 0.05
    if info.last:
        return 0.3
    return 0.15 if info.first else 0.0


def _joinable(text: str, prev_end: int, start: int) -> bool:
    gap = text[prev_end:start]
    if gap == " ":
        return True
    if gap == ". ":
        word = text[max(0, prev_end - 6) : prev_end].rsplit(None, 1)[-1:]
        return bool(word) and word[0].lower() in TITLES  # "Mrs. Whitcombe"
    if gap.startswith(" ") and gap.endswith(" "):
        inner = gap.strip().lower().split()
        return 0 < len(inner) <= 2 and all(w in PARTICLES for w in inner)
    return False


def _context_bonus(text: str, start: int, titled: bool) -> float:
    before = text[max(0, start - 40) : start]
    previous = before.rstrip().rsplit(None, 1)[-1:] if before.strip() else []
    titled = titled or bool(previous and previous[0].rstrip(".").lower() in TITLES)
    bonus = 0.35 if titled else 0.0
    line = before.rsplit("\n", 1)[-1].lower().rstrip(" \t:,-—>*?")
    if line.endswith(_STRONG) and _word_boundary(line, _STRONG):
        return max(bonus, 0.4)
    if line.endswith(_LABELS) and before.rstrip(" \t>*").endswith(":"):
        return max(bonus, 0.45)
    if not line.strip() and _after_closing(text, start):
        return max(bonus, 0.45)
    words = line.split()
    if words and words[-1] in _MEDIUM_CUES:
        return max(bonus, 0.25)
    if words and words[-1] in WEAK_CUES:
        return max(bonus, 0.1)
    if not line.strip() and _own_line(text, start):
        return max(bonus, 0.2)  # a line holding only the name: letter heads, signatures
    return bonus


_FOLLOWERS = frozenset(
    "you i we they he she it the a an my your our this that me us him her them someone "
    "anyone everyone all".split()
)


def _verb_start(text: str, start: int, end: int) -> bool:
    head = text[max(0, start - 3) : start].rstrip(" \t\"'“(")
    if head and head[-1] not in ".!?\n:;":
        return False
    following = text[end : end + 12].split(maxsplit=1)
    return bool(following) and following[0].lower().strip(",.?!") in _FOLLOWERS


def _own_line(text: str, start: int) -> bool:
    end = text.find("\n", start)
    rest = text[start : end if end >= 0 else len(text)]
    words = rest.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words)


def _org_context(text: str, start: int, end: int) -> bool:
    """An organisation: introduced by "I work at ..." or followed by "GmbH", "S.L." ..."""
    before = text[max(0, start - 30) : start].lower().rstrip(" ,:")
    if before.endswith(ORG_CUES):
        return True
    after = text[end : end + 8].lstrip(" ,").split(maxsplit=1)
    return bool(after) and after[0].lower().rstrip(",;:") in ORG_SUFFIXES


def _word_boundary(line: str, cues: tuple[str, ...]) -> bool:
    for cue in cues:
        if line.endswith(cue):
            head = line[: -len(cue)]
            return not head or not head[-1].isalnum()
    return False


def _after_closing(text: str, start: int) -> bool:
    head = text[max(0, start - 60) : start].rstrip(" \t>*")
    if not head.endswith("\n"):
        return False
    previous = head.rstrip("\n").rsplit("\n", 1)[-1].strip(" \t>*,.!-—").lower()
    return previous in CLOSINGS


def _caps_line(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    letters = [c for c in line if c.isalpha()]
    return len(letters) > 3 * (end - start) and all(c.isupper() for c in letters)
