"""``saferail check TEXT`` prints what checks report (error messages, entity types) as
plain text: square brackets in them are not console markup."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from saferail.checks import Check, CheckInput, Finding, register_check, unregister_check
from saferail.cli.app import app


class _Bracketed(Check):
    name = "t_bracketed"
    categories = ("toxicity",)
    surfaces = frozenset({"input"})

    def run(self, data: CheckInput) -> list[Finding]:
        if data.text == "crash":
            raise ValueError("cannot open [/tmp/model.bin]")
        return [self.finding(0.9, 0, 4, entity_type="[red]:smile:X")]


@pytest.fixture
def policy(tmp_path: Path) -> Iterator[Path]:
    register_check(_Bracketed)
    path = tmp_path / "policy.yaml"
    path.write_text(
        "input:\n  checks:\n    t_bracketed: {action: warn, fail_mode: open}\n", encoding="utf-8"
    )
    yield path
    unregister_check(_Bracketed.name)


def test_an_error_message_with_brackets_is_printed_not_a_traceback(policy: Path) -> None:
    # "[/tmp/...]" read as a closing markup tag: MarkupError, and exit 1 ("blocked") for an
    # allowed text
    result = CliRunner().invoke(app, ["check", "--policy", str(policy), "crash"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 0, result.output
    assert "ValueError: cannot open [/tmp/model.bin]" in result.stdout


def test_an_entity_type_with_brackets_is_shown_as_is(policy: Path) -> None:
    result = CliRunner().invoke(app, ["check", "--policy", str(policy), "text"])
    assert result.exit_code == 0, result.output
    assert "[red]:smile:X" in result.stdout
