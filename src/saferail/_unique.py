"""One name per thing: a name already taken gets a numeric suffix (``x``, ``x#2``, ``x#3``)."""

from __future__ import annotations

__all__ = ["unique_name"]


def unique_name(base: str, taken: set[str], sep: str) -> str:
    """``base``, or ``base + sep + n`` for the smallest ``n >= 2`` not in ``taken``; the name
    returned is added to ``taken``."""
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}{sep}{n}"
    taken.add(name)
    return name
