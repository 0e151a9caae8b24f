"""The event-store SQL shared by the SQLite and PostgreSQL back-ends (``?`` placeholders; a
back-end converts them and supplies connections and its migrations)."""

from __future__ import annotations

__all__ = [
    "COLUMNS",
    "SCHEMA_V1",
    "SCHEMA_V2",
    "SCHEMA_V3",
    "SCHEMA_V4_PG",
    "SCHEMA_V4_SQLITE",
    "event_rows",
    "iso",
    "row_event",
]

import time
from collections.abc import Sequence
from typing import Any

import orjson

from saferail.telemetry.event import CapturedContent, SafetyEvent

COLUMNS = (
    "event_id",
    "ts_ms",
    "time",
    "type",
    "source",
    "surface",
    "check_name",
    "action",
    "verdict",
    "categories",
    "score",
    "latency_ms",
    "reason_code",
    "policy_id",
    "policy_version",
    "model",
    "model_version",
    "prompt_version",
    "feature_flag",
    "tenant",
    "run_id",
    "suite",
    "strategy",
    "dropped",
    "trace_id",
    "request_id",
    "conversation_hash",
    "user_hash",
    "content",
    "body",
)
"""Columns written per event: flat copies of the queried fields; ``body`` is the event's JSON
without its ``content`` and ``identity`` fields, which have columns of their own so that the
purge job can clear them."""

SCHEMA_V1 = """
CREATE TABLE safety_events (
    seq {serial},
    event_id TEXT NOT NULL UNIQUE,
    ts_ms BIGINT NOT NULL,
    time TEXT NOT NULL,
    type TEXT NOT NULL,
    source TEXT NOT NULL,
    surface TEXT,
    check_name TEXT,
    action TEXT,
    verdict TEXT NOT NULL,
    categories TEXT NOT NULL,
    score REAL,
    latency_ms REAL,
    reason_code TEXT,
    policy_id TEXT,
    policy_version TEXT,
    model TEXT,
    model_version TEXT,
    prompt_version TEXT,
    feature_flag TEXT,
    tenant TEXT,
    run_id TEXT,
    suite TEXT,
    strategy TEXT,
    dropped BIGINT,
    trace_id TEXT,
    request_id TEXT,
    conversation_hash TEXT,
    user_hash TEXT,
    content TEXT,
    body TEXT NOT NULL
);
CREATE INDEX safety_events_ts ON safety_events (ts_ms);
CREATE TABLE safety_event_categories (
    event_id TEXT NOT NULL,
    ts_ms BIGINT NOT NULL,
    category TEXT NOT NULL,
    PRIMARY KEY (event_id, category)
);
CREATE INDEX safety_event_categories_ts ON safety_event_categories (category, ts_ms);
CREATE TABLE telemetry_api_keys (
    key_id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE TABLE telemetry_audit (
    seq {serial},
    ts_ms BIGINT NOT NULL,
    time TEXT NOT NULL,
    principal TEXT NOT NULL,
    role TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX telemetry_audit_ts ON telemetry_audit (ts_ms);
"""
"""Migration 1 of both back-ends (``{serial}``: the back-end's auto-increment primary key)."""

SCHEMA_V2 = """
CREATE INDEX safety_event_categories_time ON safety_event_categories (ts_ms, event_id, category);
CREATE INDEX safety_event_categories_cat ON safety_event_categories (category, ts_ms, event_id);
DROP INDEX safety_event_categories_ts
"""
"""Migration 2 of both back-ends: indexes for the dashboard's queries over a time window.
``(ts_ms, event_id, category)`` serves the category breakdown (the join is bounded to the
window's ``ts_ms`` range) and the retention purge; ``(category, ts_ms, event_id)`` replaces
``(category, ts_ms)`` so that a category filter over a window reads the index alone."""

SCHEMA_V3 = """
CREATE INDEX safety_events_content_ts ON safety_events (ts_ms) WHERE content IS NOT NULL;
CREATE INDEX safety_events_identity_ts ON safety_events (ts_ms)
    WHERE conversation_hash IS NOT NULL OR user_hash IS NOT NULL
"""
"""Migration 3 of both back-ends: partial indexes for the retention purge. Clearing content
and hashed identities used to walk every event older than the cutoff (content is cleared
after 7 days, so that was nearly the whole store, every hour, inside the purge's write
transaction); these indexes hold only the rows still carrying them."""

SCHEMA_V4_PG = """
ALTER TABLE safety_events
    ALTER COLUMN score TYPE DOUBLE PRECISION,
    ALTER COLUMN latency_ms TYPE DOUBLE PRECISION
"""
"""Migration 4 on PostgreSQL: ``REAL`` is a 4-byte float there (an 8-byte one in SQLite), so
latencies and scores lost digits and aggregates differed between the back-ends
(1234.5678 ms came back as 1234.5677). The ALTER rewrites the table once, holding an
exclusive lock on it meanwhile; values stored before keep the digits they had lost."""

SCHEMA_V4_SQLITE = ""
"""Migration 4 on SQLite: nothing (``REAL`` is already 8 bytes); it keeps the schema numbers of
the two back-ends equal."""

_SPLIT = {"content", "conversation_hash", "user_hash"}


def iso(ts_ms: int) -> str:
    """``YYYY-MM-DDTHH:MM:SS.mmmZ`` for epoch milliseconds (sorts as text)."""
    seconds, ms = divmod(ts_ms, 1000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + f".{ms:03d}Z"


def event_rows(
    events: Sequence[SafetyEvent],
) -> tuple[list[tuple[Any, ...]], list[tuple[str, int, str]]]:
    """Rows for ``safety_events`` (in :data:`COLUMNS` order) and ``safety_event_categories``."""
    rows: list[tuple[Any, ...]] = []
    cats: list[tuple[str, int, str]] = []
    for e in events:
        ts_ms = int(e.time.timestamp() * 1000)
        body = e.model_dump_json(exclude=_SPLIT, exclude_none=True)
        content = None if e.content is None else e.content.model_dump_json(exclude_defaults=True)
        rows.append(
            (
                e.event_id,
                ts_ms,
                iso(ts_ms),
                e.type,
                e.source,
                e.surface,
                e.check,
                e.action,
                e.verdict,
                " ".join(e.categories),
                e.score,
                e.latency_ms,
                e.reason_code,
                e.policy_id,
                e.policy_version,
                e.model,
                e.model_version,
                e.prompt_version,
                e.feature_flag,
                e.tenant,
                e.run_id,
                e.suite,
                e.strategy,
                e.dropped,
                e.trace_id,
                e.request_id,
                e.conversation_hash,
                e.user_hash,
                content,
                body,
            )
        )
        cats.extend((e.event_id, ts_ms, c) for c in e.categories)
    return rows, cats


def row_event(
    body: str, conversation_hash: str | None, user_hash: str | None, content: str | None
) -> SafetyEvent:
    """The event back from its stored columns (``content=None`` drops captured text)."""
    data: dict[str, Any] = orjson.loads(body)
    data["conversation_hash"] = conversation_hash
    data["user_hash"] = user_hash
    if content is not None:
        data["content"] = CapturedContent.model_validate_json(content)
    return SafetyEvent.model_validate(data)
