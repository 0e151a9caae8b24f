"""PERSON: capitalized token runs scored by a name gazetteer and by context cues.

Method (chosen by measurement, see docs/checks/pii.md): candidate runs of capitalized or
ALL-CAPS tokens (with particles such as ``van der`` and initials such as ``J.``) are scored
from the popularity of each token as a first or last name, penalized when a token is a
frequent word, and raised by what precedes them: an introduction (``my name is``, ``ich bin``,
``je m'appelle``...), a title (``Dr.``, ``Frau``), a form label (``Applicant:``) or a letter
closing on the line above (signatures). A second pass (:mod:`saferail.pii._name_links`)
looks at names together: lists of names, later mentions of a name already found, speaker
labels; text written without capitals is read by :mod:`saferail.pii._name_lower`.
"""

from __future__ import annotations

__all__ = ["PersonRecognizer"]

import re
from typing import ClassVar

from saferail.checks.deadline import checkpoint
from saferail.pii._cues import (
    NOT_NAMES,
    PARTICLES,
    PLACE_OPENERS,
    STREET_PREFIXES,
    STREET_WORDS,
    STRONG_CUES,
    TITLES,
    WEAK_CUES,
)
from saferail.pii._name_context import (
    TITLE_BONUS,
    caps_line,
    context_bonus,
    human_verb_follows,
    org_context,
    verb_start,
    work_follows,
)
from saferail.pii._name_links import link_names
from saferail.pii._name_lower import find_lowercase
from saferail.pii.gazetteer import Gazetteer, NameInfo, gazetteer
from saferail.pii.model import PiiEntity

_UPPER = "".join(c for c in map(chr, range(0xC0, 0x250)) if c.isupper())
# A capitalized token, or an initial like "J."; linear: no nested ambiguous repetition. A
# possessive "'s" is not part of the token ("Nowak's car"), nor does one start after a hyphen
# ("ex-Beatle", "mid-March").
_TOKEN_RE = re.compile(
    rf"(?<![\w@./\\-])[A-Z{_UPPER}](?:\.|[^\W\d_]*+(?:-[^\W\d_]++|['’](?![sS]\b)[^\W\d_]++)*+)"
    r"(?![\d_@])"
)
_MAX_TOKENS = 4
# Prepositions before a place name: "in Paris", "aus Berlin", "à Lyon", "w Krakowie".
_LOCATIVE = frozenset("in from near at around nach aus bei à au de en desde a da w z we ze".split())
_FUNCTION_ZIPF = 5.5  # a word this frequent ("per", "can", "paris") opening a sentence
_ARTICLE_ZIPF = 6.8  # "to", "van", "de": too frequent to open a name even before a surname
_CUE_WORDS = frozenset(w for cue in STRONG_CUES + WEAK_CUES for w in cue.split())
_SURNAME_WORD_ZIPF = 5.0  # a surname this frequent as a word ("Grand") needs other evidence
# Street types written after the name (English and Germanic conventions); Romance and Slavic
# ones come first ("Calle ...") and are surnames at the end of a name ("Pablo Ruiz Camino").
_STREET_ENDS = (STREET_WORDS - STREET_PREFIXES) | frozenset("st rd ave blvd ln str".split())

Run = list[tuple[int, int]]


class PersonRecognizer:
    """Finds person names in English, German, French, Spanish, Italian, Dutch and Polish."""

    name: ClassVar[str] = "person"
    entity_types: ClassVar[tuple[str, ...]] = ("PERSON",)

    def __init__(self) -> None:
        self._gaz = gazetteer()

    def find(self, text: str) -> list[PiiEntity]:
        runs = self._runs(text)
        out: list[PiiEntity] = []
        for i, run in enumerate(runs):
            if not i & 255:
                checkpoint()  # long texts: stop here once the check's time budget is spent
            entity = self._score(text, run)
            if entity is not None:
                out.append(entity)
        checkpoint()
        out = link_names(text, runs, out, self._gaz)
        checkpoint()
        out.extend(find_lowercase(text, self._gaz, out))
        return out

    def _runs(self, text: str) -> list[Run]:
        """Group capitalized tokens separated by one space (or a particle) into runs."""
        runs: list[Run] = []
        current: Run = []
        for m in _TOKEN_RE.finditer(text):
            if current and _joinable(text, current[-1][1], m.start(), m.group(), self._gaz):
                current.append((m.start(), m.end()))
            else:
                if current:
                    runs.append(current)
                current = [(m.start(), m.end())]
        if current:
            runs.append(current)
        return runs

    def _score(self, text: str, run: Run) -> PiiEntity | None:
        tokens = [text[s:e] for s, e in run]
        if len(tokens) == 1 and (
            tokens[0].rstrip(".").lower() in NOT_NAMES or self._plain_word(tokens[0])
        ):
            return None  # fast path: "The", "Our", "Please", "Maybe" at a sentence start
        titled = False
        while len(tokens) > 1 and _is_title(tokens[0]):
            titled = True  # a title raises confidence and is not part of the name
            run, tokens = run[1:], tokens[1:]
        head = tokens[0].rstrip(".").lower() if tokens else ""
        if head in STREET_PREFIXES:
            return None  # "Via Roma", "Rua Igreja": a street, handled by the address recognizer
        if head in PLACE_OPENERS and len(tokens) > 1:
            return None  # "San Francisco", "St. Gallen": a place
        if len(tokens) > 1 and self._street_name(tokens[-2], tokens[-1]):
            return None  # "Anna Lodge Street", "Maren Coves": a street, not a person
        run, tokens, bonus, titled = self._trim_head(text, run, tokens, titled)
        if run and _after_place_opener(text, run[0][0]):
            return None  # "... San Francisco": the rest of a place name
        if len(tokens) > 1 and tokens[0].rstrip(".").lower() in PLACE_OPENERS:
            return None
        cued = _cued(bonus, titled)
        while tokens and self._not_name(tokens[-1], first=False, cued=cued, before=tokens[:-1]):
            run, tokens = run[:-1], tokens[:-1]
        if not tokens or len(tokens) > _MAX_TOKENS:
            return None
        if len(tokens) == 1 and self._plain_word(tokens[0]):
            return None  # a plain word is no name whatever precedes it ("I'm Sorry")
        if len(tokens) == 1 and tokens[0].isupper() and self._gaz.get(tokens[0]) is None:
            return None  # an unknown acronym
        if all(len(t.rstrip(".")) <= 1 for t in tokens):
            return None
        start, end = run[0][0], run[-1][1]
        if tokens[-1].endswith(".") and len(tokens[-1]) > 2:
            end -= 1  # sentence full stop after the surname
        score = self._adjusted(text, tokens, start, end, bonus)
        if score < 0.35:
            return None
        return PiiEntity(start, end, "PERSON", min(score, 0.99), self.name)

    def _trim_head(
        self, text: str, run: Run, tokens: list[str], titled: bool
    ) -> tuple[Run, list[str], float, bool]:
        """Drop leading tokens that are not part of a name; the context bonus of the rest."""
        bonus = context_bonus(text, run[0][0], run[-1][1], titled)
        while tokens:
            if len(tokens) > 1 and _is_title(tokens[0]):
                titled = True
            elif not self._not_name(tokens[0], first=True, cued=_cued(bonus, titled)):
                break
            elif len(tokens) > 1 and self._first_name_not_word(tokens):
                break  # "Ella J. Marlowe": a first name that is also a pronoun
            elif len(tokens) == 3 and _initial(tokens[1]) and self._surname(tokens[2]):
                break  # "Dilnoza R. Karimova": a middle initial makes the first word a name
            run, tokens = run[1:], tokens[1:]
            bonus = context_bonus(text, run[0][0], run[-1][1], titled) if run else 0.0
        return run, tokens, bonus, titled

    def _adjusted(self, text: str, tokens: list[str], start: int, end: int, bonus: float) -> float:
        score = self._name_score(tokens) + bonus
        if org_context(text, start, end):
            score -= 0.6
        if bonus < 0.4 and _determiner_before(text, start) and not work_follows(text, end):
            score -= 0.2  # "the Rolling Stones", "the Larkspur office": no person
        if len(tokens) == 3 and _initial(tokens[1]) and len(tokens[2]) > 1:
            score += 0.2  # a middle initial: "Tarbek K. Wolloran"
        if len(tokens) == 1 and bonus < 0.4 and self._known(tokens[0]):
            if text[end : end + 2] in ("'s", "’s"):
                score += 0.2  # "Nowak's car": a known surname with a possessive
            elif human_verb_follows(text, end):
                score += 0.3  # "Kowalczyk lives on ...", "Ines smiled ..."
        if len(tokens) == 1 and bonus < 0.2:
            if verb_start(text, start, end, tokens[0]):
                return 0.0  # "Can you ...", "Mark the ...": a capitalized verb, not a name
            if self._opening_word(text, start, end, tokens[0]):
                score = min(score, 0.45)  # "Can park ...": a frequent word opening the sentence
            if tokens[0].isupper() and not caps_line(text, start, end):
                score = min(score, 0.45)  # "DAN", "AMY" in mixed-case text: an acronym
            if self._located(text, start, tokens[0]):
                score = min(score, 0.45)  # "in Paris", "aus Berlin": a place
        if tokens[0].isupper() and len(tokens[0]) > 1 and caps_line(text, start, end):
            score -= 0.15  # whole line in capitals: capitalization says nothing
        return score

    def _not_name(
        self, token: str, *, first: bool, cued: bool, before: list[str] | None = None
    ) -> bool:
        """Edge tokens to trim: function words, frequent words that are not names."""
        bare = token.rstrip(".").lower()
        if bare in NOT_NAMES:
            return True
        previous = before[-1] if before else ""
        surname = not first and bool(previous) and self._first_and_last(previous, bare)
        if not first and not surname and self._gaz.zipf(bare) >= _FUNCTION_ZIPF:
            return True  # "My Uncle Tom Was Right": a function word ends no name
        if not first and (bare in STREET_WORDS or bare.removesuffix("s") in STREET_WORDS):
            return not surname
        if surname:
            return False  # "Chiara Messina": a listed surname that is also a word or a town
        if first and self._plain_word(token):
            return True  # no name starts with a plain word ("I AM WRITING ON BEHALF OF ...")
        return not cued and self._wordlike(token)

    def _first_name_not_word(self, tokens: list[str]) -> bool:
        """A first name that is also a function word, before an initial and a surname or
        before a surname: "Ella J. Marlowe", "Elle Lindqvist" (never a greeting or a cue)."""
        token, following = tokens[0].rstrip("."), tokens[1]
        info = self._gaz.get(token)
        if info is None or not 0 < info.first <= 1000 or token.lower() in _CUE_WORDS:
            return False
        casing = not _initial(following) and following.isupper() != token.isupper()
        if info.zipf >= _ARTICLE_ZIPF or casing:
            return False  # "To Peter", "As DAN", "WIT Georgia": a word, not a first name
        if _initial(following):  # "Ella J. Marlowe": a middle initial, then a surname
            return len(tokens) > 2 and (self._surname(tokens[2]) or self._known(tokens[2]))
        if self._surname(following):
            return True
        nxt = self._gaz.get(following.rstrip("."))
        popular = not info.common
        return popular and nxt is not None and not nxt.common and nxt.first > 0

    def _surname(self, token: str) -> bool:
        """A listed last name that is no frequent word, or an unlisted surname-like token."""
        bare = token.rstrip(".")
        info = self._gaz.get(bare)
        if info is None:
            return self._gaz.surname_like(bare)
        return info.last > 0 and not info.common

    def _known(self, token: str) -> bool:
        """A listed name that is no frequent word or place, or no word at all."""
        bare = token.rstrip(".")
        info = self._gaz.get(bare)
        if info is None:
            return len(bare) > 2 and not self._gaz.is_word(bare) and not bare.isupper()
        return not info.common and not info.place

    def _first_and_last(self, first: str, last: str) -> bool:
        """``Janet Ford``, ``Chiara Messina``: a first name, then a listed surname that is not
        one of the most frequent words (``Grand``, ``White``)."""
        a, b = self._gaz.get(first.rstrip(".")), self._gaz.get(last)
        if a is None or b is None or not a.first or a.common or not b.last:
            return False
        return b.zipf < _SURNAME_WORD_ZIPF

    def _street_name(self, before: str, token: str) -> bool:
        """A run ending in a street type that is no surname here: "Anna Lodge Street"."""
        bare = token.rstrip(".").lower()
        if bare not in _STREET_ENDS:
            return False
        info = self._gaz.get(bare)
        if info is None or not info.last:
            return True
        first = self._gaz.get(before.rstrip("."))
        return info.common and (first is None or first.common or not first.first)

    def _opening_word(self, text: str, start: int, end: int, token: str) -> bool:
        """A frequent word at the start of a sentence, followed by a lower-case word."""
        head = text[max(0, start - 3) : start].rstrip(" \t\"'“(")
        if head and head[-1] not in ".!?\n:;":
            return False
        nxt = text[end : end + 2].lstrip(" ")
        info = self._gaz.get(token)
        return bool(nxt) and nxt[0].islower() and info is not None and info.zipf >= _FUNCTION_ZIPF

    def _located(self, text: str, start: int, token: str) -> bool:
        info = self._gaz.get(token.rstrip("."))
        if info is None or not info.place:
            return False
        before = text[max(0, start - 8) : start].split()
        return bool(before) and before[-1].lower() in _LOCATIVE

    def _plain_word(self, token: str) -> bool:
        return _plain(self._gaz, token)

    def _wordlike(self, token: str) -> bool:
        bare = token.rstrip(".")
        if len(bare) <= 1 or not self._gaz.is_word(bare):
            return False
        info = self._gaz.get(bare)
        return info is None or info.common

    def _name_score(self, tokens: list[str]) -> float:
        return name_score(self._gaz, tokens)


def name_score(gaz: Gazetteer, tokens: list[str]) -> float:
    """Gazetteer evidence that ``tokens`` form a name (before context), about 0.1 to 0.95."""
    infos = [gaz.get(t.rstrip(".")) or _suffix_info(gaz, t) for t in tokens]
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
    middle = sum(1 for t in tokens[1:-1] if _plain_word(gaz, t))
    return score - 0.15 * commons - 0.3 * middle


_SURNAME_LIKE = NameInfo(0, 5000, False)  # an unlisted token with a surname ending


def _suffix_info(gaz: Gazetteer, token: str) -> NameInfo | None:
    return _SURNAME_LIKE if gaz.surname_like(token.rstrip(".")) else None


def _plain_word(gaz: Gazetteer, token: str) -> bool:
    bare = token.rstrip(".")
    if len(bare) <= 1 or not gaz.is_word(bare):
        return False
    info = gaz.get(bare)
    return info is None or info.common


def _determiner_before(text: str, start: int) -> bool:
    before = text[max(0, start - 5) : start]
    return before.endswith((" the ", " The ")) or before in ("the ", "The ")


def _initial(token: str) -> bool:
    return len(token.rstrip(".")) == 1


def _after_place_opener(text: str, start: int) -> bool:
    before = text[max(0, start - 8) : start]
    if not before.endswith((" ", ". ")):
        return False
    words = before.split()
    return bool(words) and words[-1].rstrip(".").lower() in PLACE_OPENERS


def _cued(bonus: float, titled: bool) -> bool:
    """An introduction, label or signature (not just a title): frequent words are kept."""
    return bonus >= 0.4 and not (titled and bonus == TITLE_BONUS)


def _plain(gaz: Gazetteer, token: str) -> bool:
    """A frequent word that is no listed name at all."""
    bare = token.rstrip(".")
    return len(bare) > 1 and gaz.is_word(bare) and gaz.get(bare) is None


def _is_title(token: str) -> bool:
    return token.rstrip(".").lower() in TITLES


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


def _joinable(text: str, prev_end: int, start: int, token: str, gaz: Gazetteer) -> bool:
    gap = text[prev_end:start]
    if gap == " ":
        return True
    if gap == "  ":  # a doubled space inside a name, not before a word or a code
        info = gaz.get(token)
        return not token.isupper() and (
            not gaz.is_word(token) or (info is not None and info.last > 0)
        )
    if gap == ". ":
        word = text[max(0, prev_end - 6) : prev_end].rsplit(None, 1)[-1:]
        return bool(word) and word[0].lower() in TITLES  # "Mrs. Whitcombe"
    if gap.startswith(" ") and gap.endswith(" "):
        inner = gap.strip().lower().split()
        return 0 < len(inner) <= 2 and all(w in PARTICLES for w in inner)
    return False
