"""The PostgreSQL event store (``pip install 'saferail[postgres]'``): the same schema and
interface as the SQLite store, migrations tracked in ``saferail_telemetry_schema``.

Connections come from a pool (:class:`~saferail._pgpool.PoolConfig`: 1 to 4 connections by
default, or ``SAFERAIL_PG_POOL_*`` variables), so that the dashboard's concurrent requests
and a writer thread do not queue behind one connection, and a connection the server dropped
is replaced on its next use. Batches are sent with psycopg's pipeline mode, one transaction
each.

Event batches are written one at a time across every writer (a transaction-level advisory
lock, :data:`WRITE_LOCK_KEY`): sequence numbers are drawn when a row is inserted, so two
overlapping writers could commit out of order, and :meth:`~EventStore.tail`, having read
past the later number, would never return the earlier writer's events. With the lock,
numbers are committed in the order they are drawn."""

from __future__ import annotations

__all__ = ["WRITE_LOCK_KEY", "PoolConfig", "PostgresEventStore"]

from collections.abc import Sequence
from typing import Any

from saferail._pgpool import Migrations, PgStore, PoolConfig
from saferail.telemetry._sql import SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4_PG
from saferail.telemetry.store import (
    _INSERT_EVENTS,
    EventStore,
    StoreError,
    _first,
    _is_integrity_error,
)

WRITE_LOCK_KEY = 715519
"""The advisory lock event writers hold until they commit (next to the migrations' 715518)."""

_MIGRATIONS = Migrations(
    "saferail_telemetry_schema",
    (
        SCHEMA_V1.format(serial="BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"),
        SCHEMA_V2,
        SCHEMA_V3,
        SCHEMA_V4_PG,
    ),
    lock_id=715518,
    error=StoreError,
)


class PostgresEventStore(PgStore, EventStore):
    """Events in PostgreSQL (psycopg 3, pooled): for shared, long-lived production telemetry.

    ``pool`` sets the pool (default: :meth:`PoolConfig.from_env`); ``connect_timeout_s``,
    when given, overrides its connect timeout."""

    def __init__(
        self,
        url: str,
        *,
        connect_timeout_s: int | None = None,
        pool: PoolConfig | None = None,
    ) -> None:
        self._open_pool(
            url,
            pool,
            what="event store",
            migrations=_MIGRATIONS,
            connect_timeout_s=connect_timeout_s,
        )

    def _transaction(self, steps: Sequence[tuple[str, Sequence[Sequence[Any]]]]) -> list[int]:
        def work(conn: Any) -> list[int]:
            counts: list[int] = []
            with conn.transaction(), conn.cursor() as cur:
                if any(sql == _INSERT_EVENTS for sql, _ in steps):
                    cur.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))
                for sql, rows in steps:
                    cur.executemany(self._pg(sql), rows)
                    counts.append(max(cur.rowcount, 0))
            return counts

        try:
            return self._pool.run(work)
        except Exception as exc:
            raise self._store_error(exc) from None

    def _rows(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return super()._rows(sql, args)
        except Exception as exc:
            raise self._store_error(exc) from None

    def _store_error(self, exc: Exception) -> Exception:
        """``exc`` itself when it is the store's error or a constraint violation (callers
        tell those apart), else a :class:`StoreError` naming the store, in one line."""
        if isinstance(exc, StoreError) or _is_integrity_error(exc):
            return exc
        return StoreError(f"event store {self.location}: {_first(exc)}")
