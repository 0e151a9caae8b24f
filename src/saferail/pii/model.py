"""Shared PII types: entity names, the detected-entity record and recognizer protocol."""

from __future__ import annotations

__all__ = ["ENTITY_TYPES", "PiiEntity", "Recognizer", "context_score"]

from dataclasses import dataclass
from typing import ClassVar, Protocol

# Canonical entity types (DESIGN.md). Each is documented in docs/checks/pii.md.
ENTITY_TYPES: tuple[str, ...] = (
    "PERSON",
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "CREDIT_CARD",
    "IBAN_CODE",
    "US_SSN",
    "IP_ADDRESS",
    "STREET_ADDRESS",
    "DATE_OF_BIRTH",
    "PASSPORT",
    "NATIONAL_ID",
    "URL",
    "CRYPTO_WALLET",
)


@dataclass(frozen=True, slots=True)
class PiiEntity:
    """One PII value found in a text: offsets into the text that was scanned."""

    start: int
    end: int
    entity_type: str
    score: float
    recognizer: str


class Recognizer(Protocol):
    """Finds entities of some types in a (canonical) text.

    ``find`` receives the canonical text and returns entities with offsets into it. It must
    be linear-time in the text length and never raise on odd input.
    """

    name: ClassVar[str]
    entity_types: ClassVar[tuple[str, ...]]

    def find(self, text: str) -> list[PiiEntity]: ...


def context_score(
    text: str,
    start: int,
    end: int,
    positive: frozenset[str],
    negative: frozenset[str] = frozenset(),
    window: int = 48,
) -> float:
    """+1 / -1 / 0: whether words near ``text[start:end]`` support or contradict it.

    Words are compared lowercased; ``positive`` and ``negative`` hold single lowercase
    words (multi-word cues are matched word by word).
    """
    before = text[max(0, start - window) : start].lower()
    after = text[end : end + window // 2].lower()
    words = set(_words(before)) | set(_words(after))
    if words & negative:
        return -1.0
    if words & positive:
        return 1.0
    return 0.0


def _words(s: str) -> list[str]:
    out: list[str] = []
    cur: list[str] = []
    for ch in s:
        if ch.isalnum() or ch == "_":
            cur.append(ch)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out
