"""The check registry: built-ins, the ``@register_check`` decorator and entry points.

Third-party packages add checks by declaring an entry point in the ``saferail.checks``
group whose value is a :class:`~saferail.checks.base.Check` subclass (or a module that
registers its checks on import). Discovery runs once, on first use.
"""

from __future__ import annotations

__all__ = [
    "available_checks",
    "discovery_errors",
    "get_check",
    "register_check",
    "reset_discovery",
    "unregister_check",
]

import importlib
import logging
from importlib.metadata import entry_points
from typing import TypeVar

from saferail.checks.base import CATEGORIES, SURFACES, Check
from saferail.errors import SaferailError, UnknownCheckError

ENTRY_POINT_GROUP = "saferail.checks"
_BUILTIN_MODULES = (
    "saferail.checks.hidden_text",
    "saferail.checks.secrets",
    "saferail.checks.exfiltration",
    "saferail.checks.system_prompt_leak",
    "saferail.checks.banned_topic",
    "saferail.checks.pii",
    "saferail.checks.grounding",
    "saferail.checks.citation",
    "saferail.detectors.checks",
)

_log = logging.getLogger(__name__)
_registry: dict[str, type[Check]] = {}
_errors: list[str] = []
_plugin_names: set[str] = set()
_state = {"builtins": False, "entry_points": False}

C = TypeVar("C", bound=type[Check])


def register_check(cls: C) -> C:
    """Class decorator: validate a check's declaration and add it to the registry."""
    _validate(cls)
    existing = _registry.get(cls.name)
    same = existing is not None and (existing.__module__, existing.__qualname__) == (
        cls.__module__,
        cls.__qualname__,
    )
    if existing is not None and existing is not cls and not same:
        raise SaferailError(f"check name {cls.name!r} is already registered by {existing}")
    _registry[cls.name] = cls
    return cls


def _validate(cls: type[Check]) -> None:
    name = getattr(cls, "name", None)
    if not isinstance(name, str) or not name.isidentifier():
        raise SaferailError(f"{cls.__qualname__}: `name` must be an identifier string")
    cats = getattr(cls, "categories", ())
    if not cats or any(c not in CATEGORIES for c in cats):
        raise SaferailError(
            f"check {name!r}: categories {cats!r} must be non-empty canonical category names"
        )
    surfaces: frozenset[str] = getattr(cls, "surfaces", frozenset())
    if not surfaces or any(s not in SURFACES for s in surfaces):
        raise SaferailError(f"check {name!r}: surfaces {sorted(surfaces)!r} must be in {SURFACES}")
    if cls.cost not in ("cheap", "medium", "expensive"):
        raise SaferailError(f"check {name!r}: cost must be cheap, medium or expensive")


def _load_builtins() -> None:
    if _state["builtins"]:
        return
    _state["builtins"] = True
    for mod in _BUILTIN_MODULES:
        importlib.import_module(mod)


def _load_entry_points() -> None:
    if _state["entry_points"]:
        return
    _state["entry_points"] = True
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            obj = ep.load()
            if isinstance(obj, type) and issubclass(obj, Check):
                register_check(obj)
                _plugin_names.add(obj.name)
        except Exception as exc:  # a broken plugin must not break the core
            msg = f"entry point {ep.name!r} ({ep.value}) failed to load: {exc}"
            _errors.append(msg)
            _log.warning(msg)


def available_checks() -> dict[str, type[Check]]:
    """Every registered check by name: built-ins, decorated classes and entry points."""
    _load_builtins()
    _load_entry_points()
    return dict(sorted(_registry.items()))


def get_check(name: str) -> type[Check]:
    """The check class registered under ``name``; raises :class:`UnknownCheckError`."""
    checks = available_checks()
    try:
        return checks[name]
    except KeyError:
        raise UnknownCheckError(name, list(checks)) from None


def unregister_check(name: str) -> None:
    """Remove a check from the registry (for tests and plugin reloads)."""
    _registry.pop(name, None)


def discovery_errors() -> list[str]:
    """Messages for entry points that failed to load."""
    return list(_errors)


def reset_discovery() -> None:
    """Forget entry-point discovery and its checks so the next lookup scans again."""
    _state["entry_points"] = False
    _errors.clear()
    for name in _plugin_names:
        _registry.pop(name, None)
    _plugin_names.clear()
