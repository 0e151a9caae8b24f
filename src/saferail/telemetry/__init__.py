"""Safety telemetry: privacy-preserving :class:`SafetyEvent` records, a non-blocking
emitter, sinks (SQLite, PostgreSQL, JSONL, OpenTelemetry, Prometheus) and an event store with
retention, roles and an audit log. See docs/telemetry/index.md. Names resolve lazily, so
importing the package costs nothing until one is used."""

from __future__ import annotations

from typing import TYPE_CHECKING

from saferail._lazy import lazy_getattr

if TYPE_CHECKING:
    from saferail.telemetry.access import AccessDenied, AuthError, Principal, Role
    from saferail.telemetry.emitter import Emitter, Sink
    from saferail.telemetry.event import CapturedContent, CheckRecord, SafetyEvent
    from saferail.telemetry.hashing import Hasher
    from saferail.telemetry.instrumentation import GatewayHook, InstrumentedGuard, instrument
    from saferail.telemetry.query import AggregateRow, EventQuery, PurgeReport
    from saferail.telemetry.retention import PurgeJob
    from saferail.telemetry.setup import Telemetry, TelemetryConfig
    from saferail.telemetry.store import (
        DuplicateApiKeyError,
        EventStore,
        Retention,
        StoreError,
        open_event_store,
    )

_LAZY = {
    **dict.fromkeys(
        ("AccessDenied", "AuthError", "Principal", "Role"), "saferail.telemetry.access"
    ),
    **dict.fromkeys(("Emitter", "Sink"), "saferail.telemetry.emitter"),
    **dict.fromkeys(("CapturedContent", "CheckRecord", "SafetyEvent"), "saferail.telemetry.event"),
    "Hasher": "saferail.telemetry.hashing",
    **dict.fromkeys(
        ("GatewayHook", "InstrumentedGuard", "instrument"), "saferail.telemetry.instrumentation"
    ),
    **dict.fromkeys(("AggregateRow", "EventQuery", "PurgeReport"), "saferail.telemetry.query"),
    "PurgeJob": "saferail.telemetry.retention",
    **dict.fromkeys(("Telemetry", "TelemetryConfig"), "saferail.telemetry.setup"),
    **dict.fromkeys(
        ("DuplicateApiKeyError", "EventStore", "Retention", "StoreError", "open_event_store"),
        "saferail.telemetry.store",
    ),
}

__getattr__ = lazy_getattr(__name__, _LAZY, globals())

__all__ = [
    "AccessDenied",
    "AggregateRow",
    "AuthError",
    "CapturedContent",
    "CheckRecord",
    "DuplicateApiKeyError",
    "Emitter",
    "EventQuery",
    "EventStore",
    "GatewayHook",
    "Hasher",
    "InstrumentedGuard",
    "Principal",
    "PurgeJob",
    "PurgeReport",
    "Retention",
    "Role",
    "SafetyEvent",
    "Sink",
    "StoreError",
    "Telemetry",
    "TelemetryConfig",
    "instrument",
    "open_event_store",
]
