"""``saferail eval``, ``runs``, ``suites``, ``compare`` and ``gate``: the evaluation harness."""

from __future__ import annotations

__all__ = [
    "compare_command",
    "eval_command",
    "gate_command",
    "runs_command",
    "suites_command",
]

import shlex
import sys
from contextlib import AsyncExitStack
from pathlib import Path
from typing import NoReturn

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
from rich.table import Table

from saferail.cli._signals import interrupted_code, run_async
from saferail.cli.common import (
    config_error,
    csv_list,
    fail,
    guard_from,
    report_formats,
    run_store,
)
from saferail.errors import SaferailError
from saferail.evals.compare import Comparison
from saferail.evals.executors import TargetRecipe, make_executor
from saferail.evals.metrics import Rate, RunMetrics
from saferail.evals.runner import RunConfig, Runner
from saferail.evals.session import LoadedRun, compare_runs, gate_run, load_run
from saferail.evals.suite import Suite, builtin_suites, load_suite
from saferail.reports import RunReport, write_reports
from saferail.targets import guarded
from saferail.targets.base import Target
from saferail.targets.spec import target_from_spec

EXIT_GATE_FAILED = 1
EXIT_ALL_ERRORED = 1
_err = Console(stderr=True)


def _fmt(rate: Rate | None) -> str:
    if rate is None or rate.n == 0:
        return "-"
    return f"{rate.rate:.3f} [{rate.low:.2f}, {rate.high:.2f}] ({rate.k}/{rate.n})"


def print_metrics(metrics: RunMetrics, console: Console) -> None:
    """A table of per-category pass and refusal rates with 95% Wilson intervals."""
    table = Table(title="results (95% Wilson intervals)", title_justify="left")
    for col in ("category", "cases", "pass rate", "refusal rate", "errors"):
        table.add_column(col, justify="left" if col == "category" else "right")
    for name, m in metrics.categories.items():
        table.add_row(
            escape(name), str(m.n), _fmt(m.pass_rate), _fmt(m.refusal_rate), str(m.errors)
        )
    table.add_row(
        "[bold]all[/bold]",
        str(metrics.n),
        _fmt(metrics.pass_rate),
        _fmt(metrics.refusal_rate),
        str(metrics.errors),
    )
    console.print(table)
    if metrics.over_refusal is not None:
        console.print(f"over-refusal (benign prompts refused): {_fmt(metrics.over_refusal)}")


async def _execute(runner: Runner, resume: str | None, quiet: bool, target: Target) -> str:
    async with AsyncExitStack() as stack:
        closer = getattr(target, "aclose", None)
        if closer is not None:
            stack.push_async_callback(closer)
        stack.push_async_callback(runner.executor.aclose)
        if quiet or not sys.stderr.isatty():
            info = await runner.run(resume)
            return info.run_id
        bar = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=_err,
            transient=True,
        )
        with bar:
            task = bar.add_task(escape(runner.suite.name), total=None)
            runner.progress = lambda done, total: bar.update(task, completed=done, total=total)
            info = await runner.run(resume)
        return info.run_id


def eval_command(
    suite: str = typer.Argument(..., help="Suite file (YAML/JSONL/CSV) or built-in suite name."),
    target: str = typer.Option(
        ..., "--target", "-t", help="echo, refuse, local, an http(s) URL or python:mod:name."
    ),
    model: str | None = typer.Option(None, "--model", help="Model name for HTTP targets."),
    policy: Path | None = typer.Option(
        None, "--policy", "-p", help="Guard the target with this policy (measure the guardrails)."
    ),
    guard: bool = typer.Option(False, "--guard", help="Guard the target with the default policy."),
    concurrency: int = typer.Option(8, "--concurrency", "-c", min=1, help="Cases in flight."),
    rate: float | None = typer.Option(None, "--rate", help="Max target calls per second."),
    retries: int = typer.Option(2, "--retries", min=0, help="Retries of a failed call."),
    timeout: float = typer.Option(60.0, "--timeout", help="Per-case time budget in seconds."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="Only the first N cases."),
    sample: int | None = typer.Option(None, "--sample", min=1, help="A random sample of N."),
    seed: int = typer.Option(0, "--seed", help="Seed of --sample."),
    resume: str | None = typer.Option(None, "--resume", help="Finish an interrupted run."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Ignore cached answers."),
    store_path: str | None = typer.Option(
        None,
        "--store",
        help="Run store: a SQLite path or postgresql:// URL "
        "(default: $SAFERAIL_STORE, else $SAFERAIL_HOME/runs.db).",
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Write reports here (default: ./saferail-reports/RUN)."
    ),
    formats: str = typer.Option(
        "html,md,json,junit,sarif", "--format", "-f", help="Report formats, comma-separated."
    ),
    no_report: bool = typer.Option(False, "--no-report", help="Do not write reports."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the plan and stop."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or tables."),
    executor: str = typer.Option(
        "local", "--executor", help="Where cases run: local (this process) or ray (a cluster)."
    ),
    address: str | None = typer.Option(
        None, "--address", help="Ray cluster address (default: start a local cluster)."
    ),
) -> None:
    """Run a suite against a target: plan, progress, per-category rates, reports.

    Results stream to the run store; an interrupted run is finished with --resume RUN.
    Cached answers of the same target and case are reused unless --no-cache. Exits 1 when
    every case errored (the run and its reports are still saved).
    """
    if not no_report:
        report_formats(formats)
    elif out is not None:
        fail("--out and --no-report conflict: drop one of them")
    try:
        the_suite = load_suite(suite)
        config = RunConfig(
            concurrency=concurrency,
            rate_limit_rps=rate,
            retries=retries,
            timeout_s=timeout,
            use_cache=not no_cache,
            limit=limit,
            sample=sample,
            seed=seed,
        )
        options = _http_options(target, concurrency)
        the_target = target_from_spec(target, model=model, **options)
        policy_version = None
        recipe = TargetRecipe(spec=target, model=model, options=options)
        if policy is not None or guard:
            g = guard_from(policy)
            policy_version = g.policy_version
            the_target = guarded(the_target, g)
            recipe = recipe.model_copy(update={"policy": g.policy})
        the_executor = make_executor(executor, recipe=recipe, address=address)
        store = run_store(store_path, must_exist=False)
        runner = Runner(
            the_suite,
            the_target,
            store,
            config,
            target_spec=target,
            policy_version=policy_version,
            executor=the_executor,
        )
        plan = runner.plan(resume=resume)
        _err.print(
            f"plan: {the_suite.name} v{the_suite.version[:12]} -> {target}: " + plan.describe(),
            markup=False,
            soft_wrap=True,
        )
        if dry_run:
            return
        try:
            run_id = run_async(_execute(runner, resume, quiet, the_target))
        except KeyboardInterrupt as exc:
            _interrupted(runner.run_id, suite, target, model, policy, guard, store_path, exc)
        run = load_run(store, run_id)
    except ValidationError as exc:
        config_error(exc)
    except SaferailError as exc:
        fail(str(exc))
    console = Console()
    if not quiet:
        print_metrics(run.metrics, console)
    typer.echo(f"run: {run.info.run_id}")
    if not no_report:
        try:
            _write_reports(
                run, the_suite, out or Path("saferail-reports") / run.info.run_id, formats
            )
        except (SaferailError, OSError) as exc:
            fail(f"cannot write reports: {exc}")
    _fail_if_all_errored(run)


def _http_options(target: str, concurrency: int) -> dict[str, int]:
    """Options of an HTTP target: at most ``concurrency`` requests in flight, and no retries
    of its own (the runner retries, ``--retries`` times, with the plan counting them)."""
    if not target.strip().lower().startswith(("http://", "https://")):
        return {}
    return {"max_concurrency": concurrency, "max_retries": 0}


def _interrupted(
    run_id: str | None,
    suite: str,
    target: str,
    model: str | None,
    policy: Path | None,
    guard: bool,
    store: str | None,
    exc: BaseException,
) -> NoReturn:
    """Exit 130 (143 after SIGTERM) with the command that finishes the interrupted run: the
    same suite, target and store, and the options that make up the target's identity
    (--model, --policy)."""
    code = interrupted_code(exc)
    if run_id is None:
        fail("interrupted before the run started; nothing was recorded", code=code)
    args = ["saferail", "eval", suite, "--target", target]
    args += ["--model", model] if model is not None else []
    args += ["--policy", str(policy)] if policy is not None else (["--guard"] if guard else [])
    args += ["--store", store] if store is not None else []
    fail(f"interrupted; finish it with: {shlex.join([*args, '--resume', run_id])}", code=code)


def _fail_if_all_errored(run: LoadedRun) -> None:
    """Exit 1 when no case got a verdict (an unreachable target, say): the run and its reports
    are kept, but a table of errors must not pass for a result."""
    errors = [r.error for r in run.results if r.error is not None]
    if errors and len(errors) == len(run.results):
        first = errors[0].strip().splitlines()[0] if errors[0].strip() else "unknown error"
        fail(f"all {len(errors)} cases errored (first: {first})", EXIT_ALL_ERRORED)


def _write_reports(run: LoadedRun, suite: Suite, out: Path, formats: str) -> None:
    wanted = csv_list(formats)
    gate = None
    if run.gate_criteria:
        gate, _ = gate_run(run)
    report = RunReport(
        info=run.info,
        results=run.results,
        metrics=run.metrics,
        gate=gate,
        cases={c.id: c for c in suite.cases},
    )
    paths = write_reports(report, out, formats=wanted)
    for fmt, path in paths.items():
        typer.echo(f"report ({fmt}): {path}")


def runs_command(
    suite: str | None = typer.Option(None, "--suite", help="Only runs of this suite."),
    limit: int = typer.Option(20, "--limit", min=1, help="How many runs to list."),
    store_path: str | None = typer.Option(
        None, "--store", help="Run store: SQLite path or postgresql:// URL."
    ),
) -> None:
    """List recorded runs, newest first."""
    store = run_store(store_path, must_exist=store_path is not None)  # none yet: an empty list
    runs = store.list_runs(suite, limit)
    if not runs:  # say so (on stderr: stdout stays a list a script can read)
        of_suite = f" of suite {suite!r}" if suite is not None else ""
        typer.echo(
            f"no runs{of_suite} in {store.location}: `saferail eval SUITE --target ...` "
            "records them",
            err=True,
        )
    for r in runs:
        spec = r.manifest.get("target", {}).get("spec") or r.target_fingerprint[:12]
        typer.echo(
            f"{r.run_id}  {r.status.value:<11} {r.suite_name} v{r.suite_version[:12]}  "
            f"target={spec}  {r.created_at}"
        )


def suites_command() -> None:
    """List the built-in suites with their case counts and categories."""
    for name in builtin_suites():
        try:
            s = load_suite(name)
        except SaferailError as exc:
            fail(str(exc))
        cats = ", ".join(s.categories())
        typer.echo(f"{name:<26} {len(s.cases):>5} cases  {cats}")


def _print_comparison(cmp: Comparison) -> None:
    table = Table(
        title=f"{cmp.run_id} vs baseline {cmp.baseline_id} (paired exact McNemar, Holm-adjusted)",
        title_justify="left",
    )
    for col in ("category", "shared", "baseline", "run", "delta", "lost", "won", "p adj", ""):
        table.add_column(col, justify="left" if col == "category" else "right")
    for d in [*cmp.categories, cmp.overall]:
        mark = (
            "[red]REGRESSION[/red]"
            if d.significant_regression
            else ("[green]improved[/green]" if d.significant_improvement else "")
        )
        table.add_row(
            escape(d.category),
            str(d.shared),
            f"{d.baseline_rate:.3f}",
            f"{d.run_rate:.3f}",
            f"{d.delta:+.3f}",
            str(d.regressions),
            str(d.fixes),
            f"{d.p_adjusted:.3g}",
            mark,
        )
    Console().print(table)
    if cmp.uncompared:
        typer.echo(cmp.describe_uncompared())
    if cmp.unmatched:
        typer.echo(
            f"{cmp.unmatched} cases were not paired (missing, changed, errored or unjudged "
            "in one of the runs)"
        )


def compare_command(
    run: str = typer.Argument(..., help="Run id (or unique prefix)."),
    baseline: str = typer.Argument(..., help="Baseline run id (or unique prefix)."),
    margin: float = typer.Option(0.0, "--margin", help="Pass-rate drop tolerated."),
    alpha: float = typer.Option(0.05, "--alpha", help="Significance level after Holm."),
    store_path: str | None = typer.Option(
        None, "--store", help="Run store: SQLite path or postgresql:// URL."
    ),
) -> None:
    """Compare a run with a baseline on shared cases; exit 1 on a significant regression."""
    store = run_store(store_path)
    try:
        cmp = compare_runs(
            load_run(store, run), load_run(store, baseline), margin=margin, alpha=alpha
        )
    except SaferailError as exc:
        fail(str(exc))
    _print_comparison(cmp)
    if cmp.regressed:
        raise typer.Exit(EXIT_GATE_FAILED)


def gate_command(
    run: str = typer.Argument(..., help="Run id (or unique prefix)."),
    criterion: list[str] = typer.Option(
        [], "--criterion", "-c", help="e.g. 'refusal_rate[weapons] >= 0.98' (repeatable)."
    ),
    baseline: str | None = typer.Option(None, "--baseline", help="Baseline run for no_regression."),
    margin: float = typer.Option(0.0, "--margin", help="Pass-rate drop tolerated."),
    alpha: float = typer.Option(0.05, "--alpha", help="Significance level after Holm."),
    store_path: str | None = typer.Option(
        None, "--store", help="Run store: SQLite path or postgresql:// URL."
    ),
) -> None:
    """Check a run against its suite's gate (or --criterion ones): exit 0 passed, 1 failed."""
    store = run_store(store_path)
    try:
        new = load_run(store, run)
        old = load_run(store, baseline) if baseline else None
        result, _ = gate_run(new, criteria=criterion, baseline=old, margin=margin, alpha=alpha)
    except SaferailError as exc:
        fail(str(exc))
    typer.echo(result.explain())
    if not result.passed:
        raise typer.Exit(EXIT_GATE_FAILED)
