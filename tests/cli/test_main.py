"""The console entry point (``saferail.cli.app.main``): usage errors are one line, not a box.

Runs the installed ``saferail`` console script as a user would, so Typer's own parsing
errors go through ``main()`` rather than a test runner.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SAFERAIL = Path(sys.executable).parent / "saferail"


def _run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SAFERAIL), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("checks", "--bogus"), "No such option: --bogus (see 'saferail checks --help')"),
        (("nosuch",), "No such command 'nosuch'. (see 'saferail --help')"),
        (("eval",), "Missing argument 'suite'. (see 'saferail eval --help')"),
        (
            ("eval", "x", "--limit", "0"),
            "Invalid value for '--limit': Input should be greater than or equal to 1",
        ),
    ],
)
def test_usage_errors_are_one_line_with_exit_2(args: tuple[str, ...], message: str) -> None:
    done = _run(*args)
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("saferail: error: ")
    assert message in lines[0]
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_exit_codes_of_commands_pass_through() -> None:
    ok = _run("check", "What is the capital of France?")
    assert ok.returncode == 0 and "allow" in ok.stdout
    refused = _run("check")
    assert refused.returncode == 2
    assert refused.stderr.startswith("saferail: error: give either a TEXT")


def test_a_bare_group_shows_its_help() -> None:
    done = _run("policy")
    assert "Usage: saferail policy" in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


class _InterruptedStdin:
    """A stdin whose read is cut short by Ctrl-C."""

    def read(self, *args: object) -> str:
        raise KeyboardInterrupt


def _main_exit(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    from saferail.cli.app import main

    monkeypatch.setattr(sys, "argv", ["saferail", *args])
    with pytest.raises(SystemExit) as exited:
        main()
    return int(exited.value.code or 0)


def test_ctrl_c_exits_130_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", _InterruptedStdin())
    assert _main_exit(monkeypatch, "redact", "-") == 130
    assert capsys.readouterr().err == "saferail: error: interrupted\n"


class _StdinThatExplains:
    """A read that is interrupted and says itself what was kept, as ``saferail eval`` does."""

    def read(self, *args: object) -> str:
        from saferail.cli.common import fail

        fail("interrupted; answers so far are cached", code=130)


def test_a_command_that_explains_its_interruption_is_not_repeated(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", _StdinThatExplains())
    assert _main_exit(monkeypatch, "redact", "-") == 130
    assert capsys.readouterr().err == "saferail: error: interrupted; answers so far are cached\n"
