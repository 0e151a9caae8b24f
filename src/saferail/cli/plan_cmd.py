"""``saferail plan FEATURE.yaml``: a safety evaluation plan and a ready-to-run skeleton."""

from __future__ import annotations

__all__ = ["plan_command"]

from pathlib import Path

import typer

from saferail.cli.common import fail
from saferail.errors import SaferailError


def plan_command(
    feature: Path = typer.Argument(..., help="Feature description (YAML; see docs/plan.md)."),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Folder for the plan and skeleton (default: ./plan-NAME)."
    ),
    per_suite: int = typer.Option(
        8, "--per-suite", min=1, max=100, help="Built-in cases sampled into the skeleton per suite."
    ),
    force: bool = typer.Option(
        False, "--force", help="Overwrite plan files already in the folder (edits are lost)."
    ),
) -> None:
    """Write a safety plan (plan.md) and a skeleton of suite, cases, policy and alerts.

    plan.md holds the risks with their OWASP/NIST mapping, suites, red-team strategies, gate
    criteria, monitoring and rollback; the skeleton is suite.yaml, cases.jsonl, policy.yaml
    and alerts.yaml. Files already in the folder are kept (exit 2) unless --force."""
    from saferail.plan import build_plan, load_feature, write_plan
    from saferail.redteam.results import Severity
    from saferail.reports._files import ReportWriteError

    try:
        spec = load_feature(feature)
        plan = build_plan(spec, per_suite=per_suite)
        files = write_plan(plan, out or Path(f"plan-{spec.name}"), overwrite=force)
    except SaferailError as exc:
        fail(str(exc))
    except ReportWriteError as exc:  # "<file>: <why>", nothing replaced
        fail(f"cannot write {exc}")
    critical = sum(r.severity is Severity.CRITICAL for r in plan.risks)
    typer.echo(
        f"{spec.name}: {len(plan.risks)} risks ({critical} critical), {len(plan.suites)} "
        f"suites, {len(plan.strategies)} red-team strategies, {len(plan.cases)} skeleton cases"
    )
    for label, path in (
        ("plan", files.plan),
        ("suite", files.suite),
        ("policy", files.policy),
        ("alerts", files.alerts),
    ):
        typer.echo(f"  {label:<7}{path}")
