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

from saferail._pgpool import PgPool, PoolConfig
from saferail.telemetry._sql import SCHEMA_V1, SCHEMA_V2, SCHEMA_V3
from saferail.telemetry.store import EventStore, StoreError

_MIGRATIONS: tuple[str, ...] = (
    SCHEMA_V1.format(serial="BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"),
    SCHEMA_V2,
    SCHEMA_V3,
)
_LOCK_ID = 715518


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
            url, config, what="event store", error=StoreError, migrate=self._migrate
        )
        self.location = self._pool.location

    @staticmethod
    def _migrate(conn: Any) -> None:
        with conn.transaction():
            conn.execute(f"SELECT pg_advisory_xact_lock({_LOCK_ID})")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS saferail_telemetry_schema (version INTEGER NOT NULL)"
            )
            version = _version(conn)
            if version > len(_MIGRATIONS):
                raise StoreError(f"schema {version} is newer than this saferail")
            for number, script in enumerate(_MIGRATIONS[version:], version + 1):
                conn.execute(script.encode())
                conn.execute("INSERT INTO saferail_telemetry_schema VALUES (%s)", (number,))

    @property
    def schema_version(self) -> int:
        return self._pool.run(_version, idempotent=True)

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


def _version(conn: Any) -> int:
    row = conn.execute("SELECT max(version) FROM saferail_telemetry_schema").fetchone()
    return int(row[0]) if row and row[0] is not None else 0
