"""SIGTERM (a CI job cancelled, ``docker stop``) ends long commands like Ctrl-C: the work so
far is kept, the run is marked interrupted, the exit status is 143 with a resume hint."""

from __future__ import annotations

import asyncio
import os
import shlex
import signal
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from saferail.cli._signals import EXIT_TERMINATED, Terminated, interrupted_code, run_async

SUITE = "name: six\ncases:\n" + "".join(
    f"  - {{id: c{i}, prompt: p{i}, expected: comply}}\n" for i in range(6)
)

# A target that sends SIGTERM to its own process when it sees the prompt named by $TERM_AT,
# then waits as a slow model would.
TARGET = """\
import asyncio, os, signal

async def model(messages, **_):
    prompt = messages[-1]["content"]
    if prompt == os.environ.get("TERM_AT"):
        os.kill(os.getpid(), signal.SIGTERM)
        await asyncio.sleep(3600)
    return "You said: " + prompt
"""


def test_run_async_cancels_the_work_runs_its_cleanup_and_raises_terminated() -> None:
    cleaned: list[str] = []

    async def job() -> str:
        try:
            os.kill(os.getpid(), signal.SIGTERM)
            await asyncio.sleep(30)
            return "finished"
        finally:
            cleaned.append("cleanup ran")

    with pytest.raises(Terminated):
        run_async(job())
    assert cleaned == ["cleanup ran"]
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL  # the handler is gone again


def test_run_async_returns_the_result_and_keeps_other_cancellations() -> None:
    async def ok() -> int:
        return 7

    assert run_async(ok()) == 7

    async def cancelled() -> None:
        raise asyncio.CancelledError

    with pytest.raises(asyncio.CancelledError):
        run_async(cancelled())


def test_exit_codes() -> None:
    assert interrupted_code(Terminated()) == EXIT_TERMINATED == 143
    assert interrupted_code(KeyboardInterrupt()) == 130


def _hint(err: str) -> list[str]:
    line = next(x for x in err.splitlines() if "finish it with:" in x)
    return shlex.split(line.split("finish it with:", 1)[1])[1:]


def test_sigterm_during_eval_keeps_results_marks_the_run_and_resumes(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "s.yaml").write_text(SUITE)
    (tmp_path / "termtarget.py").write_text(TARGET)
    store = str(tmp_path / "runs.db")
    monkeypatch.setenv("TERM_AT", "p3")
    args = ("eval", "s.yaml", "-t", "python:termtarget:model", "-c", "1", "--no-report", "-q")
    first = cli(*args, "--store", store)
    assert first.code == 143, (first.code, first.err)  # the old code died by the signal (-15)
    assert "Traceback" not in first.err
    hint = _hint(first.err)
    run_id = hint[hint.index("--resume") + 1]
    with sqlite3.connect(store) as db:
        status = db.execute("SELECT status FROM runs WHERE run_id = ?", (run_id,)).fetchone()
        kept = {r[0] for r in db.execute("SELECT case_id FROM results WHERE run_id = ?", (run_id,))}
    assert status == ("interrupted",)
    assert kept == {"c0", "c1", "c2"}

    monkeypatch.delenv("TERM_AT")
    done = cli(*hint)
    assert done.code == 0, done.err
    assert f"run: {run_id}" in done.out
    assert "3 cases:" in done.err  # only c3, c4 and c5 were left
