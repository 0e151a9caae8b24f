"""``saferail redteam``: attack a target with seed goals × strategies, within a budget."""

from __future__ import annotations

__all__ = ["redteam_command"]

import json
import os
import sys
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any, NoReturn

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress
from rich.table import Table

from saferail.cli._signals import interrupted_code, run_async
from saferail.cli.common import config_error, csv_list, fail
from saferail.errors import SaferailError
from saferail.evals.executors import TargetRecipe, make_executor
from saferail.evals.executors.redteam import ExecutorRedTeam
from saferail.evals.store import open_store
from saferail.redteam.engine import RedTeam, RedTeamConfig
from saferail.redteam.goals import load_goals
from saferail.redteam.results import RedTeamResult
from saferail.redteam.strategies.registry import available_strategies, get_strategy
from saferail.targets.base import Target
from saferail.targets.spec import target_from_spec

_err = Console(stderr=True)

EXIT_ALL_ERRORED = 1
"""Exit code when every attack attempt ended on a failed request (reports are still written)."""


def _params(values: list[str]) -> dict[str, dict[str, Any]]:
    """``strategy.param=value`` pairs (value parsed as JSON when it is JSON)."""
    out: dict[str, dict[str, Any]] = {}
    for item in values:
        key, sep, raw = item.partition("=")
        strategy, dot, param = key.partition(".")
        if not sep or not dot or not strategy or not param:
            fail(f"--param {item!r}: expected STRATEGY.PARAM=VALUE")
        try:
            value: Any = json.loads(raw)
        except ValueError:
            value = raw
        out.setdefault(strategy, {})[param] = value
    return out


def _list_strategies() -> None:
    table = Table(title="attack strategies", title_justify="left")
    table.add_column("name", no_wrap=True)
    for col in ("goal kinds", "multi-turn", "tags", "description"):
        table.add_column(col, overflow="fold")
    for name in available_strategies():
        info = get_strategy(name).info()
        table.add_row(
            name,
            ", ".join(info.kinds),
            "yes" if info.multi_turn else "",
            " ".join([*info.tags, *info.atlas]),
            info.description,
        )
    Console().print(table)


def print_summary(result: RedTeamResult, console: Console) -> None:
    """Attack success rate per strategy and the findings, most severe first."""
    table = Table(title="attack success rate per strategy (95% Wilson)", title_justify="left")
    errors = any(s.errors for s in result.strategies)
    cols = ("strategy", "attempts", "successes", "ASR", "calls") + (("errors",) if errors else ())
    for col in cols:
        table.add_column(col, justify="left" if col == "strategy" else "right")
    for s in result.strategies:
        asr = f"{s.asr:.2f} [{s.low:.2f}, {s.high:.2f}]" if s.answered else "n/a"
        row = [s.strategy, str(s.attempts), str(s.successes), asr, str(s.calls)]
        table.add_row(*row, *([str(s.errors)] if errors else []))
    console.print(table)
    spent = ", ".join(f"{k} {v}" for k, v in sorted(result.calls.items()))
    console.print(f"calls: {result.calls_used} of {result.budget} ({spent or 'none'})")
    if not result.findings:
        none = "no successful attacks" if result.answered else "no attempt got an answer"
        console.print(f"{none}: no findings")
        return
    found = Table(title="findings", title_justify="left")
    for col in ("id", "severity", "strategy", "goal kind", "success", "repro", "mitigation"):
        found.add_column(col, overflow="fold")
    for f in result.findings:
        repro = f"{f.repro.ratio:.2f} x" if f.repro else "-"
        fix = "-"
        if f.mitigation is not None:
            fix = f"{', '.join(f.mitigation.checks) or f.mitigation.policy}" + (
                " (verified)" if f.mitigation.verified else " (not verified)"
            )
        found.add_row(
            f.id,
            f.severity.value,
            f.strategy,
            f.kind,
            f"{f.successes}/{f.attempts}",
            repro,
            fix,
        )
    console.print(found)


async def _run(
    team: RedTeam, resume: str | None, quiet: bool, targets: list[Target]
) -> RedTeamResult:
    async with AsyncExitStack() as stack:
        for target in targets:
            closer = getattr(target, "aclose", None)
            if closer is not None:
                stack.push_async_callback(closer)
        if isinstance(team, ExecutorRedTeam):
            stack.push_async_callback(team.executor.aclose)
        if quiet or not sys.stderr.isatty():
            return await team.run(resume)
        bar = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            console=_err,
            transient=True,
        )
        with bar:
            task = bar.add_task("calls", total=team.budget.total)
            team.progress = lambda used, total: bar.update(task, completed=used, total=total)
            return await team.run(resume)


def _unanswered(result: RedTeamResult) -> None:
    """Warn when attempts got no answer (left out of the ASR); exit 1 when none did, since
    a run of failed requests must not pass for a target that resisted every attack."""
    errors = len(result.errors)
    if not errors:
        return
    first = (result.first_error() or "").strip().splitlines() or ["unknown error"]
    total = len(result.attempts)
    if errors == total:
        fail(f"all {total} attack attempts errored (first: {first[0]})", EXIT_ALL_ERRORED)
    _err.print(
        f"warning: {errors} of {total} attack attempts got no answer (left out of the ASR); "
        f"first error: {first[0]}",
        soft_wrap=True,
        markup=False,
        highlight=False,
    )


def _check_dir(option: str, path: Path) -> None:
    """Fail unless ``path`` is, or can be created as, a writable directory (nothing is
    created here: this runs before the attack, so a bad path costs no model call)."""
    if path.exists() and not path.is_dir():
        fail(f"{option} {path}: exists and is not a directory")
    parent = path.absolute()
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        fail(f"{option} {path}: {parent} is not a directory")
    if not os.access(parent, os.W_OK | os.X_OK):
        fail(f"{option} {path}: {parent} is not writable")


def _check_outputs(
    formats: str, compare: Path | None, dirs: dict[str, Path | None]
) -> RedTeamResult | None:
    """Fail on an unknown report format, an output path that cannot be a directory or an
    unreadable --compare report before any call is made (not after the budget is spent);
    returns the run to compare with."""
    from saferail.redteam.report import FORMATS, load_result

    wanted = csv_list(formats)
    if not wanted:
        fail(f"--format: no report format given (formats: {', '.join(FORMATS)})")
    unknown = [f for f in wanted if f.lower() not in (*FORMATS, "markdown")]
    if unknown:
        fail(f"unknown report format {unknown[0]!r} (formats: {', '.join(FORMATS)})")
    for option, path in dirs.items():
        if path is not None:
            _check_dir(option, path)
    return load_result(compare) if compare is not None else None


def _outputs(
    result: RedTeamResult,
    out: Path,
    formats: str,
    redact: bool,
    issues: Path | None,
    suite_dir: Path | None,
    other: RedTeamResult | None = None,
) -> None:
    from saferail.redteam.export import export_issues
    from saferail.redteam.regression import save_regression_suite
    from saferail.redteam.report import write_reports

    wanted = csv_list(formats)
    written = write_reports(result, out, formats=wanted, redact=redact, compare=other)
    for path in written.values():
        typer.echo(f"report: {path}")
    if issues is not None:
        tickets = export_issues(result, issues, redact=redact)
        typer.echo(f"issues: {len(tickets)} file(s) in {issues}")
    if suite_dir is not None:
        if not any(a.succeeded for a in result.attempts):
            typer.echo(f"regression suite: no successful attacks to save in {suite_dir}")
            return
        path = save_regression_suite(result, suite_dir)
        typer.echo(f"regression suite: {path} (run it: saferail eval {path} --target ...)")


def redteam_command(
    target: str = typer.Option(
        "", "--target", "-t", help="echo, refuse, local, an http(s) URL or python:mod:name."
    ),
    model: str | None = typer.Option(None, "--model", help="Model name for HTTP targets."),
    policy: Path | None = typer.Option(
        None, "--policy", "-p", help="Attack the target behind this policy (measure the guard)."
    ),
    guard: bool = typer.Option(False, "--guard", help="Attack it behind the default policy."),
    budget: int = typer.Option(200, "--budget", "-b", min=1, help="Most model calls to make."),
    strategies: str | None = typer.Option(
        None, "--strategies", "-s", help="Comma-separated strategies (default: all)."
    ),
    param: list[str] = typer.Option(
        [], "--param", help="Strategy parameter STRATEGY.PARAM=VALUE (repeatable)."
    ),
    goals_file: Path | None = typer.Option(
        None, "--goals", help="Goal file (YAML; default: the built-in seed goals)."
    ),
    only: str | None = typer.Option(
        None, "--only", help="Comma-separated goal ids or kinds to attack (default: all)."
    ),
    attacker: str | None = typer.Option(
        None, "--attacker", help="Attacker model for the pair strategy (a target spec)."
    ),
    seed: int = typer.Option(0, "--seed", help="Seed of attempt order and allocation."),
    max_tokens: int = typer.Option(200, "--max-tokens", min=1, help="Longest answer asked for."),
    explore: int = typer.Option(2, "--explore", min=0, help="Attempts per strategy first."),
    concurrency: int = typer.Option(4, "--concurrency", "-c", min=1, help="Requests in flight."),
    retries: int = typer.Option(1, "--retries", min=0, max=5, help="Retries of a failed call."),
    timeout: float = typer.Option(
        120.0, "--timeout", min=0.001, help="Per-request time budget in seconds."
    ),
    no_minimize: bool = typer.Option(False, "--no-minimize", help="Skip minimizing findings."),
    no_verify: bool = typer.Option(False, "--no-verify", help="Skip verifying mitigations."),
    require_harmful: bool = typer.Option(
        False, "--require-harmful", help="Harmful goals also need a harmful-answer verdict."
    ),
    resume: str | None = typer.Option(None, "--resume", help="Finish an interrupted run."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Ignore cached answers."),
    store_path: str | None = typer.Option(
        None, "--store", help="Run store: SQLite path or postgresql:// URL (as saferail eval)."
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Write reports here (default: ./saferail-reports/RUN)."
    ),
    formats: str = typer.Option("html,md,json,sarif", "--format", "-f", help="Report formats."),
    export_issues: Path | None = typer.Option(
        None, "--export-issues", help="Write one ticket per finding (Markdown + JSON) here."
    ),
    save_suite: Path | None = typer.Option(
        None, "--save-suite", help="Save successful attacks as a regression suite here."
    ),
    compare: Path | None = typer.Option(
        None, "--compare", help="A JSON report of another run to chart side by side."
    ),
    no_redact: bool = typer.Option(False, "--no-redact", help="Show full text in outputs."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the plan and stop."),
    list_only: bool = typer.Option(False, "--list", help="List the strategies and stop."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or tables."),
    executor: str = typer.Option(
        "local", "--executor", help="Where requests run: local (this process) or ray."
    ),
    address: str | None = typer.Option(
        None, "--address", help="Ray cluster address (default: start a local cluster)."
    ),
) -> None:
    """Red-team a target: seed goals x attack strategies within a call budget.

    Prints the plan (calls per strategy) first and never makes more than --budget model
    calls. Strategies that work get more of the budget. Successful attacks become findings
    with a severity, a minimized repro and a verified mitigation.

    Exits 0 when the run completes (whatever it found), 1 when every attack attempt errored
    (the reports are still written), 2 on a usage error, 130 when interrupted (finish the run
    with --resume RUN).
    """
    if list_only:
        _list_strategies()
        return
    if not target:
        fail("--target is required (echo, refuse, local, an http(s) URL or python:mod:name)")
    try:
        config = RedTeamConfig(
            budget=budget,
            strategies=csv_list(strategies),
            strategy_params=_params(param),
            goals=csv_list(only),
            seed=seed,
            params={"temperature": 0.0, "max_tokens": max_tokens},
            explore=explore,
            concurrency=concurrency,
            retries=retries,
            timeout_s=timeout,
            minimize=not no_minimize,
            verify=not no_verify,
            require_harmful=require_harmful,
            use_cache=not no_cache,
        )
        goals = load_goals(goals_file)
        the_target = target_from_spec(target, model=model)
        the_attacker = target_from_spec(attacker) if attacker else None
        the_policy: Path | str | None = policy
        if policy is None and guard:
            the_policy = "default"
        store = open_store(store_path)
        policy_model = _policy(the_policy)
        options: dict[str, Any] = {
            "goals": goals,
            "policy": policy_model,
            "attacker": the_attacker,
            "target_spec": target,
            "policy_label": str(policy) if policy is not None else None,
        }
        if executor == "local" and address is None:
            team = RedTeam(the_target, store, config, **options)
        else:
            recipe = TargetRecipe(spec=target, model=model, policy=policy_model)
            runs_on = make_executor(executor, recipe=recipe, address=address)
            team = ExecutorRedTeam(the_target, store, config, executor=runs_on, **options)
        dirs = {
            "--out": out or Path("saferail-reports"),
            "--export-issues": export_issues,
            "--save-suite": save_suite,
        }
        other = _check_outputs(formats, compare, dirs)
        _err.print("plan: " + team.plan().describe(), soft_wrap=True, markup=False)
        if dry_run:
            return
        targets = [t for t in (the_target, the_attacker) if t is not None]
        try:
            result = run_async(_run(team, resume, quiet, targets))
        except KeyboardInterrupt as exc:
            _interrupted(team.run_id, interrupted_code(exc))
    except ValidationError as exc:
        config_error(exc)
    except SaferailError as exc:
        fail(str(exc))
    if not quiet:
        print_summary(result, Console())
    typer.echo(f"run: {result.run_id}")
    try:
        _outputs(
            result,
            out or Path("saferail-reports") / result.run_id,
            formats,
            not no_redact,
            export_issues,
            save_suite,
            other,
        )
    except (SaferailError, OSError) as exc:
        fail(
            f"cannot write outputs: {exc} (the run is saved: write them again with the same "
            f"command, --resume {result.run_id} and another path; no model call is repeated)"
        )
    _unanswered(result)


def _interrupted(run_id: str | None, code: int) -> NoReturn:
    """Exit ``code`` (130, or 143 after SIGTERM) naming the run to resume: this command's own
    run, not the store's latest (another run may have started in the same store since)."""
    if run_id is None:
        fail("interrupted before the run started; nothing to resume", code=code)
    fail(f"interrupted; finish it with the same command and --resume {run_id}", code=code)


def _policy(value: Path | str | None) -> Any:
    if value is None:
        return None
    from saferail.policy.loader import load_policy

    return load_policy(None if value == "default" else value)
