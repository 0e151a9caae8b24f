"""Each SQLite store refuses a file that holds another store or another program's tables,
saying what the file holds, and leaves that file as it was (no tables added)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from saferail.agents.approval_queue import ApprovalQueue
from saferail.errors import SaferailError
from saferail.evals.store import RunStore
from saferail.pii.vault import SQLiteVaultStore
from saferail.telemetry.monitor import AlertHistory
from saferail.telemetry.store_sqlite import SqliteEventStore
from tests.together import run_together

OPENERS: dict[str, Callable[[Path], Any]] = {
    "an event store": SqliteEventStore,
    "a run store": RunStore,
    "an alert history": AlertHistory,
    "a pseudonym vault": SQLiteVaultStore,
    "an approvals queue": lambda path: _Opened(ApprovalQueue(path)),
}


class _Opened:
    """A store that keeps no connection open (the approvals queue) as one with close()."""

    def __init__(self, store: object) -> None:
        self.store = store

    def close(self) -> None:
        pass


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {str(r[0]) for r in rows}


def _made(kind: str, path: Path) -> Path:
    OPENERS[kind](path).close()
    return path


@pytest.mark.parametrize("held", sorted(OPENERS))
@pytest.mark.parametrize("opened", sorted(OPENERS))
def test_a_store_of_another_kind_is_named(tmp_path: Path, held: str, opened: str) -> None:
    path = _made(held, tmp_path / "x.db")
    before = _tables(path)
    if held == opened:
        OPENERS[opened](path).close()  # its own kind opens again
        return
    with pytest.raises(SaferailError) as info:
        OPENERS[opened](path)
    assert str(info.value) == f"{path} is not {opened}: it holds {held}"
    assert _tables(path) == before


@pytest.mark.parametrize("opened", sorted(OPENERS))
def test_another_programs_database_is_left_alone(tmp_path: Path, opened: str) -> None:
    path = tmp_path / "app.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY)")
        db.execute("PRAGMA user_version = 7")
    with pytest.raises(SaferailError, match=f"is not {opened}: it holds some other database"):
        OPENERS[opened](path)
    assert _tables(path) == {"orders"}
    with sqlite3.connect(path) as db:  # nor its journal mode switched (to WAL)
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


@pytest.mark.parametrize("opened", sorted(OPENERS))
def test_an_empty_file_becomes_the_store(tmp_path: Path, opened: str) -> None:
    path = tmp_path / "new.db"
    path.touch()
    OPENERS[opened](path).close()
    assert _tables(path)


def _open_each(kind: str) -> Callable[[str], str]:
    def go(path: str) -> str:
        _made(kind, Path(path))
        return "ok"

    return go


@pytest.mark.parametrize("kind", sorted(OPENERS))
def test_processes_opening_a_new_file_at_once_migrate_it_once(tmp_path: Path, kind: str) -> None:
    """CI jobs sharing one store file start together: each saw schema 0 and ran migration 1,
    and all but one failed with "table ... already exists" (the run store and the alert
    history read the version outside the write lock)."""
    path = tmp_path / "shared.db"
    assert run_together(_open_each(kind), str(path)) == ["ok"] * 6
    _made(kind, path)  # and it opens again as its own kind
