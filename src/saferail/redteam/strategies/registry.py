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

import importlib
import logging
from importlib.metadata import entry_points
from typing import TypeVar

from saferail.errors import SaferailError
from saferail.redteam.strategies.base import Strategy

ENTRY_POINT_GROUP = "saferail.attacks"
_BUILTIN_MODULES = ("saferail.redteam.strategies.builtin",)
_ON_DEMAND = {"dataset_templates": "saferail.redteam.strategies.dataset"}
"""Strategies not run by default (they need data outside the package); loaded when named."""

_log = logging.getLogger(__name__)
_registry: dict[str, type[Strategy]] = {}
_errors: list[str] = []
_loaded = {"builtins": False, "entry_points": False}

S = TypeVar("S", bound=type[Strategy])


class UnknownStrategyError(SaferailError):
    """A strategy name was asked for that no registered strategy carries."""

    def __init__(self, name: str, known: list[str]) -> None:
        self.name = name
        super().__init__(f"unknown strategy {name!r} (known: {', '.join(sorted(known))})")


def register_strategy(cls: S) -> S:
    """Class decorator: add a strategy to the registry under its ``name``."""
    name = getattr(cls, "name", None)
    if not isinstance(name, str) or not name.isidentifier():
        raise SaferailError(f"{cls.__qualname__}: `name` must be an identifier string")
    existing = _registry.get(name)
    if existing is not None and existing.__qualname__ != cls.__qualname__:
        raise SaferailError(f"strategy name {name!r} is already registered by {existing}")
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
                if isinstance(obj, type) and issubclass(obj, Strategy):
                    register_strategy(obj)
                else:
                    raise TypeError("not a Strategy subclass")
            except Exception as exc:  # a broken plugin must not break the red team
                msg = f"strategy entry point {ep.name!r} ({ep.value}) failed to load: {exc}"
                _errors.append(msg)
                _log.warning(msg)


def available_strategies() -> list[str]:
    """Names of every registered strategy, sorted."""
    _discover()
    return sorted(_registry)


def get_strategy(name: str) -> type[Strategy]:
    """The strategy class registered as ``name``."""
    _discover()
    if name not in _registry and name in _ON_DEMAND:
        importlib.import_module(_ON_DEMAND[name])
    try:
        return _registry[name]
    except KeyError:
        raise UnknownStrategyError(name, list(_registry)) from None


def unregister_strategy(name: str) -> None:
    """Remove a strategy (tests and docs examples clean up after themselves)."""
    _registry.pop(name, None)


def strategy_discovery_errors() -> list[str]:
    """Messages of entry points that failed to load (also logged as warnings)."""
    _discover()
    return list(_errors)
