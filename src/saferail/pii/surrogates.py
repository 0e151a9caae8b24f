"""Deterministic, format-preserving fake values ("surrogates") for detected PII.

``make_surrogate(entity_type, value, seed, attempt)`` is a pure function: the same inputs
give the same surrogate, a different ``attempt`` gives another one (the vault uses that to
resolve collisions). A surrogate keeps the shape of the value it stands for (layout,
separators, length, case) and, where a format has one, its validity (Luhn for cards,
mod-97 for IBANs), but it is built only from our own word lists and reserved values
(``example.com`` domains, documentation IP ranges, SSN area 9xx), and it never equals the
original.
"""

from __future__ import annotations

__all__ = ["make_surrogate"]

import calendar
import hashlib
import hmac
import ipaddress
import re
import string
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Our own word lists (mixed European origins). Surrogate names come only from here.
FIRST_NAMES: tuple[str, ...] = _words(
    """
    Adela Agnes Alba Aurelio Bartek Bence Bruno Carmen Casimir Clara Dario Dorota Edda
    Elio Elin Emeric Enzo Esme Fenna Filip Freya Gianna Greta Gustav Hana Hugo Ilse Ines
    Ivo Jana Joris Kasia Klaus Lars Lena Leon Lucia Luka Maren Marta Matteo Mila Milos
    Nadia Niamh Nils Oskar Paola Pieter Rasmus Rosa Sander Senna Sofia Tamas Teodor Una
    Vera Viggo Wiktor Yann Zora
    """
)
LAST_NAMES: tuple[str, ...] = _words(
    """
    Aalto Abbado Bergstrom Brandt Castellan Ciobanu Dahl Delacroix Dvorak Eriksen
    Esposito Falk Ferreira Fontaine Gallo Grunwald Haugen Hoffmann Horvath Ilves Jansen
    Kerrigan Kovacs Kowalczyk Lambert Lindqvist Lorenz Mancini Marchetti Moreau
    Mortensen Nieminen Novak Nygaard Oliveira Ortega Pedersen Petrov Quinlan Quintana
    Rasmussen Romano Rossi Sandoval Sauer Schreiber Silva Sorensen Strand Szabo Takacs
    Teixeira Toivonen Urquhart Valente Vidal Virtanen Wagner Weiss Wojcik Zeller
    Zielinski
    """
)
STREET_NAMES: tuple[str, ...] = _words(
    """
    Alder Beacon Birch Bramble Cedar Chestnut Clover Elm Fern Foxglove Harbor Hawthorn
    Heather Juniper Lark Linden Maple Meadow Mill Orchard Poplar Quarry Rowan Sparrow
    Thistle Willow Wren
    """
)
CITIES: tuple[str, ...] = _words(
    """
    Ashford Brookvale Eastmere Fairhaven Glenholm Kingsbridge Larkfield Millbrook
    Northwick Oakhurst Redcliffe Stonebury Westmoor Windermoor
    """
)
# Street-type words, house-number words and connectors kept as they are ("Street", "rue").
_KEPT = """
    allee am an and apartment apt av ave avenida avenue blvd boulevard calle carrer
    close court crescent ct da de del della den der des di do dr drive du fl floor gade
    gasse gata gatan highway hill hwy im la laan lane le ln no nr of parkway pkwy pl
    place platz rd road row rua rue sq square st ste str straat strasse straße street
    suite terrace the unit vagen van vej via viale väg way weg
"""
STREET_WORDS_KEPT: frozenset[str] = frozenset(_words(_KEPT))
# Street-type endings glued to a name ("Hauptstraße", "Kerkstraat", "Lindenweg").
STREET_SUFFIXES: tuple[str, ...] = _words(
    "straße strasse straat str weg gasse platz allee laan vej gade gatan vägen vagen"
)

_DOC_V4 = ("192.0.2.", "198.51.100.", "203.0.113.")
_MONTHS = _words(
    "January February March April May June July August September October November December"
)
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "mx"})
_PARTICLES = frozenset(_words("de la le da di du del della dos das van von der den ten ter bin al"))
_ORDINALS = frozenset({"st", "nd", "rd", "th"})
_B58_UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_B58_LOWER = "abcdefghijkmnopqrstuvwxyz"
_B58_DIGITS = "123456789"
_BECH32_LOWER = "acdefghjklmnpqrstuvwxyz"
_BECH32_DIGITS = "023456789"
_TRIES = 64
_ASCII_DIGITS = frozenset(string.digits)
_ASCII_ALNUM = frozenset(string.ascii_letters + string.digits)


class _Rng:
    """A deterministic random stream keyed by (seed, entity type, value, attempt)."""

    def __init__(self, seed: bytes, *parts: str) -> None:
        raw = [p.encode("utf-8", "surrogatepass") for p in parts]
        msg = b"".join(len(b).to_bytes(4, "big") + b for b in raw)
        self._key = hmac.new(seed, b"saferail-surrogate\x00" + msg, hashlib.sha256).digest()
        self._counter = 0

    def below(self, n: int) -> int:
        """A uniform integer in ``[0, n)``."""
        if n <= 1:
            return 0
        limit = (1 << 64) - (1 << 64) % n
        while True:
            self._counter += 1
            block = hmac.new(self._key, self._counter.to_bytes(8, "big"), hashlib.sha256)
            x = int.from_bytes(block.digest()[:8], "big")
            if x < limit:
                return x % n

    def choice(self, seq: Sequence[str]) -> str:
        return seq[self.below(len(seq))]

    def pick(self, seq: Sequence[str], avoid: set[str]) -> str:
        """A random item of ``seq`` whose casefold is not in ``avoid`` (if there is one)."""
        pool = [s for s in seq if s.casefold() not in avoid] or list(seq)
        return self.choice(pool)

    def digits(self, n: int) -> str:
        return "".join(str(self.below(10)) for _ in range(n))


def make_surrogate(entity_type: str, value: str, seed: bytes, attempt: int = 0) -> str:
    """A fake value shaped like ``value`` for ``entity_type``; never equal to ``value``.

    Deterministic in ``(entity_type, value, seed, attempt)``. Unknown entity types get the
    character-class surrogate (digit for digit, letter for letter, other characters kept).
    """
    rng = _Rng(seed, entity_type, value, str(attempt))
    gen = _GENERATORS.get(entity_type, _char_class)
    for _ in range(_TRIES):
        out = gen(value, rng, attempt)
        if out != value:
            return out
    out = _char_class(value, rng, attempt)
    if out != value:
        return out
    # Nothing in the value can be varied (no letters or digits): say so plainly.
    return f"[{entity_type}]" if value != f"[{entity_type}]" else f"<{entity_type}>"


# --------------------------------------------------------------------------- helpers


def _shape(word: str, like: str) -> str:
    """``word`` in the capitalization shape of ``like``."""
    letters = [c for c in like if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 1:
        return word.upper()
    if letters and all(c.islower() for c in letters):
        return word.lower()
    return word[:1].upper() + word[1:].lower()


def _swap_char(c: str, rng: _Rng, digits: str, upper: str, lower: str) -> str:
    if c.isdigit():
        return rng.choice(digits)
    if c.isalpha():
        return rng.choice(upper) if c.isupper() else rng.choice(lower)
    return c


def _char_class(value: str, rng: _Rng, attempt: int = 0) -> str:
    """Digit → digit, upper → upper, lower → lower; every other character kept."""
    return "".join(
        _swap_char(c, rng, string.digits, string.ascii_uppercase, string.ascii_lowercase)
        for c in value
    )


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


def _fill_digits(value: str, digits: str) -> str:
    """``value`` with its digits replaced, in order, by ``digits``."""
    it = iter(digits)
    return "".join(next(it) if c in _ASCII_DIGITS else c for c in value)


# --------------------------------------------------------------------------- people


def _person(value: str, rng: _Rng, attempt: int) -> str:
    parts = re.split(r"(\s+)", value.strip())
    words = [p for p in parts if p and not p.isspace()]
    avoid = {w.strip(".,").casefold() for w in words}
    kept = _TITLES | _PARTICLES
    names = [w for w in words if w.strip(".,").casefold() not in kept]
    last_index = len(names) - 1
    out: list[str] = []
    seen = 0
    for part in parts:
        if not part or part.isspace() or part.strip(".,").casefold() in kept:
            out.append(part)
            continue
        is_last = seen == last_index and last_index > 0
        seen += 1
        out.append(_name_token(part, rng, avoid, is_last))
    lead = value[: len(value) - len(value.lstrip())]
    trail = value[len(value.rstrip()) :]
    return lead + "".join(out) + trail


def _name_token(token: str, rng: _Rng, avoid: set[str], is_last: bool) -> str:
    core = token.rstrip(".,")
    tail = token[len(core) :]
    letters = [c for c in core if c.isalpha()]
    if len(letters) == 1:  # an initial, "J." or "J"
        initial = rng.choice(string.ascii_uppercase)
        return (initial if core[:1].isupper() or not core else initial.lower()) + tail
    pieces = core.split("-")
    pool = LAST_NAMES if is_last else FIRST_NAMES
    made = [_shape(rng.pick(pool, avoid), piece) if piece else piece for piece in pieces]
    return "-".join(made) + tail


def _email(value: str, rng: _Rng, attempt: int) -> str:
    local, _, domain = value.rpartition("@")
    if not local:
        local, domain = value, ""
    avoid = {p.casefold() for p in re.split(r"[^A-Za-z]+", local) if p}
    first = rng.pick(FIRST_NAMES, avoid).lower().replace("'", "")
    last = rng.pick(LAST_NAMES, avoid).lower().replace("'", "")
    sep = next((c for c in local if c in "._-"), ".")
    n_digits = min(sum(c.isdigit() for c in local), 4)
    new_local = f"{first}{sep}{last}{rng.digits(n_digits)}"
    tld = domain.rsplit(".", 1)[-1].lower()
    reserved = {"org": "example.org", "net": "example.net"}.get(tld, "example.com")
    if attempt > 0 and rng.below(2):
        reserved = rng.choice(("example.com", "example.org", "example.net"))
    return f"{new_local}@{reserved}"


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


def _phone(value: str, rng: _Rng, attempt: int) -> str:
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
    return _fill_digits(value, "".join(new))


def _credit_card(value: str, rng: _Rng, attempt: int) -> str:
    digits = [c for c in value if c in _ASCII_DIGITS]
    if len(digits) < 3:
        return _char_class(value, rng)
    body = digits[0] + rng.digits(len(digits) - 2)
    return _fill_digits(value, body + _luhn_check_digit(body))


def _ssn(value: str, rng: _Rng, attempt: int) -> str:
    n = sum(c in _ASCII_DIGITS for c in value)
    if n == 0:
        return _char_class(value, rng)
    return _fill_digits(value, "9" + rng.digits(n - 1))


def _iban_check_digits(country: str, bban: str) -> str:
    moved = bban + country + "00"
    number = int("".join(str(int(c, 36)) for c in moved))
    return f"{98 - number % 97:02d}"


def _national_bban(country: str, bban: str, original: str, rng: _Rng) -> str | None:
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


def _iban(value: str, rng: _Rng, attempt: int) -> str:
    compact = "".join(c for c in value if c in _ASCII_ALNUM).upper()
    if len(compact) < 5 or not compact[:2].isalpha():
        return _char_class(value, rng)
    country, old_bban = compact[:2], compact[4:]
    new_bban = "".join(
        _swap_char(c, rng, string.digits, string.ascii_uppercase, string.ascii_uppercase)
        for c in old_bban
    )
    fixed = _national_bban(country, new_bban, old_bban, rng)
    if fixed is None:
        return value  # rejected by make_surrogate's loop, which draws again
    new = country + _iban_check_digits(country, fixed) + fixed
    it = iter(new)
    out = []
    for c in value:
        if c in _ASCII_ALNUM:
            ch = next(it)
            out.append(ch.lower() if c.islower() else ch)
        else:
            out.append(c)
    return "".join(out)


# --------------------------------------------------------------------------- network


def _ip(value: str, rng: _Rng, attempt: int) -> str:
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
    return v4 if v4 != value else _char_class(value, rng)


def _doc_ip(version: int, rng: _Rng) -> str:
    if version == 4:
        return f"{rng.choice(_DOC_V4)}{1 + rng.below(254)}"
    groups = [f"{rng.below(0x10000):x}" for _ in range(6)]
    return str(ipaddress.IPv6Address("2001:db8:" + ":".join(groups)))


def _url(value: str, rng: _Rng, attempt: int) -> str:
    has_scheme = "://" in value
    try:
        parts = urlsplit(value if has_scheme else "//" + value)
        host = (parts.hostname or "").lower()
    except ValueError:
        return _char_class(value, rng)
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
        rest = _char_class(rest[: -len(ext.group())], rng) + ext.group()
    else:
        rest = _char_class(rest, rng)
    scheme = value[: value.index("://") + 3] if has_scheme else ""
    return scheme + netloc + rest


def _crypto_wallet(value: str, rng: _Rng, attempt: int) -> str:
    low = value.lower()
    if low.startswith("0x"):
        body = "".join(
            _swap_char(c, rng, string.digits, "ABCDEF", "abcdef") if c in string.hexdigits else c
            for c in value[2:]
        )
        return value[:2] + body
    for hrp in ("bc1", "tb1", "ltc1"):
        if low.startswith(hrp):
            body = "".join(
                _swap_char(c, rng, _BECH32_DIGITS, _BECH32_LOWER.upper(), _BECH32_LOWER)
                for c in value[len(hrp) :]
            )
            return value[: len(hrp)] + body
    if value[:1] in ("1", "3", "L", "M", "T", "X", "D"):  # base58 with a version prefix
        body = "".join(_swap_char(c, rng, _B58_DIGITS, _B58_UPPER, _B58_LOWER) for c in value[1:])
        return value[:1] + body
    return _char_class(value, rng)


# --------------------------------------------------------------------------- places


def _street(value: str, rng: _Rng, attempt: int) -> str:
    head, sep, tail = value.partition(",")
    tokens = re.split(r"(\s+)", head)
    avoid = {t.casefold() for t in re.findall(r"[^\W\d_]+", value)}
    out: list[str] = []
    for tok in tokens:
        if not tok or tok.isspace():
            out.append(tok)
        elif any(c in _ASCII_DIGITS for c in tok):
            out.append(_house_number(tok, rng))
        else:
            out.append(_street_word(tok, rng, avoid))
    result = "".join(out)
    if sep:
        result += sep + _locality(tail, rng, avoid)
    return result


def _house_number(tok: str, rng: _Rng) -> str:
    digits = [c for c in tok if c in _ASCII_DIGITS]
    new = str(1 + rng.below(9)) + rng.digits(len(digits) - 1)
    return _fill_digits(tok, new)


def _street_word(tok: str, rng: _Rng, avoid: set[str]) -> str:
    core = tok.rstrip(".,")
    if core.casefold() in STREET_WORDS_KEPT:
        return tok
    folded = core.lower()
    for suffix in STREET_SUFFIXES:
        if folded.endswith(suffix) and len(folded) > len(suffix) + 2:
            stem = rng.pick(STREET_NAMES, avoid)
            return _shape(stem + core[len(core) - len(suffix) :].lower(), core) + tok[len(core) :]
    return _shape(rng.pick(STREET_NAMES, avoid), core) + tok[len(core) :]


def _locality(text: str, rng: _Rng, avoid: set[str]) -> str:
    def word(m: re.Match[str]) -> str:
        w = m.group()
        if w.isupper() and len(w) <= 3:  # state / country codes: "IL", "UK"
            return w
        return _shape(rng.pick(CITIES, avoid), w)

    text = re.sub(r"[0-9]", lambda _m: str(rng.below(10)), text)
    return re.sub(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", word, text)


# --------------------------------------------------------------------------- dates


def _month_name(tok: str) -> int | None:
    t = tok.casefold().rstrip(".")
    for i, name in enumerate(_MONTHS, 1):
        n = name.casefold()
        if t == n or (len(t) >= 3 and n.startswith(t)):
            return i
    return None


def _render_month(month: int, like: str) -> str:
    name = _MONTHS[month - 1]
    if not any(like.casefold() == m.casefold() for m in _MONTHS):  # an abbreviation
        name = name[:4] if like.casefold() == "sept" and month == 9 else name[:3]
    return _shape(name, like)


def _ordinal(day: int, like: str) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return suffix.upper() if like.isupper() else suffix


def _date(value: str, rng: _Rng, attempt: int) -> str:
    tokens = re.findall(r"[0-9]+|[^\W\d_]+|.", value, re.S)
    nums = [i for i, t in enumerate(tokens) if t[0] in _ASCII_DIGITS]
    months = [i for i, t in enumerate(tokens) if t.isalpha() and _month_name(t)]
    roles: dict[int, str] = {}
    if len(nums) == 1 and len(tokens[nums[0]]) in (6, 8) and not months:
        return _compact_date(value, tokens[nums[0]], rng)
    if months:
        roles[months[0]] = "month_name"
        rest = [i for i in nums if len(tokens[i]) <= 2]
        years = [i for i in nums if len(tokens[i]) == 4]
        if rest:
            roles[rest[0]] = "day"
        if years:
            roles[years[0]] = "year"
        elif len(rest) > 1:
            roles[rest[-1]] = "year"
    elif len(nums) == 3:
        a, b = (tokens[i] for i in nums[:2])
        if len(a) == 4:
            roles.update({nums[0]: "year", nums[1]: "month", nums[2]: "day"})
        elif int(a) > 12:
            roles.update({nums[0]: "day", nums[1]: "month", nums[2]: "year"})
        elif int(b) > 12:
            roles.update({nums[0]: "month", nums[1]: "day", nums[2]: "year"})
        else:
            roles.update({nums[0]: "both", nums[1]: "both", nums[2]: "year"})
    if not roles:
        return _char_class(value, rng)
    ambiguous = "both" in roles.values()
    year, month, day = _random_date(rng, ambiguous)
    out: list[str] = []
    for i, tok in enumerate(tokens):
        role = roles.get(i)
        if role == "year":
            out.append(f"{year:04d}" if len(tok) >= 3 else f"{year % 100:02d}")
        elif role == "month":
            out.append(_pad(month, tok))
        elif role == "day":
            out.append(_pad(day, tok))
        elif role == "both":
            first = i == min(k for k, r in roles.items() if r == "both")
            out.append(_pad(month if first else day, tok))
        elif role == "month_name":
            out.append(_render_month(month, tok))
        elif tok.casefold() in _ORDINALS and i > 0 and roles.get(i - 1) == "day":
            out.append(_ordinal(day, tok))
        else:
            out.append(tok)
    return "".join(out)


def _pad(n: int, like: str) -> str:
    return f"{n:02d}" if len(like) == 2 else str(n)


def _random_date(rng: _Rng, ambiguous: bool) -> tuple[int, int, int]:
    year = 1940 + rng.below(67)
    month = 1 + rng.below(12)
    days = calendar.monthrange(year, month)[1]
    day = 1 + rng.below(12 if ambiguous else days)
    return year, month, day


def _compact_date(value: str, digits: str, rng: _Rng) -> str:
    year, month, day = _random_date(rng, ambiguous=False)
    if len(digits) == 8 and digits[:2] in ("19", "20"):
        new = f"{year:04d}{month:02d}{day:02d}"
    elif len(digits) == 8:
        new = f"{day:02d}{month:02d}{year:04d}"
    else:
        new = f"{year % 100:02d}{month:02d}{day:02d}"
    return value.replace(digits, new, 1)


_GENERATORS: dict[str, Callable[[str, _Rng, int], str]] = {
    "PERSON": _person,
    "EMAIL_ADDRESS": _email,
    "PHONE_NUMBER": _phone,
    "CREDIT_CARD": _credit_card,
    "IBAN_CODE": _iban,
    "US_SSN": _ssn,
    "IP_ADDRESS": _ip,
    "STREET_ADDRESS": _street,
    "DATE_OF_BIRTH": _date,
    "PASSPORT": _char_class,
    "NATIONAL_ID": _char_class,
    "URL": _url,
    "CRYPTO_WALLET": _crypto_wallet,
}
