"""The run-store logic shared by the SQLite and PostgreSQL back-ends.

Statements are written with ``?`` placeholders; a back-end converts them to its own style and
supplies connection handling, its migrations and its upsert syntax.
"""

from __future__ import annotations

__all__ = ["SCHEMA_V1", "SCHEMA_V2", "SqlRunStore", "StoreError"]

import json
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from saferail.errors import SaferailError
from saferail.evals.results import CaseResult, RunInfo, RunStatus

RUN_COLUMNS = (
    "run_id, suite_name, suite_version, target_fingerprint, status, created_at, finished_at, "
    "manifest"
)

SCHEMA_V1 = """
CREATE TABLE runs (
    run_id TEXT PRIMARY KEY,
    suite_name TEXT NOT NULL,
    suite_version TEXT NOT NULL,
    target_fingerprint TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    finished_at TEXT,
    manifest TEXT NOT NULL
);
CREATE INDEX runs_suite ON runs (suite_name, created_at);
CREATE TABLE results (
    run_id TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
    case_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    category TEXT NOT NULL,
    passed INTEGER,
    error TEXT,
    body TEXT NOT NULL,
    PRIMARY KEY (run_id, case_id)
);
CREATE INDEX results_category ON results (run_id, category);
CREATE TABLE cache (
    key TEXT PRIMARY KEY,
    response TEXT NOT NULL,
    created_at {timestamp}
);
"""
"""Migration 1 of both back-ends: runs, results and the response cache (``{timestamp}``:
the back-end's column type and default for the cache's creation time)."""

SCHEMA_V2 = """
CREATE INDEX runs_created ON runs (created_at)
"""
"""Migration 2 of both back-ends: the run lists (dashboard, ``saferail runs``) read the newest
runs of every suite, ``ORDER BY created_at DESC LIMIT n``; without this index that sorts the
whole table."""


class StoreError(SaferailError):
    """The run store could not be opened or a run was not found."""


class SqlRunStore(ABC):
    """Runs, per-case results and the response cache in a SQL database."""

    location: str
    _lock: threading.Lock

    # -- back-end hooks -----------------------------------------------------------------

    @abstractmethod
    def _exec(self, sql: str, args: Sequence[Any] = ()) -> None: ...

    @abstractmethod
    def _many(self, sql: str, rows: list[Sequence[Any]]) -> None:
        """Run ``sql`` for every row in one transaction."""

    @abstractmethod
    def _rows(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    def _explain(self, sql: str, args: Sequence[Any] = ()) -> list[str]:
        """The database's query plan for a statement (not run), one line per step."""
        raise StoreError(f"{type(self).__name__} gives no query plans")

    @abstractmethod
    def _upsert(self, table: str, columns: str, keys: str) -> str:
        """An insert statement that replaces the row with the same ``keys``."""

    @property
    @abstractmethod
    def schema_version(self) -> int: ...

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> SqlRunStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- runs ---------------------------------------------------------------------------

    def create_run(self, info: RunInfo) -> None:
        self._exec(
            f"INSERT INTO runs ({RUN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                info.run_id,
                info.suite_name,
                info.suite_version,
                info.target_fingerprint,
                info.status.value,
                info.created_at,
                info.finished_at,
                json.dumps(info.manifest, sort_keys=True),
            ),
        )

    def update_run(
        self,
        run_id: str,
        *,
        status: RunStatus,
        finished_at: str | None = None,
        manifest: dict[str, Any] | None = None,
    ) -> None:
        self._exec(
            "UPDATE runs SET status = ?, finished_at = ?, manifest = COALESCE(?, manifest) "
            "WHERE run_id = ?",
            (
                status.value,
                finished_at,
                None if manifest is None else json.dumps(manifest, sort_keys=True),
                run_id,
            ),
        )

    def get_run(self, run_id: str) -> RunInfo:
        """A run by id or by a unique id prefix."""
        rows = self._rows(f"SELECT {RUN_COLUMNS} FROM runs WHERE run_id = ?", (run_id,))
        if not rows:
            # not LIKE: SQLite's ignores ASCII case, PostgreSQL's does not
            rows = self._rows(
                f"SELECT {RUN_COLUMNS} FROM runs "
                "WHERE substr(run_id, 1, length(CAST(? AS TEXT))) = CAST(? AS TEXT) LIMIT 2",
                (run_id, run_id),
            )
            if len(rows) != 1:
                what = "no run" if not rows else "more than one run"
                raise StoreError(f"{what} matches {run_id!r} in {self.location}")
        return _info(rows[0])

    def list_runs(self, suite: str | None = None, limit: int = 50) -> list[RunInfo]:
        """Runs, newest first (optionally of one suite)."""
        return [_info(r) for r in self._rows(*list_runs_sql(suite, limit))]

    # -- results ------------------------------------------------------------------------

    def add_results(self, run_id: str, results: Iterable[tuple[int, CaseResult]]) -> None:
        """Write (sequence number, result) pairs in one transaction; a case's newer result
        replaces its older one (resume re-runs errored cases)."""
        rows: list[Sequence[Any]] = [
            (
                run_id,
                r.case_id,
                seq,
                r.category,
                _flag(r.passed),
                _error_column(r.error),
                r.model_dump_json(),
            )
            for seq, r in results
        ]
        if rows:
            cols = "run_id, case_id, seq, category, passed, error, body"
            self._many(self._upsert("results", cols, "run_id, case_id"), rows)

    def results(self, run_id: str) -> list[CaseResult]:
        """A run's results in case order."""
        return list(self.iter_results(run_id))

    def iter_results(self, run_id: str) -> Iterator[CaseResult]:
        for (body,) in self._rows(
            "SELECT body FROM results WHERE run_id = ? ORDER BY seq", (run_id,)
        ):
            yield CaseResult.model_validate_json(body)

    def finished_case_ids(self, run_id: str) -> set[str]:
        """Cases of a run that have a result without an error."""
        rows = self._rows(
            "SELECT case_id FROM results WHERE run_id = ? AND error IS NULL", (run_id,)
        )
        return {r[0] for r in rows}

    # -- response cache -----------------------------------------------------------------

    def cache_get_many(self, keys: list[str]) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._rows(f"SELECT key, response FROM cache WHERE key IN ({marks})", chunk)
            out.update((k, json.loads(v)) for k, v in rows)
        return out

    def cache_put_many(self, items: Iterable[tuple[str, dict[str, Any]]]) -> None:
        rows: list[Sequence[Any]] = [(k, json.dumps(v, sort_keys=True)) for k, v in items]
        if rows:
            self._many(self._upsert("cache", "key, response", "key"), rows)


def list_runs_sql(suite: str | None, limit: int) -> tuple[str, list[Any]]:
    """The statement :meth:`SqlRunStore.list_runs` runs, and its arguments."""
    where, args = ("WHERE suite_name = ? ", [suite]) if suite else ("", [])
    sql = f"SELECT {RUN_COLUMNS} FROM runs {where}ORDER BY created_at DESC LIMIT ?"
    return sql, [*args, limit]


def _info(row: tuple[Any, ...]) -> RunInfo:
    return RunInfo(
        run_id=row[0],
        suite_name=row[1],
        suite_version=row[2],
        target_fingerprint=row[3],
        status=RunStatus(row[4]),
        created_at=row[5],
        finished_at=row[6],
        manifest=json.loads(row[7]),
    )


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _error_column(error: str | None) -> str | None:
    """The ``error`` column's text: PostgreSQL text cannot hold NUL, so it becomes U+FFFD
    there and in SQLite alike (the column only says whether the case errored; the exact
    message is in the JSON body, which escapes NUL)."""
    return None if error is None else error.replace("\x00", "\ufffd")
