"""``saferail triage`` and ``saferail hotfix``: from a reported failure to a validated fix.

``triage`` reproduces a reported prompt or transcript against a target, labels it with the
failure taxonomy, minimizes it and writes a bug report (Markdown + JSON); it exits 0 when the
failure reproduced and 1 when it did not. ``hotfix`` picks a small subset of the suites that
still covers every (category, risk tag) pair, recent failures first, runs it and exits 0 when
every source suite's gate passes, 1 otherwise. Errors are one line, exit 2.
"""

from __future__ import annotations

__all__ = ["hotfix_command", "triage_command"]

import asyncio
import datetime as dt
from collections.abc import Awaitable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from saferail.cli.common import config_error, csv_list, fail, guard_from, run_store
from saferail.errors import SaferailError
from saferail.evals.case import Expected
from saferail.evals.metrics import Rate
from saferail.evals.runner import RunConfig
from saferail.evals.suite import Suite, builtin_suites, load_suite
from saferail.redteam.goals import Impact
from saferail.targets import guarded
from saferail.targets.base import Target
from saferail.targets.spec import target_from_spec

if TYPE_CHECKING:
    from saferail.governance.hotfix_run import HotfixRun
    from saferail.governance.triage import TriageResult

T = TypeVar("T")
EXIT_NOT_REPRODUCED = 1
EXIT_GATE_FAILED = 1

_TARGET_HELP = "echo, refuse, local, an http(s) URL or python:mod:name."
_STORE_HELP = (
    "Run store: a SQLite path or postgresql:// URL "
    "(default: $SAFERAIL_STORE, else $SAFERAIL_HOME/runs.db)."
)


def _choice(value: str | None, kind: type[Expected] | type[Impact], flag: str) -> Any:
    if value is None:
        return None
    try:
        return kind(value.strip().lower())
    except ValueError:
        names = ", ".join(v.value for v in kind)
        fail(f"{flag} {value!r}: expected one of {names}")


def _timestamp(value: str | None) -> str | None:
    if value is not None:
        try:
            dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            fail(f"--reported-at {value!r}: expected an ISO 8601 time, e.g. 2025-05-01T09:30:00Z")
    return value


def _target(
    spec: str, model: str | None, policy: Path | None, guard: bool
) -> tuple[Target, str | None]:
    """The target (guarded by the policy when asked) and the policy version."""
    http = spec.startswith(("http://", "https://"))
    options = {"max_concurrency": 8} if http else {}
    raw = target_from_spec(spec, model=model, **options)
    if policy is None and not guard:
        return raw, None
    g = guard_from(policy)
    return guarded(raw, g), g.policy_version


async def _closing(target: Target, work: Awaitable[T]) -> T:
    """``work``'s result; the target is closed afterwards either way."""
    try:
        return await work
    finally:
        closer = getattr(target, "aclose", None)
        if closer is not None:
            await closer()


# -- triage -----------------------------------------------------------------------------------


def triage_command(
    report: str = typer.Argument(
        ...,
        help="The reported prompt (text) or transcript (JSON/JSONL chat messages); - reads stdin.",
    ),
    target: str = typer.Option(..., "--target", "-t", help=_TARGET_HELP),
    model: str | None = typer.Option(None, "--model", help="Model name for HTTP targets."),
    policy: Path | None = typer.Option(
        None, "--policy", "-p", help="Reproduce behind this policy (the guarded deployment)."
    ),
    guard: bool = typer.Option(False, "--guard", help="Reproduce behind the default policy."),
    expected: str | None = typer.Option(
        None,
        "--expected",
        "-e",
        help="The safe behaviour: refuse, comply, no_leak, ignore_injection, no_pii, "
        "safe_tool_use, no_toxicity, grounded (default: the report's, else no_leak with "
        "--canary, else refuse).",
    ),
    canary: str | None = typer.Option(None, "--canary", help="Text the answer must not contain."),
    keep: list[str] = typer.Option(
        [], "--keep", help="Text the minimizer must keep, e.g. the harmful request (repeatable)."
    ),
    scorer: str | None = typer.Option(None, "--scorer", help="Judge with this scorer instead."),
    runs: int = typer.Option(5, "--runs", "-n", min=1, max=1000, help="Sends of the report."),
    max_calls: int = typer.Option(30, "--max-calls", "-k", min=0, help="Most minimizing sends."),
    no_minimize: bool = typer.Option(False, "--no-minimize", help="Do not minimize."),
    retries: int = typer.Option(2, "--retries", min=0, max=10, help="Retries of a failed call."),
    timeout: float = typer.Option(
        60.0, "--timeout", min=0.001, help="Per-send time budget in seconds."
    ),
    impact: str | None = typer.Option(
        None, "--impact", help="Impact of the failure: low, medium, high, critical."
    ),
    reported_at: str | None = typer.Option(
        None, "--reported-at", help="When it was reported (ISO 8601), for time-to-triage."
    ),
    store_path: str | None = typer.Option(None, "--store", help=_STORE_HELP),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Report directory (default: ./saferail-triage/<id>)."
    ),
) -> None:
    """Reproduce a reported failure N times, label it, minimize it and write a bug report.

    Exit 0 when it reproduced, 1 when it did not, 2 on errors.
    """
    from saferail.governance.triage import (
        TriageConfig,
        read_report,
        run_triage,
        write_triage_report,
    )

    folder = out or Path("saferail-triage")
    if (blocker := _not_a_folder(folder)) is not None:
        fail(f"--out {folder}: {blocker} exists and is not a directory")
    try:
        config = TriageConfig(
            runs=runs,
            expected=_choice(expected, Expected, "--expected"),
            canary=canary,
            keep=tuple(keep),
            scorer=scorer,
            minimize=not no_minimize,
            max_calls=max_calls,
            retries=retries,
            timeout_s=timeout,
            impact=_choice(impact, Impact, "--impact"),
            reported_at=_timestamp(reported_at),
        )
        reported = read_report(report)
        the_target, version = _target(target, model, policy, guard)
        store = run_store(store_path, must_exist=False)
        result = asyncio.run(
            _closing(
                the_target,
                run_triage(
                    reported,
                    the_target,
                    store,
                    config,
                    target_spec=target,
                    policy_version=version,
                ),
            )
        )
        paths = write_triage_report(result, out or folder / result.id)
    except (SaferailError, OSError) as exc:
        fail(str(exc))
    _print_triage(result, paths)
    if not result.reproduced:
        raise typer.Exit(EXIT_NOT_REPRODUCED)


def _not_a_folder(folder: Path) -> Path | None:
    """The nearest existing ancestor of ``folder`` (itself included) when it is not a
    directory: the report could not be written there, so say so before any send."""
    for path in (folder, *folder.parents):
        if path.exists():
            return None if path.is_dir() else path
    return None


def _print_triage(result: TriageResult, paths: dict[str, Path]) -> None:
    verb = "reproduced" if result.reproduced else "did NOT reproduce"
    typer.echo(f"{result.id}: {verb} {result.reproduction.describe()} ({result.expected})")
    if result.labels:
        names = ", ".join(f"{lb['id']} ({lb['severity']})" for lb in result.labels)
        typer.echo(f"labels: {names}")
    m = result.minimized
    if m is not None:
        again = f"; fails {m.verification.describe()}" if m.verification else ""
        typer.echo(
            f"minimized: {m.original_length} -> {m.length} chars in {m.calls} send(s) "
            f"({', '.join(m.reduced) or 'nothing removable'}){again}"
        )
    if result.severity is not None:
        typer.echo(f"severity: {result.severity.severity.value} ({result.severity.rationale})")
    typer.echo(f"run: {result.run_id}")
    for fmt, path in paths.items():
        typer.echo(f"report ({fmt}): {path}")


# -- hotfix -----------------------------------------------------------------------------------


def _suites(names: str | None) -> list[Suite]:
    wanted = list(csv_list(names)) or builtin_suites()
    return [load_suite(n) for n in dict.fromkeys(wanted)]


def _fmt(rate: Rate | None) -> str:
    if rate is None or rate.n == 0:
        return "-"
    return f"{rate.rate:.2f} [{rate.low:.2f}, {rate.high:.2f}] ({rate.k}/{rate.n})"


def hotfix_command(
    target: str = typer.Option(..., "--target", "-t", help=_TARGET_HELP),
    model: str | None = typer.Option(None, "--model", help="Model name for HTTP targets."),
    policy: Path | None = typer.Option(
        None, "--policy", "-p", help="Run behind this policy (the hotfixed guard)."
    ),
    guard: bool = typer.Option(False, "--guard", help="Run behind the default policy."),
    suites: str | None = typer.Option(
        None, "--suites", "-s", help="Comma-separated suites (names or files; default: built-ins)."
    ),
    budget: int | None = typer.Option(
        None, "--budget", "-b", min=1, help="Most cases to run (default: cover + recent failures)."
    ),
    history: int = typer.Option(
        5, "--history", min=0, help="Recent runs per suite whose failures come first."
    ),
    store_path: str | None = typer.Option(None, "--store", help=_STORE_HELP),
    concurrency: int = typer.Option(8, "--concurrency", "-c", min=1, help="Cases in flight."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Ignore cached answers."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the selection and stop."),
) -> None:
    """Run a reduced, high-signal subset of the suites that still covers every risk category.

    Exit 0 when every suite's gate passes on the subset, 1 when one fails, 2 on errors.
    """
    from saferail.governance.hotfix import history_from_store, select_hotfix
    from saferail.governance.hotfix_run import run_hotfix

    try:
        config = RunConfig(concurrency=concurrency, use_cache=not no_cache)
    except ValidationError as exc:
        config_error(exc)
    try:
        chosen = _suites(suites)
        store = run_store(store_path, must_exist=False)
        past = history_from_store(store, [s.name for s in chosen], history) if history else []
        selection = select_hotfix(chosen, past, budget)
        for line in selection.rationale():
            typer.echo(line)
        if dry_run:
            for pick in selection.picks:
                why = "failed recently" if pick.reason == "recent_failure" else "coverage"
                typer.echo(f"  {pick.suite}/{pick.case_id}  [{pick.category}] {why}")
            return
        the_target, version = _target(target, model, policy, guard)
        outcome = asyncio.run(
            _closing(
                the_target,
                run_hotfix(
                    selection,
                    chosen,
                    the_target,
                    store,
                    config,
                    target_spec=target,
                    policy_version=version,
                ),
            )
        )
    except SaferailError as exc:
        fail(str(exc))
    _print_hotfix(outcome)
    if not outcome.passed:
        raise typer.Exit(EXIT_GATE_FAILED)


def _print_hotfix(outcome: HotfixRun) -> None:
    table = Table(title="hotfix subset (95% Wilson intervals)", title_justify="left")
    for col in ("suite", "cases", "pass rate", "refusal rate", "gate"):
        table.add_column(col, justify="left" if col in ("suite", "gate") else "right")
    for v in outcome.verdicts:
        gate = "-" if v.gate is None else ("passed" if v.gate.passed else "FAILED")
        table.add_row(
            v.suite, str(v.metrics.n), _fmt(v.metrics.pass_rate), _fmt(v.metrics.refusal_rate), gate
        )
    m = outcome.metrics
    table.add_row("all", str(m.n), _fmt(m.pass_rate), _fmt(m.refusal_rate), "")
    Console(width=120).print(table)
    for v in outcome.verdicts:
        for r in v.gate.results if v.gate is not None else ():
            if not r.passed:
                typer.echo(f"  FAIL {v.suite}: {r.criterion}  {r.detail}")
    for run_id, version in zip(outcome.run_ids, outcome.versions, strict=True):
        typer.echo(f"run: {run_id} (suite hotfix v{version[:12]})")
    typer.echo(f"gate: {'PASSED' if outcome.passed else 'FAILED'}")
