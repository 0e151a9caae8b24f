"""Words, key terms and light stemming, the same for answers and for documents.

A *word* is a run of letters and digits (apostrophes inside a word are kept, possessive
``'s`` is dropped); digit groups joined by ``.``, ``,`` or ``:`` stay one number
(``1,250``, ``3.5``, ``10:30``) and thousands separators are removed. Every word has a
*stem*: casefolded, with a few English suffixes removed (plural ``-s``/``-es``/``-ies``,
``-ed``, ``-ing``), so "founded" and "founding", "cities" and "city" meet. Stemming is crude
on purpose: it only has to treat the answer and the documents the same way.

*Content words* are the stems of words outside a stop list. *Key terms* are the claims a
document must state outright: numbers, and capitalized words (names, places, titles).

A *denial* is what one negation of a sentence governs: the content words among the (up to
three) words right after it, before a comma or the end of its clause, and the content words
of its whole clause (clauses end at ``;``, ``:`` and "but", "and", "while"...). "not only",
"not just" and "not until" negate nothing.
"""

from __future__ import annotations

__all__ = [
    "NEGATIONS",
    "NUMBER_WORDS",
    "STOP",
    "Denial",
    "Word",
    "denials",
    "is_negated",
    "key_terms",
    "stem",
    "words",
]

import re
from functools import lru_cache
from typing import NamedTuple

_TOKEN = re.compile(
    r"\b[^\W\d_]{1,2}(?:\.[^\W\d_]{1,2})+\.?(?!\w)"  # dotted acronyms: U.S., Ph.D., F.E.A.R.
    r"|\d+(?:[.,:]\d+)+|[^\W_]+(?:['’][^\W_]+)*"
)
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")

STOP: frozenset[str] = frozenset(
    """
    a an the and or but nor so yet if then than that this these those there here it its
    itself they them their theirs themselves he him his himself she her hers herself we us
    our ours you your yours i me my mine myself who whom whose which what when where why
    how whoever whatever is am are was were be been being do does did done doing have has
    had having will would shall should can could may might must ought of to in on at by for
    with from into onto upon over under above below about after before during since until
    while through throughout between among against across along around toward towards via
    as also too very just only even still already again ever more most less least much many
    some any each every all both either few several such other another same own out up
    down off away back well however although though because whereas whether not no nor
    yes never none per like one ones s t d ll re ve m
    don't doesn't didn't isn't wasn't aren't weren't won't can't couldn't wouldn't
    shouldn't hasn't haven't hadn't it's i'm i've i'd that's there's he's she's they're
    we're you're let's
    """.split()
)

NEGATIONS: frozenset[str] = frozenset(
    "not no never none neither nor without cannot nobody nothing nowhere".split()
)

NUMBER_WORDS: dict[str, str] = (
    {
        w: str(i)
        for i, w in enumerate(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen "
            "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
        )
    }
    | {"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70"}
    | {
        "eighty": "80",
        "ninety": "90",
        "hundred": "100",
        "thousand": "1000",
    }
)

_VOWELS = frozenset("aeiouy")


class Word(NamedTuple):
    """One word of a text: its surface form, offsets, stem and what kind of word it is.
    ``content``: the word carries meaning (not a stop word; acronyms always do)."""

    surface: str
    start: int
    end: int
    lower: str
    stem: str
    capitalized: bool
    number: bool
    content: bool


def _undouble(word: str) -> str:
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in _VOWELS | {"l", "s", "z"}:
        return word[:-1]
    return word


@lru_cache(maxsize=65_536)
def _lower(word: str) -> str:
    """Casefolded, straight apostrophes, possessive ``'s`` removed."""
    w = word.casefold().replace("’", "'")
    if "." in w and not w[:1].isdigit():
        return w.replace(".", "")  # an acronym: "U.S." and "US" meet
    if w.endswith("'s"):
        w = w[:-2]
    return w.rstrip("'")


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """A crude, deterministic English stem of one word (see the module doc)."""
    w = _lower(word)
    if "." in word and not w[:1].isdigit():
        return w
    if w[:1].isdigit():
        return w.replace(",", "") if _THOUSANDS.fullmatch(w) else w
    if w in NUMBER_WORDS:
        return NUMBER_WORDS[w]
    if len(w) <= 2:
        return w
    return _suffixes(_plural(w))


def _plural(w: str) -> str:
    if w.endswith(("ies", "ied")) and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("sses") or (w.endswith("es") and w[-3] in "xz") or w.endswith(("ches", "shes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        return w[:-1]
    return w


def _suffixes(w: str) -> str:
    if w.endswith("ing") and len(w) >= 5 and any(c in _VOWELS for c in w[:-3]):
        w = _undouble(w[:-3])
    elif w.endswith("ed") and len(w) >= 4 and any(c in _VOWELS for c in w[:-2]):
        w = _undouble(w[:-2])
    if w.endswith("e") and len(w) >= 3 and w[-2] not in _VOWELS:
        w = w[:-1]  # "locate" and "locat(ed)" meet
    return w


@lru_cache(maxsize=65_536)
def _info(surface: str) -> tuple[str, str, bool, bool, bool]:
    """(lower, stem, capitalized, number, content) of one word form."""
    lower = _lower(surface)
    first = surface[0]
    number = first.isdigit() or lower in NUMBER_WORDS
    if "." in surface and not first.isdigit():
        content = True  # an acronym ("U.S." is not the pronoun "us")
    else:
        content = lower not in STOP and (number or len(lower) > 1)
    return lower, stem(surface), first.isupper(), number, content


def words(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    """Every word of ``text[start:end]`` with offsets (into ``text``), stem and kind."""
    out: list[Word] = []
    info = _info
    for m in _TOKEN.finditer(text, start, len(text) if end is None else end):
        surface = m.group()
        out.append(Word(surface, m.start(), m.end(), *info(surface)))
    return out


def key_terms(ws: list[Word]) -> list[Word]:
    """The numbers and capitalized non-stop words of a claim (names, places, figures)."""
    return [w for w in ws if w.number or (w.capitalized and w.content)]


def is_negated(ws: list[Word]) -> bool:
    """Whether the words contain a negation ("not", "never", "n't", ...)."""
    return any(w.lower in NEGATIONS or w.lower.endswith("n't") for w in ws)


_CLAUSE_WORDS = frozenset("but while whereas although though however yet and or instead".split())
_NOT_NEGATING = frozenset("only just merely simply until till least".split())
_SCOPE_WORDS = 3


class Denial(NamedTuple):
    """What one negation governs: ``scope``, the content stems right after it, and
    ``clause``, the content stems of its clause."""

    scope: frozenset[str]
    clause: frozenset[str]


def _negation(w: Word) -> bool:
    return w.lower in NEGATIONS or w.lower.endswith("n't")


def _clauses(text: str, ws: list[Word]) -> list[int]:
    """The clause number of each word (see the module doc)."""
    out: list[int] = []
    clause = 0
    for i, w in enumerate(ws):
        if i and (w.lower in _CLAUSE_WORDS or _breaks(text, ws[i - 1].end, w.start, ";:")):
            clause += 1
        out.append(clause)
    return out


def _breaks(text: str, start: int, end: int, marks: str) -> bool:
    return any(c in marks for c in text[start:end])


def denials(text: str, ws: list[Word]) -> tuple[Denial, ...]:
    """The denials of one sentence's words ``ws`` (offsets into ``text``)."""
    if not any(_negation(w) for w in ws):
        return ()
    clauses = _clauses(text, ws)
    out: list[Denial] = []
    for i, w in enumerate(ws):
        if not _negation(w) or (i + 1 < len(ws) and ws[i + 1].lower in _NOT_NEGATING):
            continue
        scope: set[str] = set()
        for j in range(i + 1, min(i + 1 + _SCOPE_WORDS, len(ws))):
            if clauses[j] != clauses[i] or _breaks(text, ws[j - 1].end, ws[j].start, ",;:"):
                break
            if ws[j].content:
                scope.add(ws[j].stem)
        clause = frozenset(
            v.stem for v, c in zip(ws, clauses, strict=True) if c == clauses[i] and v.content
        )
        if scope:
            out.append(Denial(frozenset(scope), clause))
    return tuple(out)
