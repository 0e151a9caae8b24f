from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest


class Run:
    def __init__(self, proc: subprocess.CompletedProcess[str]) -> None:
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr


def default_sigint() -> None:
    """``preexec_fn``: Ctrl-C handled as in a terminal, even when the test run was started in
    the background (which ignores SIGINT, and Python keeps an ignored SIGINT ignored)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture
def cli(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Run the real ``saferail`` command line in a subprocess."""

    def run(*args: str, stdin: str | None = None) -> Run:
        proc = subprocess.run(
            [sys.executable, "-m", "saferail", *args],
            capture_output=True,
            text=True,
            input=stdin if stdin is not None else "",
            cwd=tmp_path,
            timeout=120,
            preexec_fn=default_sigint,
        )
        return Run(proc)

    return run
