"""``saferail dashboard`` and ``saferail telemetry keys|purge`` on real SQLite stores.

The commands are driven through a Typer app holding only them (the lead wires them into
``saferail.cli.app``): with typer's CliRunner for the key and purge commands, and in a
subprocess for the dashboard, which serves with real uvicorn on a loopback port."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import typer
from typer.testing import CliRunner, Result

from saferail.cli.dashboard_cmd import dashboard_command, telemetry_app
from saferail.telemetry.event import CapturedContent, SafetyEvent
from saferail.telemetry.store import open_event_store
from tests.conftest import REPO

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
app.command("dashboard")(dashboard_command)
app.add_typer(telemetry_app, name="telemetry")

SERVE = (
    "import typer\n"
    "from saferail.cli.dashboard_cmd import dashboard_command\n"
    "app = typer.Typer(add_completion=False)\n"
    "app.command('dashboard')(dashboard_command)\n"
    "@app.callback()\n"
    "def _root() -> None: ...\n"
    "app()\n"
)


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def test_keys_create_list_revoke(tmp_path: Path) -> None:
    db = str(tmp_path / "events.db")
    made = run("telemetry", "keys", "create", "oncall", "--role", "analyst", "--events", db)
    assert made.exit_code == 0, made.output
    key = made.stdout.strip()
    assert key.startswith("srk_") and "shown only this once" in made.stderr
    with open_event_store(db) as store:
        assert store.authenticate(key).role == "analyst"
    listed = run("telemetry", "keys", "list", "--events", f"sqlite:{db}")
    assert listed.exit_code == 0 and "oncall" in listed.stdout and "live" in listed.stdout
    assert key not in listed.stdout
    as_json = json.loads(run("telemetry", "keys", "list", "--events", db, "--json").stdout)
    assert [(k["name"], k["role"], k["revoked_at"]) for k in as_json] == [
        ("oncall", "analyst", None)
    ]
    gone = run("telemetry", "keys", "revoke", "oncall", "--events", db)
    assert gone.exit_code == 0 and gone.stdout.strip() == "revoked oncall"
    again = run("telemetry", "keys", "revoke", "oncall", "--events", db)
    assert again.exit_code == 1 and "no live API key named 'oncall'" in again.stderr
    assert "revoked" in run("telemetry", "keys", "list", "--events", db).stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["create", "x", "--role", "root"], "--role: expected one of viewer, analyst, admin"),
        (["create", "dup"], "a key named 'dup' already exists"),
        (["list", "--events", "missing.db"], "no event store at missing.db"),
    ],
)
def test_key_errors_are_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    db = str(tmp_path / "events.db")
    run("telemetry", "keys", "create", "dup", "--events", db)
    events = [] if "--events" in args else ["--events", db]
    result = run("telemetry", "keys", *args, *events)
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("saferail: error: ") and message in line


def test_purge_applies_the_retention(tmp_path: Path) -> None:
    db = str(tmp_path / "events.db")
    now = datetime.now(UTC)
    with open_event_store(db) as store:
        store.write(
            [
                SafetyEvent(type="guard.decision", time=now - timedelta(days=10),
                            content=CapturedContent(input="<PERSON_1> asked")),
                SafetyEvent(type="guard.decision", time=now - timedelta(days=100)),
                SafetyEvent(type="guard.decision", time=now),
            ]
        )  # fmt: skip
    result = run("telemetry", "purge", "--events", db, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "content_cleared": 1,
        "identity_cleared": 0,
        "events_deleted": 1,
        "audit_deleted": 0,
    }
    text = run("telemetry", "purge", "--events", db, "--event-days", "forever")
    assert text.stdout.startswith("content cleared: 0, identities cleared: 0, events deleted: 0")
    for args, message in [
        (["--event-days", "soon"], "--event-days: expected a number of days or 'forever'"),
        (["--content-days", "0"], "--content-days: must be positive"),
        (["--content-days", "30", "--event-days", "10"], "cannot be kept longer than the events"),
    ]:
        bad = run("telemetry", "purge", "--events", db, *args)
        assert bad.exit_code == 2 and message in bad.stderr, bad.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--events", "nope.db"], "no event store at nope.db"),
        (["--reports", "no-such-dir"], "--reports: no such directory: no-such-dir"),
        (["--alerts", "alerts.db"], "--alerts: no such alert history: alerts.db"),
        (["--runs", "runs.db"], "--runs: no such run store: runs.db"),
    ],
)
def test_dashboard_usage_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    run("telemetry", "keys", "create", "a", "--events", "events.db")
    events = [] if "--events" in args else ["--events", "events.db"]
    result = run("dashboard", *events, *args)
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"saferail: error: {message}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _serve(db: str, tmp_path: Path) -> tuple[subprocess.Popen[str], str]:
    """``saferail dashboard`` in a subprocess on a free loopback port, once it listens."""
    port = _free_port()
    env = {**os.environ, "SAFERAIL_HOME": str(tmp_path / "home"), "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVE, "dashboard", "--events", db, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    root = f"http://127.0.0.1:{port}"
    for _ in range(600):  # wait until it listens (or has died)
        if proc.poll() is not None:
            pytest.fail(proc.communicate()[1])
        try:
            if httpx.get(f"{root}/api/health", timeout=1).status_code == 200:
                return proc, root
        except httpx.TransportError:
            time.sleep(0.05)
    proc.kill()
    pytest.fail("the dashboard did not start listening")


def _stop(proc: subprocess.Popen[str]) -> tuple[str, str]:
    proc.send_signal(signal.SIGINT)
    return proc.communicate(timeout=30)


def test_dashboard_serves_with_real_uvicorn(tmp_path: Path) -> None:
    db = str(tmp_path / "events.db")
    key = run("telemetry", "keys", "create", "ops", "--role", "viewer", "--events", db).stdout
    proc, root = _serve(db, tmp_path)
    try:
        headers = {"Authorization": f"Bearer {key.strip()}"}
        assert httpx.get(f"{root}/api/me", headers=headers).json() == {
            "name": "ops",
            "role": "viewer",
        }
        assert httpx.get(f"{root}/api/events", headers=headers).status_code == 403
        login = httpx.get(f"{root}/", follow_redirects=False)
        assert login.status_code == 303 and login.headers["location"].startswith("/login")
    finally:
        out, err = _stop(proc)
    assert f"saferail dashboard on {root}" in out
    assert "warning" not in err


def test_dashboard_warns_when_nobody_can_log_in(tmp_path: Path) -> None:
    db = str(tmp_path / "events.db")
    run("telemetry", "keys", "create", "ops", "--role", "admin", "--events", db)
    assert run("telemetry", "keys", "revoke", "ops", "--events", db).exit_code == 0
    proc, root = _serve(db, tmp_path)
    out, err = _stop(proc)
    assert f"saferail dashboard on {root}" in out
    (warning,) = [line for line in err.splitlines() if "warning" in line]
    assert warning.startswith("saferail: warning: the event store has no live API key")
    assert f"keys create NAME --role admin --events {db}" in warning
