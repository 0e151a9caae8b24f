"""Ctrl-C during ``saferail check --jsonl``: the lines written so far are kept, each one
complete, and one line on stderr says how far the run got (exit 130)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from saferail.cli import batch
from saferail.cli.app import app
from saferail.guard import Decision, Guard


def _interrupt_second_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    real = Guard.check_batch
    calls = [0]

    def check_batch(self: Guard, texts: Sequence[str], *a: Any, **kw: Any) -> list[Decision]:
        calls[0] += 1
        if calls[0] == 2:
            raise KeyboardInterrupt
        return real(self, texts, *a, **kw)

    monkeypatch.setattr(Guard, "check_batch", check_batch)
    monkeypatch.setattr(batch, "CHUNK", 3)


def test_interrupted_batch_keeps_complete_lines_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": i, "text": f"hello {i}"}) + "\n" for i in range(8)))
    out = tmp_path / "out.jsonl"
    _interrupt_second_chunk(monkeypatch)
    r = CliRunner().invoke(app, ["check", "--jsonl", str(src), "--out", str(out)])
    assert r.exit_code == 130
    assert r.stderr.strip().splitlines() == [
        f"saferail: error: interrupted: {out} holds the results of the first 3 non-blank "
        "input lines only (one complete JSON line each)"
    ]
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in rows] == [0, 1, 2]
