"""Safety telemetry: privacy-preserving :class:`SafetyEvent` records, a non-blocking
emitter, sinks (SQLite, PostgreSQL, JSONL, OpenTelemetry, Prometheus) and an event store with
retention, roles and an audit log. See docs/telemetry/index.md."""

from __future__ import annotations

__all__ = [
    "AggregateRow",
    "CheckRecord",
    "EventQuery",
    "Principal",
    "SafetyEvent",
]

from saferail.telemetry.access import Principal
from saferail.telemetry.event import CheckRecord, SafetyEvent
from saferail.telemetry.query import AggregateRow, EventQuery
