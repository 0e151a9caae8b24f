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

import importlib
import logging
from importlib.metadata import entry_points
from typing import TypeVar

from saferail.errors import SaferailError
from saferail.evals.case import Expected
from saferail.evals.scorers.base import Scorer

ENTRY_POINT_GROUP = "saferail.scorers"
_BUILTIN_MODULES = ("saferail.evals.scorers.builtin",)
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

_log = logging.getLogger(__name__)
_registry: dict[str, type[Scorer]] = {}
_errors: list[str] = []
_loaded = {"builtins": False, "entry_points": False}

S = TypeVar("S", bound=type[Scorer])


class UnknownScorerError(SaferailError):
    """A scorer name was asked for that no registered scorer carries."""

    def __init__(self, name: str, known: list[str]) -> None:
        self.name = name
        super().__init__(f"unknown scorer {name!r} (known: {', '.join(sorted(known))})")


def register_scorer(cls: S) -> S:
    """Class decorator: add a scorer to the registry under its ``name``."""
    name = getattr(cls, "name", None)
    if not isinstance(name, str) or not name.isidentifier():
        raise SaferailError(f"{cls.__qualname__}: `name` must be an identifier string")
    existing = _registry.get(name)
    if existing is not None and existing.__qualname__ != cls.__qualname__:
        raise SaferailError(f"scorer name {name!r} is already registered by {existing}")
    _registry[name] = cls
    return cls


def _discover() -> None:
    if not _loaded["builtins"]:
        _loaded["builtins"] = True
        for mod in _BUILTIN_MODULES:
            importlib.import_module(mod)
    if not _loaded["entry_points"]:
        _loaded["entry_points"] = True
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            try:
                obj = ep.load()
                if isinstance(obj, type) and issubclass(obj, Scorer):
                    register_scorer(obj)
            except Exception as exc:  # a broken plugin must not break the harness
                msg = f"scorer entry point {ep.name!r} ({ep.value}) failed to load: {exc}"
                _errors.append(msg)
                _log.warning(msg)


def available_scorers() -> dict[str, type[Scorer]]:
    """Every registered scorer by name."""
    _discover()
    return dict(sorted(_registry.items()))


def get_scorer(name: str) -> type[Scorer]:
    """The scorer class registered under ``name``; raises :class:`UnknownScorerError`."""
    scorers = available_scorers()
    try:
        return scorers[name]
    except KeyError:
        raise UnknownScorerError(name, list(scorers)) from None


def default_scorer_for(expected: Expected) -> str:
    """The name of the scorer that judges a behaviour when the suite names none."""
    return _DEFAULTS[expected]


def scorer_discovery_errors() -> list[str]:
    """Messages for scorer entry points that failed to load."""
    return list(_errors)
