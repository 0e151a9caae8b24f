"""The PostgreSQL run store (``pip install 'saferail[postgres]'``): same interface and
schema as the SQLite store, migrations tracked in ``saferail_schema``. Connections come from
a pool (:class:`~saferail._pgpool.PoolConfig`: 1 to 4 by default, or ``SAFERAIL_PG_POOL_*``
variables); a connection the server dropped is replaced on its next use."""

from __future__ import annotations

__all__ = ["PoolConfig", "PostgresRunStore"]

from collections.abc import Sequence
from typing import Any

from saferail._pgpool import Migrations, PgStore, PoolConfig
from saferail.evals._sqlstore import SCHEMA_V1, SCHEMA_V2, SqlRunStore, StoreError

_MIGRATIONS = Migrations(
    "saferail_schema",
    (SCHEMA_V1.format(timestamp="TIMESTAMPTZ NOT NULL DEFAULT now()"), SCHEMA_V2),
    lock_id=715517,
    error=StoreError,
)


class PostgresRunStore(PgStore, SqlRunStore):
    """Run store in PostgreSQL (psycopg 3, pooled), for shared and long-lived run histories.

    ``pool`` sets the connection pool (default: :meth:`PoolConfig.from_env`)."""

    def __init__(self, url: str, *, pool: PoolConfig | None = None) -> None:
        self._open_pool(url, pool, what="run store", migrations=_MIGRATIONS)

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

    def _upsert(self, table: str, columns: str, keys: str) -> str:
        names = [c.strip() for c in columns.split(",")]
        key_set = {k.strip() for k in keys.split(",")}
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in names if c not in key_set)
        marks = ", ".join("?" * len(names))
        return (
            f"INSERT INTO {table} ({columns}) VALUES ({marks}) "
            f"ON CONFLICT ({keys}) DO UPDATE SET {updates}"
        )
