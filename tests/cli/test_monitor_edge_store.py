"""``saferail monitor`` (and the other commands that read an event store) on a SQLite file
that is not an event store, a newer one, or a corrupt one: one line and exit 2, and the file
is left exactly as it was (opening a store migrates it, so a read used to add the event
store's tables to whatever database it was pointed at)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from saferail.cli.dashboard_cmd import telemetry_app
from saferail.cli.kpis_cmd import kpis_command
from saferail.telemetry.store import StoreError, open_event_store
from saferail.telemetry.store_sqlite import require_event_store
from tests.cli.test_monitor_cmd import run
from tests.telemetry.monitor.helpers import event

others = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
others.command("kpis")(kpis_command)
others.add_typer(telemetry_app, name="telemetry")


def _tables(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as db:
        return sorted(r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'"))


@pytest.fixture
def foreign(tmp_path: Path) -> Path:
    """Some other application's SQLite database (a run store, say)."""
    path = tmp_path / "runs.db"
    with closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE runs (id TEXT)")
        db.commit()
    return path


def _one_line(stderr: str, message: str) -> None:
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("saferail: error: "), stderr
    assert message in lines[0]


@pytest.mark.parametrize("prefix", ["", "sqlite:"])
def test_monitor_leaves_a_foreign_database_alone(foreign: Path, prefix: str) -> None:
    result = run("--events", prefix + str(foreign))
    assert result.exit_code == 2, result.output
    _one_line(
        result.stderr, "is a SQLite database but not a saferail event store: it holds a run store"
    )
    assert _tables(foreign) == ["runs"]


@pytest.mark.parametrize(
    "args",
    [
        ["kpis", "--events", "{db}"],
        ["telemetry", "keys", "list", "--events", "{db}"],
        ["telemetry", "keys", "revoke", "x", "--events", "{db}"],
        ["telemetry", "purge", "--events", "{db}"],
    ],
)
def test_other_readers_leave_a_foreign_database_alone(foreign: Path, args: list[str]) -> None:
    result = CliRunner().invoke(others, [a.format(db=foreign) for a in args])
    assert result.exit_code == 2, result.output
    _one_line(
        result.stderr, "is a SQLite database but not a saferail event store: it holds a run store"
    )
    assert _tables(foreign) == ["runs"]


def test_a_store_from_a_newer_saferail_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    with open_event_store(path) as store:
        store.write([event(0)])
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA user_version = 99")
        db.commit()
    result = run("--events", str(path))
    assert result.exit_code == 2, result.output
    _one_line(result.stderr, "has schema 99, newer than this saferail")


def test_a_corrupt_store_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    result = run("--events", str(path))
    assert result.exit_code == 2, result.output
    _one_line(result.stderr, "events.db")


def test_an_event_store_and_an_empty_database_are_accepted(tmp_path: Path) -> None:
    store_path = tmp_path / "events.db"
    open_event_store(store_path).close()
    require_event_store(store_path)
    empty = tmp_path / "empty.db"
    with closing(sqlite3.connect(empty)) as db:
        db.execute("PRAGMA user_version = 0")
        db.execute("VACUUM")  # writes the header: a database without tables
    require_event_store(empty)
    with pytest.raises(StoreError, match="no event store at"):
        require_event_store(tmp_path / "missing.db")
