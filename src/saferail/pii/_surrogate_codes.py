"""PII surrogate generators for numbers and network identifiers.

Phone numbers (country code and trunk prefix kept), payment cards (Luhn-valid), US SSNs
(area 9xx, never issued), IBANs (mod-97 and the national check digits valid), IP
addresses (documentation ranges), URLs (``example.*`` hosts) and crypto wallet addresses
(same prefix and alphabet).
"""

from __future__ import annotations

__all__ = ["credit_card", "crypto_wallet", "iban", "ip_address", "phone", "ssn", "url"]

import ipaddress
import re
import string
from urllib.parse import urlsplit

from saferail.pii._surrogate_base import (
    ASCII_ALNUM,
    ASCII_DIGITS,
    Rng,
    char_class,
    fill_digits,
    swap_char,
)
from saferail.pii._surrogate_words import STREET_NAMES

_DOC_V4 = ("192.0.2.", "198.51.100.", "203.0.113.")
_B58_UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_B58_LOWER = "abcdefghijkmnopqrstuvwxyz"
_B58_DIGITS = "123456789"
_BECH32_LOWER = "acdefghjklmnpqrstuvwxyz"
_BECH32_DIGITS = "023456789"

# --------------------------------------------------------------------------- numbers


def _country_code_len(digits: str) -> int:
    """How many leading digits of an international number are its country code."""
    try:
        from phonenumbers import COUNTRY_CODE_TO_REGION_CODE
    except ImportError:  # pragma: no cover - phonenumbers ships with the pii extra
        return min(2, len(digits))
    for n in (1, 2, 3):
        if n <= len(digits) and int(digits[:n]) in COUNTRY_CODE_TO_REGION_CODE:
            return n
    return min(2, len(digits))


def phone(value: str, rng: Rng, attempt: int) -> str:
    stripped = value.lstrip()
    digit_runs = re.findall(r"[0-9]+", value)
    all_digits = "".join(digit_runs)
    keep = 0
    if stripped.startswith("+") or stripped.startswith("00"):
        prefix = 2 if not stripped.startswith("+") else 0
        first_run = digit_runs[0][prefix:] if digit_runs else ""
        if 1 <= len(first_run) <= 3 and len(digit_runs) > 1:
            cc = len(first_run)
        else:
            cc = _country_code_len(all_digits[prefix:])
        keep = prefix + cc
    if all_digits[keep : keep + 1] == "0":  # trunk prefix, "020 ..." or "+44 (0)20 ..."
        keep += 1
    new = list(all_digits[:keep])
    for i in range(keep, len(all_digits)):
        new.append(str(2 + rng.below(8)) if i == keep else str(rng.below(10)))
    return fill_digits(value, "".join(new))


def _luhn_check_digit(payload: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def credit_card(value: str, rng: Rng, attempt: int) -> str:
    digits = [c for c in value if c in ASCII_DIGITS]
    if len(digits) < 3:
        return char_class(value, rng)
    body = digits[0] + rng.digits(len(digits) - 2)
    return fill_digits(value, body + _luhn_check_digit(body))


def ssn(value: str, rng: Rng, attempt: int) -> str:
    n = sum(c in ASCII_DIGITS for c in value)
    if n == 0:
        return char_class(value, rng)
    return fill_digits(value, "9" + rng.digits(n - 1))


def _iban_check_digits(country: str, bban: str) -> str:
    moved = bban + country + "00"
    number = int("".join(str(int(c, 36)) for c in moved))
    return f"{98 - number % 97:02d}"


def _national_bban(country: str, bban: str, original: str, rng: Rng) -> str | None:
    """Fix the national check digits the few countries with one carry (None: retry)."""
    if country == "BE" and len(bban) == 12 and bban.isdigit():
        body = original[:3] + bban[3:10]  # keep the bank code: BE validation looks it up
        return body + f"{int(body) % 97 or 97:02d}"
    if country == "NO" and len(bban) == 11 and bban.isdigit():
        weights = (6, 7, 8, 9, 4, 5, 6, 7, 8, 9)
        check = sum(w * int(n) for w, n in zip(weights, bban, strict=False)) % 11
        return bban[:10] + str(check) if check < 10 else None
    if country == "ES" and len(bban) == 20 and bban.isdigit():

        def es(part: str) -> str:
            c = sum(int(n) * 2**i for i, n in enumerate(part)) % 11
            return str(c if c < 2 else 11 - c)

        return bban[:8] + es("00" + bban[:8]) + es(bban[10:]) + bban[10:]
    if country == "ME" and len(bban) == 18 and bban.isdigit():
        return bban[:16] + f"{(1 - int(bban[:16]) * 100) % 97:02d}"
    return bban


def iban(value: str, rng: Rng, attempt: int) -> str:
    compact = "".join(c for c in value if c in ASCII_ALNUM).upper()
    if len(compact) < 5 or not compact[:2].isalpha():
        return char_class(value, rng)
    country, old_bban = compact[:2], compact[4:]
    new_bban = "".join(
        swap_char(c, rng, string.digits, string.ascii_uppercase, string.ascii_uppercase)
        for c in old_bban
    )
    fixed = _national_bban(country, new_bban, old_bban, rng)
    if fixed is None:
        return value  # rejected by make_surrogate's loop, which draws again
    new = country + _iban_check_digits(country, fixed) + fixed
    it = iter(new)
    out = []
    for c in value:
        if c in ASCII_ALNUM:
            ch = next(it)
            out.append(ch.lower() if c.islower() else ch)
        else:
            out.append(c)
    return "".join(out)


# --------------------------------------------------------------------------- network


def ip_address(value: str, rng: Rng, attempt: int) -> str:
    text = value.strip()
    try:
        addr = ipaddress.ip_address(text)
    except ValueError:
        addr = None
    if addr is not None:
        return _doc_ip(addr.version, rng)
    try:
        iface = ipaddress.ip_interface(text)
    except ValueError:
        iface = None
    if iface is not None:
        return f"{_doc_ip(iface.version, rng)}/{iface.network.prefixlen}"
    # An address inside something else ("[2001:...]:443", "10.0.0.1:8080"): swap each one.
    v4 = re.sub(r"\b[0-9]{1,3}(?:\.[0-9]{1,3}){3}\b", lambda _m: _doc_ip(4, rng), value)
    return v4 if v4 != value else char_class(value, rng)


def _doc_ip(version: int, rng: Rng) -> str:
    if version == 4:
        return f"{rng.choice(_DOC_V4)}{1 + rng.below(254)}"
    groups = [f"{rng.below(0x10000):x}" for _ in range(6)]
    return str(ipaddress.IPv6Address("2001:db8:" + ":".join(groups)))


def url(value: str, rng: Rng, attempt: int) -> str:
    has_scheme = "://" in value
    try:
        parts = urlsplit(value if has_scheme else "//" + value)
        host = (parts.hostname or "").lower()
    except ValueError:
        return char_class(value, rng)
    tld = host.rsplit(".", 1)[-1]
    base = {"org": "example.org", "net": "example.net"}.get(tld, "example.com")
    labels = host.split(".")
    extra = max(0, len(labels) - 2) + (1 if attempt > 0 else 0)
    subs = ["www"] if labels[0] == "www" and extra else []
    while len(subs) < extra:
        subs.append(rng.choice(STREET_NAMES).lower())
    netloc = ".".join([*subs, base])
    rest = value[value.find(parts.netloc) + len(parts.netloc) :] if parts.netloc else ""
    ext = re.search(r"\.[A-Za-z0-9]{1,5}$", parts.path)
    if ext and rest.endswith(parts.path) and len(parts.path) > len(ext.group()):
        rest = char_class(rest[: -len(ext.group())], rng) + ext.group()
    else:
        rest = char_class(rest, rng)
    scheme = value[: value.index("://") + 3] if has_scheme else ""
    return scheme + netloc + rest


def crypto_wallet(value: str, rng: Rng, attempt: int) -> str:
    low = value.lower()
    if low.startswith("0x"):
        body = "".join(
            swap_char(c, rng, string.digits, "ABCDEF", "abcdef") if c in string.hexdigits else c
            for c in value[2:]
        )
        return value[:2] + body
    for hrp in ("bc1", "tb1", "ltc1"):
        if low.startswith(hrp):
            body = "".join(
                swap_char(c, rng, _BECH32_DIGITS, _BECH32_LOWER.upper(), _BECH32_LOWER)
                for c in value[len(hrp) :]
            )
            return value[: len(hrp)] + body
    if value[:1] in ("1", "3", "L", "M", "T", "X", "D"):  # base58 with a version prefix
        body = "".join(swap_char(c, rng, _B58_DIGITS, _B58_UPPER, _B58_LOWER) for c in value[1:])
        return value[:1] + body
    return char_class(value, rng)
