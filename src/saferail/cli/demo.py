"""``saferail demo``: the default policy over a bundled sample of prompts and responses."""

from __future__ import annotations

__all__ = ["demo_command"]

import json
from importlib import resources
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from saferail.cli.common import guard_from

_STYLE = {"allow": "green", "warn": "yellow", "redact": "cyan", "block": "bold red"}


def demo_command(
    policy: Path | None = typer.Option(None, "--policy", "-p", help="Policy YAML."),
) -> None:
    """Run a policy (default: bundled) over bundled sample inputs and outputs; print a table."""
    guard = guard_from(policy)
    sample = resources.files("saferail") / "data" / "demo_prompts.jsonl"
    rows = [json.loads(line) for line in sample.read_text(encoding="utf-8").splitlines()]
    table = Table(title=f"saferail demo — policy {guard.policy.name} ({guard.policy_version})")
    for col in ("id", "surface", "action", "findings", "text after the guard"):
        table.add_column(col, overflow="fold")
    for row in rows:
        decision = guard.check(row["text"], surface=row["direction"])
        found = ", ".join(
            sorted({f"{f.category}:{(f.entity_type or '').lower()}" for f in decision.findings})
        )
        style = _STYLE[decision.action]
        shown = decision.text if decision.action != "block" else "(blocked)"
        table.add_row(
            row["id"], row["direction"], f"[{style}]{decision.action}[/]", found, _short(shown)
        )
    Console(width=160).print(table)


def _short(text: str, limit: int = 90) -> str:
    printable = "".join(c if c.isprintable() else "·" for c in text)
    return printable if len(printable) <= limit else printable[: limit - 1] + "…"
