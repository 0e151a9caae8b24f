"""PASSPORT: passport numbers, only right after a passport cue.

Passport numbers have no check digit in running text and look like any other reference, so
a candidate must follow a cue: the first token holding a digit within 48 characters after
the cue, with at most four short words in between (``Passport No.:``, ``numéro de passeport
est``). Accepted shapes (uppercase letters and digits):

* 9 digits (US, UK and many others), a letter and 8 digits (US next generation);
* 2 letters and 7 digits (IT, PL), 3 letters and 6 digits (ES), 2 digits, 2 letters and
  5 digits (FR);
* 9 characters of the German document alphabet starting with C F G H J K (DE);
* 2 letters, 6 letters/digits and a digit (NL);
* otherwise 6-10 characters with at least 5 digits and at most 3 letters.

Cues: passport*, passeport*, pasaporte*, passaporto*, paspoort*, paszport*, reisepass*,
passnummer, pass-nr.
Score: 0.8.
"""

from __future__ import annotations

__all__ = ["PATTERNS", "PassportRecognizer", "passport_shape"]

import re
from typing import ClassVar

from saferail.pii.model import PiiEntity
from saferail.pii.recognizers._common import Scanner

PATTERNS: dict[str, str] = {
    "cue": (
        r"(?i)(?:reise)?pass(?:port|eport|aporto|-?nr|-?nummer)|reisepass|pasaporte|paspoort"
        r"|paszport"
    ),
}
_CUES = Scanner(PATTERNS["cue"])
_GATES = ("pass", "pasa", "paspo", "paszp")
# One character-class run: linear in Python's engine.
_TOKEN_RE = re.compile(r"[^\W_]+")
_DE_CHARS = frozenset("CFGHJKLMNPRTVWXYZ0123456789")

WINDOW = 48
MAX_WORDS_BETWEEN = 4
SCORE = 0.8


def passport_shape(tok: str) -> bool:
    """Whether ``tok`` has the shape of a passport number (see the module docstring)."""
    n = len(tok)
    if not 6 <= n <= 10 or not tok.isascii() or tok != tok.upper():
        return False
    digits = sum(c.isdigit() for c in tok)
    letters = n - digits
    if digits == 0:
        return False
    if n == 9:
        if tok.isdigit() or (tok[0].isalpha() and tok[1:].isdigit()):
            return True
        if tok[:2].isalpha() and tok[2:].isdigit():
            return True
        if tok[:3].isalpha() and tok[3:].isdigit():
            return True
        if tok[:2].isdigit() and tok[2:4].isalpha() and tok[4:].isdigit():
            return True
        if tok[0] in "CFGHJK" and set(tok) <= _DE_CHARS:
            return True
        if tok[:2].isalpha() and tok[8].isdigit():
            return True
    return digits >= 5 and letters <= 3


class PassportRecognizer:
    """Passport numbers after a passport cue."""

    name: ClassVar[str] = "passport"
    entity_types: ClassVar[tuple[str, ...]] = ("PASSPORT",)
    triggers: ClassVar[tuple[str, ...]] = (PATTERNS["cue"],)

    def find(self, text: str) -> list[PiiEntity]:
        low = text.lower()
        if not any(g in low for g in _GATES):
            return []
        out: list[PiiEntity] = []
        last = -1
        for _, cue_end, _ in _CUES.scan(text):
            if cue_end <= last:
                continue
            hit = self._after(text, cue_end)
            if hit is not None:
                out.append(hit)
                last = hit.end
        return out

    def _after(self, text: str, cue_end: int) -> PiiEntity | None:
        window = text[cue_end : cue_end + WINDOW]
        for words, t in enumerate(_TOKEN_RE.finditer(window)):
            tok = t.group()
            if any(c.isdigit() for c in tok):
                start, end = cue_end + t.start(), cue_end + t.end()
                glued = (end < len(text) and (text[end].isalnum() or text[end] in "-/_")) or (
                    start > 0 and text[start - 1] in "-/_"
                )
                if not glued and passport_shape(tok):
                    return PiiEntity(start, end, "PASSPORT", SCORE, self.name)
                return None
            if words >= MAX_WORDS_BETWEEN or len(tok) > 14:
                return None
        return None
