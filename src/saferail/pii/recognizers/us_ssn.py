"""US_SSN: US Social Security numbers, ``AAA-GG-SSSS`` and (with a cue) other forms.

Candidates: ``123-45-6789``, ``123 45 6789``, ``123.45.6789`` and nine plain digits. All must
be valid SSA numbers: area not 000, 666 or 900-999 (900-999 are ITINs, see
:mod:`national_id`), group not 00, serial not 0000, and not one digit repeated.

SSN cues: ssn, ssns, ss, ssa, ssn#, social security, soc sec.
Negative cues: order, invoice, ticket, ref, reference, tracking, phone, tel, fax, call, mobile,
passport, bsn, burgerservicenummer, account, routing, isbn, zip, itin, pesel, nir.

Scores: dashed form 0.85 (0.95 with a cue); spaced, dotted and plain forms only with a cue
(0.85); any form is dropped when a negative cue is closer than an SSN cue.
"""

from __future__ import annotations

__all__ = ["PATTERNS", "UsSsnRecognizer", "valid_ssn"]

from typing import ClassVar

from saferail.pii.model import PiiEntity
from saferail.pii.recognizers._common import Cues, Scanner, cue_distance, glued_left, glued_right
from saferail.pii.recognizers._spots import CueFilter

PATTERNS: dict[str, str] = {
    "ssn": r"\b(?:\d{3}-\d{2}-\d{4}|\d{3} \d{2} \d{4}|\d{3}\.\d{2}\.\d{4}|\d{9})\b",
}
_SSN = Scanner(PATTERNS["ssn"])

SSN_CUES = Cues.of("ssn", "ssns", "ss", "ssa", "social security", "soc sec", "ssn#")
NEGATIVE_CUES = Cues.of(
    "order", "invoice", "ticket", "ref", "reference", "tracking", "phone", "tel", "fax", "call",
    "mobile", "passport", "bsn", "burgerservicenummer", "account", "routing", "isbn", "zip",
    "itin", "pesel", "nir",
)  # fmt: skip

_ANY_CUE = CueFilter(SSN_CUES, NEGATIVE_CUES)

SCORE_DASHED = 0.85
SCORE_CUED = 0.95
SCORE_OTHER = 0.85


def valid_ssn(digits: str) -> bool:
    """Whether nine digits form an SSN the SSA could issue."""
    if len(digits) != 9 or not digits.isdigit():
        return False
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    if area in ("000", "666") or area[0] == "9":
        return False
    if group == "00" or serial == "0000":
        return False
    return len(set(digits)) > 1


class UsSsnRecognizer:
    """US Social Security numbers."""

    name: ClassVar[str] = "us_ssn"
    entity_types: ClassVar[tuple[str, ...]] = ("US_SSN",)
    triggers: ClassVar[tuple[str, ...]] = (PATTERNS["ssn"],)

    def find(self, text: str) -> list[PiiEntity]:
        out: list[PiiEntity] = []
        spots = _ANY_CUE.spots(text)
        for start, end, _ in _SSN.scan(text):
            if glued_left(text, start, "-./_+") or glued_right(text, end, "-./_"):
                continue
            value = text[start:end]
            digits = value.replace("-", "").replace(" ", "").replace(".", "")
            if not valid_ssn(digits):
                continue
            pos = neg = None
            if spots.possible(start - 40, end + 16):  # else no cue of either list is near
                pos = cue_distance(text, start, end, SSN_CUES, 40, 16)
                neg = cue_distance(text, start, end, NEGATIVE_CUES, 32, 0)
            if neg is not None and (pos is None or neg < pos):
                continue
            if "-" in value:
                score = SCORE_CUED if pos is not None else SCORE_DASHED
            elif pos is not None:
                score = SCORE_OTHER
            else:
                continue
            out.append(PiiEntity(start, end, "US_SSN", score, self.name))
        return out
