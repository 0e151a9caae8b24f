"""Second audit of ``saferail check --jsonl``: a run that fails before its first result
leaves an earlier ``--out`` file whole."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from saferail.cli.app import app
from saferail.guard import Decision, Guard

EARLIER = '{"id": 1, "action": "allow", "findings": [], "text": "kept", "latency_ms": 1.0}\n'


def test_empty_input_leaves_the_earlier_output_whole(cli, tmp_path: Path) -> None:
    (tmp_path / "empty.jsonl").write_text("\n  \n")
    (tmp_path / "out.jsonl").write_text(EARLIER)
    r = cli("check", "--jsonl", "empty.jsonl", "--out", "out.jsonl")
    assert r.code == 2
    assert r.err.startswith("saferail: error: --jsonl: no lines in empty.jsonl"), r.err
    assert (tmp_path / "out.jsonl").read_text() == EARLIER


def test_utf16_stdin_leaves_the_earlier_output_whole(cli, tmp_path: Path) -> None:
    (tmp_path / "out.jsonl").write_text(EARLIER)
    # UTF-16 read as text: the NUL bytes of '{"text": "hi"}' in UTF-16 reach stdin as U+0000
    r = cli("check", "--jsonl", "-", "--out", "out.jsonl", stdin='{\0"\0t\0"\0:\0 \0"\0h\0"\0}\0\n')
    assert r.code == 2
    assert r.err.startswith("saferail: error: --jsonl: stdin: UTF-16"), r.err
    assert (tmp_path / "out.jsonl").read_text() == EARLIER


def test_a_run_with_results_replaces_the_earlier_output(cli, tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_text('{"id": "a", "text": "hello"}\n')
    (tmp_path / "out.jsonl").write_text(EARLIER * 5)
    r = cli("check", "--jsonl", "in.jsonl", "--out", "out.jsonl")
    assert r.code == 0, r.err
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [row["id"] for row in rows] == ["a"]


def test_interrupt_before_the_first_result_leaves_the_earlier_output_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def check_batch(self: Guard, texts: Sequence[str], *a: Any, **kw: Any) -> list[Decision]:
        raise KeyboardInterrupt

    monkeypatch.setattr(Guard, "check_batch", check_batch)
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": 1, "text": "hello"}\n')
    out = tmp_path / "out.jsonl"
    out.write_text(EARLIER)
    r = CliRunner().invoke(app, ["check", "--jsonl", str(src), "--out", str(out)])
    assert r.exit_code == 130
    assert r.stderr.strip().splitlines() == [
        f"saferail: error: interrupted before the first result: nothing written to {out}"
    ]
    assert out.read_text() == EARLIER
