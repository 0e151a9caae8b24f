"""Helpers shared by the CLI commands: one-line errors and policy loading."""

from __future__ import annotations

__all__ = ["EXIT_BLOCKED", "EXIT_OK", "EXIT_USAGE", "fail", "guard_from", "policy_from"]

import sys
from pathlib import Path
from typing import NoReturn

import typer

from saferail.errors import PolicyError, SaferailError
from saferail.guard import Guard
from saferail.policy import Policy, load_policy

EXIT_OK = 0
EXIT_BLOCKED = 1
EXIT_USAGE = 2


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print ``saferail: error: message`` on stderr and exit with ``code``."""
    sys.stderr.write(f"saferail: error: {message}\n")
    raise typer.Exit(code)


def _policy_errors(exc: PolicyError) -> NoReturn:
    for issue in exc.issues:
        sys.stderr.write(f"saferail: error: {issue}\n")
    raise typer.Exit(EXIT_USAGE)


def policy_from(path: Path | None) -> Policy:
    """Load a policy (default when ``None``), exiting 2 with one line per mistake."""
    try:
        return load_policy(path)
    except PolicyError as exc:
        _policy_errors(exc)


def guard_from(path: Path | None) -> Guard:
    """Build a Guard from a policy path, exiting 2 with one line per mistake."""
    try:
        return Guard(policy_from(path))
    except PolicyError as exc:
        _policy_errors(exc)
    except SaferailError as exc:
        fail(str(exc))
