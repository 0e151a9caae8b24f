"""The pattern record of the ``secret`` check, its character sets and value validators.

A :class:`Spec` names one RE2 pattern and how to judge its matches: the characters that
must not touch the match on either side, the score, an optional validator of the whole
value and the kind of evaluation (a provider token, a PEM block, a generic assignment...).
"""

from __future__ import annotations

__all__ = [
    "ALNUM",
    "B64",
    "NONE",
    "STRONG",
    "TOKEN",
    "Spec",
    "has_digit_and_letter",
    "jwt_ok",
    "mixed_case",
    "random_alnum",
    "spec",
]

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass

ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
TOKEN = ALNUM | frozenset("_-")
B64 = TOKEN | frozenset("+/=")
NONE: frozenset[str] = frozenset()

STRONG = 0.95


# --------------------------------------------------------------------------- validators


def mixed_case(v: str) -> bool:
    return any(c.islower() for c in v) and any(c.isupper() for c in v)


def has_digit_and_letter(v: str) -> bool:
    return any(c.isdigit() for c in v) and any(c.isalpha() for c in v)


def random_alnum(v: str) -> bool:
    classes = sum(
        (
            any(c.islower() for c in v),
            any(c.isupper() for c in v),
            any(c.isdigit() for c in v),
        )
    )
    return classes >= 2


def _b64url_decode(part: str) -> bytes:
    padded = part + "=" * (-len(part) % 4)
    try:
        return base64.urlsafe_b64decode(padded)
    except (binascii.Error, ValueError):
        return b""


def jwt_ok(v: str) -> bool:
    header = _b64url_decode(v.split(".", 1)[0].rstrip("="))
    return any(k in header for k in (b'"alg"', b'"typ"', b'"kid"', b'"enc"', b'"x5t"'))


# --------------------------------------------------------------------------- specs


@dataclass(frozen=True, slots=True)
class Spec:
    key: str
    entity: str
    regex: str
    score: float = STRONG
    tail: frozenset[str] = TOKEN
    head: frozenset[str] = NONE
    check: Callable[[str], bool] | None = None
    kind: str = "token"  # token | pem | assign | bearer | url | curl | bundler


def spec(
    key: str,
    entity: str,
    regex: str,
    score: float = STRONG,
    *,
    tail: frozenset[str] = TOKEN,
    head: frozenset[str] = NONE,
    check: Callable[[str], bool] | None = None,
    kind: str = "token",
) -> Spec:
    return Spec(key, entity, regex, score, tail, head, check, kind)
