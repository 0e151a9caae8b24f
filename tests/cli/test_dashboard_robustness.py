"""``saferail dashboard`` robustness: an address that cannot be listened on is one line and
exit 1 (before anything serves); store paths under a file are one line naming the path."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from saferail.cli.app import app as cli_app
from tests.cli._helpers import one_line


def run(*args: str) -> Result:
    return CliRunner().invoke(cli_app, ["dashboard", *args])


@pytest.fixture
def events(tmp_path: Path) -> str:
    db = str(tmp_path / "events.db")
    made = CliRunner().invoke(cli_app, ["telemetry", "keys", "create", "ops", "--events", db])
    assert made.exit_code == 0, made.output
    return db


def test_port_in_use_is_one_line_exit_1(events: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("--events", events, "--port", str(port))
    assert result.exit_code == 1
    assert one_line(result) == (
        f"saferail: error: cannot listen on 127.0.0.1:{port}: Address already in use"
    )
    assert "saferail dashboard on" not in result.stdout  # it never said it was serving


def test_address_not_on_this_machine_is_one_line_exit_1(events: str) -> None:
    result = run("--events", events, "--host", "203.0.113.7", "--port", "8600")
    assert result.exit_code == 1
    line = one_line(result)  # and no "serving beyond loopback" warning before it
    assert line.startswith("saferail: error: cannot listen on 203.0.113.7:8600: ")
    assert line != "saferail: error: cannot listen on 203.0.113.7:8600: "


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("--events", "no event store at {p}"),
        ("--runs", "--runs: no such run store: {p}"),
        ("--alerts", "--alerts: no such alert history: {p}"),
    ],
)
def test_store_path_under_a_file_is_one_line(
    tmp_path: Path, events: str, option: str, message: str
) -> None:
    (tmp_path / "notes.txt").write_text("not a folder\n")
    path = str(tmp_path / "notes.txt" / "store.db")
    args = [option, path] if option == "--events" else ["--events", events, option, path]
    result = run(*args, "--host", "203.0.113.7")  # never serves, even if the check were gone
    assert result.exit_code == 2
    assert one_line(result).startswith(f"saferail: error: {message.format(p=path)}")


def test_run_store_from_the_environment_under_a_file_is_one_line(
    tmp_path: Path, events: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "notes.txt").write_text("not a folder\n")
    path = str(tmp_path / "notes.txt" / "runs.db")
    monkeypatch.setenv("SAFERAIL_STORE", path)
    result = run("--events", events, "--host", "203.0.113.7")
    assert result.exit_code == 2
    assert path in one_line(result)
