"""Names typed without capitals: after an introduction, and in text with no capitals at all.

Capitalization is the main signal of the PERSON recognizer; a message written entirely in
lower case (chat, search-box style) has none. There, a run of two to four words is a
candidate when every word is a listed name that is not a frequent word flagged ``common``
(initials allowed in the middle) and at least one word is no ordinary word at all
(``naomi ryan``, ``monika žilková``); a single word needs an introduction before it
(``my name is borna``) or a list of at least three such names around it. Scores are lower
than for the same name in capitals.
"""

from __future__ import annotations

__all__ = ["find_lowercase"]

import re

from saferail.pii._cues import CONJUNCTIONS, NOT_NAMES, STREET_WORDS, TITLES
from saferail.pii._name_context import context_bonus
from saferail.pii._name_links import Coverage
from saferail.pii.gazetteer import Gazetteer
from saferail.pii.model import PiiEntity

_LOWER = "a-zß-öø-ÿą-žł"
_HAS_LOWER_CUE = re.compile(r"(?i)my name is|call me|\bi'?m |\bi am |\bmrs?\.|\bms\.|\bdr\.")
_LOWER_NAME_RE = re.compile(
    r"(?i:\b(?:my name is|call me|i'm|im|i am|mrs?\.|ms\.|dr\.))[ ]+"
    rf"([{_LOWER}]+(?:-[{_LOWER}]+)?(?:[ ][{_LOWER}]+(?:[-'’][{_LOWER}]+)?)?)"
)
_SPEAKER_RE = re.compile(r"(?m)^[ \t>]*([^\W\d_]+)[ \t]*:")
_CUE_HINTS = ("name is", "call me", "i'm ", "im ", "i am ", "mr", "ms.", "dr.")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*\.?")
_NOT = NOT_NAMES | TITLES | STREET_WORDS
_PENALTY = 0.1  # a name without capitals is a little less certain


def find_lowercase(text: str, gaz: Gazetteer, found: list[PiiEntity]) -> list[PiiEntity]:
    """Lower-case names in ``text`` that do not overlap ``found``."""
    out: list[PiiEntity] = []
    low = text.lower()
    if any(cue in low for cue in _CUE_HINTS) and _HAS_LOWER_CUE.search(text):
        out.extend(_introduced(text, gaz))
    if text == low:
        out.extend(_uncapitalized(text, gaz))
    if not out:
        return out
    cover = Coverage(len(text), found)
    return [e for e in out if not cover.covered(e.start, e.end)]


def _introduced(text: str, gaz: Gazetteer) -> list[PiiEntity]:
    """Names typed in lower case right after an introduction: "my name is anna nowak"."""
    out: list[PiiEntity] = []
    for m in _LOWER_NAME_RE.finditer(text):
        words = m.group(1).split()
        first = gaz.get(words[0])
        if first is None or first.common or not (first.first or first.last):
            continue
        end = m.start(1) + len(words[0])
        if len(words) > 1:
            last = gaz.get(words[1])
            if last is not None and last.last and not gaz.is_word(words[1]):
                end = m.end(1)
        out.append(PiiEntity(m.start(1), end, "PERSON", 0.75, "person"))
    return out


def _is_initial(word: str) -> bool:
    return len(word.rstrip(".")) == 1


def _namelike(gaz: Gazetteer, word: str) -> bool:
    bare = word.rstrip(".").lower()
    if bare in _NOT:
        return False
    info = gaz.get(bare)
    return info is not None and not info.common and bool(info.first or info.last)


def _uncapitalized(text: str, gaz: Gazetteer) -> list[PiiEntity]:
    words = [(m.start(), m.end()) for m in _WORD_RE.finditer(text)]
    out: list[PiiEntity] = []
    run: list[tuple[int, int]] = []
    for s, e in [*words, (len(text) + 1, len(text) + 1)]:
        w = text[s:e]
        if run and text[run[-1][1] : s] == " " and (_namelike(gaz, w) or _is_initial(w)):
            run.append((s, e))
            continue
        out.extend(_judge(text, run, gaz))
        run = [(s, e)] if w and _namelike(gaz, w) else []
    out.extend(_lower_lists(text, words, gaz, out))
    out.extend(_lower_speakers(text, gaz))
    return out


def _lower_speakers(text: str, gaz: Gazetteer) -> list[PiiEntity]:
    """``zofia: where are you?`` / ``marek: at home``: two or more first names as speakers."""
    if text.count(":") < 2:
        return []
    labels = list(_SPEAKER_RE.finditer(text))
    if len(labels) < 2 or not all(_first_name(gaz, m.group(1)) for m in labels):
        return []
    return [PiiEntity(m.start(1), m.end(1), "PERSON", 0.6, "person") for m in labels]


def _judge(text: str, run: list[tuple[int, int]], gaz: Gazetteer) -> list[PiiEntity]:
    while run and _is_initial(text[run[-1][0] : run[-1][1]]):
        run = run[:-1]
    if not run:
        return []
    tokens = [text[s:e].rstrip(".") for s, e in run]
    start, end = run[0][0], run[0][0] + len(text[run[0][0] : run[-1][1]].rstrip("."))
    bonus = context_bonus(text, start, end, False)
    names = [t for t in tokens if not _is_initial(t)]
    if len(names) == 1:
        if bonus < 0.4 or len(tokens) > 1:
            return []
        return [PiiEntity(start, end, "PERSON", 0.75, "person")]
    if len(tokens) > 4 or all(gaz.is_word(t) for t in names):
        return []
    first, last = gaz.get(names[0]), gaz.get(names[-1])
    score = 0.25 + (0.4 if first and first.first else 0.15) + (0.3 if last and last.last else 0.1)
    return [PiiEntity(start, end, "PERSON", min(score + bonus - _PENALTY, 0.95), "person")]


def _lower_lists(
    text: str, words: list[tuple[int, int]], gaz: Gazetteer, found: list[PiiEntity]
) -> list[PiiEntity]:
    """``they had 3: silvana, adam and kristina``: three or more first names in a list."""
    out: list[PiiEntity] = []
    group: list[tuple[int, int]] = []
    items = [(s, e) for s, e in words if text[s:e] not in CONJUNCTIONS]
    for s, e in [*items, (len(text) + 1, len(text) + 1)]:
        if group and _separated(text[group[-1][1] : s]) and _first_name(gaz, text[s:e]):
            group.append((s, e))
            continue
        if len(group) >= 3:
            out.extend(PiiEntity(a, b, "PERSON", 0.6, "person") for a, b in group)
        group = [(s, e)] if _first_name(gaz, text[s:e]) else []
    cover = Coverage(len(text), found)
    return [e for e in out if not cover.covered(e.start, e.end)]


def _separated(gap: str) -> bool:
    words = gap.replace(",", " , ").split()
    if not words or words[0] != ",":
        return bool(words) and len(words) == 1 and words[0] in CONJUNCTIONS
    return len(words) == 1 or (len(words) == 2 and words[1] in CONJUNCTIONS)


def _first_name(gaz: Gazetteer, word: str) -> bool:
    info = gaz.get(word)
    return (
        bool(word)
        and word.lower() not in _NOT
        and info is not None
        and not info.common
        and 0 < info.first <= 1000
    )
