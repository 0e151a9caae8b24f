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

from saferail.checks.deadline import checkpoint
from saferail.pii._address_tail import (
    capitalized_view,
    extend_head,
    extend_intersection,
    extend_tail,
    trim_lower_head,
    trim_lower_tail,
)
from saferail.pii._cues import NOT_NAMES, STREET_PREFIXES
from saferail.pii.gazetteer import gazetteer
from saferail.pii.model import PiiEntity
from saferail.pii.recognizers._common import no_surrogates

_ABBREVIATED = frozenset({"av", "avda", "ul", "al", "pl", "os", "bd"})

_US_SUFFIX = (
    "Alley|Aly|Anex|Arcade|Avenue|Ave|Av|Bayou|Bend|Bluff|Crossroad|Crossway|Drove|Fall|Grange|"
    "Parade|Quay|Rise|Str|Wharf|Blvd|Boulevard|Branch|Bridge|Brook|Burg|Bypass|Camp|Canyon|"
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
# Street types that open a street name only in addresses (an initial "C." opens names too).
_ADDRESS_PREFIXES = frozenset({"c", "cl", "acceso", "pasadizo", "vial", "sector", "vía"})
_PREFIX = "|".join(
    sorted(
        (
            re2.escape(w) + ("\\." if w in _ABBREVIATED or len(w) <= 2 else "")
            for w in STREET_PREFIXES | _ADDRESS_PREFIXES
        ),
        key=len,
        reverse=True,
    )
)
_SUFFIX_WORD = (
    "straße|strasse|str\\.|weg|gasse|platz|allee|ring|damm|ufer|steig|chaussee|pfad|markt|"
    "berg|feld|garten|graben|stieg|"
    "straat|laan|plein|gracht|kade|dijk|singel|hof|pad|steeg|dreef|baan|hout|veld|wijk|kamp|"
    "poort|plantsoen|erf|dal|haven|zijde|brink|"
    "katu|tie|kuja|polku|tänav|gatan|vägen|gata|väg|gade|vej|veien|gate|utca|ulice|"
    "boulevard|brücke|braut|vegur|stræti|stígur|wei|vegen"
)
# Street types written as a word of their own after the name, mostly lower case: Hungarian
# (``Váci út 7.``), Estonian (``Tartu maantee 25``), Latvian, Lithuanian, Slovene, Czech.
_SEPARATE_WORD = (
    "u\\.|utca|út|útja|tér|tere|körút|krt\\.|rakpart|rkp\\.|sor|köz|fasor|sétány|kapu|lejtő|"
    "tee|maantee|puiestee|iela|gatve|prospektas|cesta|ulica|náměstí|nám\\.|třída|str\\.|str"
)
_NAME = r"(?:[dDlL]['’])?\p{Lu}[\p{L}'’\-]*\.?"
_LINK = (
    r"(?:de|del|de la|des|du|della|di|da|do|dos|das|van|der|den|von|la|le|of|the|dei|degli|"
    r"delle|i|y|e|z)"
)
_NAMES = rf"{_NAME}(?:[ ]+(?:{_LINK}[ ]+)?{_NAME}){{0,3}}"
_NUM = r"\d{1,5}(?:[ ]?[A-Za-z](?:\b|\.))?(?:[/-]\d{1,4}[A-Za-z]?)?"
_UNIT = (
    r"(?:[ ,]+(?i:(?:apt|apartment|suite|ste|unit|flat|floor|fl|room|piso|planta|étage|etage|"
    r"bus|app|appartement|appartamento|whg|lok|scala|interno|int|puerta)\b\.?|#|m\.)"
    r"[ ]*[\w-]{1,6}\.?)"
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
        rf"\b(\p{{Lu}}[\p{{L}}\-]*(?i:{_SUFFIX_WORD})|{_NAMES}[ ]+(?i:{_SUFFIX_WORD}|"
        rf"{_SEPARATE_WORD}))[ ]+{_NUM}\b{_UNIT}?{_TOWN}?"
    ),
    "number_name_number": (
        rf"\b\d{{1,5}}[ ]+{_NAME}(?:[ ]+(?:{_LINK}[ ]+)?{_NAME}){{0,2}}[ ]+\d{{1,4}}[A-Za-z]?\b"
        rf"{_UNIT}?{_TOWN}?"
    ),
    "number_name_unit": (rf"\b\d{{1,5}}[ ]+{_NAME}(?:[ ]+{_NAME}){{0,2}}{_UNIT}{_TOWN}?"),
    "unit_first": (
        rf"\b(?i:flat|studio|apartment|unit|apt\.?)[ ]+\d{{1,4}}[A-Za-z]?[ ]*[,\n][ ]*"
        rf"{_NAMES}[ ]+(?i:{_US_SUFFIX})s?\b"
    ),
    "type_first_postal": (
        rf"(?:^|[^\p{{L}}])((?i:{_PREFIX})[ ]+(?:{_LINK}[ ]+)?{_NAMES},?[ ]*\n?[ ]*"
        rf"(?:\d{{5}}|\d{{4}}[ ]?\p{{Lu}}{{2}}|\d{{2}}-\d{{3}})[ ]+{_NAME})"
    ),
    "intersection": (
        rf"(?i:corner of)[ ]+((?:{_NUM}[ ]+)?{_NAMES}(?:[ ]+(?i:{_US_SUFFIX}|{_SEPARATE_WORD})"
        rf"\b\.?)?(?:[ ]+{_NUM}\b\.?)?[ ]+(?:and|&)[ ]+(?:{_NUM}[ ]+)?{_NAMES}"
        rf"(?:[ ]+(?i:{_US_SUFFIX})s?\b\.?)?)"
    ),
    "military": (
        r"\b(?:(?:Unit|PSC)[ ]+\d{4}(?:,?[ ]+Box[ ]+\d{4})?|(?i:USNS|USNV|USS|USCGC)[ ]+"
        r"\p{Lu}\p{L}+)[ ,\n]+(?i:APO|FPO|DPO)[ ]+(?i:AA|AE|AP)[ ]+\d{5}"
    ),
    "po_box": (
        r"\b(?i:p\.?[ ]?o\.?[ ]?box|post[ ]?box|postfach|boîte postale|apartado)[ ]+\d{1,6}\b"
    ),
}
_SCORES = {
    "number_first": 0.8,
    "number_first_fr": 0.8,
    "type_first": 0.8,
    "suffix_word": 0.75,
    "number_name_number": 0.7,
    "number_name_unit": 0.7,
    "unit_first": 0.8,
    "type_first_postal": 0.75,
    "intersection": 0.75,
    "military": 0.9,
    "po_box": 0.7,
}
_OPTIONS = re2.Options()
_OPTIONS.max_mem = 256 << 20  # Unicode letter classes need a bigger DFA budget than 8 MB
_COMPILED = {name: re2.compile(src, _OPTIONS) for name, src in PATTERNS.items()}
_HINT = re2.compile(r"\d")


_GROUPED = ("type_first", "type_first_postal", "intersection")
# Patterns that need a street-type word first ("Via", "rue"), and patterns that need one of a
# few keywords (lowercase substrings): tested before running the pattern.
_TYPED = frozenset({"number_first_fr", "type_first", "type_first_postal"})
_PREFIX_HINT = re.compile(
    "|".join(re.escape(w) for w in sorted({w[:4] for w in STREET_PREFIXES | _ADDRESS_PREFIXES}))
)
_NEEDS: dict[str, tuple[str, ...]] = {
    "intersection": ("corner",),
    "military": ("apo", "fpo", "dpo"),
    "po_box": ("box", "postfach", "boîte", "apartado"),
    "unit_first": ("flat", "studio", "apartment", "unit", "apt"),
}
_MONTHS = frozenset(
    "jan feb mar apr may jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun".split()
)


class AddressRecognizer:
    """Street addresses with optional unit, postcode and town."""

    name: ClassVar[str] = "street_address"
    entity_types: ClassVar[tuple[str, ...]] = ("STREET_ADDRESS",)

    def find(self, text: str) -> list[PiiEntity]:
        text = no_surrogates(text)  # RE2 needs valid UTF-8; same offsets
        if _HINT.search(text) is None:
            return []
        # Text typed without capitals is read through a capitalized copy (same offsets).
        view = capitalized_view(text) if text == text.lower() else text
        low = view.lower()
        typed = _PREFIX_HINT.search(low) is not None
        found: list[PiiEntity] = []
        for name, regex in _COMPILED.items():
            needs = _NEEDS.get(name)
            if needs is not None and not any(w in low for w in needs):
                continue  # cheap test first: the pattern's keyword is nowhere in the text
            if name in _TYPED and not typed:
                continue
            group = 1 if name in _GROUPED else 0
            checkpoint()
            for m in regex.finditer(view):
                unit_form = name == "number_name_unit"
                if name.startswith("number_name") and not (
                    _plausible_nnn(m.group(), unit_form) and not _id_cue(view, m.start())
                ):
                    continue
                if name == "intersection" and not any(c.isdigit() for c in m.group(1)):
                    continue  # "the corner of Baker Street and Oxford Street": no address
                start, end = m.span(group)
                if view is not text:
                    start = trim_lower_head(text, start, end, _plain_word)
                found.append(self._entity(view, name, start, end, view is not text))
        return _longest(found)

    def _entity(self, text: str, name: str, start: int, end: int, lower: bool) -> PiiEntity:
        end = extend_tail(text, start + len(text[start:end].rstrip(" ,.\n")))
        start = extend_head(text, start)
        start, end = extend_intersection(text, start, end)
        if lower:
            end = trim_lower_tail(text, start, end, _plain_word)
        if text[end - 1 : end] == "." and text[end - 3 : end - 2].islower():
            end -= 1  # the sentence's full stop, not an abbreviation
        span = text[start:end]
        score = _SCORES[name] + (0.1 if "\n" in span or "," in span else 0.0)
        return PiiEntity(start, end, "STREET_ADDRESS", min(score, 0.95), self.name)


_UNIT_WORDS = frozenset("apt apartment suite ste unit flat floor room".split())
_LINKS = frozenset("de del la des du della di da do dos das van der den von le i y e z".split())


def _plausible_nnn(match: str, unit_form: bool) -> bool:
    """``<number> <Name> <number>`` is an address when its last name is no plain word, or
    when a unit, town or postcode follows (``14 Karlova 27, Praha``); never when a name
    is a month or a function word (``12 Jun - 3 Aug``)."""
    tokens = match.split()
    names: list[str] = []
    for token in tokens[1:]:
        if token[0].isdigit() or (unit_form and token.lower().rstrip(".") in _UNIT_WORDS):
            break
        names.append(token.rstrip(".,-"))
    words = [w for w in names if w.lower() not in _LINKS]
    if not words or any(w.lower() in _MONTHS or w.lower() in NOT_NAMES for w in words):
        return False
    gaz = gazetteer()
    named = len(words[-1]) >= 4 and not gaz.is_word(words[-1])
    if unit_form:
        return named
    return named or len(tokens) > len(names) + 2 or "\n" in match or "," in match


def _plain_word(word: str) -> bool:
    return word.lower() in NOT_NAMES or gazetteer().is_word(word)


# Words before a number that make it an identifier, not a house number ("Order 4411 ...").
_ID_CUES = frozenset(
    "order invoice ticket ref reference no nr number version chapter page room table seat "
    "flight item step level grade class vol volume issue episode season".split()
)


def _id_cue(text: str, start: int) -> bool:
    before = text[max(0, start - 16) : start].split()
    return bool(before) and before[-1].lower().rstrip(".:#") in _ID_CUES


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
