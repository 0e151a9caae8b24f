"""STREET_ADDRESS: street-address shapes of seven European languages and US/UK formats.

Three shapes cover the formats: a house number before a street name with a street-type
word (``742 Evergreen Terrace``, ``12 rue de la Paix``), a street-type word before the name
and number (``Via Roma 12``, ``Calle Mayor, 5``, ``ul. Długa 5/7``), and a single-word
street with a typical suffix and a number (``Hauptstraße 5``, ``Keizersgracht 123``). A unit
(``Apt. 4``), and a postcode with a town on the same or the next line, extend the span.
Street-type words follow public postal standards (USPS Publication 28 suffixes and the
national conventions of each language); all patterns are RE2 (linear time).
"""

from __future__ import annotations

__all__ = ["PATTERNS", "AddressRecognizer"]

import re
from typing import ClassVar

import re2

from saferail.pii._cues import NOT_NAMES, STREET_PREFIXES
from saferail.pii.gazetteer import gazetteer
from saferail.pii.model import PiiEntity

_ABBREVIATED = frozenset({"av", "avda", "ul", "al", "pl", "os", "bd"})

_US_SUFFIX = (
    "Alley|Aly|Avenue|Ave|Av|Bend|Blvd|Boulevard|Branch|Bridge|Brook|Burg|Bypass|Camp|Canyon|"
    "Cape|Causeway|Center|Centre|Circle|Cir|Cliff|Close|Club|Common|Corner|Course|Court|Ct|Cove|"
    "Creek|Crescent|Cres|Crest|Crossing|Curve|Dale|Dam|Divide|Drive|Dr|Estate|Expressway|"
    "Extension|Falls|Ferry|Field|Fields|Flat|Ford|Forest|Forge|Fork|Fort|Freeway|Gardens|Garden|"
    "Gateway|Glen|Green|Grove|Harbor|Harbour|Haven|Heights|Highway|Hwy|Hill|Hills|Hollow|Inlet|"
    "Island|Isle|Junction|Key|Knoll|Knolls|Lake|Lakes|Land|Landing|Lane|Ln|Light|Lights|Loaf|"
    "Lock|Lodge|Loop|Mall|Manor|Meadow|Meadows|Mews|Mill|Mills|Mission|Motorway|Mount|Mountain|"
    "Neck|Orchard|Oval|Overpass|Park|Parkway|Pkwy|Pass|Passage|Path|Pike|Pine|Pines|Place|Pl|"
    "Plain|Plains|Plaza|Point|Points|Port|Prairie|Radial|Ramp|Ranch|Rapid|Rapids|Rest|Ridge|"
    "River|Road|Rd|Route|Row|Rue|Run|Shoal|Shore|Shores|Skyway|Spring|Springs|Spur|Square|Sq|"
    "Station|Stravenue|Stream|Street|St|Summit|Terrace|Ter|Throughway|Trace|Track|Trafficway|"
    "Trail|Trl|Tunnel|Turnpike|Underpass|Union|Valley|Via|Viaduct|View|Views|Village|Ville|"
    "Vista|Walk|Wall|Way|Well|Wells"
)
_PREFIX = "|".join(
    sorted(
        (re2.escape(w) + ("\\." if w in _ABBREVIATED else "") for w in STREET_PREFIXES),
        key=len,
        reverse=True,
    )
)
_SUFFIX_WORD = (
    "straße|strasse|str\\.|weg|gasse|platz|allee|ring|damm|ufer|steig|chaussee|pfad|markt|"
    "berg|feld|garten|graben|stieg|"
    "straat|laan|plein|gracht|kade|dijk|singel|hof|pad|steeg|dreef|baan|hout|veld|wijk|kamp|"
    "poort|plantsoen|erf|dal|haven|zijde|brink|"
    "katu|tie|kuja|polku|tänav|gatan|vägen|gata|väg|gade|vej|veien|gate|utca|ulice"
)
_NAME = r"\p{Lu}[\p{L}'’\-]*\.?"
_LINK = r"(?:de|del|de la|des|du|della|di|da|van|der|den|von|la|le|of|the|dei|degli|delle)"
_NAMES = rf"{_NAME}(?:[ ]+(?:{_LINK}[ ]+)?{_NAME}){{0,3}}"
_NUM = r"\d{1,5}(?:[ ]?[A-Za-z](?:\b|\.))?(?:[/-]\d{1,4}[A-Za-z]?)?"
_UNIT = (
    r"(?:[ ,]+(?i:apt\.?|apartment|suite|ste\.?|unit|flat|floor|fl\.?|room|#|piso|planta|"
    r"étage|etage|bus|app\.?|appartement|whg\.?|m\.|lok\.|scala|interno|int\.)[ ]*[\w-]{1,6}\.?)"
)
_POSTAL = (
    r"(?:\d{5}(?:-\d{4})?|\d{4}[ ]?\p{Lu}{2}|\d{2}-\d{3}|\d{4}|"
    r"\p{Lu}{1,2}\d[\p{Lu}\d]?[ ]?\d\p{Lu}{2})"
)
_TOWN = rf"(?:,?[ ]*\n?[ ]*(?:{_POSTAL}[ ]+{_NAMES}|{_NAMES},?[ ]+(?:\p{{Lu}}{{2}}[ ]+)?{_POSTAL}))"

PATTERNS: dict[str, str] = {
    "number_first": (
        rf"\b{_NUM},?[ ]+(?:(?i:{_PREFIX})[ ]+)?{_NAMES}[ ]+(?i:{_US_SUFFIX})s?\b\.?"
        rf"{_UNIT}?{_TOWN}?"
    ),
    "number_first_fr": rf"\b\d{{1,4}}(?:[ ]?(?i:bis|ter))?,?[ ]+(?i:{_PREFIX})[ ]+"
    rf"(?:{_LINK}[ ]+)?{_NAMES}{_UNIT}?{_TOWN}?",
    "type_first": (
        rf"(?:^|[^\p{{L}}])((?i:{_PREFIX})[ ]+(?:{_LINK}[ ]+)?{_NAMES},?[ ]+(?:n\.?[ºo°]?[ ]*)?"
        rf"{_NUM}\b{_UNIT}?{_TOWN}?)"
    ),
    "suffix_word": (
        rf"\b(\p{{Lu}}[\p{{L}}\-]*(?i:{_SUFFIX_WORD})|{_NAMES}[ ]+(?i:{_SUFFIX_WORD}))[ ]+"
        rf"{_NUM}\b{_UNIT}?{_TOWN}?"
    ),
    "number_name_number": rf"\b\d{{1,5}}[ ]+{_NAME}[ ]+\d{{1,4}}\b{_UNIT}?{_TOWN}?",
    "unit_first": (
        rf"\b(?i:flat|studio|apartment|unit|apt\.?)[ ]+\d{{1,4}}[a-z]?[ ]*[,\n][ ]*"
        rf"{_NAMES}[ ]+(?i:{_US_SUFFIX})s?\b"
    ),
    "military": (
        r"\b(?:(?:Unit|PSC)[ ]+\d{4}(?:,?[ ]+Box[ ]+\d{4})?|(?:USNS|USNV|USS|USCGC)[ ]+\p{Lu}\w+)"
        r"[ ,\n]+(?:APO|FPO|DPO)[ ]+(?:AA|AE|AP)[ ]+\d{5}"
    ),
    "po_box": r"\b(?i:p\.?[ ]?o\.?[ ]?box|postfach|boîte postale|apartado)[ ]+\d{1,6}\b",
}
_SCORES = {
    "number_first": 0.8,
    "number_first_fr": 0.8,
    "type_first": 0.8,
    "suffix_word": 0.75,
    "number_name_number": 0.7,
    "unit_first": 0.8,
    "military": 0.9,
    "po_box": 0.7,
}
_OPTIONS = re2.Options()
_OPTIONS.max_mem = 256 << 20  # Unicode letter classes need a bigger DFA budget than 8 MB
_COMPILED = {name: re2.compile(src, _OPTIONS) for name, src in PATTERNS.items()}
_HINT = re2.compile(r"\d")


class AddressRecognizer:
    """Street addresses with optional unit, postcode and town."""

    name: ClassVar[str] = "street_address"
    entity_types: ClassVar[tuple[str, ...]] = ("STREET_ADDRESS",)

    def find(self, text: str) -> list[PiiEntity]:
        if _HINT.search(text) is None:
            return []
        found: list[PiiEntity] = []
        for name, regex in _COMPILED.items():
            group = 1 if name in ("type_first", "suffix_word") else 0
            for m in regex.finditer(text):
                if name == "number_name_number" and not _plausible_nnn(m.group()):
                    continue
                start, end = m.span(group) if group and name == "type_first" else m.span()
                end = _extend_tail(text, start + len(text[start:end].rstrip(" ,.\n")))
                if text[end - 1 : end] == "." and text[end - 3 : end - 2].islower():
                    end -= 1  # the sentence's full stop, not an abbreviation
                start = _extend_head(text, start)
                text_span = text[start:end]
                score = _SCORES[name] + (0.1 if "\n" in text_span or "," in text_span else 0.0)
                found.append(PiiEntity(start, end, "STREET_ADDRESS", min(score, 0.95), self.name))
        return _longest(found)


_SEP_RE = re.compile(r"[ \t]*,?[ \t]*\n?[ \t>?]*\n?[ \t>?]*,?[ \t]*")
_SEGMENT_RE = re.compile(
    r"(?:Apt\.?|Suite|Ste\.?|Unit|Flat|Studio|Apartment|Piso|Piano|Puerta|Appartamento)"
    r"[ ]*[\w-]{1,6}\b\.?|(?:APO|FPO|DPO)[ ](?:AA|AE|AP)[ ]\d{5}"
    r"|\d{5}(?:-\d{4})?\b|\d{2}-\d{3}\b|\d{4}[ ]?[A-Z]{2}\b|\d{4}\b"
    r"|[A-Z]{1,2}\d[A-Z\d]?[ ]\d[A-Z]{2}\b|\([A-Z]{2}\)"
    r"|[^\W\d_][\w'’\-]*\.?(?:[ ][^\W\d_][\w'’\-]*\.?){0,3}"
)
_HEAD_RE = re.compile(r"\d{1,6}[ ]$")
_MAX_SEGMENTS = 5


def _extend_tail(text: str, end: int) -> int:
    """Absorb the town, region, country and postcode segments that follow a street."""
    for _ in range(_MAX_SEGMENTS):
        sep = _SEP_RE.match(text, end)
        pos = sep.end() if sep else end
        if pos == end or text[end:pos].count("\n") > 2:
            break
        seg = _SEGMENT_RE.match(text, pos)
        if seg is None or not _segment_ok(seg.group()):
            break
        end = seg.end()
    return end


_NOT_PLACES = frozenset(
    "tel phone telefon téléphone teléfono telefono telefoon fax mobile mobil handy email "
    "e-mail mail iban bic swift ust vat nip dni pesel bsn ssn passport reisepass".split()
)
_UNIT_WORDS = frozenset(
    "apt apt. suite ste ste. unit flat studio apartment piso piano puerta appartamento".split()
)


def _segment_ok(segment: str) -> bool:
    head = segment[0]
    if head.isdigit() or head == "(" or segment.split()[0].lower() in _UNIT_WORDS:
        return True
    words = segment.split()
    first = words[0].lower().rstrip(".:")
    if not head.isupper() or first in NOT_NAMES or first in _NOT_PLACES:
        return False
    return all(w[0].isupper() for w in words)


def _plausible_nnn(match: str) -> bool:
    """``<number> <Name> <number>`` is an address only when the name is not a plain word."""
    word = match.split()[1]
    return (len(word) >= 4 and not gazetteer().is_word(word)) or "\n" in match or "," in match


def _extend_head(text: str, start: int) -> int:
    """Include a leading number (``224 4966 Bond Street``) before the match."""
    m = _HEAD_RE.search(text, max(0, start - 8), start)
    return m.start() if m is not None else start


def _longest(found: list[PiiEntity]) -> list[PiiEntity]:
    found.sort(key=lambda e: (e.start, -(e.end - e.start)))
    out: list[PiiEntity] = []
    for e in found:
        if out and e.start < out[-1].end:
            if e.end > out[-1].end:
                prev = out[-1]
                out[-1] = PiiEntity(
                    prev.start, e.end, prev.entity_type, max(prev.score, e.score), prev.recognizer
                )
            continue
        out.append(e)
    return out
