"""``saferail risks validate|coverage`` and ``saferail template``.

Wire into the top-level app with::

    app.add_typer(governance_cmd.risks_app, name="risks")
    app.command("template")(governance_cmd.template_command)
"""

from __future__ import annotations

__all__ = ["coverage_command", "risks_app", "template_command", "validate_command"]

import json
import math
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from saferail.cli.common import EXIT_BLOCKED, EXIT_USAGE, fail, policy_from
from saferail.errors import SaferailError
from saferail.evals.store import open_store
from saferail.governance.register import (
    RegisterError,
    load_register,
    policy_gaps,
    register_warnings,
    template_register_path,
)
from saferail.governance.risk_coverage import CoverageReport, GapReason, TestResult, coverage
from saferail.governance.risks import RiskRegister, Severity
from saferail.governance.templates import TEMPLATES, render
from saferail.reports._files import ReportWriteError, write_files

risks_app = typer.Typer(
    help="Validate a risk register and measure its safety eval coverage.", no_args_is_help=True
)


def _register(path: Path | None) -> RiskRegister:
    try:
        return load_register(path)
    except RegisterError as exc:
        for issue in exc.issues:
            sys.stderr.write(f"saferail: error: {issue}\n")
        raise typer.Exit(EXIT_USAGE) from None


@risks_app.command("validate")
def validate_command(
    files: list[Path] | None = typer.Argument(
        None, help="Risk register YAML files (default: the bundled template)."
    ),
    policy: Path | None = typer.Option(
        None, "--policy", "-p", help="Also warn about check mitigations this policy lacks."
    ),
) -> None:
    """Validate risk registers: one line per mistake; exit 2 if any.

    Mistakes are printed as file:line: field: problem. Warnings (expired acceptances, top
    risks without tests, with --policy check mitigations the policy does not enable) are
    printed but do not fail."""
    bad = False
    checked = policy_from(policy) if policy is not None else None
    for path in files or [template_register_path()]:
        try:
            register = _register(path)
        except typer.Exit:
            bad = True
            continue
        warnings = register_warnings(register)
        if checked is not None:
            warnings += policy_gaps(register, checked)
        for warning in warnings:
            sys.stderr.write(f"saferail: warning: {path}: {warning}\n")
        top = len(register.top())
        typer.echo(f"{path}: ok ({len(register.risks)} risks, {top} high or critical)")
    if bad:
        raise typer.Exit(EXIT_USAGE)


@risks_app.command("coverage")
def coverage_command(
    register_path: Path | None = typer.Option(
        None, "--register", "-r", help="Risk register YAML (default: the bundled template)."
    ),
    store_path: str | None = typer.Option(
        None,
        "--store",
        help="Run store: a SQLite path or postgresql:// URL "
        "(default: $SAFERAIL_STORE, else $SAFERAIL_HOME/runs.db).",
    ),
    min_severity: Severity = typer.Option(
        Severity.HIGH, "--min-severity", help="Risks at or above this severity count as top."
    ),
    max_age_days: float = typer.Option(
        30.0, "--max-age-days", help="Older test runs are stale (0: no limit)."
    ),
    target: str | None = typer.Option(
        None, "--target-fingerprint", help="Only runs of this target fingerprint."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the JSON report instead."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Also write the JSON report here."),
    min_share: float | None = typer.Option(
        None, "--min-share", min=0.0, max=1.0, help="Exit 1 when coverage is below this share."
    ),
) -> None:
    """Safety eval coverage of the top risks, with every gap and its reason.

    Coverage is the share of top risks whose tests ran and passed in the latest runs."""
    if not math.isfinite(max_age_days) or max_age_days < 0:
        fail(f"--max-age-days: expected a number of days >= 0 (got {max_age_days})")
    register = _register(register_path)
    try:
        with open_store(store_path) as store:  # no store yet: every risk "never ran"
            report = coverage(
                register,
                store,
                min_severity=min_severity,
                max_age_days=max_age_days or None,
                target=target,
            )
    except SaferailError as exc:
        fail(str(exc))
    data = json.dumps(report.model_dump(mode="json"), indent=2)
    if out is not None:
        _write(out, data + "\n")
    if as_json:
        typer.echo(data)
    else:
        _print_report(report)
    if min_share is not None and (report.share or 0.0) < min_share:
        raise typer.Exit(EXIT_BLOCKED)


def _print_report(report: CoverageReport) -> None:
    console = Console(width=max(120, Console().width))
    table = Table(title=f"safety eval coverage: {report.register_name}")
    for col in ("risk", "OWASP", "severity", "covered", "tests"):
        table.add_column(col)
    for row in report.risks:
        tests = "\n".join(_test_line(t) for t in row.tests)
        table.add_row(
            f"{row.risk_id}\n{row.title}",
            row.owasp,
            row.severity.value,
            "yes" if row.covered else "NO",
            tests or "no automated test",
        )
    console.print(table)
    share = "n/a (no top risks)" if report.share is None else f"{report.share:.1%}"
    console.print(
        f"coverage: {report.covered}/{report.top} risks at or above {report.min_severity.value}"
        f" = {share}; {len(report.gaps)} gap(s)",
        markup=False,
    )


def _test_line(test: TestResult) -> str:
    if test.passed:
        return f"ok  {test.test}: {test.detail}"
    if test.reason is GapReason.NEVER_RAN:
        return f"never ran  {test.test}"
    return f"{test.reason}  {test.test}: {test.detail}"


def template_command(
    name: str | None = typer.Argument(None, help=f"Template: {', '.join(TEMPLATES)}."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write here instead of stdout."),
    title: str | None = typer.Option(None, "--title"),
    severity: str | None = typer.Option(None, "--severity", help="low, medium, high, critical."),
    owner: str | None = typer.Option(None, "--owner"),
    date: str | None = typer.Option(
        None, "--date", help="YYYY-MM-DD (or a date and time), or 'today'."
    ),
    system: str | None = typer.Option(None, "--system", help="The system or feature."),
    sets: list[str] = typer.Option(
        [], "--set", help="Any other field as KEY=VALUE (repeatable; see --list)."
    ),
    register_path: Path | None = typer.Option(
        None, "--register", "-r", help="Risk register to list (threat-model)."
    ),
    list_: bool = typer.Option(False, "--list", help="List templates and their fields."),
) -> None:
    """Render a governance template as Markdown; fields not given stay TODO(field)."""
    if list_ or name is None:
        for info in TEMPLATES.values():
            typer.echo(f"{info.name}: {info.description}\n  fields: {', '.join(info.fields)}")
        return
    fields: dict[str, str] = {}
    for item in sets:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            fail(f"--set wants KEY=VALUE, got {item!r}")
        fields[key.strip()] = value
    given = {"title": title, "severity": severity, "owner": owner, "date": date, "system": system}
    fields.update({k: v for k, v in given.items() if v is not None})
    risks = _register(register_path) if register_path is not None else None
    try:
        text = render(name, fields, risks=risks)
    except SaferailError as exc:
        fail(str(exc))
    if out is None:
        typer.echo(text, nl=False)
    else:
        _write(out, text)
        typer.echo(f"wrote {out}")


def _write(out: Path, text: str) -> None:
    """Write ``text`` whole or not at all (a full disk never leaves a truncated document)."""
    try:
        write_files({out: text})
    except ReportWriteError as exc:
        fail(f"--out: cannot write {exc}")
