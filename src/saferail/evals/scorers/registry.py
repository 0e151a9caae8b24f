"""The scorer registry: built-ins, ``@register_scorer`` and ``saferail.scorers`` entry points."""

from __future__ import annotations

__all__ = [
    "ENTRY_POINT_GROUP",
    "UnknownScorerError",
    "available_scorers",
    "default_scorer_for",
    "get_scorer",
    "register_scorer",
    "scorer_discovery_errors",
]

from typing import TypeVar

from saferail._plugins import PluginRegistry
from saferail.errors import SaferailError
from saferail.evals.case import Expected
from saferail.evals.scorers.base import Scorer

ENTRY_POINT_GROUP = "saferail.scorers"
_DEFAULTS: dict[Expected, str] = {
    Expected.REFUSE: "refusal",
    Expected.COMPLY: "refusal",
    Expected.NO_PII: "pii_leak",
    Expected.GROUNDED: "grounding",
    Expected.NO_LEAK: "canary",
    Expected.IGNORE_INJECTION: "canary",
    Expected.NO_TOXICITY: "toxicity",
    Expected.SAFE_TOOL_USE: "tool_use",
}

S = TypeVar("S", bound=type[Scorer])


class UnknownScorerError(SaferailError):
    """A scorer name was asked for that no registered scorer carries."""

    def __init__(self, name: str, known: list[str]) -> None:
        self.name = name
        super().__init__(f"unknown scorer {name!r} (known: {', '.join(sorted(known))})")


_REGISTRY: PluginRegistry[Scorer] = PluginRegistry(
    "scorer",
    Scorer,
    ENTRY_POINT_GROUP,
    ("saferail.evals.scorers.builtin",),
    UnknownScorerError,
)


def register_scorer(cls: S) -> S:
    """Class decorator: add a scorer to the registry under its ``name``."""
    _REGISTRY.register(cls)
    return cls


def available_scorers() -> dict[str, type[Scorer]]:
    """Every registered scorer by name."""
    return _REGISTRY.available()


def get_scorer(name: str) -> type[Scorer]:
    """The scorer class registered under ``name``; raises :class:`UnknownScorerError`."""
    return _REGISTRY.get(name)


def default_scorer_for(expected: Expected) -> str:
    """The name of the scorer that judges a behaviour when the suite names none."""
    return _DEFAULTS[expected]


def scorer_discovery_errors() -> list[str]:
    """Messages for scorer entry points that failed to load."""
    return _REGISTRY.errors()
