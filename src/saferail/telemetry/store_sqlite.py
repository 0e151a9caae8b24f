"""The SQLite event store: one file, WAL journal, numbered migrations in ``user_version``.

``synchronous="NORMAL"`` (the default) makes a committed batch survive the process being
killed (the WAL is written before the commit returns); ``"FULL"`` also survives power loss,
at some throughput cost.
"""

from __future__ import annotations

__all__ = ["SqliteEventStore", "require_event_store"]

import contextlib
import sqlite3
import threading
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path
from typing import Any, Literal

from saferail._sqlitekind import (
    foreign_database,
    migrate,
    refuse_foreign,
    schema_version,
    use_wal,
)
from saferail.telemetry._sql import SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4_SQLITE
from saferail.telemetry.store import EventStore, StoreError, _first

_MIGRATIONS: tuple[str, ...] = (
    SCHEMA_V1.format(serial="INTEGER PRIMARY KEY AUTOINCREMENT"),
    SCHEMA_V2,
    SCHEMA_V3,
    SCHEMA_V4_SQLITE,
)


class SqliteEventStore(EventStore):
    """Events in a SQLite file; safe to share between threads and processes."""

    def __init__(
        self,
        path: str | Path,
        *,
        synchronous: Literal["NORMAL", "FULL"] = "NORMAL",
        busy_timeout_ms: int = 10_000,
    ) -> None:
        self.path = Path(path)
        self.location = str(self.path)
        self._lock = threading.Lock()
        self._closed = False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
            self._refuse_foreign()
            use_wal(self._db)
            self._db.execute(f"PRAGMA synchronous={synchronous}")
            self._migrate()
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open event store {self.path}: {exc}") from None

    def _migrate(self) -> None:
        """Run the missing migrations once, under the write lock (another process may be
        opening the new store at the same time), checking the file again there."""
        migrate(self._db, _MIGRATIONS, self._newer, self._refuse_foreign)

    def _refuse_foreign(self) -> None:
        refuse_foreign(self._db, "safety_events", "an event store", StoreError, self.path)

    def _newer(self, version: int) -> StoreError:
        return StoreError(f"{self.path} has schema {version}, newer than this saferail")

    @property
    def schema_version(self) -> int:
        return schema_version(self._db)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._db.close()

    def _store_error(self, exc: sqlite3.Error) -> StoreError:
        """One line naming the store (a closed store says so, as the PostgreSQL one does)."""
        reason = "the store is closed" if self._closed else _first(exc)
        return StoreError(f"event store {self.path}: {reason}")

    def _transaction(self, steps: Sequence[tuple[str, Sequence[Sequence[Any]]]]) -> list[int]:
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise self._store_error(exc) from None
            try:
                counts = [self._db.executemany(sql, rows).rowcount for sql, rows in steps]
                self._db.execute("COMMIT")
            except sqlite3.IntegrityError:
                self._rollback()
                raise  # callers tell a duplicate key apart
            except sqlite3.Error as exc:
                self._rollback()
                raise self._store_error(exc) from None
            except BaseException:
                self._rollback()
                raise
        return counts

    def _rollback(self) -> None:
        """Roll back, keeping the error that caused it (SQLite may have rolled back already,
        e.g. on a full disk, and then ``ROLLBACK`` itself fails)."""
        with contextlib.suppress(sqlite3.Error):
            self._db.execute("ROLLBACK")

    def _rows(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return self._db.execute(sql, args).fetchall()
            except sqlite3.Error as exc:
                raise self._store_error(exc) from None

    def _explain(self, sql: str, args: Sequence[Any] = ()) -> list[str]:
        """SQLite's ``EXPLAIN QUERY PLAN`` for one of the store's statements."""
        with self._lock:
            rows = self._db.execute("EXPLAIN QUERY PLAN " + sql, args).fetchall()
        return [str(r[3]) for r in rows]


def require_event_store(path: str | Path) -> None:
    """:class:`StoreError` unless ``path`` is an event store (or a database without tables
    yet), read without writing: opening a store migrates it, and a command that only reads
    must not add the store's tables to some other SQLite database (a run store, say)."""
    file = Path(path)
    if not file.is_file():
        raise StoreError(f"no event store at {file}")
    try:
        with closing(sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True)) as db:
            other = foreign_database(db, "safety_events")
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open event store {file}: {exc}") from None
    if other is not None:
        raise StoreError(
            f"{file} is a SQLite database but not a saferail event store: it holds {other}"
        )
