"""Assertions shared by the CLI tests."""

from __future__ import annotations

from typer.testing import Result


def one_line(result: Result) -> str:
    """The error line of a CLI run that must fail with exactly one ``saferail: error:`` line."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("saferail: error: ")
    return lines[0]
