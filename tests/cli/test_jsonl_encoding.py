"""A JSONL input saved as UTF-16 (PowerShell's ``>``, Notepad's "Unicode") is refused whole,
with one line, before any output is written: JSON's own decoder would read some of its lines
and garble the rest."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

LINES = '{"id": 1, "text": "hello"}\n{"id": 2, "text": "world"}\n'


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32"])
@pytest.mark.parametrize(
    ("command", "option"),
    [
        (("check", "--out", "out.jsonl"), "--jsonl"),
        (("redact", "--out", "out.jsonl"), "--jsonl"),
        (("calibrate", "--out", "out.jsonl"), "--benign"),
    ],
)
def test_wide_text_input_is_refused_before_any_output(
    cli: Callable[..., Any],
    tmp_path: Path,
    encoding: str,
    command: tuple[str, ...],
    option: str,
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(LINES.encode(encoding))
    r = cli(command[0], option, str(src), *command[1:])
    assert r.code == 2
    assert r.err.strip() == (
        f"saferail: error: {option}: {src}: UTF-16 or UTF-32 text, not UTF-8 (save it as UTF-8)"
    )
    assert not (tmp_path / "out.jsonl").exists()


def test_utf8_with_a_byte_order_mark_is_read(cli: Callable[..., Any], tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(LINES.encode("utf-8-sig"))
    r = cli("check", "--jsonl", str(src), "--out", "-", "--no-progress")
    assert r.code == 0, r.err
    assert [line.startswith('{"id": ') for line in r.out.splitlines()[:2]] == [True, True]
    assert '"error"' not in r.out
