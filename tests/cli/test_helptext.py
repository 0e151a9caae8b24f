"""Help text is shown reflowed: a docstring's wrapped lines are joined, so the terminal
wraps the prose instead of breaking it mid-sentence at the source's line ends."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys

import typer

from saferail.cli._helptext import reflow
from saferail.cli.app import app


def test_reflow_joins_the_wrapped_lines_of_a_paragraph() -> None:
    doc = """First line
    goes on here.

    Second paragraph, wrapped
    over two lines.
    """
    assert reflow(doc) == "First line goes on here.\n\nSecond paragraph, wrapped over two lines."


def test_reflow_keeps_lists_and_indented_blocks() -> None:
    doc = "Summary.\n\nSteps:\n- one\n- two\n\nExample:\n    saferail eval x\n    saferail gate"
    assert reflow(doc) == doc


def test_an_option_at_a_line_start_is_prose_not_a_list() -> None:
    assert (
        reflow("Redacted unless\n--no-redact is given.") == "Redacted unless --no-redact is given."
    )


def _helps(t: typer.Typer) -> list[tuple[str, str]]:
    out = [(c.name or "?", c.help or "") for c in t.registered_commands]
    if t.registered_callback is not None and t.registered_callback.help:
        out.append(("callback", t.registered_callback.help))
    for group in t.registered_groups:
        if group.typer_instance is not None:
            out += _helps(group.typer_instance)
    return out


def test_every_command_help_is_reflowed() -> None:
    helps = _helps(app)
    assert len(helps) > 30
    for name, text in helps:
        assert text, f"{name} has no help"
        for paragraph in text.split("\n\n"):
            lines = paragraph.split("\n")
            listed = any(line[:1].isspace() or line[:2] in ("- ", "* ") for line in lines)
            assert listed or len(lines) == 1, f"{name}: {paragraph[:60]!r}"
    plan = next(t for n, t in helps if n == "plan")
    assert inspect.cleandoc(plan).startswith("Write a safety plan")


def test_the_terminal_help_shows_a_sentence_unbroken() -> None:
    env = dict(os.environ, COLUMNS="200", TERM="dumb")
    proc = subprocess.run(
        [sys.executable, "-m", "saferail", "eval", "--help"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0
    assert "Exits 1 when every case errored" in proc.stdout


def test_first_sentence_joins_lines_and_stops_at_the_first_full_stop() -> None:
    from saferail.cli._helptext import first_sentence

    doc = """Requests for harmful help: a classifier, a rule, and
    frames. Second sentence here.

    Another paragraph."""
    assert first_sentence(doc) == "Requests for harmful help: a classifier, a rule, and frames."
    assert first_sentence("No full stop at all") == "No full stop at all"
    assert first_sentence("e.g. lower case after a stop. Next") == "e.g. lower case after a stop."
    assert first_sentence("") == ""
