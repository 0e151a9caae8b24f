"""What surrounds a street match: the unit, town, region, country and postcode after it, a
unit or building number before it, and the other street of an intersection."""

from __future__ import annotations

__all__ = [
    "capitalized_view",
    "extend_head",
    "extend_intersection",
    "extend_tail",
    "trim_lower_head",
    "trim_lower_tail",
]

import re
from collections.abc import Callable

from saferail.pii._cues import NOT_NAMES

_SEP_RE = re.compile(r"[ \t]*,?[ \t]*\n?[ \t>?]*\n?[ \t>?]*,?[ \t]*")
_SEGMENT_RE = re.compile(
    r"(?:Apt\.?|Suite|Ste\.?|Unit|Flat|Studio|Apartment|Piso|Piano|Puerta|Appartamento)"
    r"[ ]*[\w-]{1,6}\b\.?|(?:APO|FPO|DPO)[ ](?:AA|AE|AP)[ ]\d{5}"
    r"|(?:\d{5}(?:-\d{4})?|\d{2}-\d{3}|\d{3}[ ]\d{2}|\d{4}[ ]?[A-Z]{2}|\d{4})\b(?![ ]?\d)"
    r"|[A-Z]{1,2}\d[A-Z\d]?[ ]\d[A-Z]{2}\b|\([A-Z]{2}\)|\([^\W\d_]+\)"
    r"|[^\W\d_][\w'’\-]*\.?(?:[ ][^\W\d_][\w'’\-]*\.?){0,3}"
)
_HEAD_RE = re.compile(
    r"(?:(?:Suite|Apt\.?|Unit|Flat|Apartment)[ ]+[\w-]{1,6}|\d{1,6})[ ]$", re.IGNORECASE
)
_MAX_SEGMENTS = 5
_NOT_PLACES = frozenset(
    "tel phone telefon téléphone teléfono telefono telefoon fax mobile mobil handy email "
    "e-mail mail iban bic swift ust vat nip dni pesel bsn ssn passport reisepass desk office "
    "website web".split()
)
_UNIT_WORDS = frozenset(
    "apt apt. suite ste ste. unit flat studio apartment piso piano puerta appartamento".split()
)
_LOWER_HEAD_RE = re.compile(r"[^\W\d_]+[ ]+")
# Lower-case words inside a town name: "Kostelec nad Orlicí", "Bergen op Zoom".
_TOWN_PARTICLES = frozenset(
    "de del do da das dos di du des la le les el sur sous u nad pod am an im bei ob von der "
    "y e i en op aan van den ten ter het bij upon on in".split()
)
# Words that open town names though they are no names themselves ("Saint Aimée", "New Bern").
_TOWN_STARTS = frozenset("saint sainte san santa santo st new old great".split())
_CORNER_RE = re.compile(r"(?i:corner of|corner)[ ]+$")
_WORD = r"[^\W\d_][\w'’\-]*\.?"
_OTHER_STREET_RE = re.compile(rf"[ ]+(?:and|&)[ ]+((?:{_WORD}[ ]){{0,3}}{_WORD})")
_BEFORE_PAIR_RE = re.compile(rf"(?:^|[ (])(({_WORD}[ ]){{1,3}})(?:and|&)[ ]+$")


def extend_tail(text: str, end: int) -> int:
    """Absorb the town, region, country and postcode segments that follow a street."""
    for _ in range(_MAX_SEGMENTS):
        at = end + 1 if _number_dot(text, end) else end
        sep = _SEP_RE.match(text, at)
        pos = sep.end() if sep else at
        if pos == at or text[at:pos].count("\n") > 2:
            break
        seg = _SEGMENT_RE.match(text, pos)
        if seg is None or not _segment_ok(seg.group()):
            break
        end = seg.end()
    return end


def _number_dot(text: str, end: int) -> bool:
    """``Váci út 7.`` then a new line or a comma: the dot belongs to the house number."""
    if text[end : end + 1] != "." or not text[end - 1 : end].isdigit():
        return False
    rest = text[end + 1 : end + 12].lstrip(" \t")
    return rest[:1] in ("\n", ",") or rest.split(" ", 1)[0].lower().rstrip(".") in _UNIT_WORDS


def _segment_ok(segment: str) -> bool:
    head = segment[0]
    if head.isdigit() or head == "(" or segment.split()[0].lower() in _UNIT_WORDS:
        return True
    words = segment.split()
    first = words[0].lower().rstrip(".:")
    if not head.isupper() or first in _NOT_PLACES:
        return False
    if first in NOT_NAMES and first not in _TOWN_STARTS:
        return False
    return words[-1][0].isupper() and all(
        w[0].isupper() or w.lower() in _TOWN_PARTICLES for w in words
    )


def extend_head(text: str, start: int) -> int:
    """Include a leading number or unit (``12 4400 Elm Road``, ``Suite 9 12 Elm Road``)."""
    for _ in range(2):  # "Suite 9 120 Harbour Road": a unit, then a building number
        m = _HEAD_RE.search(text, max(0, start - 16), start)
        if m is None:
            break
        start = m.start()
    return start


def extend_intersection(text: str, start: int, end: int) -> tuple[int, int]:
    """``the corner of 12 Elm Road and Oak Lane``: both streets of an intersection."""
    if not _CORNER_RE.search(text[max(0, start - 12) : start]):
        return start, end
    m = _OTHER_STREET_RE.match(text, end)
    if m is not None and all(w[0].isupper() for w in m.group(1).split()):
        return start, m.end(1)
    return start, end


def trim_lower_head(text: str, start: int, end: int, is_plain: Callable[[str], bool]) -> int:
    """In text typed without capitals, drop the ordinary words that a capitalized copy let
    into the street name ("we live on tavasz út 7")."""
    while start < end:
        m = _LOWER_HEAD_RE.match(text, start, end)
        if m is None or not is_plain(m.group().strip()):
            break
        start = m.end()
    return start


_LOWER_TAIL_RE = re.compile(r"[ ,]+([^\W\d_]+)$")


def trim_lower_tail(text: str, start: int, end: int, is_plain: Callable[[str], bool]) -> int:
    """In text typed without capitals, drop ordinary words taken for a town ("... út 7 now")."""
    while end > start:
        m = _LOWER_TAIL_RE.search(text, start, end)
        if m is None or not is_plain(m.group(1)):
            break
        end = m.start()
    return end


def capitalized_view(text: str) -> str:
    """``text`` with every word capitalized, same length: for text typed without capitals."""
    out = list(text)
    for m in re.finditer(r"(?<![\w'’])[^\W\d_]", text):
        upper = m.group().upper()
        if len(upper) == 1:
            out[m.start()] = upper
    return "".join(out)
