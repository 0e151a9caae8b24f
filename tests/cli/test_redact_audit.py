"""``saferail redact`` audit findings: bytes that are not UTF-8 in TEXT or stdin, and JSONL
lines holding a lone surrogate. Run as a real command line; all values are made up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def _run(
    args: list[str | bytes], cwd: Path, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ)
    env.pop("SAFERAIL_VAULT_KEY", None)
    env.pop("PYTHONIOENCODING", None)  # the interpreter's own stdio (surrogateescape in C.UTF-8)
    env["LC_ALL"] = "C.UTF-8"
    return subprocess.run(
        [sys.executable, "-m", "saferail", "redact", *args],
        capture_output=True,
        input=stdin if stdin is not None else b"",
        cwd=cwd,
        env=env,
        timeout=120,
    )


def _one_error_line(proc: subprocess.CompletedProcess[bytes]) -> str:
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 2, (proc.stdout, err)
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("saferail: error: ")
    return lines[0]


@pytest.mark.skipif(sys.platform == "win32", reason="argv bytes are a POSIX thing")
def test_a_text_argument_that_is_not_utf8_is_one_line_and_out_is_kept(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    out.write_text("keep me\n", encoding="utf-8")
    proc = _run([b"Mail \xff orla.vance@example.com", "--out", str(out)], tmp_path)
    assert "not UTF-8" in _one_error_line(proc)
    assert out.read_text(encoding="utf-8") == "keep me\n"


def test_stdin_that_is_not_utf8_is_one_line_not_passed_through(tmp_path: Path) -> None:
    proc = _run(["-"], tmp_path, stdin=b"Mail \xff orla.vance@example.com\n")
    assert "stdin is not UTF-8 text" in _one_error_line(proc)
    assert proc.stdout == b""


def test_stdin_utf8_is_still_redacted(tmp_path: Path) -> None:
    proc = _run(["-"], tmp_path, stdin="Café: orla.vance@example.com\n".encode())
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode("utf-8") == "Café: <EMAIL_ADDRESS_1>\n"


def test_a_jsonl_line_with_a_lone_surrogate_is_written_as_valid_utf8(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        '{"id": 1, "text": "cut \\ud83d mail orla.vance@example.com"}\n'
        '{"id": 2, "text": "Café at bram.oakes@example.com"}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    proc = _run(["--jsonl", str(src), "--out", str(out)], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert b"Traceback" not in proc.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == [1, 2]
    assert rows[0]["text"] == "cut \ud83d mail <EMAIL_ADDRESS_1>"
    assert rows[1]["text"] == "Café at <EMAIL_ADDRESS_1>"
    assert "orla.vance" not in out.read_text(encoding="utf-8")


def test_spans_with_jsonl_is_a_usage_error_not_silently_ignored(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": 1, "text": "mail orla.vance@example.com"}\n', encoding="utf-8")
    proc = _run(["--jsonl", str(src), "--spans"], tmp_path)
    assert "--spans" in _one_error_line(proc)
    assert proc.stdout == b""
