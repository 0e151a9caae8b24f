"""Text in and out for the commands that read a TEXT / ``-`` / ``--file`` argument and write
text or JSONL rows (``redact``, ``restore``, ``check``): one-line errors, valid UTF-8 out."""

from __future__ import annotations

__all__ = ["encodable", "json_line", "open_output", "read_text_argument", "warn_unusable_lines"]

import json
import sys
from pathlib import Path
from typing import Any

from saferail.cli.common import fail
from saferail.io import read_stdin_text


def read_text_argument(text: str | None, file: Path | None) -> str:
    """The text of ``--file`` when given, else of stdin for ``-``, else ``text`` itself; one
    line and exit 2 for an unreadable or non-UTF-8 input."""
    if file is not None:
        try:
            return file.read_text(encoding="utf-8")
        except OSError as exc:
            fail(f"--file: cannot read {file}: {exc.strerror}")
        except UnicodeDecodeError:
            fail(f"--file: {file} is not UTF-8 text")
    assert text is not None
    if text != "-":
        if not encodable(text):  # undecodable bytes in argv arrive as lone surrogates
            fail("TEXT is not UTF-8 text")
        return text
    if sys.stdin is None:
        fail("'-' reads stdin, but stdin is closed")
    try:
        return read_stdin_text()
    except UnicodeError:
        fail("stdin is not UTF-8 text")


def encodable(text: str) -> bool:
    """Whether ``text`` can be written as UTF-8 (it holds no lone surrogate)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def json_line(row: dict[str, Any]) -> str:
    """``row`` as one line of JSON that is valid UTF-8: a lone surrogate (valid in JSON
    input, e.g. ``"\\ud83d"`` from text cut inside an emoji) cannot be encoded, so such a
    line escapes its non-ASCII characters instead (it decodes back to the same strings)."""
    line = json.dumps(row, ensure_ascii=False)
    return line if line.isascii() or encodable(line) else json.dumps(row)


def open_output(out: Path) -> Any:
    """``out`` opened for writing (emptied); one line and exit 2 when it cannot be."""
    try:
        return out.open("w", encoding="utf-8")
    except OSError as exc:
        fail(f"--out: cannot write {out}: {exc.strerror}")


def warn_unusable_lines(option: str, errors: list[str]) -> None:
    """Warn on stderr that ``errors`` input lines were written as error rows (if any)."""
    if errors:
        sys.stderr.write(
            f"saferail: warning: {option}: {len(errors)} unusable lines left as errors "
            f"(first: {errors[0]})\n"
        )
