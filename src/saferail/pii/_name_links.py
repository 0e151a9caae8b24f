"""Names judged together: lists of names, later mentions of a name, speaker labels.

The first pass scores each capitalized run on its own. Some names only show as names next
to others: ``our founders: Lindqvist, Marta and Kowalski`` (a list whose other items are known
names), ``Durakov and Pemberton were ...`` (a pair), ``... thanks to Wilczynska`` after
``Dorota Wilczynska`` was found, and ``Anna: Where are you?`` in a dialogue where every line
starts with a speaker. Each rule only raises capitalized runs that are not plain words,
acronyms, street words or organisation forms.
"""

from __future__ import annotations

__all__ = ["Coverage", "link_names"]

import re

from saferail.pii._cues import (
    CONJUNCTIONS,
    NOT_NAMES,
    ORG_SUFFIXES,
    PEOPLE_NOUNS,
    STREET_WORDS,
    TITLES,
)
from saferail.pii.gazetteer import Gazetteer
from saferail.pii.model import PiiEntity

Run = list[tuple[int, int]]
LINKED = 0.6  # score of a name found through its neighbours
_NAMED, _WEAK, _BAD = 2, 1, 0
_SPEAKER_RE = re.compile(r"(?m)^[ \t>]*([^\W\d_][\w'’\-]*)[ \t]*:[ \t]*")
_NOT_ITEMS = NOT_NAMES | TITLES | STREET_WORDS | ORG_SUFFIXES


def link_names(
    text: str, runs: list[Run], found: list[PiiEntity], gaz: Gazetteer
) -> list[PiiEntity]:
    """``found`` plus the names that the list, repeat and speaker rules add."""
    lists = [g for g in _groups(text, runs) if len(g) > 1]
    out = list(found)
    if lists:
        places = _place_lists(text, lists, gaz)
        out = [e for e in found if e.score >= 0.7 or (e.start, e.end) not in places]
        cover = Coverage(len(text), out)
        out.extend(e for items in lists for e in _judge_list(text, items, cover, gaz))
    if out:
        out.extend(_repeats(text, runs, out, gaz))
    out.extend(_speakers(text, out, gaz))
    return out


def _kind(gaz: Gazetteer, token: str) -> int:
    """How much a lone capitalized token looks like a name: _NAMED, _WEAK or _BAD."""
    bare = token.rstrip(".")
    low = bare.lower()
    info = gaz.get(bare)
    if len(bare) < 2 or (bare.isupper() and len(bare) <= 3):
        return _BAD  # an initial, a state or country code, an acronym
    if low in _NOT_ITEMS:
        popular = info is not None and not info.common and 0 < info.first <= 500
        surname = info is not None and not info.common and 0 < info.last <= 1000
        if low in STREET_WORDS and surname and low not in NOT_NAMES:
            return _NAMED  # "Park and Hill": street words that are common surnames
        return _WEAK if popular and low in NOT_NAMES and low not in TITLES else _BAD
    if info is None:
        if gaz.is_word(bare) or bare.isupper():
            return _BAD  # a plain word or an acronym
        return _NAMED if gaz.surname_like(bare) else _WEAK
    if info.common or info.place or not (0 < info.first <= 1000 or 0 < info.last <= 1000):
        return _WEAK  # a frequent word, a place ("Paris, Milan and Berlin") or a rare name
    return _NAMED


class Coverage:
    """The best score of a found name at each character: overlap queries in O(span)."""

    def __init__(self, size: int, found: list[PiiEntity]) -> None:
        self._best = bytearray(size)
        for e in found:
            level = round(min(e.score, 1.0) * 100)
            start, end = max(0, e.start), min(size, e.end)
            if end <= start:
                continue
            if max(self._best[start:end]) == 0:
                self._best[start:end] = bytes((level,)) * (end - start)
                continue
            for i in range(start, end):  # overlaps another name: keep the best per character
                if self._best[i] < level:
                    self._best[i] = level

    def covered(self, start: int, end: int, minimum: float = 0.0) -> bool:
        """Whether a found name of at least ``minimum`` overlaps ``[start, end)``."""
        part = self._best[max(0, start) : end]
        return bool(part) and max(part) >= max(1, round(minimum * 100))


# -- lists and pairs --------------------------------------------------------------------------


def _list_gap(gap: str) -> bool:
    """``", "``, ``" and "``, ``", and "``: the gap between two items of a list."""
    if len(gap) > 8 or "\n" in gap or not gap.strip():
        return False
    words = gap.replace(",", " , ").replace(";", " , ").split()
    if words[0] == ",":
        words = words[1:]
    return not words or (len(words) == 1 and words[0].lower() in CONJUNCTIONS)


def _groups(text: str, runs: list[Run]) -> list[list[Run]]:
    """Runs joined by list separators, in text order (single runs included)."""
    groups: list[list[Run]] = []
    for run in runs:
        if groups and _list_gap(text[groups[-1][-1][-1][1] : run[0][0]]):
            groups[-1].append(run)
        else:
            groups.append([run])
    return groups


def _judge_list(text: str, items: list[Run], cover: Coverage, gaz: Gazetteer) -> list[PiiEntity]:
    if len(items) < 2 or any(len(r) > 2 for r in items):
        return []
    if len(items) == 2 and not _conjoined(text[items[0][-1][1] : items[1][0][0]]):
        return []  # "Lyon, France", "Austin, TX": a place and its region, not a pair
    kinds = []
    for run in items:
        kind = min(_kind(gaz, text[a:b]) for a, b in run)
        covered = cover.covered(run[0][0], run[-1][1], 0.5)
        if kind != _BAD and covered and not _place(gaz, text, run):
            kind = _NAMED
        kinds.append(kind)
    pair = len(items) == 2
    if _BAD in kinds or (pair and kinds.count(_WEAK) > (1 if _plural_verb(text, items) else 0)):
        return []  # a pair of names needs both known: "Lilo and Stitch" is no pair of people
    named = kinds.count(_NAMED)
    cue = _people_cue(text, items[0][0][0])
    if not cue and (named == 0 or 2 * named < len(items)):
        return []
    return [
        PiiEntity(r[0][0], r[-1][1], "PERSON", LINKED, "person")
        for r in items
        if not cover.covered(r[0][0], r[-1][1], LINKED)
    ]


def _place_lists(text: str, lists: list[list[Run]], gaz: Gazetteer) -> set[tuple[int, int]]:
    """Spans of the items of lists made mostly of places: "in Paris, Milan and Berlin"."""
    spans: set[tuple[int, int]] = set()
    for items in lists:
        places = sum(1 for r in items if _place(gaz, text, r))
        if len(items) >= 2 and places >= 2 and 2 * places >= len(items):
            spans.update((r[0][0], r[-1][1]) for r in items)
    return spans


def _place(gaz: Gazetteer, text: str, run: Run) -> bool:
    return any((info := gaz.get(text[a:b].rstrip("."))) is not None and info.place for a, b in run)


_PLURAL_VERBS = frozenset(
    """were are have had both met married founded wrote sang played became waren sind haben
    étaient sont ont eran son han erano sono hanno zijn hebben byli są mają""".split()
)


def _plural_verb(text: str, items: list[Run]) -> bool:
    """``Durakov and Pemberton were ...``: a pair that is the subject of a plural verb."""
    after = text[items[-1][-1][1] : items[-1][-1][1] + 12].split(maxsplit=1)
    return bool(after) and after[0].lower() in _PLURAL_VERBS


def _conjoined(gap: str) -> bool:
    return any(w.lower() in CONJUNCTIONS for w in gap.replace(",", " ").split())


def _people_cue(text: str, start: int) -> bool:
    """``founders:``, ``our kids are``: a plural noun for people right before the list."""
    words = text[max(0, start - 30) : start].lower().replace(":", " ").split()
    tail = [w for w in words[-3:] if w not in ("are", "were", "include", "included", "the")]
    return bool(tail) and tail[-1].strip(",") in PEOPLE_NOUNS


# -- later mentions ---------------------------------------------------------------------------


def _repeats(text: str, runs: list[Run], found: list[PiiEntity], gaz: Gazetteer) -> list[PiiEntity]:
    """A lone surname or first name that belongs to a full name found elsewhere in the text."""
    known: set[str] = set()
    for entity in found:
        words = text[entity.start : entity.end].split()
        if entity.score >= 0.55 and len(words) >= 2:
            known.update(w.rstrip(".").lower() for w in words if len(w.rstrip(".")) >= 3)
    if not known:
        return []
    out: list[PiiEntity] = []
    cover = Coverage(len(text), found)
    for run in runs:
        start, end = run[0][0], run[-1][1]
        if cover.covered(start, end, 0.5):
            continue
        tokens = [text[a:b].rstrip(".") for a, b in run]
        if all(t.lower() in known and _kind(gaz, t) != _BAD for t in tokens):
            end = start + len(text[start:end].rstrip("."))
            out.append(PiiEntity(start, end, "PERSON", LINKED, "person"))
    return out


# -- speaker labels ---------------------------------------------------------------------------


def _speakers(text: str, found: list[PiiEntity], gaz: Gazetteer) -> list[PiiEntity]:
    """``Ella: What a wife.`` / ``Destiny: Remember me``: a dialogue's speaker labels.

    A form (``IBAN: ...``, ``Applicant: Ana Ruiz``) is not a dialogue: every label must be
    followed by a sentence (two or more lower-case words), and one of them be a known name.
    """
    if text.count(":") < 2:
        return []
    labels = [
        m
        for m in _SPEAKER_RE.finditer(text)
        if m.group(1)[0].isupper() and _utterance(text, m.end())
    ]
    kinds = [_kind(gaz, m.group(1)) for m in labels]
    if len(labels) < 2 or _BAD in kinds or _NAMED not in kinds:
        return []
    if len({m.group(1) for m in labels}) < 2:
        return []
    cover = Coverage(len(text), found)
    return [
        PiiEntity(m.start(1), m.end(1), "PERSON", LINKED, "person")
        for m in labels
        if not cover.covered(m.start(1), m.end(1), LINKED)
    ]


def _utterance(text: str, start: int) -> bool:
    end = text.find("\n", start)
    words = text[start : end if end >= 0 else len(text)].split()
    return sum(1 for w in words if w.strip("\"“'")[:1].islower()) >= 2
