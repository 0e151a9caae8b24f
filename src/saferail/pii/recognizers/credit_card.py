"""CREDIT_CARD: 12 to 19 digit payment card numbers with a valid Luhn check digit.

Candidates are maximal runs of digits with single spaces, dashes or dots between them. A run is
accepted when it uses one kind of separator, its groups look like a card's (all groups of
four except a shorter last one, or Amex/Diners ``4-6-5`` / ``4-6-4``), it is not one repeated
digit, and the Luhn check (:mod:`stdnum.luhn`) passes. Invalid Luhn: never reported. When a
run is too long (a card followed by another number) the last or first group is dropped once.
Dot-separated numbers (``4111.1111.1111.1111``) count only in full card groups (four of four,
or ``4.6.5``) and with a known issuer prefix or a card cue: dotted digit groups are also
build numbers and timestamps.

Known issuer prefixes (IIN ranges of Visa, Mastercard, Amex, Discover, Diners, JCB,
Maestro, UnionPay, Mir) raise the score.

Card cues: card, credit, debit, visa, mastercard, amex, discover, maestro, jcb, diners, cc,
cvv, kredit*, karte*, kart*, carte, bancaire, tarjeta, crédito, carta, credito, kaart*,
creditcard*, karty, card number.
Negative cues (an order, invoice, tracking, device or identity number): order, invoice,
ref, reference, tracking, isbn, imei, ean, upc, serial, sku, iban, phone, tel, fax, ticket,
timestamp, and their de/fr/es/it/nl/pl equivalents, plus national-ID cues (nir, pesel...).

Scores: 0.95 Luhn + known IIN, 0.9 Luhn + card cue, 0.8 Luhn only when written in groups
(``1234 5678 ...``); a bare Luhn-valid digit run with neither IIN nor cue is not reported
(one in ten order numbers and timestamps passes Luhn). Dropped when a negative cue is closer
than any card cue.
"""

from __future__ import annotations

__all__ = ["PATTERNS", "CreditCardRecognizer", "known_iin"]

from typing import ClassVar

from stdnum import luhn

from saferail.pii.model import PiiEntity
from saferail.pii.recognizers._common import Cues, Scanner, cue_distance, glued_left, glued_right

PATTERNS: dict[str, str] = {
    "card": r"\b\d(?:[ \-.]?\d){11,}\b",
}
_CARD = Scanner(PATTERNS["card"])

CARD_CUES = Cues.of(
    "card", "cards", "credit", "debit", "visa", "mastercard", "amex", "discover", "maestro",
    "jcb", "diners", "cc", "cvv", "cvc", "kredit*", "kart*", "carte", "bancaire", "tarjeta",
    "crédito", "carta", "credito", "kaart*", "creditcard*", "card number",
)  # fmt: skip
NEGATIVE_CUES = Cues.of(
    "order", "invoice", "ref", "reference", "tracking", "isbn", "imei", "ean", "upc", "gtin",
    "serial", "sku", "iban", "phone", "tel", "fax", "ticket", "timestamp", "epoch",
    "bestellung", "bestellnummer", "rechnung", "sendungsnummer", "commande", "facture",
    "suivi", "pedido", "factura", "seguimiento", "ordine", "fattura", "tracciamento",
    "bestelling", "factuur", "ordernummer", "zamówienie", "zamówienia", "faktura",
    "przesyłki", "nir", "sécurité", "pesel", "bsn", "dni", "nif", "ssn",
)  # fmt: skip

SCORE_IIN = 0.95
SCORE_CUE = 0.9
SCORE_LUHN = 0.8

# (prefix low, prefix high, lengths): issuer ranges from the card schemes' public docs.
_IIN: tuple[tuple[int, int, frozenset[int]], ...] = (
    (4, 4, frozenset({13, 16, 19})),  # Visa
    (51, 55, frozenset({16})),  # Mastercard
    (2221, 2720, frozenset({16})),  # Mastercard 2-series
    (34, 34, frozenset({15})),  # American Express
    (37, 37, frozenset({15})),
    (6011, 6011, frozenset(range(16, 20))),  # Discover
    (644, 649, frozenset(range(16, 20))),
    (65, 65, frozenset(range(16, 20))),
    (622126, 622925, frozenset(range(16, 20))),
    (300, 305, frozenset(range(14, 20))),  # Diners Club
    (3095, 3095, frozenset(range(14, 20))),
    (36, 36, frozenset(range(14, 20))),
    (38, 39, frozenset(range(14, 20))),
    (3528, 3589, frozenset(range(16, 20))),  # JCB
    (1800, 1800, frozenset({15})),
    (2131, 2131, frozenset({15})),
    (50, 50, frozenset(range(12, 20))),  # Maestro
    (56, 69, frozenset(range(12, 20))),
    (62, 62, frozenset(range(16, 20))),  # UnionPay
    (2200, 2204, frozenset(range(16, 20))),  # Mir
)


def known_iin(digits: str) -> bool:
    """Whether ``digits`` starts with a known issuer prefix valid for its length."""
    n = len(digits)
    for lo, hi, lengths in _IIN:
        if n not in lengths:
            continue
        k = len(str(lo))
        if lo <= int(digits[:k]) <= hi:
            return True
    return False


def _groups_ok(groups: list[str]) -> bool:
    if len(groups) == 1:
        return True
    sizes = [len(g) for g in groups]
    if sizes in ([4, 6, 5], [4, 6, 4]):
        return True
    return all(s == 4 for s in sizes[:-1]) and 1 <= sizes[-1] <= 4


def _full_groups(groups: list[str]) -> bool:
    """Every group complete: four of four digits, or Amex/Diners ``4-6-5`` / ``4-6-4``."""
    sizes = [len(g) for g in groups]
    return len(sizes) > 1 and (sizes in ([4, 6, 5], [4, 6, 4]) or set(sizes) == {4})


def _split(value: str) -> tuple[str, list[str]] | None:
    seps = {c for c in value if not c.isdigit()}
    if len(seps) > 1:
        return None
    sep = seps.pop() if seps else ""
    return sep, (value.split(sep) if sep else [value])


class CreditCardRecognizer:
    """Payment card numbers (Luhn-valid)."""

    name: ClassVar[str] = "credit_card"
    entity_types: ClassVar[tuple[str, ...]] = ("CREDIT_CARD",)
    triggers: ClassVar[tuple[str, ...]] = (PATTERNS["card"],)

    def find(self, text: str) -> list[PiiEntity]:
        out: list[PiiEntity] = []
        for start, end, _ in _CARD.scan(text):
            if glued_left(text, start) or glued_right(text, end, "-_/"):
                continue
            hit = self._accept(text, start, end)
            if hit is not None:
                out.append(hit)
        return out

    def _accept(self, text: str, start: int, end: int) -> PiiEntity | None:
        parsed = _split(text[start:end])
        if parsed is None:
            return None
        sep, groups = parsed
        spans = [(0, len(groups))]
        n = sum(len(g) for g in groups)
        if len(groups) > 2 and (n > 19 or not _groups_ok(groups)):
            # Probably a card glued to another number: try without the last/first group.
            spans += [(0, len(groups) - 1), (1, len(groups))]
        for lo, hi in spans:
            part = groups[lo:hi]
            digits = "".join(part)
            if not 12 <= len(digits) <= 19 or not _groups_ok(part):
                continue
            if len(set(digits)) == 1 or not luhn.is_valid(digits):
                continue
            if sep == "." and not _full_groups(part):
                continue
            s = start + sum(len(g) + len(sep) for g in groups[:lo])
            e = s + len(sep.join(part))
            return self._scored(text, s, e, digits, grouped=len(part) > 1, dotted=sep == ".")
        return None

    def _scored(
        self, text: str, start: int, end: int, digits: str, grouped: bool, dotted: bool = False
    ) -> PiiEntity | None:
        pos = cue_distance(text, start, end, CARD_CUES, 40, 16)
        neg = cue_distance(text, start, end, NEGATIVE_CUES, 32, 0)
        if text[max(0, start - 2) : start].strip().endswith("#") and pos is None:
            return None
        if neg is not None and (pos is None or neg < pos):
            return None
        iin = known_iin(digits)
        if dotted and pos is None and not iin:
            return None  # dotted groups without issuer or cue: a build number or timestamp
        if iin:
            score = SCORE_IIN
        elif pos is not None:
            score = SCORE_CUE
        elif grouped:
            score = SCORE_LUHN
        else:
            return None  # a bare Luhn-valid run: one in ten order numbers or timestamps
        return PiiEntity(start, end, "CREDIT_CARD", score, self.name)
