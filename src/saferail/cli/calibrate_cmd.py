"""``saferail calibrate``: fit per-check thresholds to a target FPR on benign traffic."""

from __future__ import annotations

__all__ = ["calibrate_command"]

import os
import sys
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from saferail.calibrate import (
    CalibrationError,
    CalibrationResult,
    calibrate,
    percent_text,
    policy_source,
    rate_text,
)
from saferail.checks.base import SURFACES
from saferail.cli.common import (
    csv_list,
    fail,
    input_file,
    policy_from,
    progress_bar,
    same_file,
    stdin_records,
)
from saferail.errors import PolicyError, SaferailError, TextFileError
from saferail.io import BatchRecord, read_batch
from saferail.reports._files import ReportWriteError, write_files

_err = Console(stderr=True)


def calibrate_command(
    benign: Path | None = typer.Option(
        None,
        "--benign",
        "-b",
        help="JSONL of benign texts: one {id, text} per line ('-' = stdin).",
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Where to write the calibrated policy YAML."
    ),
    policy: Path | None = typer.Option(
        None, "--policy", "-p", help="Policy YAML to calibrate (default: bundled)."
    ),
    target_fpr: str = typer.Option(
        "0.01", "--target-fpr", metavar="FLOAT", help="Target false-positive rate, 0 < t < 1."
    ),
    checks: str | None = typer.Option(
        None, "--checks", help="Comma-separated checks to calibrate (default: all enabled)."
    ),
    surface: str = typer.Option(
        "input", "--surface", "-s", help="Surface: input, output, retrieval or tool_call."
    ),
    confidence: str = typer.Option(
        "0.95", "--confidence", metavar="FLOAT", help="Level of the FPR upper bound, 0 < c < 1."
    ),
    min_threshold: float = typer.Option(
        0.05, "--min-threshold", min=0.0, max=1.0, help="Never set a threshold below this."
    ),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Progress bar."),
) -> None:
    """Fit each check's threshold so at most --target-fpr of benign texts fire.

    Scores every text of --benign with the surface's checks, picks each threshold with the
    split-conformal rule, prints the achieved FPR and its Clopper-Pearson upper bound, and
    writes the policy with the new thresholds to --out. Exit 0 on success, 2 on a usage error.
    """
    if benign is None:
        fail("--benign FILE is required (JSONL, one {id, text} per line)")
    if out is None:
        fail("--out FILE is required (where to write the calibrated policy)")
    target = _rate("--target-fpr", target_fpr)
    level = _rate("--confidence", confidence)
    if surface not in SURFACES:
        fail(f"--surface must be one of {', '.join(SURFACES)} (got {surface!r})")
    names = None
    if checks is not None:
        names = list(csv_list(checks))
        if not names:
            fail("--checks: give at least one check name (comma-separated)")
    if out.is_dir():
        fail(f"--out: is a directory: {out}")
    if not out.parent.is_dir():
        fail(f"--out: no such directory: {out.parent}")
    from_stdin = str(benign) == "-"
    if not from_stdin and same_file(benign, out):
        fail(f"--out {out} is the --benign set: writing it would destroy the --benign set")
    loaded = policy_from(policy)
    records = _read_benign(benign)
    try:
        label = "stdin" if from_stdin else benign.name
        with _progress(len(records), label, enabled=progress and sys.stdout.isatty()) as tick:
            result = calibrate(
                loaded,
                records,
                target_fpr=target,
                min_threshold=min_threshold,
                surface=surface,
                checks=names,
                confidence=level,
                progress=tick,
            )
    except PolicyError as exc:
        for issue in exc.issues:
            sys.stderr.write(f"saferail: error: {issue}\n")
        raise typer.Exit(2) from None
    except (CalibrationError, SaferailError) as exc:
        fail(str(exc))
    source = _shown(policy) if policy is not None else "the bundled default policy"
    shown = "stdin" if from_stdin else _shown(benign)
    header = [f"source policy: {source}", f"benign set: {shown}"]
    _write(out, result.policy_yaml(header, source=policy_source(policy)))
    _print(result, out)


def _shown(path: Path) -> str:
    """``path`` for the UTF-8 policy header: bytes of a file name that are not UTF-8 are
    written as ``\\xNN`` escapes (they cannot be encoded as they are)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _rate(option: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        fail(f"{option} must be a number strictly between 0 and 1 (got {raw!r})")
    if not 0.0 < value < 1.0:
        fail(f"{option} must be strictly between 0 and 1 (got {raw})")
    return value


def _read_benign(path: Path) -> list[BatchRecord]:
    from_stdin = str(path) == "-"
    try:
        if from_stdin:
            records = list(stdin_records("--benign"))
        else:
            records = list(read_batch(input_file("--benign", path)))
    except OSError as exc:
        fail(f"--benign: cannot read {path}: {exc.strerror}")
    except TextFileError as exc:
        fail(f"--benign: {exc}")
    return _usable(records, "stdin" if from_stdin else str(path))


def _usable(records: list[BatchRecord], path: str) -> list[BatchRecord]:
    good = [r for r in records if r.error is None]
    bad = [r for r in records if r.error is not None]
    if not good:
        why = f" ({len(bad)} unusable lines; first: {bad[0].error})" if bad else ""
        fail(f"--benign: no benign texts in {path}{why}")
    if bad:
        sys.stderr.write(
            f"saferail: warning: --benign: skipped {len(bad)} unusable lines "
            f"(first: {bad[0].error})\n"
        )
    return good


def _progress(total: int, label: str, *, enabled: bool) -> Any:
    return progress_bar(total, f"scoring {label}", enabled=enabled, every=50)


def _write(out: Path, text: str) -> None:
    """Write ``text`` whole or not at all (a failed write, a full disk say, never leaves a
    half-written or truncated policy)."""
    try:
        write_files({out: text})
    except ReportWriteError as exc:
        fail(f"--out: cannot write {exc}")


def _print(result: CalibrationResult, out: Path) -> None:
    console = Console()
    table = Table(
        title=f"saferail calibrate: {result.surface}, {result.n} benign texts, "
        f"target FPR {result.target_fpr:g}, bound at {percent_text(result.confidence)}",
        caption="a finding fires when its score >= threshold, the next float above the "
        "conformal quantile of the benign scores",
    )
    table.add_column("check", no_wrap=True)
    table.add_column("n", justify="right")
    table.add_column("threshold", justify="right")
    table.add_column("achieved FPR", justify="right")
    table.add_column("FPR upper bound", justify="right")
    for c in result.checks:
        table.add_row(
            c.check,
            str(c.n),
            repr(c.threshold),
            rate_text(c.achieved_fpr),
            rate_text(c.fpr_upper_bound),
        )
    console.print(table)
    for warning in result.warnings:
        sys.stderr.write(f"saferail: warning: {warning}\n")
    console.print(
        f"wrote {out} ({result.policy.version})", markup=False, highlight=False, soft_wrap=True
    )
