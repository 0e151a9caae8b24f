"""The PostgreSQL event store (``pip install 'saferail[postgres]'``): the same schema and
interface as the SQLite store, migrations tracked in ``saferail_telemetry_schema``. Batches
are sent with psycopg's pipeline mode, one transaction each."""

from __future__ import annotations

__all__ = ["PostgresEventStore"]

import threading
from collections.abc import Sequence
from typing import Any

from saferail.telemetry._sql import SCHEMA_V1
from saferail.telemetry.store import EventStore, StoreError

_MIGRATIONS: tuple[str, ...] = (
    SCHEMA_V1.format(serial="BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"),
)
_LOCK_ID = 715518


class PostgresEventStore(EventStore):
    """Events in PostgreSQL (psycopg 3): for shared, long-lived production telemetry."""

    def __init__(self, url: str, *, connect_timeout_s: int = 10) -> None:
        try:
            import psycopg
        except ImportError:
            raise StoreError(
                "the PostgreSQL event store needs psycopg: pip install 'saferail[postgres]'"
            ) from None
        self.location = _redact(url)
        self._lock = threading.Lock()
        try:
            self._db = psycopg.connect(url, autocommit=True, connect_timeout=connect_timeout_s)
            self._migrate()
        except psycopg.Error as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StoreError(f"cannot open event store {self.location}: {first}") from None

    def _migrate(self) -> None:
        with self._lock, self._db.transaction():
            self._db.execute(f"SELECT pg_advisory_xact_lock({_LOCK_ID})")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS saferail_telemetry_schema (version INTEGER NOT NULL)"
            )
            version = self._version()
            if version > len(_MIGRATIONS):
                raise StoreError(f"{self.location} has schema {version}, newer than saferail")
            for number, script in enumerate(_MIGRATIONS[version:], version + 1):
                self._db.execute(script.encode())
                self._db.execute("INSERT INTO saferail_telemetry_schema VALUES (%s)", (number,))

    def _version(self) -> int:
        row = self._db.execute("SELECT max(version) FROM saferail_telemetry_schema").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    @property
    def schema_version(self) -> int:
        with self._lock:
            return self._version()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @staticmethod
    def _pg(sql: str) -> bytes:
        return sql.replace("%", "%%").replace("?", "%s").encode()

    def _transaction(self, steps: Sequence[tuple[str, Sequence[Sequence[Any]]]]) -> list[int]:
        counts: list[int] = []
        with self._lock, self._db.transaction(), self._db.cursor() as cur:
            for sql, rows in steps:
                cur.executemany(self._pg(sql), rows)
                counts.append(max(cur.rowcount, 0))
        return counts

    def _rows(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(self._pg(sql), args).fetchall()


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    scheme, sep, rest = url.partition("://")
    creds, at, host = rest.rpartition("@")
    if not at or ":" not in creds:
        return url
    return f"{scheme}{sep}{creds.split(':', 1)[0]}:***@{host}"
