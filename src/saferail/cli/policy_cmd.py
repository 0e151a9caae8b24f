"""``saferail policy validate|show`` and ``saferail checks``."""

from __future__ import annotations

__all__ = ["list_checks", "policy_app"]

import json
from pathlib import Path

import typer
import yaml
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from saferail.checks.registry import available_checks, discovery_errors
from saferail.cli._helptext import first_sentence
from saferail.cli.common import policy_from

policy_app = typer.Typer(help="Validate and inspect policy files.", no_args_is_help=True)

POLICY_OPT = typer.Option(None, "--policy", "-p", help="Policy YAML (default: bundled).")


@policy_app.command("validate")
def validate(
    files: list[Path] = typer.Argument(..., help="Policy YAML files to validate."),
) -> None:
    """Validate policy files: one line per mistake (file:line: field: problem); exit 2 if any."""
    bad = False
    for path in files:
        try:
            policy = policy_from(path)
        except typer.Exit:
            bad = True
            continue
        typer.echo(f"{path}: ok ({policy.version})")
    if bad:
        raise typer.Exit(2)


@policy_app.command("show")
def show(
    policy: Path | None = POLICY_OPT,
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of YAML."),
) -> None:
    """Print the effective policy with every default filled in, and its version hash."""
    loaded = policy_from(policy)
    data = loaded.model_dump(mode="json")
    if as_json:
        typer.echo(json.dumps({"version": loaded.version, "policy": data}, indent=2))
        return
    typer.echo(f"# version: {loaded.version}")
    typer.echo(yaml.safe_dump(data, sort_keys=False, allow_unicode=True).rstrip())


def list_checks() -> None:
    """List every registered check (built-in and plugin) with its surfaces, cost and what it
    finds (and its finding categories where they are not just its name)."""
    table = Table(title="saferail checks")
    table.add_column("name", no_wrap=True)
    table.add_column("surfaces")
    table.add_column("cost")
    table.add_column("description", ratio=1, min_width=24)
    for name, cls in available_checks().items():
        desc = first_sentence(cls.description or cls.__doc__ or "").replace("``", "")
        if tuple(cls.categories) != (name,):
            desc += f" [categories: {', '.join(cls.categories)}]"
        table.add_row(name, ",\n".join(sorted(cls.surfaces)), cls.cost, escape(desc))
    Console().print(table)
    for err in discovery_errors():
        typer.echo(f"warning: {err}", err=True)
