"""The event store: where sinks commit :class:`SafetyEvent` records and where monitors, the
dashboard and analysts read them back, under role-based access.

SQLite is the default (one file, WAL, batched transactions); PostgreSQL offers the same
interface and schema (:mod:`saferail.telemetry.store_pg`). :func:`open_event_store` picks the
back-end from a path or a ``postgresql://`` URL. Reads take a :class:`Principal`:

==========  ===========================================================================
viewer      :meth:`EventStore.aggregate` and :meth:`EventStore.count` only
analyst     also :meth:`EventStore.events` and :meth:`EventStore.tail`, never content
admin       ``include_content=True`` (audited), :meth:`EventStore.audit_log`
==========  ===========================================================================

:meth:`EventStore.purge` applies a :class:`Retention` per field class (captured content first,
then hashed identities, then whole events).
"""

from __future__ import annotations

__all__ = [
    "PURGE_SQL",
    "DuplicateApiKeyError",
    "EventStore",
    "QueryError",
    "Retention",
    "StoreError",
    "aggregate_sql",
    "count_sql",
    "events_sql",
    "open_event_store",
]

import os
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
from pydantic import BaseModel, ConfigDict, Field, model_validator

from saferail.errors import SaferailError
from saferail.telemetry._sql import COLUMNS, event_rows, iso, row_event
from saferail.telemetry.access import (
    ApiKeyInfo,
    AuditEntry,
    AuthError,
    Principal,
    Role,
    hash_api_key,
    new_api_key,
    parse_api_key,
    require,
    valid_name,
)
from saferail.telemetry.event import SafetyEvent
from saferail.telemetry.query import GROUP_KEYS, MAX_SEQ, AggregateRow, EventQuery, PurgeReport

_INSERT_EVENTS = (
    f"INSERT INTO safety_events ({', '.join(COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(COLUMNS))}) ON CONFLICT (event_id) DO NOTHING"
)
_INSERT_CATS = (
    "INSERT INTO safety_event_categories (event_id, ts_ms, category) VALUES (?, ?, ?) "
    "ON CONFLICT (event_id, category) DO NOTHING"
)
_READ = "SELECT e.seq, e.body, e.conversation_hash, e.user_hash, {content} FROM safety_events e"
_COLUMN_OF = {"check": "check_name", "category": "c.category"}
PURGE_SQL = (
    "UPDATE safety_events SET content = NULL WHERE content IS NOT NULL AND ts_ms < ?",
    "UPDATE safety_events SET conversation_hash = NULL, user_hash = NULL "
    "WHERE (conversation_hash IS NOT NULL OR user_hash IS NOT NULL) AND ts_ms < ?",
    "DELETE FROM safety_event_categories WHERE ts_ms < ?",
    "DELETE FROM safety_events WHERE ts_ms < ?",
    "DELETE FROM telemetry_audit WHERE ts_ms < ?",
)
"""What :meth:`EventStore.purge` runs, in order, each with its cutoff (epoch ms): captured
content, hashed identities, category rows and events, audit entries. Migration 3's partial
indexes match the first two ``WHERE`` clauses exactly."""


class StoreError(SaferailError):
    """The event store could not be opened or written."""


class QueryError(StoreError, ValueError):
    """A read's parameters are out of range (e.g. a negative limit)."""


class DuplicateApiKeyError(StoreError):
    """An API key with that name exists already (revoked keys keep their names)."""

    def __init__(self, name: str) -> None:
        super().__init__(f"a key named {name!r} already exists")
        self.name = name


class Retention(BaseModel):
    """How long each field class is kept, in days (``None``: forever)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    content_days: float | None = Field(7, gt=0, description="Captured (redacted) content.")
    identity_days: float | None = Field(30, gt=0, description="Hashed user/conversation ids.")
    event_days: float | None = Field(90, gt=0, description="The events themselves.")
    audit_days: float | None = Field(365, gt=0, description="The audit log.")

    @model_validator(mode="after")
    def _ordered(self) -> Retention:
        inf = float("inf")
        content = self.content_days or inf
        identity = self.identity_days or inf
        if content > (self.event_days or inf) or identity > (self.event_days or inf):
            raise ValueError("content and identity cannot be kept longer than the events")
        return self


def _ms(value: datetime) -> int:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return int(value.timestamp() * 1000)


class EventStore(ABC):
    """Safety events, API keys and the audit log in a SQL database."""

    location: str
    _lock: threading.Lock

    # -- back-end hooks -----------------------------------------------------------------

    @abstractmethod
    def _transaction(self, steps: Sequence[tuple[str, Sequence[Sequence[Any]]]]) -> list[int]:
        """Run each ``(sql, rows)`` for all its rows in one transaction; affected row counts."""

    @abstractmethod
    def _rows(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    def _explain(self, sql: str, args: Sequence[Any] = ()) -> list[str]:
        """The database's query plan for a statement (not run), one line per step."""
        raise StoreError(f"{type(self).__name__} gives no query plans")

    @property
    @abstractmethod
    def schema_version(self) -> int: ...

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------------

    def write(self, events: Sequence[SafetyEvent]) -> int:
        """Commit ``events`` in one transaction (an event id already stored is skipped);
        when this returns, the events survive the process being killed."""
        if not events:
            return 0
        rows, cats = event_rows(events)
        steps: list[tuple[str, Sequence[Sequence[Any]]]] = [(_INSERT_EVENTS, rows)]
        if cats:
            steps.append((_INSERT_CATS, cats))
        self._transaction(steps)
        return len(rows)

    # -- reading ------------------------------------------------------------------------

    def events(
        self,
        principal: Principal,
        query: EventQuery | None = None,
        *,
        include_content: bool = False,
    ) -> list[SafetyEvent]:
        """Events matching ``query`` (analyst or admin). Captured content comes back only
        for an admin who asks for it, and that read is written to the audit log."""
        return self._read(principal, query or EventQuery(), include_content)[0]

    def tail(
        self, principal: Principal, after_seq: int = 0, limit: int = 1000
    ) -> tuple[list[SafetyEvent], int]:
        """Events stored after cursor ``after_seq``, oldest first, and the next cursor:
        how a monitor follows the store without missing or repeating events."""
        query = EventQuery(after_seq=after_seq, limit=limit, newest_first=False)
        found, last = self._read(principal, query, False)
        return found, max(last, after_seq)

    def _read(
        self, principal: Principal, query: EventQuery, include_content: bool
    ) -> tuple[list[SafetyEvent], int]:
        require(principal, "analyst", "read events")
        if include_content:
            require(principal, "admin", "read captured content")
        rows = self._rows(*events_sql(query, include_content))
        events = [row_event(r[1], r[2], r[3], r[4]) for r in rows]
        if include_content:
            read = [e.event_id for e in events if e.content is not None]
            self._audit(
                principal,
                "read_content",
                {
                    "query": query.model_dump(mode="json", exclude_defaults=True),
                    "events": len(read),
                    "event_ids": read[:1000],
                },
            )
        last = max((int(r[0]) for r in rows), default=0)
        return events, last

    def count(self, principal: Principal, query: EventQuery | None = None) -> int:
        """How many events match (any role)."""
        require(principal, "viewer", "count events")
        return int(self._rows(*count_sql(query or EventQuery()))[0][0])

    def aggregate(
        self,
        principal: Principal,
        query: EventQuery | None = None,
        *,
        group_by: Sequence[str] = (),
        bucket: timedelta | None = None,
        max_rows: int | None = None,
    ) -> list[AggregateRow]:
        """Counts per group (any role): events, blocks, violations, errors, drops, latency.
        ``bucket`` splits by time too (rows ordered by bucket, then group). With
        ``max_rows``, at most ``max_rows + 1`` rows are read (which ones is unspecified): a
        result longer than ``max_rows`` tells the caller there were too many, without the
        store reading and sending them all."""
        require(principal, "viewer", "read aggregates")
        if max_rows is not None and max_rows < 0:
            raise StoreError(f"max_rows must be at least 0, got {max_rows}")
        sql, args, n = aggregate_sql(query or EventQuery(), group_by, bucket, max_rows)
        out: list[AggregateRow] = []
        for row in self._rows(sql, args):
            stamp = None
            if bucket is not None:
                stamp = datetime.fromtimestamp(int(row[0]) / 1000, UTC)
            values = row[1:n] if bucket is not None else row[:n]
            counts = [int(v or 0) for v in row[n : n + 8]]
            if counts[0] == 0:
                continue
            out.append(
                AggregateRow(
                    bucket=stamp,
                    group={
                        k: (None if v is None else str(v))
                        for k, v in zip(group_by, values, strict=True)
                    },
                    events=counts[0],
                    blocked=counts[1],
                    redacted=counts[2],
                    warned=counts[3],
                    failed=counts[4],
                    uncertain=counts[5],
                    errors=counts[6],
                    dropped=counts[7],
                    latency_ms_avg=_float(row[n + 8]),
                    latency_ms_max=_float(row[n + 9]),
                    score_avg=_float(row[n + 10]),
                )
            )
        out.sort(key=_row_order)
        return out

    # -- retention ----------------------------------------------------------------------

    def purge(
        self, retention: Retention | None = None, *, now: datetime | None = None
    ) -> PurgeReport:
        """Clear captured content, then hashed identities, then delete events and audit
        entries older than their :class:`Retention` (one transaction)."""
        keep = retention or Retention()
        t = _ms(now or datetime.now(UTC))
        day = 86_400_000

        def cutoff(days: float | None) -> int:
            # None keeps forever: no ts_ms (not even one before 1970) is below -2**63
            return _NEVER if days is None else t - int(days * day)

        c, i, e, a = (
            cutoff(keep.content_days),
            cutoff(keep.identity_days),
            cutoff(keep.event_days),
            cutoff(keep.audit_days),
        )
        counts = self._transaction(
            [(sql, [(cut,)]) for sql, cut in zip(PURGE_SQL, (c, i, e, e, a), strict=True)]
        )
        return PurgeReport(
            content_cleared=counts[0],
            identity_cleared=counts[1],
            events_deleted=counts[3],
            audit_deleted=counts[4],
        )

    # -- API keys and audit -------------------------------------------------------------

    def create_api_key(self, name: str, role: Role) -> str:
        """A new API key for ``name``; the key is returned once and stored only hashed."""
        Principal(name=name, role=role)  # validates both
        key_id, key = new_api_key()
        created = iso(int(time.time() * 1000))
        try:
            self._transaction(
                [
                    (
                        "INSERT INTO telemetry_api_keys (key_id, name, role, key_hash, "
                        "created_at) VALUES (?, ?, ?, ?, ?)",
                        [(key_id, name, role, hash_api_key(key), created)],
                    )
                ]
            )
        except Exception as exc:
            if _is_integrity_error(exc) and self._key_named(name):
                raise DuplicateApiKeyError(name) from None
            raise StoreError(f"cannot create an API key named {name!r}: {_first(exc)}") from None
        return key

    def _key_named(self, name: str) -> bool:
        """Whether a key (live or revoked: names stay taken) is called ``name``."""
        try:
            return bool(self._rows("SELECT 1 FROM telemetry_api_keys WHERE name = ?", (name,)))
        except Exception:
            return False

    def revoke_api_key(self, name: str) -> bool:
        """Revoke ``name``'s key; False if there is no live key by that name."""
        if not valid_name(name):
            return False  # no key can have it (and PostgreSQL would reject a NUL byte)
        stamp = iso(int(time.time() * 1000))
        done = self._transaction(
            [
                (
                    "UPDATE telemetry_api_keys SET revoked_at = ? "
                    "WHERE name = ? AND revoked_at IS NULL",
                    [(stamp, name)],
                )
            ]
        )
        return done[0] > 0

    def api_keys(self) -> list[ApiKeyInfo]:
        rows = self._rows(
            "SELECT key_id, name, role, created_at, revoked_at FROM telemetry_api_keys "
            "ORDER BY created_at, name"
        )
        return [
            ApiKeyInfo(key_id=r[0], name=r[1], role=r[2], created_at=r[3], revoked_at=r[4])
            for r in rows
        ]

    def authenticate(self, key: str) -> Principal:
        """The principal of a live API key; :class:`AuthError` otherwise."""
        import hmac

        key_id = parse_api_key(key)
        rows = self._rows(
            "SELECT name, role, key_hash, revoked_at FROM telemetry_api_keys WHERE key_id = ?",
            (key_id,),
        )
        if not rows or not hmac.compare_digest(rows[0][2], hash_api_key(key)):
            raise AuthError("unknown API key")
        if rows[0][3] is not None:
            raise AuthError("revoked API key")
        return Principal(name=rows[0][0], role=rows[0][1])

    def audit_log(
        self, principal: Principal, since: datetime | None = None, limit: int = 100
    ) -> list[AuditEntry]:
        """Audited actions, newest first (admin only)."""
        require(principal, "admin", "read the audit log")
        if not 0 <= limit <= MAX_SEQ:
            raise QueryError(f"limit must be between 0 and {MAX_SEQ}, not {limit}")
        rows = self._rows(
            "SELECT time, principal, role, action, detail FROM telemetry_audit "
            "WHERE ts_ms >= ? ORDER BY seq DESC LIMIT ?",
            (_ms(since) if since else 0, limit),
        )
        return [
            AuditEntry(time=r[0], principal=r[1], role=r[2], action=r[3], detail=orjson.loads(r[4]))
            for r in rows
        ]

    def _audit(self, principal: Principal, action: str, detail: dict[str, Any]) -> None:
        t = int(time.time() * 1000)
        self._transaction(
            [
                (
                    "INSERT INTO telemetry_audit (ts_ms, time, principal, role, action, detail) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    [
                        (
                            t,
                            iso(t),
                            principal.name,
                            principal.role,
                            action,
                            orjson.dumps(detail).decode(),
                        )
                    ],
                )
            ]
        )


def _where(q: EventQuery) -> tuple[str, list[Any]]:
    parts: list[str] = []
    args: list[Any] = []
    if q.since is not None:
        parts.append("e.ts_ms >= ?")
        args.append(_ms(q.since))
    if q.until is not None:
        parts.append("e.ts_ms < ?")
        args.append(_ms(q.until))
    if q.after_seq is not None:
        parts.append("e.seq > ?")
        args.append(q.after_seq)
    for column, values in (
        ("type", q.types),
        ("source", q.sources),
        ("surface", q.surfaces),
        ("action", q.actions),
        ("verdict", q.verdicts),
    ):
        if values is not None:
            if not values:
                parts.append("1 = 0")
                continue
            parts.append(f"e.{column} IN ({', '.join('?' * len(values))})")
            args.extend(values)
    for column, value in (
        ("check_name", q.check),
        ("model", q.model),
        ("model_version", q.model_version),
        ("prompt_version", q.prompt_version),
        ("feature_flag", q.feature_flag),
        ("policy_version", q.policy_version),
        ("tenant", q.tenant),
        ("run_id", q.run_id),
    ):
        if value is not None:
            parts.append(f"e.{column} = ?")
            args.append(value)
    if q.category is not None:
        # Bounded to the window's ts_ms range too (a category row has its event's ts_ms):
        # the (category, ts_ms, event_id) index then reads only the window's rows.
        window, bounds = _window("ts_ms", q)
        parts.append(
            "e.event_id IN (SELECT event_id FROM safety_event_categories "
            f"WHERE category = ?{window})"
        )
        args.extend([q.category, *bounds])
    return (" WHERE " + " AND ".join(parts)) if parts else "", args


def _window(column: str, q: EventQuery) -> tuple[str, list[int]]:
    """`` AND column >= ? AND column < ?`` for the query's since/until (what is set)."""
    sql, args = "", []
    if q.since is not None:
        sql += f" AND {column} >= ?"
        args.append(_ms(q.since))
    if q.until is not None:
        sql += f" AND {column} < ?"
        args.append(_ms(q.until))
    return sql, args


def count_sql(q: EventQuery) -> tuple[str, list[Any]]:
    """The statement :meth:`EventStore.count` runs, and its arguments."""
    where, args = _where(q)
    return f"SELECT count(*) FROM safety_events e{where}", args


def events_sql(q: EventQuery, include_content: bool = False) -> tuple[str, list[Any]]:
    """The statement :meth:`EventStore.events` and :meth:`EventStore.tail` run."""
    where, args = _where(q)
    order = "DESC" if q.newest_first else "ASC"
    sql = (
        _READ.format(content="e.content" if include_content else "NULL")
        + f"{where} ORDER BY e.seq {order} LIMIT ?"
    )
    return sql, [*args, q.limit]


def aggregate_sql(
    q: EventQuery,
    group_by: Sequence[str] = (),
    bucket: timedelta | None = None,
    max_rows: int | None = None,
) -> tuple[str, list[Any], int]:
    """The statement :meth:`EventStore.aggregate` runs, its arguments and how many leading
    group columns (the bucket first) its rows have (``max_rows + 1`` of them at most)."""
    for key in group_by:
        if key not in GROUP_KEYS:
            raise StoreError(f"cannot group by {key!r} (one of: {', '.join(GROUP_KEYS)})")
    cols = [_COLUMN_OF.get(k, f"e.{k}") for k in group_by]
    if bucket is not None:
        width = max(1, int(bucket.total_seconds() * 1000))
        cols.insert(0, f"(e.ts_ms / {width}) * {width}")
    where, args = _where(q)
    join = ""
    if "category" in group_by:
        # c.ts_ms always equals e.ts_ms; saying so, and bounding c to the window, lets the
        # (ts_ms, event_id, category) index serve the join instead of a scan of every
        # category row ever stored.
        window, bounds = _window("c.ts_ms", q)
        join = (
            " LEFT JOIN safety_event_categories c"
            f" ON c.event_id = e.event_id AND c.ts_ms = e.ts_ms{window}"
        )
        args = [*bounds, *args]
    keys = ", ".join(cols)
    sql = (
        f"SELECT {keys + ', ' if keys else ''}count(*), "
        "sum(CASE WHEN e.action = 'block' THEN 1 ELSE 0 END), "
        "sum(CASE WHEN e.action = 'redact' THEN 1 ELSE 0 END), "
        "sum(CASE WHEN e.action = 'warn' THEN 1 ELSE 0 END), "
        "sum(CASE WHEN e.verdict = 'fail' THEN 1 ELSE 0 END), "
        "sum(CASE WHEN e.verdict = 'uncertain' THEN 1 ELSE 0 END), "
        "sum(CASE WHEN e.verdict = 'error' THEN 1 ELSE 0 END), "
        "sum(coalesce(e.dropped, 0)), avg(e.latency_ms), max(e.latency_ms), avg(e.score) "
        f"FROM safety_events e{join}{where}" + (f" GROUP BY {keys} ORDER BY {keys}" if keys else "")
    )
    if max_rows is not None and keys:  # without groups there is one row
        sql += f" LIMIT {int(max_rows) + 1}"
    return sql, args, len(cols)


_NEVER = -(2**63)
"""The purge cutoff of a class kept forever: the smallest 64-bit integer."""


def _row_order(row: AggregateRow) -> tuple[float, tuple[tuple[bool, str], ...]]:
    """Bucket, then group values with ``None`` first and text by code point: the same order
    on both back-ends (SQLite sorts NULL first, PostgreSQL last; collations differ)."""
    stamp = row.bucket.timestamp() if row.bucket is not None else 0.0
    return stamp, tuple((v is not None, v or "") for v in row.group.values())


def _float(value: Any) -> float | None:
    return None if value is None else round(float(value), 4)


def _is_integrity_error(exc: BaseException) -> bool:
    """A constraint violation of either back-end (sqlite3's or psycopg's IntegrityError)."""
    return any(cls.__name__ == "IntegrityError" for cls in type(exc).__mro__)


def _first(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def default_events_path() -> Path:
    """``$SAFERAIL_HOME/telemetry.db`` (``~/.saferail`` by default)."""
    home = os.environ.get("SAFERAIL_HOME") or str(Path.home() / ".saferail")
    return Path(home) / "telemetry.db"


def open_event_store(location: str | Path | None = None, **options: Any) -> EventStore:
    """The event store at ``location``: a ``postgresql://`` URL, a SQLite path, or (``None``)
    ``$SAFERAIL_HOME/telemetry.db``."""
    if isinstance(location, str) and location.startswith(("postgresql://", "postgres://")):
        from saferail.telemetry.store_pg import PostgresEventStore

        return PostgresEventStore(location, **options)
    if isinstance(location, str) and "://" in location:
        scheme = location.split("://", 1)[0]
        raise StoreError(
            f"cannot open event store {location}: unsupported URL scheme {scheme!r} "
            "(use a SQLite path, sqlite:PATH or a postgresql:// URL)"
        )
    from saferail.telemetry.store_sqlite import SqliteEventStore

    return SqliteEventStore(location if location is not None else default_events_path(), **options)
