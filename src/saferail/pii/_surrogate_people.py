"""PII surrogate generators for people, places and dates.

Names from our own lists in the original's capitalization (titles, particles and initials
kept in place), ``example.*`` e-mail addresses, street addresses with the street type and
layout kept, and dates in the original's format (order, padding, month names, ordinals).
"""

from __future__ import annotations

__all__ = ["date", "email", "person", "street"]

import calendar
import re
import string

from saferail.pii._surrogate_base import ASCII_DIGITS, Rng, char_class, fill_digits, shape
from saferail.pii._surrogate_words import (
    CITIES,
    FIRST_NAMES,
    LAST_NAMES,
    MONTHS,
    ORDINALS,
    PARTICLES,
    STREET_NAMES,
    STREET_SUFFIXES,
    STREET_WORDS_KEPT,
    TITLES,
)

# --------------------------------------------------------------------------- people


def person(value: str, rng: Rng, attempt: int) -> str:
    parts = re.split(r"(\s+)", value.strip())
    words = [p for p in parts if p and not p.isspace()]
    avoid = {w.strip(".,").casefold() for w in words}
    kept = _kept_words(words)
    names = [w for i, w in enumerate(words) if i not in kept]
    last_index = len(names) - 1
    out: list[str] = []
    seen = index = 0
    for part in parts:
        if not part or part.isspace():
            out.append(part)
            continue
        index += 1
        if index - 1 in kept:
            out.append(part)
            continue
        is_last = seen == last_index and last_index > 0
        seen += 1
        out.append(_name_token(part, rng, avoid, is_last))
    lead = value[: len(value) - len(value.lstrip())]
    trail = value[len(value.rstrip()) :]
    return lead + "".join(out) + trail


def _kept_words(words: list[str]) -> set[int]:
    """Positions of the words a surrogate keeps: titles, and family-name particles.

    A particle is kept only inside a name, after a name word and before another word
    ("Ludwig van Beethoven"), or written in lower case ("de la Cruz"): a capitalized one
    that opens the name is a given name ("Al Pacino", "Van Morrison") and is replaced.
    """
    kept: set[int] = set()
    named = False
    for i, w in enumerate(words):
        core = w.strip(".,")
        folded = core.casefold()
        particle = folded in PARTICLES and i < len(words) - 1 and (named or core.islower())
        if folded in TITLES or particle:
            kept.add(i)
        else:
            named = True
    return kept


def _name_token(token: str, rng: Rng, avoid: set[str], is_last: bool) -> str:
    core = token.rstrip(".,")
    tail = token[len(core) :]
    letters = [c for c in core if c.isalpha()]
    if len(letters) == 1:  # an initial, "J." or "J"
        initial = rng.choice(string.ascii_uppercase)
        return (initial if core[:1].isupper() or not core else initial.lower()) + tail
    pieces = core.split("-")
    pool = LAST_NAMES if is_last else FIRST_NAMES
    made = [shape(rng.pick(pool, avoid), piece) if piece else piece for piece in pieces]
    return "-".join(made) + tail


def email(value: str, rng: Rng, attempt: int) -> str:
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


# --------------------------------------------------------------------------- places


def street(value: str, rng: Rng, attempt: int) -> str:
    head, sep, tail = value.partition(",")
    tokens = re.split(r"(\s+)", head)
    avoid = {t.casefold() for t in re.findall(r"[^\W\d_]+", value)}
    words = [i for i, t in enumerate(tokens) if t and not t.isspace() and not _has_digit(t)]
    if all(tokens[i].rstrip(".,").casefold() in STREET_WORDS_KEPT for i in words):
        # every word is also a street type ("12 Hill Street", "1 The Avenue"): keeping
        # them all would keep the street's name; only the last one stays
        renamed = set(words[:-1])
    else:
        renamed = set()
    out: list[str] = []
    for i, tok in enumerate(tokens):
        if not tok or tok.isspace():
            out.append(tok)
        elif _has_digit(tok):
            out.append(_house_number(tok, rng))
        elif i in renamed:
            out.append(
                shape(rng.pick(STREET_NAMES, avoid), tok.rstrip(".,"))
                + tok[len(tok.rstrip(".,")) :]
            )
        else:
            out.append(_street_word(tok, rng, avoid))
    result = "".join(out)
    if sep:
        result += sep + _locality(tail, rng, avoid)
    return result


def _has_digit(tok: str) -> bool:
    return any(c in ASCII_DIGITS for c in tok)


def _house_number(tok: str, rng: Rng) -> str:
    digits = [c for c in tok if c in ASCII_DIGITS]
    new = str(1 + rng.below(9)) + rng.digits(len(digits) - 1)
    return fill_digits(tok, new)


def _street_word(tok: str, rng: Rng, avoid: set[str]) -> str:
    core = tok.rstrip(".,")
    if core.casefold() in STREET_WORDS_KEPT:
        return tok
    folded = core.lower()
    for suffix in STREET_SUFFIXES:
        if folded.endswith(suffix) and len(folded) > len(suffix) + 2:
            stem = rng.pick(STREET_NAMES, avoid)
            return shape(stem + core[len(core) - len(suffix) :].lower(), core) + tok[len(core) :]
    return shape(rng.pick(STREET_NAMES, avoid), core) + tok[len(core) :]


def _locality(text: str, rng: Rng, avoid: set[str]) -> str:
    def word(m: re.Match[str]) -> str:
        w = m.group()
        if w.isupper() and len(w) <= 3:  # state / country codes: "IL", "UK"
            return w
        return shape(rng.pick(CITIES, avoid), w)

    text = re.sub(r"[0-9]", lambda _m: str(rng.below(10)), text)
    return re.sub(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", word, text)


# --------------------------------------------------------------------------- dates


def _month_name(tok: str) -> int | None:
    t = tok.casefold().rstrip(".")
    for i, name in enumerate(MONTHS, 1):
        n = name.casefold()
        if t == n or (len(t) >= 3 and n.startswith(t)):
            return i
    return None


def _render_month(month: int, like: str) -> str:
    name = MONTHS[month - 1]
    if not any(like.casefold() == m.casefold() for m in MONTHS):  # an abbreviation
        name = name[:4] if like.casefold() == "sept" and month == 9 else name[:3]
    return shape(name, like)


def _ordinal(day: int, like: str) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return suffix.upper() if like.isupper() else suffix


def date(value: str, rng: Rng, attempt: int) -> str:
    tokens = re.findall(r"[0-9]+|[^\W\d_]+|.", value, re.S)
    nums = [i for i, t in enumerate(tokens) if t[0] in ASCII_DIGITS]
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
        return char_class(value, rng)
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
        elif tok.casefold() in ORDINALS and i > 0 and roles.get(i - 1) == "day":
            out.append(_ordinal(day, tok))
        else:
            out.append(tok)
    return "".join(out)


def _pad(n: int, like: str) -> str:
    return f"{n:02d}" if len(like) == 2 else str(n)


def _random_date(rng: Rng, ambiguous: bool) -> tuple[int, int, int]:
    year = 1940 + rng.below(67)
    month = 1 + rng.below(12)
    days = calendar.monthrange(year, month)[1]
    day = 1 + rng.below(12 if ambiguous else days)
    return year, month, day


def _compact_date(value: str, digits: str, rng: Rng) -> str:
    year, month, day = _random_date(rng, ambiguous=False)
    if len(digits) == 8 and digits[:2] in ("19", "20"):
        new = f"{year:04d}{month:02d}{day:02d}"
    elif len(digits) == 8:
        new = f"{day:02d}{month:02d}{year:04d}"
    else:
        new = f"{year % 100:02d}{month:02d}{day:02d}"
    return value.replace(digits, new, 1)
