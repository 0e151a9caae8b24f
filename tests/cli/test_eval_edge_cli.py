"""Edge cases of ``saferail eval`` / ``review agreement`` on the real command line:
Ctrl-C during a run and during its resume, labels that belong to another run."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import pytest

SUITE = """\
name: six
cases:
""" + "".join(f"  - {{id: c{i}, prompt: p{i}, expected: comply}}\n" for i in range(6))

# A target that presses Ctrl-C (SIGINT to its own process) when it sees the prompt named by
# $INT_AT, then waits as a slow model would; asyncio turns the signal into a cancellation.
TARGET = """\
import asyncio, os, signal

async def model(messages, **_):
    prompt = messages[-1]["content"]
    if prompt == os.environ.get("INT_AT"):
        os.kill(os.getpid(), signal.SIGINT)
        await asyncio.sleep(3600)
    return "You said: " + prompt
"""


def _resume_hint(err: str) -> list[str]:
    line = next(x for x in err.splitlines() if "finish it with:" in x)
    return shlex.split(line.split("finish it with:", 1)[1])[1:]  # drop the program name


def test_ctrl_c_hint_resumes_the_interrupted_run_even_during_a_resume(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "s.yaml").write_text(SUITE)
    (tmp_path / "inttarget.py").write_text(TARGET)
    store = str(tmp_path / "my runs.db")  # not the default store, and a space to quote
    args = ("eval", "s.yaml", "-t", "python:inttarget:model", "-c", "1", "--no-report", "-q")
    monkeypatch.setenv("INT_AT", "p2")
    first = cli(*args, "--store", store)
    assert first.code == 130, first.err
    assert "Traceback" not in first.err
    hint = _resume_hint(first.err)
    assert hint[hint.index("--store") + 1] == store  # the hint works without the default store
    run_id = hint[hint.index("--resume") + 1]

    monkeypatch.delenv("INT_AT")
    other = cli("eval", "s.yaml", "-t", "echo", "--store", store, "--no-report", "-q")
    assert other.code == 0  # a newer run in the same store

    monkeypatch.setenv("INT_AT", "p4")
    again = cli(*hint)
    assert again.code == 130, again.err
    assert _resume_hint(again.err)[_resume_hint(again.err).index("--resume") + 1] == run_id

    monkeypatch.delenv("INT_AT")
    done = cli(*_resume_hint(again.err))
    assert done.code == 0, done.err
    assert f"run: {run_id}" in done.out
    assert "2 cases:" in done.err  # only c4 and c5 were left


def test_resume_hint_keeps_the_model_and_policy_options(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "s.yaml").write_text(SUITE)
    (tmp_path / "inttarget.py").write_text(TARGET)
    monkeypatch.setenv("INT_AT", "p1")
    res = cli(
        "eval", "s.yaml", "-t", "python:inttarget:model", "--model", "m1", "--guard",
        "-c", "1", "--no-report", "-q",
    )  # fmt: skip
    assert res.code == 130, res.err
    hint = _resume_hint(res.err)
    assert hint[hint.index("--model") + 1] == "m1" and "--guard" in hint


def test_agreement_with_labels_of_another_run_fails(cli: Any, tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(SUITE)
    store = str(tmp_path / "runs.db")
    ran = cli("eval", "s.yaml", "-t", "echo", "--store", store, "--no-report", "-q")
    assert ran.code == 0, ran.err
    run_id = ran.out.strip().split()[-1]
    (tmp_path / "ann.csv").write_text("case_id,label\nx1,pass\nx2,fail\n")
    res = cli("review", "agreement", run_id, "ann.csv", "--store", store)
    assert res.code == 1
    assert res.err.count("\n") == 1 and "Traceback" not in res.err
    assert "none of the 2 labelled cases" in res.err and run_id in res.err
    (tmp_path / "bob.csv").write_text("case_id,label\nc0,pass\nx2,fail\n")
    partly = cli("review", "agreement", run_id, "bob.csv", "--store", store)
    assert partly.code == 0 and "1 not in the run" in partly.out


def test_names_with_square_brackets_are_printed_verbatim(cli: Any, tmp_path: Path) -> None:
    # rich read "[/b]" in a suite name or category as a closing tag and crashed
    (tmp_path / "s.yaml").write_text(
        'name: "demo[/b]"\ncases:\n'
        '  - {id: a, prompt: hi, expected: comply, category: "chat[/i]"}\n'
        '  - {id: b, prompt: ho, expected: comply, category: "[red]other"}\n'
    )
    store = str(tmp_path / "runs.db")
    ran = cli("eval", "s.yaml", "-t", "echo", "--store", store, "--no-report")
    assert ran.code == 0, ran.err
    assert "plan: demo[/b] v" in ran.err
    assert "chat[/i]" in ran.out and "[red]other" in ran.out
    run_id = ran.out.strip().split()[-1]
    cmp = cli("compare", run_id, run_id, "--store", store)
    assert cmp.code == 0, cmp.err
    assert "chat[/i]" in cmp.out and "+0.000" in cmp.out and "-0.000" not in cmp.out
