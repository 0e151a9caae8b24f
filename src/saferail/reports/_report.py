"""``RunReport``: everything a report shows about one run, and how to load it from a store."""

from __future__ import annotations

__all__ = ["RunReport", "load_report"]

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from saferail.evals.case import Case
from saferail.evals.compare import Comparison
from saferail.evals.gate import GateResult
from saferail.evals.metrics import RunMetrics
from saferail.evals.results import CaseResult, RunInfo
from saferail.evals.session import compare_runs, gate_run, load_run
from saferail.evals.store import SqlRunStore
from saferail.evals.suite import Suite


@dataclass(frozen=True)
class RunReport:
    """One run to report on.

    ``cases`` maps case ids to the suite's cases so prompts can be shown (results do not
    carry them); a case whose content changed since the run is not shown as its prompt.
    With ``redact`` (the default) every prompt, answer, explanation and error message shown
    passes through the ``pii`` and ``secret`` checks first. Texts longer than ``max_chars``
    are truncated; HTML and Markdown list at most ``max_listed`` failing cases (JSON, JUnit
    and SARIF list all of them).
    """

    info: RunInfo
    results: Sequence[CaseResult]
    metrics: RunMetrics
    comparison: Comparison | None = None
    gate: GateResult | None = None
    cases: Mapping[str, Case] | None = None
    redact: bool = True
    max_chars: int = 600
    max_listed: int = 200

    def __post_init__(self) -> None:
        if self.max_chars < 1:
            raise ValueError("max_chars must be at least 1")
        if self.max_listed < 0:
            raise ValueError("max_listed must be 0 or more")


def load_report(
    store: SqlRunStore,
    run_id: str,
    *,
    baseline: str | None = None,
    criteria: Sequence[str] | None = None,
    suite: Suite | None = None,
    margin: float = 0.0,
    alpha: float = 0.05,
    redact: bool = True,
) -> RunReport:
    """A report of stored run ``run_id`` (a unique prefix will do).

    ``baseline`` adds a comparison with that run. The gate uses ``criteria``, or else the
    criteria the suite declared (recorded in the run manifest); with neither, the report has
    no gate. ``suite`` supplies the prompts of failing cases.
    """
    run = load_run(store, run_id)
    base = None if baseline is None else load_run(store, baseline)
    gate: GateResult | None = None
    comparison: Comparison | None = None
    if criteria or run.gate_criteria:
        chosen = list(criteria) if criteria else None
        gate, comparison = gate_run(run, criteria=chosen, baseline=base, margin=margin, alpha=alpha)
    elif base is not None:
        comparison = compare_runs(run, base, margin=margin, alpha=alpha)
    return RunReport(
        info=run.info,
        results=run.results,
        metrics=run.metrics,
        comparison=comparison,
        gate=gate,
        cases=None if suite is None else {c.id: c for c in suite.cases},
        redact=redact,
    )
