"""Check-digit and format rules that python-stdnum does not cover (written from the specs).

* German pension insurance number (Rentenversicherungs-/Sozialversicherungsnummer):
  ``AA DDMMYY L SS C``: area, birth date, initial of the birth name, serial, check digit.
  The letter becomes its two-digit alphabet position; the twelve digits are weighted
  2 1 2 5 7 1 2 1 2 1 2 1, the digit sums of the products are added, and the check digit is
  that sum modulo 10.
* ICAO 9303 check digits (German ID card and passport numbers): weights 7 3 1, digits count
  as themselves, ``A``-``Z`` as 10-35, sum modulo 10.
* UK National Insurance numbers: two prefix letters (first not D F I Q U V, second not
  D F I O Q U V, and not BG GB KN NK NT TN ZZ), six digits, suffix A-D.
"""

from __future__ import annotations

__all__ = ["icao_check_digit", "valid_de_id_card", "valid_nino", "valid_rvnr"]

_RVNR_WEIGHTS = (2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1)
_NINO_BAD_PREFIXES = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})
_NINO_FIRST = frozenset("ABCEGHJKLMNOPRSTWXYZ")
_NINO_SECOND = frozenset("ABCEGHJKLMNPRSTWXYZ")
# Letters used in German ID card / passport serial numbers (no vowels, no B D Q S).
_DE_DOC_CHARS = frozenset("CFGHJKLMNPRTVWXYZ0123456789")


def valid_rvnr(value: str) -> bool:
    """Whether ``value`` (spaces allowed) is a well-formed German pension insurance number."""
    v = value.replace(" ", "").upper()
    if len(v) != 12 or not (v[:8].isdigit() and v[8].isalpha() and v[9:].isdigit()):
        return False
    if not ("A" <= v[8] <= "Z"):
        return False
    day, month = int(v[2:4]), int(v[4:6])
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return False
    digits = v[:8] + f"{ord(v[8]) - 64:02d}" + v[9:11]
    total = 0
    for d, w in zip(digits, _RVNR_WEIGHTS, strict=True):
        p = int(d) * w
        total += p // 10 + p % 10
    return total % 10 == int(v[11])


def icao_check_digit(value: str) -> int:
    """ICAO 9303 check digit of ``value`` (digits and uppercase letters)."""
    total = 0
    weights = (7, 3, 1)
    for i, ch in enumerate(value):
        n = int(ch) if ch.isdigit() else ord(ch) - 55
        total += n * weights[i % 3]
    return total % 10


def valid_de_id_card(value: str) -> bool:
    """German ID card number: nine serial characters and an ICAO check digit."""
    v = value.upper()
    if len(v) != 10 or not v[9].isdigit() or not set(v[:9]) <= _DE_DOC_CHARS:
        return False
    if not v[0].isalpha() or not any(c.isdigit() for c in v[:9]):
        return False
    return icao_check_digit(v[:9]) == int(v[9])


def valid_nino(value: str) -> bool:
    """Whether ``value`` (spaces allowed) has the shape of an allocatable NINO."""
    v = value.replace(" ", "").upper()
    if len(v) != 9 or not v[2:8].isdigit() or v[8] not in "ABCD":
        return False
    if v[0] not in _NINO_FIRST or v[1] not in _NINO_SECOND:
        return False
    return v[:2] not in _NINO_BAD_PREFIXES
