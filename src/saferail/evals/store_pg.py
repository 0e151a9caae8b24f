"""The PostgreSQL run store (``pip install 'saferail[postgres]'``): same interface and
schema as the SQLite store, migrations tracked in ``saferail_schema``."""

from __future__ import annotations

__all__ = ["PostgresRunStore"]

import threading
from collections.abc import Sequence
from typing import Any

from saferail.evals._sqlstore import SCHEMA_V1, SqlRunStore, StoreError

_MIGRATIONS: tuple[str, ...] = (SCHEMA_V1.format(timestamp="TIMESTAMPTZ NOT NULL DEFAULT now()"),)


class PostgresRunStore(SqlRunStore):
    """Run store in PostgreSQL (psycopg 3), for shared and long-lived run histories."""

    def __init__(self, url: str) -> None:
        try:
            import psycopg
        except ImportError:
            raise StoreError(
                "the PostgreSQL store needs psycopg: pip install 'saferail[postgres]'"
            ) from None
        self.location = _redact(url)
        self._lock = threading.Lock()
        try:
            self._db = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StoreError(f"cannot open run store {self.location}: {first}") from None
        self._migrate()

    def _migrate(self) -> None:
        with self._lock, self._db.transaction():
            self._db.execute("SELECT pg_advisory_xact_lock(715517)")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS saferail_schema (version INTEGER NOT NULL)"
            )
            row = self._db.execute("SELECT max(version) FROM saferail_schema").fetchone()
            version = int(row[0]) if row and row[0] is not None else 0
            if version > len(_MIGRATIONS):
                raise StoreError(f"{self.location} has schema {version}, newer than saferail")
            for number, script in enumerate(_MIGRATIONS[version:], version + 1):
                self._db.execute(script.encode())
                self._db.execute("INSERT INTO saferail_schema VALUES (%s)", (number,))

    @property
    def schema_version(self) -> int:
        row = self._db.execute("SELECT max(version) FROM saferail_schema").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def close(self) -> None:
        self._db.close()

    @staticmethod
    def _pg(sql: str) -> str:
        return sql.replace("%", "%%").replace("?", "%s")

    def _exec(self, sql: str, args: Sequence[Any] = ()) -> None:
        with self._lock:
            self._db.execute(self._pg(sql).encode(), args)

    def _many(self, sql: str, rows: list[Sequence[Any]]) -> None:
        with self._lock, self._db.transaction(), self._db.cursor() as cur:
            cur.executemany(self._pg(sql).encode(), rows)

    def _rows(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(self._pg(sql).encode(), args).fetchall()

    def _upsert(self, table: str, columns: str, keys: str) -> str:
        names = [c.strip() for c in columns.split(",")]
        key_set = {k.strip() for k in keys.split(",")}
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in names if c not in key_set)
        marks = ", ".join("?" * len(names))
        return (
            f"INSERT INTO {table} ({columns}) VALUES ({marks}) "
            f"ON CONFLICT ({keys}) DO UPDATE SET {updates}"
        )


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    scheme, sep, rest = url.partition("://")
    creds, at, host = rest.rpartition("@")
    if not at or ":" not in creds:
        return url
    return f"{scheme}{sep}{creds.split(':', 1)[0]}:***@{host}"
