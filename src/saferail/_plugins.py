"""One plugin registry for every extension point (checks, scorers, attack strategies...).

A registry holds classes by ``name``. Built-in modules register their classes on import;
third-party packages declare entry points in the registry's group whose value is a subclass
of the registry's base class (or a module that registers its classes on import). Discovery
runs once, on first use; a plugin that fails to load is logged and listed in
:meth:`PluginRegistry.errors`, never fatal. Modules named in ``on_demand`` are imported only
when one of their names is asked for (plugins that need data outside the package).

Discovery is thread-safe: a thread asking for a registry's classes while another thread is
discovering them waits until discovery is complete (two Guards built at start-up in two
threads must not see a half-loaded registry).
"""

from __future__ import annotations

__all__ = ["PluginRegistry"]

import importlib
import logging
import threading
from collections.abc import Callable, Mapping
from importlib.metadata import entry_points
from typing import Generic, TypeVar, cast

from saferail.errors import SaferailError

T = TypeVar("T")
_log = logging.getLogger("saferail.plugins")


class PluginRegistry(Generic[T]):
    """Classes derived from ``base`` by name (see the module docstring)."""

    def __init__(
        self,
        kind: str,
        base: type,
        group: str,
        builtins: tuple[str, ...],
        unknown: Callable[[str, list[str]], SaferailError],
        *,
        validate: Callable[[type[T]], None] | None = None,
        on_demand: Mapping[str, str] | None = None,
    ) -> None:
        self.kind = kind
        self.base = base
        self.group = group
        self.builtins = builtins
        self.unknown = unknown
        self.validate = validate
        self.on_demand = dict(on_demand or {})
        self._classes: dict[str, type[T]] = {}
        self._errors: list[str] = []
        self.plugin_names: set[str] = set()
        self._loaded = {"builtins": False, "entry_points": False}
        self._complete = False  # set last: the lock-free fast path of discover()
        # Re-entrant: a plugin module may look its registry up while it is being loaded.
        # register() does not take it (a thread importing a plugin holds that module's
        # import lock, which the discovering thread may be waiting for).
        self._lock = threading.RLock()

    def register(self, cls: type[T]) -> type[T]:
        """Add ``cls`` under its ``name`` (re-registering the same class is a no-op)."""
        name = getattr(cls, "name", None)
        if not isinstance(name, str) or not name.isidentifier():
            raise SaferailError(f"{cls.__qualname__}: `name` must be an identifier string")
        if self.validate is not None:
            self.validate(cls)
        existing = self._classes.get(name)
        if existing is not None and (existing.__module__, existing.__qualname__) != (
            cls.__module__,
            cls.__qualname__,
        ):
            raise SaferailError(f"{self.kind} name {name!r} is already registered by {existing}")
        self._classes[name] = cls
        return cls

    def unregister(self, name: str) -> None:
        """Remove ``name`` (tests and docs examples clean up after themselves)."""
        self._classes.pop(name, None)

    def discover(self) -> None:
        """Import the built-in modules and load the entry points, once (see the module
        docstring); other threads wait for a discovery in progress."""
        if self._complete:
            return
        with self._lock:
            self._discover()
            self._complete = self._loaded["builtins"] and self._loaded["entry_points"]

    def _discover(self) -> None:
        if not self._loaded["builtins"]:
            for module in self.builtins:  # a module that fails to import is retried next time
                importlib.import_module(module)
            self._loaded["builtins"] = True
        if not self._loaded["entry_points"]:
            self._loaded["entry_points"] = True
            for ep in entry_points(group=self.group):
                try:
                    obj = ep.load()
                    if isinstance(obj, type) and issubclass(obj, self.base):
                        self.register(cast("type[T]", obj))
                        self.plugin_names.add(str(getattr(obj, "name", ep.name)))
                except Exception as exc:  # a broken plugin must not break the core
                    msg = f"{self.kind} entry point {ep.name!r} ({ep.value}) failed to load: {exc}"
                    self._errors.append(msg)
                    _log.warning(msg)

    def reset_entry_points(self) -> None:
        """Forget entry-point plugins so the next use discovers them again."""
        with self._lock:
            self._reset_entry_points()

    def _reset_entry_points(self) -> None:
        self._complete = False
        self._loaded["entry_points"] = False
        for name in self.plugin_names:
            self._classes.pop(name, None)
        self.plugin_names.clear()
        self._errors.clear()

    def available(self) -> dict[str, type[T]]:
        """Every registered class by name, sorted."""
        self.discover()
        return dict(sorted(self._classes.items()))

    def get(self, name: str) -> type[T]:
        """The class registered as ``name``; raises the registry's unknown-name error."""
        self.discover()
        if name not in self._classes and name in self.on_demand:
            importlib.import_module(self.on_demand[name])
        try:
            return self._classes[name]
        except KeyError:
            raise self.unknown(name, list(self._classes)) from None

    def errors(self) -> list[str]:
        """Messages of entry points that failed to load."""
        self.discover()
        return list(self._errors)
