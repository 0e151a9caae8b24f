"""IBAN_CODE: international bank account numbers, compact or in groups (of four).

Candidates: two letters, two check digits, then letters/digits with optional single spaces
or hyphens between them (``DE89 3704 ...``, ``DE89-3704-...``; case-insensitive). The run
can swallow words that follow (``... 5405 29 and``), so the account is cut to its country's
registered length (:data:`IBAN_LENGTHS`, from the IBAN registry) and must end at a group
boundary; then :mod:`stdnum.iban` checks the mod-97 check digits, the country's BBAN format
and, where stdnum has them, national check digits. A bad checksum is never reported. A
Belgian account is checked by its national check digits only: stdnum also looks its bank
code up in a list that lacks codes in use (``BE68 5390 0754 7034``, the registry's own
example, would be missed).

Score: 0.95. No cue words (the checksum is decisive).
"""

from __future__ import annotations

__all__ = ["IBAN_LENGTHS", "PATTERNS", "IbanRecognizer"]

from typing import ClassVar

from stdnum import iban

from saferail.pii.model import PiiEntity
from saferail.pii.recognizers._common import Scanner, glued_left

PATTERNS: dict[str, str] = {
    "iban": r"(?i)\b[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]){11,}\b",
}
_IBAN = Scanner(PATTERNS["iban"])

# Total IBAN length per country (IBAN registry).
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27,
    "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27,
    "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22,
    "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32,
    "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19,
    "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24,
    "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24, "SC": 31,
    "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28, "TL": 23,
    "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}  # fmt: skip

SCORE = 0.95
_SEPARATORS = " -"


def _cut(value: str, offset: int, length: int) -> int | None:
    """End index of the shortest ``value[offset:end]`` holding ``length`` alphanumerics.

    None if ``value`` is too short or the prefix would end inside a group.
    """
    seen = 0
    for i in range(offset, min(len(value), offset + 2 * length)):
        if value[i] not in _SEPARATORS:
            seen += 1
            if seen == length:
                end = i + 1
                if end < len(value) and value[end] not in _SEPARATORS:
                    return None
                return end
    return None


class IbanRecognizer:
    """IBANs with valid check digits."""

    name: ClassVar[str] = "iban"
    entity_types: ClassVar[tuple[str, ...]] = ("IBAN_CODE",)
    triggers: ClassVar[tuple[str, ...]] = (PATTERNS["iban"],)

    def find(self, text: str) -> list[PiiEntity]:
        out: list[PiiEntity] = []
        for start, end, _ in _IBAN.scan(text):
            if glued_left(text, start, "-_/"):
                continue
            value = text[start:end]
            # The run may hold more than one IBAN, or start with a word: try each token
            # that starts like an IBAN.
            offset = 0
            while offset < len(value):
                hit = self._at(value, offset)
                if hit is not None:
                    s, e = start + offset, start + hit
                    out.append(PiiEntity(s, e, "IBAN_CODE", SCORE, self.name))
                    offset = hit + 1
                    continue
                nxt = _next_separator(value, offset)
                if nxt < 0:
                    break
                offset = nxt + 1
        return out

    @staticmethod
    def _at(value: str, offset: int) -> int | None:
        head = value[offset : offset + 4]
        if len(head) < 4 or not head[:2].isalpha() or not head[2:].isdigit():
            return None
        length = IBAN_LENGTHS.get(head[:2].upper())
        if length is None:
            return None
        cut = _cut(value, offset, length)
        if cut is None:
            return None
        candidate = value[offset:cut]
        if candidate != candidate.upper() and candidate != candidate.lower():
            return None  # mixed case: a word glued to digits, not an account number
        if not _valid(candidate):
            return None
        return cut


def _next_separator(value: str, offset: int) -> int:
    """Index of the first space or hyphen in ``value`` at or after ``offset``, or -1."""
    found = [i for i in (value.find(c, offset) for c in _SEPARATORS) if i >= 0]
    return min(found, default=-1)


def _valid(candidate: str) -> bool:
    """Mod 97, BBAN format and national check digits (not stdnum's Belgian bank list)."""
    number = iban.compact(candidate)
    if number[:2] != "BE":
        return iban.is_valid(number)
    if not iban.is_valid(number, check_country=False):
        return False
    return (int(number[4:-2]) % 97 or 97) == int(number[-2:])
