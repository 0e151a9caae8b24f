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

from typing import TypeVar

from saferail._plugins import PluginRegistry
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
    "saferail.detectors.sensitive",
)

C = TypeVar("C", bound=type[Check])


def _validate(cls: type[Check]) -> None:
    name = cls.name
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


_REGISTRY: PluginRegistry[Check] = PluginRegistry(
    "check",
    Check,
    ENTRY_POINT_GROUP,
    _BUILTIN_MODULES,
    UnknownCheckError,
    validate=_validate,
)


def register_check(cls: C) -> C:
    """Class decorator: validate a check's declaration and add it to the registry."""
    _REGISTRY.register(cls)
    return cls


def available_checks() -> dict[str, type[Check]]:
    """Every registered check by name: built-ins, decorated classes and entry points."""
    return _REGISTRY.available()


def get_check(name: str) -> type[Check]:
    """The check class registered under ``name``; raises :class:`UnknownCheckError`."""
    return _REGISTRY.get(name)


def unregister_check(name: str) -> None:
    """Remove a check from the registry (for tests and plugin reloads)."""
    _REGISTRY.unregister(name)


def discovery_errors() -> list[str]:
    """Messages for entry points that failed to load."""
    return _REGISTRY.errors()


def reset_discovery() -> None:
    """Forget entry-point discovery and its checks so the next lookup scans again."""
    _REGISTRY.reset_entry_points()
