"""Edge cases of ``saferail check --jsonl`` output: every line written is valid UTF-8 JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

# JSON allows lone surrogates ("\ud83d": text cut inside an emoji by a UTF-16 tool); they
# cannot be encoded as UTF-8, so the output line must escape them instead
LINES = [
    '{"id": "cut", "text": "nice \\ud83d"}',
    '{"id": "\\udcff", "text": "ok"}',
    '{"id": "plain", "text": "caf\\u00e9"}',
]


def _source(tmp_path: Path) -> Path:
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    return src


def _rows(raw: bytes) -> list[dict[str, object]]:
    return [json.loads(line) for line in raw.decode("utf-8").splitlines()]


def test_lone_surrogates_are_escaped_in_the_output_file(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    r = cli("check", "--jsonl", str(_source(tmp_path)), "--out", str(out), "--no-progress")
    assert r.code == 0, r.err
    assert "Traceback" not in r.err
    rows = _rows(out.read_bytes())
    assert [row["id"] for row in rows] == ["cut", "\udcff", "plain"]
    assert rows[0]["text"] == "nice \ud83d"  # the same string back
    assert '"café"' in out.read_text(encoding="utf-8")  # other lines stay readable


def test_lone_surrogates_on_stdout_are_valid_utf8(tmp_path: Path) -> None:
    src = str(_source(tmp_path))
    proc = subprocess.run(
        [sys.executable, "-m", "saferail", "check", "--jsonl", src, "--out", "-", "--no-progress"],
        capture_output=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert [row["id"] for row in _rows(proc.stdout)] == ["cut", "\udcff", "plain"]


FULL = Path("/dev/full")  # every write fails with ENOSPC, as on a full disk


@pytest.mark.skipif(not FULL.exists(), reason="needs /dev/full")
def test_a_full_disk_is_one_line_and_exit_2_not_blocked(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    # it was a traceback with exit 1, which the docs say means "something was blocked"
    r = cli("check", "--jsonl", str(_source(tmp_path)), "--out", str(FULL), "--no-progress")
    assert r.code == 2, r.err
    assert "Traceback" not in r.err
    assert r.err.strip().splitlines() == [
        f"saferail: error: --out: cannot write {FULL}: No space left on device"
    ]


@pytest.mark.skipif(not FULL.exists(), reason="needs /dev/full")
def test_a_full_stdout_is_one_line_and_exit_2(tmp_path: Path) -> None:
    src = str(_source(tmp_path))
    with FULL.open("wb") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "saferail", "check", "--jsonl", src, "--out", "-"],
            stdout=full,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
            timeout=120,
        )
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert err.strip().splitlines() == [
        "saferail: error: --out: cannot write stdout: No space left on device"
    ]
