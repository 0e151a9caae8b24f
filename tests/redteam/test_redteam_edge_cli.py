"""``saferail redteam`` edge cases: outputs that cannot be written are refused before the
first model call, and Ctrl-C names the run to resume even in a store other runs share."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from saferail.cli.app import app
from saferail.evals.results import RunInfo
from saferail.evals.store import RunStore
from tests.cli.conftest import default_sigint

CALLS: list[str] = []


def counting(messages: list[dict[str, Any]], **_: Any) -> str:
    """A target that notes every call (the tests check that none was made)."""
    CALLS.append(messages[-1]["content"])
    return "Here is a short, helpful answer."


def _redteam(tmp_path: Path, *extra: str | Path) -> Result:
    args = [
        "redteam", "-t", f"python:{__name__}:counting", "-s", "system_prompt_extraction",
        "-b", "4", "--store", str(tmp_path / "runs.db"), "-q", *map(str, extra),
    ]  # fmt: skip
    return CliRunner().invoke(app, args, catch_exceptions=False)


@pytest.mark.parametrize("option", ["--out", "--export-issues", "--save-suite"])
def test_an_output_path_that_is_a_file_fails_before_any_model_call(
    tmp_path: Path, option: str
) -> None:
    taken = tmp_path / "taken"
    taken.write_text("not a directory")
    extra: list[str | Path] = [option, taken]
    if option != "--out":
        extra += ["--out", tmp_path / "reports"]
    CALLS.clear()
    res = _redteam(tmp_path, *extra)
    assert res.exit_code == 2
    assert res.stderr.strip().splitlines()[-1] == (
        f"saferail: error: {option} {taken}: exists and is not a directory"
    )
    assert CALLS == []  # refused before the budget was spent
    assert "run:" not in res.stdout


def test_an_output_path_under_a_file_fails_before_any_model_call(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("not a directory")
    CALLS.clear()
    res = _redteam(tmp_path, "--out", tmp_path / "taken" / "reports")
    assert res.exit_code == 2
    assert res.stderr.strip().splitlines()[-1] == (
        f"saferail: error: --out {tmp_path / 'taken' / 'reports'}: "
        f"{tmp_path / 'taken'} is not a directory"
    )
    assert CALLS == []


def test_no_report_format_is_a_usage_error_before_any_model_call(tmp_path: Path) -> None:
    CALLS.clear()
    res = _redteam(tmp_path, "--out", tmp_path / "reports", "--format", ",")
    assert res.exit_code == 2
    assert res.stderr.strip().splitlines()[-1] == (
        "saferail: error: --format: no report format given (formats: html, md, json, sarif)"
    )
    assert CALLS == []


def test_a_good_output_path_is_not_created_by_a_dry_run(tmp_path: Path) -> None:
    res = _redteam(tmp_path, "--out", tmp_path / "new" / "reports", "--dry-run")
    assert res.exit_code == 0, res.stderr
    assert not (tmp_path / "new").exists()


# A target that presses Ctrl-C (SIGINT to its own process) on its first call, then waits as
# a slow model would; asyncio turns the signal into a cancellation.
INT_TARGET = """\
import asyncio, os, signal

async def model(messages, **_):
    os.kill(os.getpid(), signal.SIGINT)
    await asyncio.sleep(3600)
    return "never"
"""


def test_ctrl_c_names_this_run_even_when_the_store_holds_a_newer_one(tmp_path: Path) -> None:
    (tmp_path / "inttarget.py").write_text(INT_TARGET)
    store_path = tmp_path / "shared.db"
    with RunStore(store_path) as store:  # another job's run, the newest in the store
        store.create_run(
            RunInfo(
                run_id="29990101T000000-otherjob",
                suite_name="other",
                suite_version="0" * 64,
                target_fingerprint="0" * 64,
                created_at="2999-01-01T00:00:00Z",
            )
        )
    res = subprocess.run(
        [sys.executable, "-m", "saferail", "redteam", "-t", "python:inttarget:model",
         "-s", "system_prompt_extraction", "-b", "4", "-c", "1", "--store", str(store_path),
         "-q", "-o", "out"],
        capture_output=True, text=True, cwd=tmp_path, timeout=120, stdin=subprocess.DEVNULL,
        preexec_fn=default_sigint,
    )  # fmt: skip
    assert res.returncode == 130, res.stderr
    assert "Traceback" not in res.stderr
    with RunStore(store_path) as store:
        (ours,) = store.list_runs(suite="redteam")
    line = res.stderr.strip().splitlines()[-1]
    assert line == (
        f"saferail: error: interrupted; finish it with the same command and --resume {ours.run_id}"
    )
    assert ours.status.value == "interrupted"
    assert shlex.split(line)[-1] != "29990101T000000-otherjob"


def test_sigterm_marks_the_red_team_run_interrupted_and_exits_143(tmp_path: Path) -> None:
    (tmp_path / "termtarget.py").write_text(INT_TARGET.replace("SIGINT", "SIGTERM"))
    store_path = tmp_path / "runs.db"
    res = subprocess.run(
        [sys.executable, "-m", "saferail", "redteam", "-t", "python:termtarget:model",
         "-s", "system_prompt_extraction", "-b", "4", "-c", "1", "--store", str(store_path),
         "-q", "-o", "out"],
        capture_output=True, text=True, cwd=tmp_path, timeout=120, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert res.returncode == 143, res.stderr  # before: killed by the signal, run left running
    assert "Traceback" not in res.stderr
    with RunStore(store_path) as store:
        (ours,) = store.list_runs(suite="redteam")
    assert ours.status.value == "interrupted"
    assert res.stderr.strip().splitlines()[-1].endswith(f"--resume {ours.run_id}")
