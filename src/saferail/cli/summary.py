"""Progress bar and end-of-run summary for ``saferail check``."""

from __future__ import annotations

__all__ = ["Summary"]

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from saferail.cli.common import progress_bar
from saferail.guard import Decision

_err = Console(stderr=True)


class Summary:
    """Counts per action, per category and per check that did not finish, over a batch."""

    def __init__(self) -> None:
        self.actions: Counter[str] = Counter()
        self.categories: Counter[str] = Counter()
        # (check, "timeout" | "error", blocked?) -> lines: a block without a finding is
        # otherwise unexplained, as the output lines carry findings only
        self.unfinished: Counter[tuple[str, str, bool]] = Counter()

    @property
    def blocked(self) -> bool:
        return self.actions["block"] > 0

    def add(self, row: dict[str, Any], decision: Decision | None = None) -> None:
        if "error" in row:
            self.actions["error"] += 1
            return
        self.actions[row["action"]] += 1
        for cat in {f["category"] for f in row["findings"]}:
            self.categories[cat] += 1
        if decision is not None:
            for run in decision.checks:
                if run.status in ("timeout", "error"):
                    self.unfinished[(run.check, run.status, run.action == "block")] += 1

    @contextmanager
    def progress(self, src: Path, *, enabled: bool) -> Iterator[Callable[[], None]]:
        """Yield an ``advance()`` callback driving a progress bar over ``src``'s lines."""
        if not enabled:
            yield lambda: None
            return
        with src.open("rb") as fh:
            total = sum(1 for _ in fh)
        with progress_bar(total, f"checking {src.name}", enabled=True, every=200) as advance:
            yield advance

    def print(self) -> None:
        table = Table(title="saferail check summary")
        table.add_column("action")
        table.add_column("lines", justify="right")
        for action in ("allow", "warn", "redact", "block", "error"):
            if self.actions[action]:
                table.add_row(action, str(self.actions[action]))
        _err.print(table)
        if self.categories:
            cats = Table(title="lines with findings, by category")
            cats.add_column("category")
            cats.add_column("lines", justify="right")
            for cat, n in self.categories.most_common():
                cats.add_row(cat, str(n))
            _err.print(cats)
        if self.unfinished:
            self._print_unfinished()

    def _print_unfinished(self) -> None:
        table = Table(title="checks that did not finish")
        for name in ("check", "status", "then"):
            table.add_column(name)
        table.add_column("lines", justify="right")
        for (check, status, blocked), n in sorted(self.unfinished.items()):
            then = "blocked (fail_mode closed)" if blocked else "passed unchecked (fail_mode open)"
            table.add_row(check, status, then, str(n))
        _err.print(table)
        if any(status == "timeout" for _, status, _ in self.unfinished):
            _err.print(
                "a check over its time budget: raise its timeout_ms in the policy, or split "
                "long texts (docs/policy.md)",
                markup=False,
            )

    @staticmethod
    def print_decision(decision: Decision) -> None:
        """One decision for a reader. What checks report (names, entity types, error
        messages) is printed as plain text: ``[/x]`` in it is no markup tag, ``:smile:`` no
        emoji code."""
        out = Console(emoji=False)
        out.print(f"action: [bold]{decision.action}[/bold]  ({decision.latency_ms:.3f} ms)")
        for f in decision.findings:
            label = f.entity_type or "-"
            out.print(
                f"  {f.check:<20} {f.category:<20} {label:<22} {f.score:.2f} [{f.start}, {f.end})",
                markup=False,
            )
        for err in decision.errors:
            out.print(f"  error: {err}", markup=False)
        if decision.text and decision.action == "redact":
            out.print(f"text: {decision.text}", markup=False)
