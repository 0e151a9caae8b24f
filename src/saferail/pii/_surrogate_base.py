"""The random stream and character helpers every PII surrogate generator uses.

:class:`Rng` is a deterministic stream keyed by (seed, entity type, value, attempt);
:func:`char_class` is the fallback surrogate (digit for digit, letter for letter).
"""

from __future__ import annotations

__all__ = [
    "ASCII_ALNUM",
    "ASCII_DIGITS",
    "Generator",
    "Rng",
    "char_class",
    "fill_digits",
    "shape",
    "swap_char",
]

import hashlib
import hmac
import string
from collections.abc import Callable, Sequence

ASCII_DIGITS: frozenset[str] = frozenset(string.digits)
ASCII_ALNUM: frozenset[str] = frozenset(string.ascii_letters + string.digits)


class Rng:
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


# A surrogate generator: (value, random stream, attempt) -> surrogate.
Generator = Callable[[str, Rng, int], str]


def shape(word: str, like: str) -> str:
    """``word`` in the capitalization shape of ``like``."""
    letters = [c for c in like if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 1:
        return word.upper()
    if letters and all(c.islower() for c in letters):
        return word.lower()
    return word[:1].upper() + word[1:].lower()


def swap_char(c: str, rng: Rng, digits: str, upper: str, lower: str) -> str:
    """A random digit for a digit, letter of the same case for a letter; else ``c``."""
    if c.isdigit():
        return rng.choice(digits)
    if c.isalpha():
        return rng.choice(upper) if c.isupper() else rng.choice(lower)
    return c


def char_class(value: str, rng: Rng, attempt: int = 0) -> str:
    """Digit → digit, upper → upper, lower → lower; every other character kept."""
    return "".join(
        swap_char(c, rng, string.digits, string.ascii_uppercase, string.ascii_lowercase)
        for c in value
    )


def fill_digits(value: str, digits: str) -> str:
    """``value`` with its digits replaced, in order, by ``digits``."""
    it = iter(digits)
    return "".join(next(it) if c in ASCII_DIGITS else c for c in value)
