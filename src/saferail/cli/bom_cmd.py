"""``saferail bom`` and ``saferail bom verify``: the ML-BOM of an installation, and checks.

``saferail bom [--out FILE] [--policy POLICY]`` writes a CycloneDX 1.6 JSON ML-BOM (stdout
when no ``--out``). ``saferail bom verify [FILE]`` checks this installation against a BOM
(file hashes, missing and unlisted files, package, suite and policy version drift), or,
without FILE, the bundled files against their pins and the local model against its install
record. Exit 0: everything matches; 1: a difference; 2: the BOM or policy cannot be read.
"""

from __future__ import annotations

__all__ = ["bom_app", "bom_command", "verify_command"]

import json
import sys
from pathlib import Path

import typer

from saferail.cli.common import EXIT_BLOCKED, fail
from saferail.errors import PolicyError, SaferailError

bom_app = typer.Typer(
    help="Supply chain: write the ML-BOM of this installation; `bom verify` checks one.",
    no_args_is_help=False,
)


@bom_app.callback(invoke_without_command=True)
def bom_command(
    ctx: typer.Context,
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Write the BOM here (default: stdout)."
    ),
    policy: Path | None = typer.Option(
        None, "--policy", "-p", help="The policy in force (default: the default policy)."
    ),
) -> None:
    """Write a CycloneDX 1.6 ML-BOM: models with model cards and training-data lineage,
    suites and data files with SHA-256, the policy version, Python packages.

    Reproducible: set SOURCE_DATE_EPOCH (seconds since 1970) to fix its time; the serial
    number is derived from the content, so the same installation gives the same file."""
    if ctx.invoked_subcommand is not None:
        return
    from saferail.reports._files import ReportWriteError, write_files
    from saferail.supply.bom import build_bom, render_bom

    try:
        bom = build_bom(policy=policy)
    except PolicyError as exc:
        fail(str(exc.issues[0]) if exc.issues else str(exc))
    except SaferailError as exc:
        fail(str(exc))
    text = render_bom(bom)
    if out is None:
        sys.stdout.write(text)
        return
    try:  # whole or not at all: a failed write keeps the file it would have replaced
        write_files({out: text})
    except ReportWriteError as exc:
        fail(f"--out: cannot write {exc}")
    n = len(bom.get("components", []))
    typer.echo(f"{out}: CycloneDX {bom['specVersion']} ML-BOM, {n} components", err=True)


@bom_app.command("verify")
def verify_command(
    file: Path | None = typer.Argument(
        None, help="BOM to check against (default: the pins shipped with saferail)."
    ),
    policy: Path | None = typer.Option(
        None, "--policy", "-p", help="The policy in force, compared with the BOM's."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Check this installation against a BOM (or its pins); exit 1 on any difference."""
    from saferail.supply.verify import verify_bom, verify_installation

    try:
        report = verify_installation() if file is None else verify_bom(file, policy=policy)
    except PolicyError as exc:
        fail(str(exc.issues[0]) if exc.issues else str(exc))
    except SaferailError as exc:
        fail(str(exc))
    if as_json:
        body = {
            "ok": report.ok,
            "files": report.files,
            "packages": report.packages,
            "problems": [p.__dict__ for p in report.problems],
            "notes": report.notes,
        }
        typer.echo(json.dumps(body, indent=2))
    else:
        for problem in report.problems:
            typer.echo(str(problem))
        for note in report.notes:
            typer.echo(f"note: {note}")
        typer.echo(report.summary())
    if not report.ok:
        raise typer.Exit(EXIT_BLOCKED)
