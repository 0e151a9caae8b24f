"""Shape checks for phone candidates: what a run of digits is when it is not a phone number.

Pure functions on the candidate string (no context): dates, amounts, ISBNs, dotted
identifiers, parenthesis rules, and how a run is split into separate numbers.
"""

from __future__ import annotations

__all__ = [
    "CURRENCY",
    "barcode_like",
    "dotted_non_phone",
    "is_date",
    "isbn_like",
    "parens_ok",
    "pieces",
    "plain_ok",
    "thousands",
    "year_range",
]

from collections.abc import Iterator

from stdnum import isbn

CURRENCY = frozenset("$€£¥₹₽")


def pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Split a run at ``" / "`` and double spaces (two numbers written side by side)."""
    i = start
    while True:
        cuts = [k for k in (text.find(" / ", i, end), text.find("  ", i, end)) if k >= 0]
        if not cuts:
            break
        j = min(cuts)
        yield i, j
        while j < end and text[j] in " /":
            j += 1
        i = j
    yield i, end


def is_date(tok: str) -> bool:
    """Whether ``tok`` is a plausible d/m/y, m/d/y or y-m-d date."""
    for sep in "./-":
        if sep in tok:
            parts = tok.split(sep)
            break
    else:
        return False
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return False
    a, b, c = (int(p) for p in parts)
    la, lb, lc = (len(p) for p in parts)
    if la == 4 and lb <= 2 and lc <= 2:
        return 1 <= b <= 12 and 1 <= c <= 31
    if la <= 2 and lb <= 2 and lc in (2, 4):
        return (1 <= a <= 31 and 1 <= b <= 12) or (1 <= a <= 12 and 1 <= b <= 31)
    return False


def thousands(main: str) -> bool:
    """``12 345 678`` or ``1.234.567``: an amount written with thousands separators."""
    seps = {c for c in main if not c.isdigit()}
    if len(seps) != 1 or not seps <= {" ", "."}:
        return False
    groups = main.split(seps.pop())
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


def isbn_like(main: str, digits: str) -> bool:
    """An ISBN-13 (978/979 prefix) or a hyphenated ISBN-10 with a valid check digit."""
    if len(digits) == 13 and digits[:3] in ("978", "979"):
        return isbn.is_valid(digits)
    if len(digits) == 10 and main.count("-") == 3 and len(main.rsplit("-", 1)[1]) == 1:
        return isbn.is_valid(digits)
    return False


def plain_ok(main: str, digits: str, intl: bool) -> bool:
    """Whether a valid number with no cue around it looks enough like a phone number.

    Short national numbers in two space-separated groups are often house numbers and
    postcodes (``17151 2450 Crown St``), so those need nine or ten digits.
    """
    if intl:
        return True
    if len(digits) < 9:
        return False
    return not (set(main) <= set("0123456789 ") and main.count(" ") == 1 and len(digits) < 10)


def parens_ok(main: str) -> bool:
    """Parentheses are not nested, balanced, and each holds 1-5 digits only."""
    depth, inside = 0, 0
    for ch in main:
        if ch == "(":
            if depth:
                return False
            depth, inside = 1, 0
        elif ch == ")":
            if not depth or not 1 <= inside <= 5:
                return False
            depth = 0
        elif depth:
            if not ch.isdigit():
                return False
            inside += 1
    return depth == 0


def barcode_like(main: str) -> bool:
    """One-digit groups after the first (``0 6700 33227 1 3``): a barcode or catalogue number."""
    groups = [g for g in main.replace("-", " ").replace(".", " ").split(" ") if g]
    return any(len(g) == 1 for g in groups[1:])


def year_range(main: str) -> bool:
    """``2010-2012``, ``1999/2000``: two years, not a number."""
    for sep in "-/":
        a, found, b = main.partition(sep)
        if found and len(a) == len(b) == 4 and a.isdigit() and b.isdigit():
            return 1900 <= int(a) <= 2099 and 1900 <= int(b) <= 2099
    return False


def dotted_non_phone(main: str) -> bool:
    """A dotted quad (IPv4 address, version) or a dotted run with one-digit groups (OID)."""
    if "." not in main:
        return False
    groups = main.split(".")
    if len(groups) == 4 and "(" not in main:
        return True
    return any(len(g) < 2 for g in groups)
