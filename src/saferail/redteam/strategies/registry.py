"""The strategy registry: built-ins, ``@register_strategy`` and ``saferail.attacks`` entry
points (a third party adds a strategy without forking)."""

from __future__ import annotations

__all__ = [
    "ENTRY_POINT_GROUP",
    "UnknownStrategyError",
    "available_strategies",
    "get_strategy",
    "register_strategy",
    "strategy_discovery_errors",
    "unregister_strategy",
]

import difflib
from typing import TypeVar

from saferail._plugins import PluginRegistry
from saferail.errors import SaferailError
from saferail.redteam.strategies.base import Strategy

ENTRY_POINT_GROUP = "saferail.attacks"


class UnknownStrategyError(SaferailError):
    """A strategy name was asked for that no registered strategy carries."""

    def __init__(self, name: str, known: list[str]) -> None:
        self.name = name
        names = sorted({*known, *_ON_DEMAND})
        hints = _closest(name, names)
        did = f"; did you mean {' or '.join(map(repr, hints))}?" if hints else ""
        super().__init__(f"unknown strategy {name!r}{did} (known: {', '.join(names)})")


def _closest(name: str, names: list[str]) -> list[str]:
    """The known names ``name`` likely stands for: the same in another case or with '-' for
    '_', the names it begins (``indirect``), else the closest spelling."""
    folded = {n.lower(): n for n in names}
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    if key in folded:
        return [folded[key]]
    starts = [n for k, n in folded.items() if len(key) >= 3 and k.startswith(key)]
    if starts:
        return starts
    close = difflib.get_close_matches(key, list(folded), n=1, cutoff=0.75)
    return [folded[c] for c in close]


# not run by default (they need data outside the package); loaded when named
_ON_DEMAND = {"dataset_templates": "saferail.redteam.strategies.dataset"}


_REGISTRY: PluginRegistry[Strategy] = PluginRegistry(
    "strategy",
    Strategy,
    ENTRY_POINT_GROUP,
    ("saferail.redteam.strategies.builtin",),
    UnknownStrategyError,
    on_demand=_ON_DEMAND,
)

S = TypeVar("S", bound=type[Strategy])


def register_strategy(cls: S) -> S:
    """Class decorator: add a strategy to the registry under its ``name``."""
    _REGISTRY.register(cls)
    return cls


def available_strategies() -> list[str]:
    """Names of every registered strategy, sorted."""
    return list(_REGISTRY.available())


def get_strategy(name: str) -> type[Strategy]:
    """The strategy class registered as ``name``."""
    return _REGISTRY.get(name)


def unregister_strategy(name: str) -> None:
    """Remove a strategy (tests and docs examples clean up after themselves)."""
    _REGISTRY.unregister(name)


def strategy_discovery_errors() -> list[str]:
    """Messages of entry points that failed to load (also logged as warnings)."""
    return _REGISTRY.errors()
