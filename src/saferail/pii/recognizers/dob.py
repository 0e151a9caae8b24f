"""DATE_OF_BIRTH: calendar dates with a birth cue nearby, in 7 languages.

Candidates (one RE2 pass, case-insensitive):

* numeric: ``dd/mm/yyyy``, ``mm/dd/yyyy``, ``dd.mm.yyyy``, ``dd-mm-yyyy`` (also 2-digit
  years) and ``yyyy-mm-dd`` (one separator throughout);
* written: ``3 March 1985``, ``3rd of March 1985``, ``March 3, 1985``, ``3. März 1985``,
  ``1er mars 1985``, ``3 de marzo de 1985``, ``3 marzo 1985``, ``3 maart 1985``,
  ``3 marca 1985``, with full month names and common abbreviations in English, German,
  French, Spanish, Italian, Dutch and Polish (genitive and nominative).

A candidate must be a real calendar date (either day/month order for numeric dates), with a
year from 1900 to the current year, not followed by a time of day, and have a birth cue in
the 48 characters before it or the 24 after it (there: right after the date, or a participle
within four words, as in "am 16.11.1965 in Kiel geboren"). The windows stop at the
neighbouring dates and at sentence breaks, so a cue belongs to the nearest date of its own
sentence (one exception: "What is your date of birth? It's 6/24/1991"). Dates without a
cue are never reported: "the meeting is on 12/03/2024" is not a birth date.

Birth cues: born, birth* (birthday, birthdate, date of birth), dob, d.o.b.; geboren, geb,
geburt*; né, née, naissance, naquit; nací, nació, nacido, nacida, nacimient*, cumpleaños;
nato, nata, nati, nacque, nascit*, compleanno; geboorte*, verjaardag; urodz*. Loose cues,
only as the word right before the date: age, aged, ur. (Polish "urodzony").
Score: 0.85.
"""

from __future__ import annotations

__all__ = ["MONTHS", "PATTERNS", "DateOfBirthRecognizer", "parse_date"]

import datetime as _dt
import re
from typing import ClassVar

from saferail.pii.model import PiiEntity
from saferail.pii.recognizers._common import (
    Cues,
    Scanner,
    line_start,
    sentence_end,
    words_after,
    words_before,
)

_MONTH_NAMES: tuple[str, ...] = (
    # 1 .. 12, several spellings each (lowercase, composed accents).
    "january jan januar jänner janvier janv enero ene gennaio gen januari stycznia styczeń sty",
    "february feb februar février fevrier févr fevr febrero febbraio februari lutego luty lut",
    "march mar märz maerz mär mars marzo maart mrt marca marzec",
    "april apr avril avr abril abr aprile kwietnia kwiecień kwi",
    "may mai mayo maggio mag mei maja maj",
    "june jun juni juin junio giugno giu czerwca czerwiec cze",
    "july jul juli juillet juil julio luglio lug lipca lipiec lip",
    "august aug août aout agosto ago augustus sierpnia sierpień sie",
    "september sep sept septembre septiembre setiembre settembre set września wrzesień wrz",
    "october oct oktober okt octobre octubre ottobre ott października październik paź",
    "november nov novembre noviembre listopada listopad lis",
    "december dec dezember dez décembre decembre déc diciembre dic dicembre grudnia grudzień gru",
)
MONTHS: dict[str, int] = {
    name: i + 1 for i, names in enumerate(_MONTH_NAMES) for name in names.split()
}
_MONTH_ALT = "|".join(sorted(MONTHS, key=lambda m: (-len(m), m)))
_YEAR = r"(?:19|20)\d{2}"

PATTERNS: dict[str, str] = {
    "numeric": (
        r"\b(?:\d{1,2}[./-]\d{1,2}[./-](?:(?:19|20)\d{2}|\d{2})"
        r"|(?:19|20)\d{2}[./-]\d{1,2}[./-]\d{1,2})\b"
    ),
    "dmy": (
        r"(?i:\b\d{1,2}(?:st|nd|rd|th|er|e|o|°|\.)?(?:\s+(?:of|de))?\s+(?:"
        + _MONTH_ALT
        + r")\.?,?\s+(?:de\s+|del\s+)?"
        + _YEAR
        + r"\b)"
    ),
    "mdy": r"(?i:\b(?:" + _MONTH_ALT + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+" + _YEAR + r"\b)",
}
_DATES = Scanner("|".join(f"(?P<{k}>{v})" for k, v in PATTERNS.items()))

BIRTH_CUES = Cues.of(
    "born", "birth*", "dob", "d o b", "geboren", "geb", "geburt*", "né", "née",
    "naissance", "naquit", "nací", "nació", "nacido", "nacida", "nacimient*", "cumpleaños",
    "nato", "nata", "nati", "nacque", "nascit*", "compleanno", "geboorte*", "verjaardag",
    "urodz*",
)  # fmt: skip
# Participles that may end the clause after the date (German and Dutch word order).
AFTER_CUES = Cues.of("geboren", "born", "né", "née", "nato", "nata", "nacido", "nacida", "urodz*")
# Short or loose cues: only right before the date ("ur. 12 maja 1961", "Age: ...").
NEAR_CUES = Cues.of("age", "aged", "ur")

SCORE = 0.85
BEFORE = 48
AFTER = 24
# One character-class run: linear in Python's engine.
_LETTERS_RE = re.compile(r"[^\W\d_]+")


def _year(text: str) -> int:
    y = int(text)
    if len(text) == 2:
        this = _dt.date.today().year % 100
        y += 2000 if y <= this else 1900
    return y


def _real(y: int, m: int, d: int) -> bool:
    if not 1900 <= y <= _dt.date.today().year:
        return False
    try:
        day = _dt.date(y, m, d)
    except ValueError:
        return False
    return day <= _dt.date.today()


def parse_date(value: str, kind: str) -> bool:
    """Whether a candidate of ``kind`` (numeric, dmy, mdy) is a real, past date."""
    if kind == "numeric":
        sep = next(c for c in value if not c.isdigit())
        parts = value.split(sep)
        if len(parts) != 3 or not all(p.isdigit() for p in parts):
            return False
        if len(parts[0]) == 4:
            return _real(int(parts[0]), int(parts[1]), int(parts[2]))
        a, b, y = int(parts[0]), int(parts[1]), _year(parts[2])
        return _real(y, b, a) or _real(y, a, b)
    words = [w.lower() for w in _LETTERS_RE.findall(value)]
    month = next((MONTHS[w] for w in words if w in MONTHS), 0)
    numbers = [int(n) for n in "".join(c if c.isdigit() else " " for c in value).split()]
    if not month or len(numbers) != 2:
        return False
    day, year = numbers
    return _real(year, month, day)


def _followed_by_time(text: str, end: int) -> bool:
    tail = text[end : end + 7]
    if tail[:1] in ("T", " ") and ":" in tail[2:5]:
        head = tail[1:3].rstrip(":")
        return head.isdigit()
    return False


def _cued(text: str, start: int, end: int, prev_end: int, next_start: int | None) -> bool:
    """Whether a birth cue belongs to the date ``text[start:end]``."""
    win_lo = max(prev_end, start - BEFORE)
    lo = line_start(text, win_lo, start)
    before = words_before(text, start, BEFORE, lo)
    if BIRTH_CUES.nearest_before(before) is not None:
        return True
    if NEAR_CUES.nearest_before(before[-1:]) is not None:
        return True
    if lo > win_lo and len(before) <= 2 and prev_end <= max(0, start - BEFORE):
        # "Please tell me your date of birth. It's 6/24/1991": the previous sentence ends
        # with the cue and this one only introduces the date.
        d = BIRTH_CUES.nearest_before(words_before(text, lo, lo - win_lo, win_lo))
        if d is not None and d <= 1:
            return True
    limit = end + AFTER if next_start is None else min(next_start, end + AFTER)
    hi = sentence_end(text, end, min(limit, len(text)))
    after = words_after(text, end, AFTER, hi)
    k = BIRTH_CUES.nearest_after(after)
    if k is not None and k > 0:
        # After the date, only participles close the clause ("am 16.11.1965 in Kiel
        # geboren"); any other cue must come right after it ("12/03/1985 (date of birth)"),
        # not a few words on ("19 February 1975 | Bicentenary, birth of ...").
        k = AFTER_CUES.nearest_after(after[:4])
    if k is None:
        return False
    # A cue right before the next date labels that date ("... am 20.12.2024. geboren am
    # 12.03.1985"), not this one.
    return not (hi == next_start and len(after) - k - 1 <= 3)


class DateOfBirthRecognizer:
    """Birth dates: real dates with a birth cue nearby."""

    name: ClassVar[str] = "date_of_birth"
    entity_types: ClassVar[tuple[str, ...]] = ("DATE_OF_BIRTH",)
    triggers: ClassVar[tuple[str, ...]] = tuple(PATTERNS.values())

    def find(self, text: str) -> list[PiiEntity]:
        spans = _DATES.scan(text)
        out: list[PiiEntity] = []
        for i, (start, end, kind) in enumerate(spans):
            value = text[start:end]
            if kind == "numeric" and len({c for c in value if not c.isdigit()}) != 1:
                continue  # mixed separators: 12/03-1985
            if not parse_date(value, kind or "") or _followed_by_time(text, end):
                continue
            prev_end = spans[i - 1][1] if i else 0
            if i and text[prev_end:start].strip() in ("-", "–", "—", "to", "bis", "au", "al"):
                continue  # the end of a range such as "(1 May 1901 – 3 June 1980)"
            next_start = spans[i + 1][0] if i + 1 < len(spans) else None
            if not _cued(text, start, end, prev_end, next_start):
                continue
            out.append(PiiEntity(start, end, "DATE_OF_BIRTH", SCORE, self.name))
        return out
