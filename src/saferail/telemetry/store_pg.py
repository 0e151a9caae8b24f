"""The PostgreSQL event store (``pip install 'saferail[postgres]'``): the same schema and
interface as the SQLite store, migrations tracked in ``saferail_telemetry_schema``.

Connections come from a pool (:class:`~saferail._pgpool.PoolConfig`: 1 to 4 connections by
default, or ``SAFERAIL_PG_POOL_*`` variables), so that the dashboard's concurrent requests
and a writer thread do not queue behind one connection, and a connection the server dropped
is replaced on its next use. Batches are sent with psycopg's pipeline mode, one transaction
each."""

from __future__ import annotations

__all__ = ["PoolConfig", "PostgresEventStore"]

import threading
from collections.abc import Sequence
from typing import Any

from saferail._pgpool import Migrations, PgPool, PoolConfig
from saferail.telemetry._sql import SCHEMA_V1, SCHEMA_V2, SCHEMA_V3
from saferail.telemetry.store import EventStore, StoreError

_MIGRATIONS = Migrations(
    "saferail_telemetry_schema",
    (
        SCHEMA_V1.format(serial="BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"),
        SCHEMA_V2,
        SCHEMA_V3,
    ),
    lock_id=715518,
    error=StoreError,
)


class PostgresEventStore(EventStore):
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
        try:
            config = pool if pool is not None else PoolConfig.from_env()
            if connect_timeout_s is not None:
                config = config.model_copy(update={"connect_timeout_s": int(connect_timeout_s)})
        except ValueError as exc:
            raise StoreError(f"event store pool settings: {exc}") from None
        self._lock = threading.Lock()
        self._pool = PgPool(
            url, config, what="event store", error=StoreError, migrate=_MIGRATIONS.apply
        )
        self.location = self._pool.location

    @property
    def schema_version(self) -> int:
        return self._pool.run(_MIGRATIONS.version, idempotent=True)

    @property
    def pool(self) -> PgPool:
        """The connection pool (its ``config`` and ``stats()``)."""
        return self._pool

    def close(self) -> None:
        self._pool.close()

    @staticmethod
    def _pg(sql: str) -> bytes:
        return sql.replace("%", "%%").replace("?", "%s").encode()

    def _transaction(self, steps: Sequence[tuple[str, Sequence[Sequence[Any]]]]) -> list[int]:
        def work(conn: Any) -> list[int]:
            counts: list[int] = []
            with conn.transaction(), conn.cursor() as cur:
                for sql, rows in steps:
                    cur.executemany(self._pg(sql), rows)
                    counts.append(max(cur.rowcount, 0))
            return counts

        return self._pool.run(work)

    def _rows(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        query = self._pg(sql)
        return self._pool.run(lambda conn: conn.execute(query, args).fetchall(), idempotent=True)

    def _explain(self, sql: str, args: Sequence[Any] = ()) -> list[str]:
        """PostgreSQL's plan for one of the store's statements (``EXPLAIN``, not run)."""
        rows = self._rows("EXPLAIN " + sql, args)
        return [str(r[0]) for r in rows]
