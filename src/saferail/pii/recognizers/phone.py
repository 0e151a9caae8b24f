"""PHONE_NUMBER: national and international phone numbers, validated with libphonenumber.

Candidates (one RE2 pass): an optional ``+``, then digits with spaces, dots, dashes, slashes
and parentheses, then an optional extension (``x123``, ``ext. 12``, ``#12``). Only runs of
six characters or more match, so ordinary prose produces no candidates. Python-side checks,
cheapest first:

1. 7-15 digits (extension excluded), balanced parentheses holding 1-5 digits, not glued to
   a longer token, not a price (currency sign before, decimal comma after);
2. not another kind of number: a date or timestamp token (``2024-03-12``, ``12.03.2024``),
   a dotted quad (IPv4 or version), a decimal number (``60.2754583``), a year range
   (``2010-2012``), and, unless a phone cue is near, an SSN-shaped ``123-45-6789``, a
   thousands-grouped amount (``12 345 678``), an ISBN (checked with :mod:`stdnum.isbn`) or
   13+ national digits; without a strong cue, a national number with one-digit groups (a
   barcode: ``0 6700 33227 1 3``); an identifier continued after a dash (``555-1234-ABCD``);
3. no negative cue closer than the nearest phone cue (``Order #``, ``Passport No.``, ``IBAN``);
4. :mod:`phonenumbers`: ``+`` / ``00`` numbers are parsed as international, others against
   each region in turn (default US GB DE FR ES IT NL PL, configurable). Results are cached.

libphonenumber's own ``PhoneNumberMatcher`` is not used: it is far slower than this
candidate-first design on texts without phone numbers.

Phone cues (strong): phone*, tel, tél, telf, tlf, tfno, teleph*, telef*, teléf*, téléph*,
mobile*, mobil, mob, cell*, handy, fax*, call*, ring, dial, text, sms, whatsapp, contact,
reach, landline, hotline, message(s), messaging, msg, answering, móvil, movil, cellulare,
mobiel*, komórk*, llam*, llám*, chiam*, appel*, joindre, portable, zadzwo*, dzwo*, bel,
bellen, ruf, anruf*, erreichbar.
Line labels, strong only right before the number or after it on its line: office, desk,
work, home, büro, bureau.
Weak cues (within the last three words): number, nummer, numéro, numero, número, numer,
no, nr, n.
Negative cues: order*, invoice*, ticket*, tracking, reference*, account, iban, passport*,
isbn, sku, serial, version, id, amount, price, card, postcode, zip, license, driver and
the de/fr/es/it/nl/pl equivalents (bestell*, rechnung*, commande, facture, pedido, factura,
ordine, fattura, bestelling, factuur, zamówien*, faktur*, przesyłk*, ...), national-ID
names (ssn, pesel, bsn, dni, nif, nir, nhs, fiscale, social security, ...) and a ``#``
right before the number. A weak cue closer than a negative one lifts the veto only when it
is not that cue's own noun ("Order no.", "passport number is" stay vetoed).

Scores: valid 0.9 with a strong cue, 0.85 with a weak cue, 0.75 without a cue if formatted
(``+``, or separators and 9+ digits; a bare digit run without a cue is not reported);
possible-but-not-valid 0.6 with a strong cue, 0.55 with a weak one; neither, 8-13 digits
with a strong cue 0.5.
"""

from __future__ import annotations

__all__ = ["DEFAULT_REGIONS", "PATTERNS", "PhoneRecognizer", "warm_up"]

import functools
from collections.abc import Sequence
from typing import ClassVar, TypeAlias

import phonenumbers

from saferail.checks.deadline import checkpoint
from saferail.pii.model import PiiEntity
from saferail.pii.recognizers._common import (
    Cues,
    Scanner,
    glued_left,
    glued_right,
    line_start,
    words_after,
    words_before,
)
from saferail.pii.recognizers._phone_shapes import (
    CURRENCY,
    barcode_like,
    dotted_non_phone,
    is_date,
    isbn_like,
    parens_ok,
    pieces,
    plain_ok,
    thousands,
    year_range,
)

PATTERNS: dict[str, str] = {
    "phone": (
        r"\+?\(?\b\d[\d ().\-/]{4,}\d"
        r"(?: ?(?:[xX]|[eE][xX][tT][nN]?\.?|[eE]xtension|#) ?\d{1,6}\b)?"
    ),
}
_PHONE = Scanner(PATTERNS["phone"])

DEFAULT_REGIONS: tuple[str, ...] = ("US", "GB", "DE", "FR", "ES", "IT", "NL", "PL")

STRONG_CUES = Cues.of(
    "phone*", "tel", "tél", "telf", "tlf", "tfno", "teleph*", "telef*", "teléf*", "téléph*",
    "mobile*", "mobil", "mob", "cell*", "handy", "fax*", "call*", "ring", "dial", "text",
    "sms", "whatsapp", "contact", "reach", "landline", "hotline", "message", "messages",
    "messaging", "msg", "answering", "móvil", "movil", "cellulare", "mobiel*", "komórk*",
    "llam*", "llám*", "chiam*", "appel*", "joindre", "portable", "zadzwo*", "dzwo*", "bel",
    "bellen", "ruf", "anruf*", "erreichbar",
)  # fmt: skip
# Line labels: strong right before the number ("Desk: ...") or after it ("... office"),
# not further away ("the office is at 17031 Main St").
LABEL_CUES = Cues.of("office", "desk", "work", "home", "büro", "bureau")
WEAK_CUES = Cues.of("number", "nummer", "numéro", "numero", "número", "numer", "no", "nr", "n")
NEGATIVE_CUES = Cues.of(
    "order*", "invoice*", "ticket*", "tracking", "track", "ref", "refs", "reference*",
    "referenz", "account", "acct", "konto", "iban", "bic", "passport*", "reisepass*",
    "passeport", "pasaporte", "passaporto", "paspoort*", "paszport*", "isbn", "issn", "sku",
    "serial", "version", "versie", "versión", "versione", "wersj*", "id", "amount", "total",
    "price", "preis", "prix", "precio", "prezzo", "prijs", "cena", "kwota", "card", "karte*",
    "kart*", "carte", "tarjeta", "carta", "kaart*", "postcode", "zip", "plz", "bestell*",
    "rechnung*", "sendungs*", "aktenzeichen", "kundennummer", "commande", "facture", "suivi",
    "dossier*", "pedido", "factura", "seguimiento", "expediente", "ordine", "fattura",
    "tracciamento", "pratica", "bestelling", "factuur", "zamówien*", "faktur*", "przesyłk*",
    "sygnatura", "ssn", "pesel", "bsn", "burgerservicenummer", "dni", "nif", "nir",
    "sécurité", "fiscale", "sozialversicherungsnummer", "rentenversicherungsnummer",
    "steuer*", "itin", "nhs", "social", "security", "license", "licence", "driver", "dl",
    "führerschein", "permis",
)  # fmt: skip

VALID, POSSIBLE, INVALID = 2, 1, 0
BEFORE, AFTER = 40, 12
Dist: TypeAlias = int | None


@functools.lru_cache(maxsize=8)
def warm_up(regions: tuple[str, ...] = DEFAULT_REGIONS) -> None:
    """Load libphonenumber's metadata for ``regions`` and every region sharing their country
    codes (+1 holds two dozen), with their patterns compiled: otherwise the first number of a
    process pays for it (~10-30 ms). Once per process and region set; unknown regions are
    skipped."""
    for region in regions:
        code = phonenumbers.country_code_for_region(region)
        if not code:
            continue
        for member in phonenumbers.region_codes_for_country_code(code):
            for kind in (
                phonenumbers.PhoneNumberType.FIXED_LINE,
                phonenumbers.PhoneNumberType.MOBILE,
            ):
                example = phonenumbers.example_number_for_type(member, kind)
                if example is not None:
                    phonenumbers.is_valid_number(example)
        invalid = phonenumbers.PhoneNumber(country_code=code, national_number=1)
        phonenumbers.is_valid_number(invalid)  # walks every region of the code
        phonenumbers.is_possible_number(invalid)


@functools.lru_cache(maxsize=4096)
def _status(main: str, regions: tuple[str, ...]) -> int:
    """VALID, POSSIBLE or INVALID for a number string (without extension)."""
    if main.startswith("+") or main.startswith("00"):
        number = "+" + main[2:] if main.startswith("00") else main
        try:
            parsed = phonenumbers.parse(number, None)
        except phonenumbers.NumberParseException:
            return INVALID
        if phonenumbers.is_valid_number(parsed):
            return VALID
        return POSSIBLE if phonenumbers.is_possible_number(parsed) else INVALID
    best = INVALID
    for region in regions:
        try:
            parsed = phonenumbers.parse(main, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(parsed):
            return VALID
        if best == INVALID and phonenumbers.is_possible_number(parsed):
            best = POSSIBLE
    return best


def _context(text: str, start: int, end: int, prev_end: int) -> tuple[Dist, Dist, Dist]:
    """Word distances to the nearest strong, weak and negative cue (None: no such cue).

    Before the number the window stops at the previous candidate and at a sentence break;
    after it, only strong cues count, within the same line and not when they label the next
    field (``...\nTel.: ``).
    """
    lo = line_start(text, max(prev_end, start - BEFORE), start)
    before = words_before(text, start, BEFORE, lo)
    strong = STRONG_CUES.nearest_before(before)
    if strong is None and LABEL_CUES.nearest_before(before[-1:]) is not None:
        strong = 0
    weak = WEAK_CUES.nearest_before(before[-3:])  # "my number is", "n.º", "Nr."
    neg = NEGATIVE_CUES.nearest_before(before)
    if text[max(0, start - 3) : start].rstrip().endswith("#"):
        neg = 0
    seg = text[end : end + AFTER].split("\n", 1)[0]
    colon = seg.find(":")
    if colon >= 0:
        seg = seg[: max(0, seg.rfind(" ", 0, colon))]
    if seg:
        words = words_after(text, end, AFTER, end + len(seg))
        for cues in (STRONG_CUES, LABEL_CUES):
            after = cues.nearest_after(words)
            if after is not None and (strong is None or after < strong):
                strong = after
    return strong, weak, neg


def _glued_dash(text: str, end: int) -> bool:
    """``555-1234-ABCD`` continues an identifier; ``555-1234-Office`` labels the number."""
    if not text.startswith("-", end) or not text[end + 1 : end + 2].isalpha():
        return False
    j = end + 1
    while j < len(text) and text[j].isalpha():
        j += 1
    word = text[end + 1 : j].lower()
    return not (STRONG_CUES.is_cue(word) or LABEL_CUES.is_cue(word))


def _vetoed(strong: Dist, weak: Dist, neg: Dist) -> bool:
    """Whether a negative cue wins: unless a strong cue is at least as close, or a weak cue
    is closer and not the negative cue's own noun ("Order no.", "passport number is" veto;
    "Phone # 555...", "passeport : X. Mon numéro : 555..." do not)."""
    if neg is None or (strong is not None and strong <= neg):
        return False
    return not (weak is not None and neg - weak >= 2)


class PhoneRecognizer:
    """Phone numbers (libphonenumber-validated, context-aware)."""

    name: ClassVar[str] = "phone"
    entity_types: ClassVar[tuple[str, ...]] = ("PHONE_NUMBER",)
    triggers: ClassVar[tuple[str, ...]] = (PATTERNS["phone"],)

    def __init__(self, regions: Sequence[str] = DEFAULT_REGIONS) -> None:
        self.regions = tuple(r.upper() for r in regions)

    def find(self, text: str) -> list[PiiEntity]:
        out: list[PiiEntity] = []
        prev_end = 0
        for i, (m_start, m_end, _) in enumerate(_PHONE.scan(text)):
            if not i & 63:
                checkpoint()  # a long table of numbers: stop once the time budget is spent
            for s, e in pieces(text, m_start, m_end):
                hit = self._check(text, s, e, prev_end)
                if hit is not None:
                    out.append(hit)
            prev_end = m_end
        return out

    def _check(self, text: str, start: int, e: int, prev_end: int) -> PiiEntity | None:
        raw = text[start:e].rstrip(" ().-/")
        end = start + len(raw)
        if raw.count("(") != raw.count(")") and raw.startswith("("):
            raw, start = raw[1:], start + 1
        main, ext = raw, ""
        low = raw.lower()
        for marker in ("ext", "x", "#"):
            k = low.find(marker)
            if k > 0:
                main, ext = raw[:k].rstrip(), raw[k:]
                break
        digits = "".join(filter(str.isdigit, main))
        if not 7 <= len(digits) <= 15 or not parens_ok(main):
            return None
        if ext and not any(c.isdigit() for c in ext):
            return None
        if glued_left(text, start) or glued_right(text, end, "./_") or _glued_dash(text, end):
            return None
        before = text[max(0, start - 2) : start]
        after = text[end : end + 2]
        if any(c in CURRENCY for c in before) or any(c in CURRENCY for c in after):
            return None
        if after[:1] in (",", ".") and after[1:2].isdigit():
            return None
        intl = main.startswith("+") or main.startswith("00")
        tokens = main.lstrip("+").split(" ")
        if any(is_date(t) for t in tokens) or year_range(main):
            return None
        if len(tokens) == 1 and not intl and (dotted_non_phone(main) or main.count(".") == 1):
            return None
        strong, weak, neg = _context(text, start, end, prev_end)
        if _vetoed(strong, weak, neg):
            return None
        if strong is None and not intl and barcode_like(main):
            return None
        cued = strong is not None or weak is not None
        if not cued:
            if thousands(main) or (len(digits) >= 13 and not intl) or isbn_like(main, digits):
                return None
            if len(main) == 11 and main[3] == "-" and main[6] == "-":
                return None  # 123-45-6789: an SSN
        status = _status(main, self.regions)
        formatted = intl or any(not c.isdigit() for c in main)
        if status == VALID:
            if strong is not None:
                score = 0.9
            elif weak is not None:
                score = 0.85
            elif formatted and plain_ok(main, digits, intl):
                score = 0.75
            else:
                return None
        elif status == POSSIBLE:
            if strong is not None:
                score = 0.6
            elif weak is not None:
                score = 0.55
            else:
                return None
        elif strong is not None and 8 <= len(digits) <= 13:
            score = 0.5
        else:
            return None
        return PiiEntity(start, end, "PHONE_NUMBER", score, self.name)
