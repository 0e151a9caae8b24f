"""The PostgreSQL run store (``pip install 'saferail[postgres]'``): same interface and
schema as the SQLite store, migrations tracked in ``saferail_schema``. Connections come from
a pool (:class:`~saferail._pgpool.PoolConfig`: 1 to 4 by default, or ``SAFERAIL_PG_POOL_*``
variables); a connection the server dropped is replaced on its next use."""

from __future__ import annotations

__all__ = ["PoolConfig", "PostgresRunStore"]

import threading
from collections.abc import Sequence
from typing import Any

from saferail._pgpool import PgPool, PoolConfig
from saferail.evals._sqlstore import SCHEMA_V1, SCHEMA_V2, SqlRunStore, StoreError

_MIGRATIONS: tuple[str, ...] = (
    SCHEMA_V1.format(timestamp="TIMESTAMPTZ NOT NULL DEFAULT now()"),
    SCHEMA_V2,
)
_LOCK_ID = 715517


class PostgresRunStore(SqlRunStore):
    """Run store in PostgreSQL (psycopg 3, pooled), for shared and long-lived run histories.

    ``pool`` sets the connection pool (default: :meth:`PoolConfig.from_env`)."""

    def __init__(self, url: str, *, pool: PoolConfig | None = None) -> None:
        try:
            config = pool if pool is not None else PoolConfig.from_env()
        except ValueError as exc:
            raise StoreError(f"run store pool settings: {exc}") from None
        self._lock = threading.Lock()
        self._pool = PgPool(url, config, what="run store", error=StoreError, migrate=_migrate)
        self.location = self._pool.location

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

    def _exec(self, sql: str, args: Sequence[Any] = ()) -> None:
        query = self._pg(sql)
        self._pool.run(lambda conn: conn.execute(query, args))

    def _many(self, sql: str, rows: list[Sequence[Any]]) -> None:
        query = self._pg(sql)

        def work(conn: Any) -> None:
            with conn.transaction(), conn.cursor() as cur:
                cur.executemany(query, rows)

        # Upserts of whole rows: sending them again after a lost connection is harmless.
        self._pool.run(work, idempotent=True)

    def _rows(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        query = self._pg(sql)
        return self._pool.run(lambda conn: conn.execute(query, args).fetchall(), idempotent=True)

    def _explain(self, sql: str, args: Sequence[Any] = ()) -> list[str]:
        """PostgreSQL's plan for one of the store's statements (``EXPLAIN``, not run)."""
        return [str(r[0]) for r in self._rows("EXPLAIN " + sql, args)]

    def _upsert(self, table: str, columns: str, keys: str) -> str:
        names = [c.strip() for c in columns.split(",")]
        key_set = {k.strip() for k in keys.split(",")}
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in names if c not in key_set)
        marks = ", ".join("?" * len(names))
        return (
            f"INSERT INTO {table} ({columns}) VALUES ({marks}) "
            f"ON CONFLICT ({keys}) DO UPDATE SET {updates}"
        )


def _migrate(conn: Any) -> None:
    with conn.transaction():
        conn.execute(f"SELECT pg_advisory_xact_lock({_LOCK_ID})")
        conn.execute("CREATE TABLE IF NOT EXISTS saferail_schema (version INTEGER NOT NULL)")
        version = _version(conn)
        if version > len(_MIGRATIONS):
            raise StoreError(f"schema {version} is newer than this saferail")
        for number, script in enumerate(_MIGRATIONS[version:], version + 1):
            conn.execute(script.encode())
            conn.execute("INSERT INTO saferail_schema VALUES (%s)", (number,))


def _version(conn: Any) -> int:
    row = conn.execute("SELECT max(version) FROM saferail_schema").fetchone()
    return int(row[0]) if row and row[0] is not None else 0
