"""Glue used by the CLI, the pytest plugin and library users: run a suite end to end and
load a stored run with its metrics, comparison and gate verdict."""

from __future__ import annotations

__all__ = ["LoadedRun", "compare_runs", "gate_run", "load_run", "refusal_accuracy", "run_suite"]

from dataclasses import dataclass
from typing import Any

from saferail.evals.compare import Comparison, compare_results
from saferail.evals.gate import GateResult, evaluate_gate
from saferail.evals.metrics import RunMetrics, compute_metrics
from saferail.evals.results import CaseResult, RunInfo
from saferail.evals.runner import Progress, RunConfig, Runner
from saferail.evals.scorers.base import ScorerAccuracy
from saferail.evals.scorers.registry import available_scorers
from saferail.evals.store import SqlRunStore
from saferail.evals.suite import Suite
from saferail.targets.base import Target


def refusal_accuracy() -> ScorerAccuracy | None:
    """The measured accuracy of the registered ``refusal`` scorer, if any."""
    cls = available_scorers().get("refusal")
    return None if cls is None else cls.accuracy


@dataclass(frozen=True)
class LoadedRun:
    info: RunInfo
    results: list[CaseResult]
    metrics: RunMetrics

    @property
    def gate_criteria(self) -> list[str]:
        gate: Any = self.info.manifest.get("suite", {}).get("gate", [])
        return [str(c) for c in gate]


def load_run(store: SqlRunStore, run_id: str) -> LoadedRun:
    """A stored run (id or unique prefix) with its results and metrics."""
    info = store.get_run(run_id)
    results = store.results(info.run_id)
    return LoadedRun(info, results, compute_metrics(results, refusal_accuracy=refusal_accuracy()))


def compare_runs(
    run: LoadedRun, baseline: LoadedRun, *, margin: float = 0.0, alpha: float = 0.05
) -> Comparison:
    """The paired comparison of a stored run with a stored baseline."""
    return compare_results(
        run.results,
        baseline.results,
        run_id=run.info.run_id,
        baseline_id=baseline.info.run_id,
        margin=margin,
        alpha=alpha,
    )


def gate_run(
    run: LoadedRun,
    *,
    criteria: list[str] | None = None,
    baseline: LoadedRun | None = None,
    margin: float = 0.0,
    alpha: float = 0.05,
) -> tuple[GateResult, Comparison | None]:
    """The gate verdict of a run (the suite's own criteria unless ``criteria`` are given)."""
    comparison = None
    if baseline is not None:
        comparison = compare_runs(run, baseline, margin=margin, alpha=alpha)
    chosen = criteria if criteria else run.gate_criteria
    return evaluate_gate(chosen, run.metrics, comparison), comparison


async def run_suite(
    suite: Suite,
    target: Target,
    store: SqlRunStore,
    config: RunConfig | None = None,
    *,
    target_spec: str | None = None,
    policy_version: str | None = None,
    progress: Progress | None = None,
    resume: str | None = None,
) -> LoadedRun:
    """Run ``suite`` against ``target`` and return the stored run with its metrics."""
    runner = Runner(
        suite,
        target,
        store,
        config,
        target_spec=target_spec,
        policy_version=policy_version,
        progress=progress,
    )
    info = await runner.run(resume)
    return load_run(store, info.run_id)
