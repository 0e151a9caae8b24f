"""Deterministic synthetic messages for latency benchmarks (our own word lists)."""

from __future__ import annotations

import random

_SUBJECTS = [
    "the customer",
    "our team",
    "the new model",
    "this report",
    "my manager",
    "the service",
    "a user",
]
_VERBS = [
    "needs",
    "explains",
    "reviews",
    "updates",
    "describes",
    "compares",
    "summarizes",
    "requests",
]
_OBJECTS = [
    "the quarterly figures",
    "a refund for order 4411",
    "the deployment checklist",
    "two recipes for dinner",
    "the travel plan to Lisbon",
    "a short poem about rain",
    "the onboarding guide",
    "error logs from last night",
    "the pricing page",
    "a summary of the meeting",
]
_TAILS = [
    "before Friday.",
    "as soon as possible.",
    "in plain language.",
    "with three bullet points.",
    "and cites https://docs.example.com/guide?page=2 for details.",
    "without any jargon.",
    "for the board meeting.",
    "and keeps it under 200 words.",
]
_UNICODE = (
    "Café crème für Müller, naïve résumé. ",
    "Zażółć gęślą jaźń — ładny dzień. ",
    "Thanks! 🙂 See you soon ❤️ ",
    "東京の天気はどうですか。 ",
)


def sentence(rng: random.Random) -> str:
    return (
        " ".join((rng.choice(_SUBJECTS).capitalize(), rng.choice(_VERBS), rng.choice(_OBJECTS)))
        + " "
        + rng.choice(_TAILS)
        + " "
    )


def message(rng: random.Random, size: int, unicode_share: float = 0.1) -> str:
    """One message of about ``size`` characters; some include non-ASCII text."""
    parts: list[str] = []
    total = 0
    with_unicode = rng.random() < unicode_share
    while total < size:
        piece = rng.choice(_UNICODE) if with_unicode and rng.random() < 0.2 else sentence(rng)
        parts.append(piece)
        total += len(piece)
    return "".join(parts)[:size]


def corpus(n: int, size: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed + size)
    return [message(rng, size) for _ in range(n)]
