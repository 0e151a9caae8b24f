"""``saferail check --jsonl -`` reads the batch from stdin, as ``redact -`` reads its text."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

KEY = "AKIA" + "QZ7RWN4YTJ2KXBLM"
LINES = f'{{"id": 1, "text": "hello"}}\n\n{{"id": 2, "text": "{KEY}"}}\nnot json\n'


def _check(stdin: bytes, *args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "saferail", "check", "--jsonl", "-", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def test_the_batch_comes_from_stdin_with_per_line_errors(tmp_path: Path) -> None:
    done = _check(LINES.encode(), "--out", "-", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert [(r["id"], r.get("action"), r.get("text")) for r in rows] == [
        (1, "allow", "hello"),
        (2, "redact", "[AWS_ACCESS_KEY_ID]"),
        (4, None, None),
    ]
    assert rows[2]["error"].startswith("line 4: invalid JSON")


def test_stdin_results_can_go_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    done = _check(LINES.encode(), "--out", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3


def test_empty_or_utf16_stdin_is_one_line_exit_2(tmp_path: Path) -> None:
    empty = _check(b"", "--out", "-", cwd=tmp_path)
    assert empty.returncode == 2
    assert empty.stderr.decode().strip() == (
        "saferail: error: --jsonl: no lines in stdin (one {id, text} JSON object per line)"
    )
    wide = _check(LINES.encode("utf-16"), "--out", "-", cwd=tmp_path)
    assert wide.returncode == 2 and wide.stdout == b""
    assert wide.stderr.decode().strip() == (
        "saferail: error: --jsonl: stdin: UTF-16 or UTF-32 text, not UTF-8 (save it as UTF-8)"
    )
