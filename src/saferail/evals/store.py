"""The run store: runs, per-case results and the response cache in SQLite.

The schema evolves by numbered migrations (``PRAGMA user_version``). The store is opened in
WAL mode and results are written in batches, so a run that is killed loses at most the batch
in flight; ``--resume`` then re-runs only the cases without a result.
"""

from __future__ import annotations

__all__ = ["DEFAULT_STORE", "RunStore", "StoreError", "default_store_path"]

import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from saferail.errors import SaferailError
from saferail.evals.results import CaseResult, RunInfo, RunStatus

DEFAULT_STORE = "runs.db"

_MIGRATIONS: tuple[str, ...] = (
    # 1: runs, results and the response cache
    """
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
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    """,
)


class StoreError(SaferailError):
    """The run store could not be opened or a run was not found."""


def default_store_path() -> Path:
    """``$SAFERAIL_HOME/runs.db`` (``~/.saferail`` by default)."""
    home = os.environ.get("SAFERAIL_HOME") or str(Path.home() / ".saferail")
    return Path(home) / DEFAULT_STORE


class RunStore:
    """SQLite-backed store of runs, results and cached responses."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_store_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._lock = threading.Lock()
            self._migrate()
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open run store {self.path}: {exc}") from None

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(_MIGRATIONS):
            raise StoreError(f"{self.path} has schema {version}, newer than this saferail")
        for number, script in enumerate(_MIGRATIONS[version:], version + 1):
            self._db.executescript(f"BEGIN; {script}; PRAGMA user_version = {number}; COMMIT;")

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> RunStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- runs ------------------------------------------------------------------------------

    def create_run(self, info: RunInfo) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
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
        with self._lock:
            self._db.execute(
                "UPDATE runs SET status = ?, finished_at = ?, manifest = COALESCE(?, manifest) "
                "WHERE run_id = ?",
                (status.value, finished_at, _json_or_none(manifest), run_id),
            )

    def get_run(self, run_id: str) -> RunInfo:
        row = self._db.execute("SELECT * FROM runs WHERE run_id = ?", (run_id,)).fetchone()
        if row is None:
            row = self._by_prefix(run_id)
        return self._info(row)

    def _by_prefix(self, prefix: str) -> Any:
        rows = self._db.execute(
            "SELECT * FROM runs WHERE run_id LIKE ? ESCAPE '\\' LIMIT 2",
            (prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",),
        ).fetchall()
        if len(rows) != 1:
            what = "no run" if not rows else "more than one run"
            raise StoreError(f"{what} matches {prefix!r} in {self.path}")
        return rows[0]

    @staticmethod
    def _info(row: Any) -> RunInfo:
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

    def list_runs(self, suite: str | None = None, limit: int = 50) -> list[RunInfo]:
        sql = "SELECT * FROM runs"
        args: tuple[Any, ...] = ()
        if suite:
            sql, args = sql + " WHERE suite_name = ?", (suite,)
        rows = self._db.execute(sql + " ORDER BY created_at DESC LIMIT ?", (*args, limit))
        return [self._info(r) for r in rows]

    # -- results ---------------------------------------------------------------------------

    def add_results(self, run_id: str, results: Iterable[tuple[int, CaseResult]]) -> None:
        """Write (sequence number, result) pairs in one transaction; a case's newer result
        replaces its older one (resume re-runs errored cases)."""
        rows = [
            (run_id, r.case_id, seq, r.category, _flag(r.passed), r.error, r.model_dump_json())
            for seq, r in results
        ]
        with self._lock:
            self._db.execute("BEGIN")
            try:
                self._db.executemany(
                    "INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?, ?)", rows
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def results(self, run_id: str) -> list[CaseResult]:
        """A run's results in case order."""
        return list(self.iter_results(run_id))

    def iter_results(self, run_id: str) -> Iterator[CaseResult]:
        rows = self._db.execute("SELECT body FROM results WHERE run_id = ? ORDER BY seq", (run_id,))
        for (body,) in rows:
            yield CaseResult.model_validate_json(body)

    def finished_case_ids(self, run_id: str) -> set[str]:
        """Cases of a run that have a result without an error."""
        rows = self._db.execute(
            "SELECT case_id FROM results WHERE run_id = ? AND error IS NULL", (run_id,)
        )
        return {r[0] for r in rows}

    # -- response cache ---------------------------------------------------------------------

    def cache_get_many(self, keys: list[str]) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT key, response FROM cache WHERE key IN ({marks})"
            rows = self._db.execute(sql, chunk)
            out.update((k, json.loads(v)) for k, v in rows)
        return out

    def cache_put_many(self, items: Iterable[tuple[str, dict[str, Any]]]) -> None:
        rows = [(k, json.dumps(v, sort_keys=True)) for k, v in items]
        if not rows:
            return
        with self._lock:
            self._db.executemany("INSERT OR REPLACE INTO cache (key, response) VALUES (?, ?)", rows)


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _json_or_none(value: dict[str, Any] | None) -> str | None:
    return None if value is None else json.dumps(value, sort_keys=True)
