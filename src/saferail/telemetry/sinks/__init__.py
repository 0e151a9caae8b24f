"""Telemetry sinks. Built-ins: ``sqlite``, ``postgresql``, ``jsonl``, ``otlp`` and
``prometheus``; :func:`open_sink` builds one from a spec string (``sqlite:PATH``,
``postgresql://...``, ``jsonl:PATH``, ``otlp:URL`` or ``otlp`` for the exporter's default
endpoint, ``prometheus``). Third-party sinks register a factory under the ``saferail.sinks``
entry-point group (``name = "pkg.module:factory"``, called with the text after ``name:``)."""

from __future__ import annotations

__all__ = [
    "SinkError",
    "SinkSpecError",
    "StoreSink",
    "available_sinks",
    "open_sink",
    "register_sink",
]

from collections.abc import Callable
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from saferail.errors import SaferailError
from saferail.telemetry.emitter import Sink
from saferail.telemetry.sinks.store import StoreSink

SinkFactory = Callable[[str], Sink]
_REGISTRY: dict[str, SinkFactory] = {}


class SinkError(SaferailError):
    """A telemetry sink cannot be opened (e.g. its file cannot be created or written)."""


class SinkSpecError(SinkError):
    """A telemetry sink spec names no known sink or lacks its argument."""


def register_sink(name: str) -> Callable[[SinkFactory], SinkFactory]:
    """Decorator: register ``factory(argument) -> Sink`` for specs ``name:argument``."""

    def add(factory: SinkFactory) -> SinkFactory:
        _REGISTRY[name] = factory
        return factory

    return add


def _need(arg: str, name: str) -> str:
    if not arg:
        raise SinkSpecError(f"the {name} sink needs a path: {name}:PATH")
    return arg


def _file_path(path: Path, name: str) -> Path:
    """``path`` once its folder exists; :class:`SinkError` when no file can be made there
    (the store itself still opens on first write)."""
    try:
        if path.is_dir():
            raise IsADirectoryError(21, "Is a directory", str(path))
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        why = exc.strerror or type(exc).__name__
        if isinstance(exc, FileExistsError):  # a file where a folder must be
            why = f"{exc.filename} is not a folder"
        raise SinkError(f"{name} sink: cannot write {path}: {why}") from exc
    return path


@register_sink("sqlite")
def _sqlite(arg: str) -> Sink:
    from saferail.telemetry.store_sqlite import SqliteEventStore

    path = _file_path(Path(_need(arg, "sqlite")), "sqlite")
    return StoreSink(lambda: SqliteEventStore(path), name="sqlite")


@register_sink("postgresql")
def _postgres(arg: str) -> Sink:
    from saferail.telemetry.store_pg import PostgresEventStore

    url = "postgresql:" + arg
    return StoreSink(lambda: PostgresEventStore(url), name="postgresql")


@register_sink("jsonl")
def _jsonl(arg: str) -> Sink:
    from saferail.telemetry.sinks.jsonl import JsonlSink

    return JsonlSink(_need(arg, "jsonl"))


@register_sink("otlp")
def _otlp(arg: str) -> Sink:
    from saferail.telemetry.sinks.otel import OTelSink

    return OTelSink.otlp(arg or None)


@register_sink("prometheus")
def _prometheus(arg: str) -> Sink:
    from saferail.telemetry.sinks.prometheus import PrometheusSink

    return PrometheusSink()


def available_sinks() -> dict[str, SinkFactory]:
    """Built-in sinks plus those registered through entry points (group ``saferail.sinks``)."""
    found = dict(_REGISTRY)
    for ep in entry_points(group="saferail.sinks"):
        found.setdefault(ep.name, ep.load())
    return found


def open_sink(spec: str, **options: Any) -> Sink:
    """A sink from a spec string (see the module docstring)."""
    name, _, arg = spec.partition(":")
    if name == "postgres":
        name = "postgresql"
    factories = available_sinks()
    if name not in factories:
        known = ", ".join(sorted(factories))
        raise SinkSpecError(f"unknown telemetry sink {spec.split(':')[0]!r} (known: {known})")
    return factories[name](arg)
