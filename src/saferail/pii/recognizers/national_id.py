"""NATIONAL_ID: checksum-validated national identifiers of the benchmark countries.

Distinctive shapes, reported without a cue (0.9, 0.95 with a cue):

* ES DNI ``12345678Z`` and NIE ``X1234567L`` (:mod:`stdnum.es.dni`, :mod:`stdnum.es.nie`);
* IT codice fiscale ``RSSMRA85T10A562S`` (:mod:`stdnum.it.codicefiscale`);
* FR NIR, 15 digits, compact or ``1 85 05 78 006 084 91`` (:mod:`stdnum.fr.nir`);
* DE pension insurance number ``12 150385 M 012`` (own check, :mod:`._idchecks`);
* UK NINO ``AB 12 34 56 C`` (shape and prefix rules only: 0.85, 0.9 with a cue);
* US ITIN ``9XX-7X-XXXX`` dashed (:mod:`stdnum.us.itin`; 0.85, 0.95 with a cue).

Weak shapes (plain digit runs), reported only with their own cue nearby (0.85): NL BSN
(:mod:`stdnum.nl.bsn`), PL PESEL (:mod:`stdnum.pl.pesel`), DE Steuer-ID
(:mod:`stdnum.de.idnr`), UK NHS number (:mod:`stdnum.gb.nhs`), undashed US ITIN, and the
German ID card number (ICAO check digit, own check).

Cues: BSN: bsn, burgerservicenummer, sofinummer, sofi. PESEL: pesel. Steuer-ID: steuer*,
idnr, identifikationsnummer, tin, tax id. NHS: nhs. ITIN: itin, tin, taxpayer
identification. NIR: nir, insee, sécu, sécurité sociale, securite sociale, social security.
DNI/NIE: dni, nie, nif, documento nacional. Codice fiscale: codice fiscale, fiscale, cf.
NINO: nino, national insurance, ni number, ni no. Pension number: sozialversicherung*,
rentenversicherung*, versicherungsnummer, svnr, rvnr. ID card: personalausweis*, ausweis*,
id card, identity card. Generic (any weak shape): identi*, national id, personal number,
id number, id no, id nr.
"""

from __future__ import annotations

__all__ = ["PATTERNS", "NationalIdRecognizer"]

from collections.abc import Callable
from typing import ClassVar

from stdnum.de import idnr
from stdnum.es import dni, nie
from stdnum.fr import nir
from stdnum.gb import nhs
from stdnum.it import codicefiscale
from stdnum.nl import bsn
from stdnum.pl import pesel
from stdnum.us import itin

from saferail.pii.model import PiiEntity
from saferail.pii.recognizers._common import Cues, Scanner, cue_distance, glued_left, glued_right
from saferail.pii.recognizers._idchecks import valid_de_id_card, valid_nino, valid_rvnr
from saferail.pii.recognizers._spots import CueFilter, CueSpots

_CF_DIGIT = "[0-9LMNPQRSTUV]"
PATTERNS: dict[str, str] = {
    "codice_fiscale": (
        r"(?i:\b[A-Z]{6}" + _CF_DIGIT + r"{2}[ABCDEHLMPRST]" + _CF_DIGIT + r"{2}[A-Z]"
        + _CF_DIGIT + r"{3}[A-Z]\b)"
    ),
    "nie": r"\b[XYZ]-?\d{7}-?[A-Z]\b",
    "dni": r"\b\d{8}-?[A-Z]\b",
    "rvnr": r"\b\d{2} ?\d{6} ?[A-Z] ?\d{3}\b",
    "nino": r"\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b",
    "nir": r"\b[1-478] ?\d{2} ?\d{2} ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3} ?\d{2}\b",
    "itin": r"\b9\d{2}[- ]\d{2}[- ]\d{4}\b",
    "de_id_card": r"\b[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ0-9]{8}\d\b",
    "digits": r"\b\d[\d ]{7,12}\d\b",
}  # fmt: skip
_IDS = Scanner("|".join(f"(?P<{k}>{v})" for k, v in PATTERNS.items()))

BSN_CUES = Cues.of("bsn", "burgerservicenummer", "sofinummer", "sofi", "citizen service number")
PESEL_CUES = Cues.of("pesel")
IDNR_CUES = Cues.of("steuer*", "idnr", "identifikationsnummer", "tin", "tax id")
NHS_CUES = Cues.of("nhs")
ITIN_CUES = Cues.of("itin", "tin", "taxpayer identification")
NIR_CUES = Cues.of(
    "nir", "insee", "sécu", "sécurité sociale", "securite sociale", "social security"
)
DNI_CUES = Cues.of("dni", "nie", "nif", "documento nacional")
CF_CUES = Cues.of("codice fiscale", "fiscale", "cf")
NINO_CUES = Cues.of("nino", "national insurance", "ni number", "ni no")
RVNR_CUES = Cues.of(
    "sozialversicherung*", "rentenversicherung*", "versicherungsnummer", "svnr", "rvnr"
)
DE_ID_CUES = Cues.of("personalausweis*", "ausweis*", "id card", "identity card")
GENERIC_CUES = Cues.of("identi*", "national id", "personal number", "id number", "id no", "id nr")

SCORE_STRONG = 0.9
SCORE_STRONG_CUED = 0.95
SCORE_WEAK = 0.85

_Check = Callable[[str], bool]
# Weak digit shapes: (digit count, validator, own cues).
_WEAK: tuple[tuple[int, _Check, Cues], ...] = (
    (9, bsn.is_valid, BSN_CUES),
    (11, pesel.is_valid, PESEL_CUES),
    (11, idnr.is_valid, IDNR_CUES),
    (10, nhs.is_valid, NHS_CUES),
    (9, itin.is_valid, ITIN_CUES),
)
# Strong shapes: (validator, cues, score without cue, score with cue).
_STRONG: dict[str, tuple[_Check, Cues, float, float]] = {
    "codice_fiscale": (codicefiscale.is_valid, CF_CUES, SCORE_STRONG, SCORE_STRONG_CUED),
    "nie": (nie.is_valid, DNI_CUES, SCORE_STRONG, SCORE_STRONG_CUED),
    "dni": (dni.is_valid, DNI_CUES, SCORE_STRONG, SCORE_STRONG_CUED),
    "rvnr": (valid_rvnr, RVNR_CUES, SCORE_STRONG, SCORE_STRONG_CUED),
    "nino": (valid_nino, NINO_CUES, SCORE_WEAK, SCORE_STRONG),
    "nir": (nir.is_valid, NIR_CUES, SCORE_STRONG, SCORE_STRONG_CUED),
    "itin": (itin.is_valid, ITIN_CUES, SCORE_WEAK, SCORE_STRONG_CUED),
}


# every cue list above: a window none of them can start in skips the word-by-word search
_ALL_CUES = CueFilter(
    BSN_CUES, PESEL_CUES, IDNR_CUES, NHS_CUES, ITIN_CUES, NIR_CUES, DNI_CUES, CF_CUES,
    NINO_CUES, RVNR_CUES, DE_ID_CUES, GENERIC_CUES,
)  # fmt: skip
_BEFORE, _AFTER = 48, 16


def _cued(text: str, start: int, end: int, cues: Cues) -> bool:
    return cue_distance(text, start, end, cues, _BEFORE, _AFTER) is not None


def _near(text: str, start: int, end: int, cues: Cues, spots: CueSpots) -> bool:
    return spots.possible(start - _BEFORE, end + _AFTER) and _cued(text, start, end, cues)


class NationalIdRecognizer:
    """National identity, tax and social-security numbers (DE FR ES IT NL PL UK US)."""

    name: ClassVar[str] = "national_id"
    entity_types: ClassVar[tuple[str, ...]] = ("NATIONAL_ID",)
    triggers: ClassVar[tuple[str, ...]] = tuple(PATTERNS.values())

    def find(self, text: str) -> list[PiiEntity]:
        out: list[PiiEntity] = []
        spots = _ALL_CUES.spots(text)
        for start, end, group in _IDS.scan(text):
            if glued_left(text, start, "-/_") or glued_right(text, end, "-/_"):
                continue
            kind = group or ""
            value = text[start:end]
            score = self._score(text, start, end, kind, value, spots)
            if score is None and kind == "itin" and "-" not in value:
                # Not an ITIN, but the same digits may be a spaced BSN.
                score = self._weak(text, start, end, value, spots)
            if score is None and kind == "digits" and " " in value:
                # A run of numbers: the first one alone may be the identifier.
                first = value.split(" ", 1)[0]
                if len(first) >= 9:
                    end = start + len(first)
                    score = self._weak(text, start, end, first, spots)
            if score is not None:
                out.append(PiiEntity(start, end, "NATIONAL_ID", score, self.name))
        return out

    def _score(
        self, text: str, start: int, end: int, kind: str, value: str, spots: CueSpots
    ) -> float | None:
        if kind == "digits":
            return self._weak(text, start, end, value, spots)
        if kind == "de_id_card":
            if valid_de_id_card(value) and _near(text, start, end, DE_ID_CUES, spots):
                return SCORE_WEAK
            return None
        check, cues, plain, cued = _STRONG[kind]
        compact = value.replace(" ", "").replace("-", "").upper()
        try:
            ok = check(compact)
        except Exception:  # stdnum validators should not raise; never let one escape
            ok = False
        if not ok:
            return None
        return cued if _near(text, start, end, cues, spots) else plain

    @staticmethod
    def _weak(text: str, start: int, end: int, value: str, spots: CueSpots) -> float | None:
        if not spots.possible(start - _BEFORE, end + _AFTER):
            return None  # a weak shape counts only with a cue, and none can be near
        digits = value.replace(" ", "").replace("-", "")
        generic: bool | None = None
        for length, check, cues in _WEAK:
            if len(digits) != length or not check(digits):
                continue
            if _cued(text, start, end, cues):  # the window was let through above
                return SCORE_WEAK
            if generic is None:
                generic = _cued(text, start, end, GENERIC_CUES)
            if generic:
                return SCORE_WEAK
        return None
