"""``saferail eval`` as a CI job runs it: retries against an HTTP target, a job killed
mid-run and finished with ``--resume``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from saferail.evals import RunStore
from tests.cli.conftest import default_sigint
from tests.targets.conftest import MockServer, Step, mock_server  # noqa: F401

SUITE = """\
name: six
cases:
""" + "".join(f"  - {{id: c{i}, prompt: p{i}, expected: comply}}\n" for i in range(6))

# Answers at once, except p3: it hangs until $HANG_AT is unset (the job is killed before).
TARGET = """\
import asyncio, os

async def model(messages, **_):
    prompt = messages[-1]["content"]
    if prompt == os.environ.get("HANG_AT"):
        await asyncio.sleep(3600)
    return "You said: " + prompt
"""


def test_retries_option_bounds_the_requests_to_an_http_target(
    cli: Any,
    tmp_path: Path,
    mock_server: MockServer,  # noqa: F811
) -> None:
    """``--retries 0`` sent 4 requests per case to an HTTP target (the HTTP client's own 3
    retries under the runner's), and the plan's "at most N calls with retries" was 4x low."""
    (tmp_path / "one.yaml").write_text(
        "name: one\ncases:\n  - {id: a, prompt: hi, expected: comply}\n"
    )
    mock_server.script(*[Step(status=503, json={"error": {"message": "busy"}})] * 20)
    store = str(tmp_path / "runs.db")
    args = ("eval", "one.yaml", "-t", mock_server.url + "/v1", "--store", store, "--no-report")
    none = cli(*args, "--retries", "0", "-q")
    assert none.code == 1 and "all 1 cases errored" in none.err, none.err
    assert "(at most 1 with retries)" in none.err
    assert len(mock_server.requests) == 1
    one = cli(*args, "--retries", "1", "-q")
    assert one.code == 1 and "(at most 2 with retries)" in one.err
    assert len(mock_server.requests) == 3


def test_a_killed_job_keeps_its_finished_cases_for_resume(cli: Any, tmp_path: Path) -> None:
    """A CI runner kills a job that ran over its time (SIGKILL: nothing runs after it). The
    cases answered before must be in the store, so --resume runs only the others."""
    (tmp_path / "s.yaml").write_text(SUITE)
    (tmp_path / "hangtarget.py").write_text(TARGET)
    store = tmp_path / "runs.db"
    args = ["eval", "s.yaml", "-t", "python:hangtarget:model", "-c", "1", "--store", str(store)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "saferail", *args, "--no-report", "-q"],
        cwd=tmp_path,
        env={**os.environ, "HANG_AT": "p3"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=default_sigint,
    )
    try:
        finished: set[str] = set()
        deadline = time.monotonic() + 60.0
        while time.monotonic() < deadline and len(finished) < 3:
            time.sleep(0.1)
            if store.exists():
                with RunStore(store) as s:
                    runs = s.list_runs()
                    finished = s.finished_case_ids(runs[0].run_id) if runs else set()
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert finished == {"c0", "c1", "c2"}
    with RunStore(store) as s:
        (run,) = s.list_runs()
    done = cli(*args, "--resume", run.run_id, "--no-report", "-q")
    assert done.code == 0, done.err
    assert "3 cases: 0 cached, 3 target calls" in done.err
    with RunStore(store) as s:
        assert [r.case_id for r in s.results(run.run_id)] == [f"c{i}" for i in range(6)]
