"""The executor registry: ``local`` and ``ray`` built in, more from ``saferail.executors``
entry points (a class with a ``name`` and a ``from_options(*, recipe, address)``
classmethod returning an :class:`~saferail.evals.executors.base.Executor`)."""

from __future__ import annotations

__all__ = [
    "ENTRY_POINT_GROUP",
    "UnknownExecutorError",
    "available_executors",
    "make_executor",
    "register_executor",
]

from typing import Any, TypeVar, cast

from saferail._plugins import PluginRegistry
from saferail.errors import SaferailError
from saferail.evals.executors.base import Executor, TargetRecipe

ENTRY_POINT_GROUP = "saferail.executors"

E = TypeVar("E", bound=type[Any])


class UnknownExecutorError(SaferailError):
    """An executor name was asked for that no registered executor carries."""

    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(f"unknown executor {name!r} (known: {', '.join(sorted(known))})")


def _validate(cls: type[Any]) -> None:
    for attr in ("from_options", "run", "describe", "aclose"):
        if not callable(getattr(cls, attr, None)):
            raise SaferailError(f"executor {cls.__qualname__}: missing {attr}()")


_REGISTRY: PluginRegistry[Any] = PluginRegistry(
    "executor",
    object,
    ENTRY_POINT_GROUP,
    ("saferail.evals.executors.local", "saferail.evals.executors.ray_executor"),
    UnknownExecutorError,
    validate=_validate,
)


def register_executor(cls: E) -> E:
    """Class decorator: add an executor class to the registry under its ``name``."""
    _REGISTRY.register(cls)
    return cls


def available_executors() -> list[str]:
    """The names of every registered executor."""
    return list(_REGISTRY.available())


def make_executor(
    name: str, *, recipe: TargetRecipe | None = None, address: str | None = None
) -> Executor:
    """The executor ``name`` built from the CLI's options: ``recipe`` rebuilds the target
    in other processes, ``address`` names a cluster."""
    cls = _REGISTRY.get(name)
    return cast(Executor, cls.from_options(recipe=recipe, address=address))
