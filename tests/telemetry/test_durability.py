"""kill -9 during load: every event a sink acknowledged (committed) is in the store after
the process dies, and the store is intact and writable."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from saferail.telemetry import Principal
from saferail.telemetry.event import SafetyEvent
from saferail.telemetry.query import EventQuery
from saferail.telemetry.store import open_event_store
from tests.pg import pg_schema_url

REPO = Path(__file__).resolve().parents[2]
WRITER = Path(__file__).with_name("durability_writer.py")
ADMIN = Principal(name="root", role="admin")


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "events.db")
        return
    with pg_schema_url() as url:
        yield url


def _stored_seqs(location: str) -> set[int]:
    store = open_event_store(location)
    try:
        events = store.events(ADMIN, EventQuery(limit=100_000))
        assert len(events) < 100_000
        return {int(e.request_id[1:]) for e in events if e.request_id}
    finally:
        store.close()


def test_acknowledged_events_survive_sigkill(location: str) -> None:
    spec = location if location.startswith("postgresql") else f"sqlite:{location}"
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), spec],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=REPO,
    )
    acked: set[int] = set()
    batches = 0
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "READY"
        deadline = time.monotonic() + 120
        while batches < 25 and time.monotonic() < deadline:  # well into the load
            line = proc.stdout.readline()
            assert line.startswith("ACK "), line
            acked.update(int(s) for s in line.split()[1:])
            batches += 1
        os.kill(proc.pid, signal.SIGKILL)
        # acknowledgements already written to the pipe before the kill count too
        rest = proc.stdout.read()
    finally:
        proc.kill()
        proc.wait(30)
        if proc.stdout is not None:
            proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    for line in rest.splitlines():
        if line.startswith("ACK "):
            acked.update(int(s) for s in line.split()[1:])
    assert batches == 25 and len(acked) >= 25 * 150
    stored = _stored_seqs(location)
    assert acked - stored == set()  # count acknowledged before == found after
    # at most the batches in flight at the kill were committed without an acknowledgement
    assert len(stored) - len(acked) <= 2 * 200
    # the store is intact and takes new writes
    store = open_event_store(location)
    try:
        store.write([SafetyEvent(type="guard.decision", request_id="after")])
        decisions = store.count(ADMIN, EventQuery(types=["guard.decision"]))
    finally:
        store.close()
    assert decisions == len(stored) + 1
    if not location.startswith("postgresql"):
        import sqlite3

        with sqlite3.connect(location) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
