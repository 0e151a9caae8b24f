"""Helpers shared by the CLI commands: one-line errors and policy loading."""

from __future__ import annotations

__all__ = [
    "EXIT_BLOCKED",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "config_error",
    "csv_list",
    "errors_shown",
    "fail",
    "guard_from",
    "http_url",
    "input_file",
    "listen_or_fail",
    "policy_from",
    "progress_bar",
    "report_formats",
    "require_usable_lines",
    "run_store",
    "same_file",
    "stdin_records",
]

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from saferail.checks.base import SURFACES
from saferail.errors import PolicyError, SaferailError
from saferail.guard import Guard
from saferail.io import BatchRecord, read_batch_stream
from saferail.policy import Policy, load_policy

if TYPE_CHECKING:
    from saferail.evals.store import SqlRunStore

EXIT_OK = 0
EXIT_BLOCKED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C

_shown = {"errors": 0}  # how many one-line errors fail() has written in this process


def csv_list(value: str | None) -> tuple[str, ...]:
    """A comma-separated option as its non-empty, stripped items (``None``: none)."""
    return tuple(x.strip() for x in (value or "").split(",") if x.strip())


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print ``saferail: error: message`` on stderr and exit with ``code``."""
    sys.stderr.write(f"saferail: error: {message}\n")
    _shown["errors"] += 1
    raise typer.Exit(code)


def errors_shown() -> int:
    """How many one-line errors :func:`fail` has written so far in this process."""
    return _shown["errors"]


def run_store(location: str | None, *, must_exist: bool = True) -> SqlRunStore:
    """The run store at ``location`` (``--store``), or one line and exit 2. A command that
    only reads runs (``must_exist``) never creates an empty store for a mistyped path."""
    from saferail.evals.store import open_store  # only the commands that use runs pay for it

    try:
        return open_store(location, must_exist=must_exist)
    except SaferailError as exc:
        fail(str(exc))


def http_url(option: str, value: str) -> str:
    """``value`` if it is an http(s) URL with a host (and, if given, a port from 1 to 65535;
    no query or fragment, which the paths appended to it would break), else exit 2 naming
    ``option``."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(value)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        ok = False
    if not ok:
        fail(f"{option} {value!r}: give an http(s) URL, e.g. http://localhost:8000/v1")
    try:
        port = parts.port
    except ValueError:
        port = -1
    if port is not None and not 1 <= port <= 65535:
        fail(f"{option} {value!r}: the port must be a number from 1 to 65535")
    if parts.query or parts.fragment or value.rstrip().endswith(("?", "#")):
        fail(f"{option} {value!r}: give the base URL without a query or fragment")
    return value


def input_file(option: str, path: Path) -> Path:
    """``path`` if it is an existing regular file, else exit 2 naming ``option``."""
    if not path.exists():
        fail(f"{option}: no such file: {path}")
    if not path.is_file():
        fail(f"{option}: not a file: {path}")
    return path


def stdin_records(option: str) -> Iterator[BatchRecord]:
    """The JSONL records of stdin, for ``option`` given as ``-``; exit 2 when stdin is
    closed."""
    if sys.stdin is None:
        fail(f"{option} -: reads stdin, but stdin is closed")
    return read_batch_stream(sys.stdin.buffer)


def require_usable_lines(
    option: str, src: Path | str, lines: int, unusable: int, first: object
) -> None:
    """Exit 2 when a JSONL input had no line, or no line that could be used (``first``: the
    first unusable line's error)."""
    if lines == 0:
        fail(f"{option}: no lines in {src} (one {{id, text}} JSON object per line)")
    if unusable == lines:
        fail(f"{option}: no usable line in {src} ({unusable} unusable; first: {first})")


def report_formats(formats: str) -> list[str]:
    """The report formats of a ``--format`` list, checked before any work is done."""
    from saferail.reports import FORMATS, ReportFormatError, resolve_formats

    wanted = csv_list(formats)
    if not wanted:
        fail(f"--format: no report format given (formats: {', '.join(FORMATS)})")
    try:
        return resolve_formats(wanted)
    except ReportFormatError as exc:
        fail(str(exc))


_OPTION_OF = {"rate_limit_rps": "rate", "timeout_s": "timeout"}


def config_error(exc: ValidationError) -> NoReturn:
    """Exit 2 with the first invalid setting of a run config, named as its CLI option."""
    err = exc.errors()[0]
    field = str(err["loc"][0]) if err["loc"] else "config"
    option = _OPTION_OF.get(field, field).replace("_", "-")
    fail(f"--{option}: {err['msg']} (got {err.get('input')!r})")


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one existing file (writing one would destroy the other)."""
    try:
        return a.samefile(b)
    except OSError:
        return False


def listen_or_fail(host: str, port: int) -> None:
    """A port in use or an address not on this machine: one line, exit 1, before anything
    slow starts (rather than the web server's log after start-up)."""
    from saferail.gateway.runtime import ListenError, check_listen

    try:
        check_listen(host, port)
    except ListenError as exc:
        fail(str(exc), EXIT_BLOCKED)


def _policy_errors(exc: PolicyError) -> NoReturn:
    for issue in exc.issues:
        sys.stderr.write(f"saferail: error: {issue}\n")
    raise typer.Exit(EXIT_USAGE)


def policy_from(path: Path | None) -> Policy:
    """Load a policy (default when ``None``), exiting 2 with one line per mistake; a policy
    file that turns nothing on (no enabled check, no tools section) gets a warning line."""
    try:
        policy = load_policy(path)
    except PolicyError as exc:
        _policy_errors(exc)
    if path is not None and not _guards_anything(policy):
        sys.stderr.write(
            f"saferail: warning: {path} enables no checks and no tool rules: everything passes\n"
        )
    return policy


def _guards_anything(policy: Policy) -> bool:
    if policy.tools is not None:
        return True
    return any(
        cfg.enabled for surface in SURFACES for cfg in policy.surface(surface).checks.values()
    )


def guard_from(path: Path | None) -> Guard:
    """Build a Guard from a policy path, exiting 2 with one line per mistake."""
    try:
        return Guard(policy_from(path))
    except PolicyError as exc:
        _policy_errors(exc)
    except SaferailError as exc:
        fail(str(exc))


@contextmanager
def progress_bar(
    total: int, label: str, *, enabled: bool, every: int = 100
) -> Iterator[Callable[[], None]]:
    """Yield ``advance()`` driving a transient progress bar on stderr (a no-op if disabled).

    The bar is redrawn every ``every`` items so that it costs little on fast loops.
    """
    if not enabled:
        yield lambda: None
        return
    bar = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    with bar:
        task = bar.add_task(label, total=total)
        pending = [0]

        def advance() -> None:
            pending[0] += 1
            if pending[0] >= every:
                bar.advance(task, pending[0])
                pending[0] = 0

        yield advance
        bar.advance(task, pending[0])
