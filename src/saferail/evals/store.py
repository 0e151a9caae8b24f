"""The run store: runs, per-case results and the response cache.

SQLite is the default (one file, WAL mode, results written in batches at least every
``RunConfig.flush_interval_s``, so a killed run loses at most the last second's results and
``--resume`` re-runs only the cases without a result);
PostgreSQL offers the same interface (:mod:`saferail.evals.store_pg`). :func:`open_store`
picks the back-end from a path or a ``postgresql://`` URL. Schemas evolve by numbered
migrations (2: an index on ``runs (created_at)`` for the newest-first run lists).
"""

from __future__ import annotations

__all__ = [
    "DEFAULT_STORE",
    "RunStore",
    "SqlRunStore",
    "StoreError",
    "default_store_path",
    "open_store",
]

import os
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from saferail._sqlitekind import migrate, refuse_foreign, schema_version, use_wal
from saferail.evals._sqlstore import SCHEMA_V1, SCHEMA_V2, SqlRunStore, StoreError

DEFAULT_STORE = "runs.db"

_MIGRATIONS: tuple[str, ...] = (
    SCHEMA_V1.format(timestamp="TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"),
    SCHEMA_V2,
)


def default_store_path() -> Path:
    """``$SAFERAIL_HOME/runs.db`` (``~/.saferail`` by default)."""
    home = os.environ.get("SAFERAIL_HOME") or str(Path.home() / ".saferail")
    return Path(home) / DEFAULT_STORE


class RunStore(SqlRunStore):
    """The SQLite run store (default: ``$SAFERAIL_HOME/runs.db``)."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_store_path()
        self.location = str(self.path)
        self._lock = threading.Lock()
        try:
            for parent in self.path.parents:
                if parent.exists() and not parent.is_dir():
                    raise StoreError(f"cannot open run store {self.path}: {parent} is not a folder")
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._refuse_foreign()
            use_wal(self._db)
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open run store {self.path}: {exc}") from None

    def _migrate(self) -> None:
        """Run the missing migrations (:func:`saferail._sqlitekind.migrate`: once, under the
        write lock, whatever other processes open the new store at the same time)."""
        migrate(self._db, _MIGRATIONS, self._newer, self._refuse_foreign)

    def _refuse_foreign(self) -> None:
        refuse_foreign(self._db, "runs", "a run store", StoreError, self.path)

    def _newer(self, version: int) -> StoreError:
        return StoreError(f"{self.path} has schema {version}, newer than this saferail")

    @property
    def schema_version(self) -> int:
        return schema_version(self._db)

    def close(self) -> None:
        self._db.close()

    def _exec(self, sql: str, args: Sequence[Any] = ()) -> None:
        with self._lock:
            self._db.execute(sql, args)

    def _many(self, sql: str, rows: list[Sequence[Any]]) -> None:
        with self._lock:
            self._db.execute("BEGIN")
            try:
                self._db.executemany(sql, rows)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def _rows(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    def _explain(self, sql: str, args: Sequence[Any] = ()) -> list[str]:
        """SQLite's ``EXPLAIN QUERY PLAN`` for one of the store's statements."""
        with self._lock:
            rows = self._db.execute("EXPLAIN QUERY PLAN " + sql, args).fetchall()
        return [str(r[3]) for r in rows]

    def _upsert(self, table: str, columns: str, keys: str) -> str:
        marks = ", ".join("?" * len(columns.split(",")))
        return f"INSERT OR REPLACE INTO {table} ({columns}) VALUES ({marks})"


def open_store(location: str | Path | None = None, *, must_exist: bool = False) -> SqlRunStore:
    """The run store at ``location``: a ``postgresql://`` URL, a SQLite path, or (``None``)
    ``$SAFERAIL_STORE`` if set, else the default SQLite file. With ``must_exist`` (commands
    that only read runs) a SQLite file that is not there is a :class:`StoreError` instead of
    a new empty store: a mistyped ``--store`` must not create a database and then report
    "no run matches"."""
    where = location if location is not None else os.environ.get("SAFERAIL_STORE")
    if isinstance(where, str) and where.startswith(("postgresql://", "postgres://")):
        from saferail.evals.store_pg import PostgresRunStore

        return PostgresRunStore(where)
    if isinstance(where, str) and "://" in where:
        scheme = where.split("://", 1)[0]
        raise StoreError(
            f"cannot open run store {where}: unsupported URL scheme {scheme!r} "
            "(use a SQLite path or a postgresql:// URL)"
        )
    if must_exist:
        path = Path(where) if where is not None else default_store_path()
        if not path.is_file():
            origin = "" if location is not None or where is None else " ($SAFERAIL_STORE)"
            raise StoreError(
                f"no run store at {path}{origin}: runs are stored there by saferail eval"
            )
    return RunStore(where)
