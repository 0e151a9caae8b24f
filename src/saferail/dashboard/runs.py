"""Eval runs from the run store, as the dashboard shows them: the list, one run's metrics
with 95% Wilson intervals and its gate, and the paired comparison of two runs (the same
exact McNemar tests, Holm-adjusted, as ``saferail compare``). Only metrics and labels are
shown: case prompts and outputs stay in the reports."""

from __future__ import annotations

__all__ = [
    "ComparisonView",
    "RunView",
    "compare_view",
    "is_redteam",
    "list_eval_runs",
    "newest_runs",
    "run_row",
    "run_view",
]

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from saferail.dashboard.errors import BadRequest, NotFound
from saferail.evals._sqlstore import SqlRunStore, StoreError
from saferail.evals.compare import CategoryDelta, Comparison
from saferail.evals.gate import GateError, GateResult
from saferail.evals.metrics import Rate, RunMetrics
from saferail.evals.results import RunInfo
from saferail.evals.session import compare_runs, gate_run, load_run
from saferail.reports._view import safe_spec


def is_redteam(info: RunInfo) -> bool:
    """Whether a stored run is a red-team run (suite ``redteam`` or a ``redteam`` summary)."""
    return info.suite_name == "redteam" or "redteam" in info.manifest


def _dict(value: Any) -> dict[str, Any]:
    """``value`` if it is a JSON object, else empty: a manifest written by another version
    (or by hand) must not make a page fail."""
    return value if isinstance(value, dict) else {}


def _target(manifest: dict[str, Any]) -> str:
    target = _dict(manifest.get("target"))
    model = f"{target.get('provider', '?')}/{target.get('model', '?')}"
    spec = target.get("spec")
    if not spec:
        return model
    shown = safe_spec(str(spec))
    return shown if shown == model else f"{shown} ({model})"


def run_row(info: RunInfo) -> dict[str, Any]:
    """What the run lists show of a run (no texts, no secrets in target URLs)."""
    suite = _dict(info.manifest.get("suite"))
    return {
        "run_id": info.run_id,
        "suite": info.suite_name,
        "suite_version": info.suite_version,
        "target": _target(info.manifest),
        "target_fingerprint": info.target_fingerprint,
        "policy_version": info.manifest.get("policy_version"),
        "status": info.status.value,
        "created_at": info.created_at,
        "finished_at": info.finished_at,
        "cases": suite.get("cases"),
    }


_SCAN_FACTOR = 64
"""How far back a run list reads past runs of the other kind: ``limit`` times this."""


def newest_runs(store: SqlRunStore, limit: int, keep: Callable[[RunInfo], bool]) -> list[RunInfo]:
    """The newest ``limit`` runs that ``keep`` accepts: eval and red-team runs share the
    store, so a page of the newest runs may hold none of the kind asked for."""
    asked = limit
    while True:
        found = store.list_runs(limit=asked)
        kept = [i for i in found if keep(i)]
        if len(kept) >= limit or len(found) < asked or asked >= limit * _SCAN_FACTOR:
            return kept[:limit]
        asked = min(asked * 4, limit * _SCAN_FACTOR)


def list_eval_runs(store: SqlRunStore, limit: int) -> list[dict[str, Any]]:
    """Eval runs (not red-team runs), newest first."""
    return [run_row(i) for i in newest_runs(store, limit, lambda i: not is_redteam(i))]


@dataclass(frozen=True)
class RunView:
    row: dict[str, Any]
    metrics: RunMetrics
    gate: GateResult | None
    gate_error: str | None

    def to_dict(self) -> dict[str, Any]:
        gate = None
        if self.gate is not None:
            gate = {
                "passed": self.gate.passed,
                "criteria": [
                    {"criterion": r.criterion, "passed": r.passed, "detail": r.detail}
                    for r in self.gate.results
                ],
            }
        return {
            "run": self.row,
            "metrics": self.metrics.model_dump(mode="json"),
            "gate": gate,
            "gate_error": self.gate_error,
        }


def _load(store: SqlRunStore, run_id: str) -> Any:
    try:
        return load_run(store, run_id)
    except StoreError as exc:
        raise NotFound(str(exc).replace(f" in {store.location}", "")) from None


def _gate_criteria(manifest: dict[str, Any]) -> list[str] | None:
    """The suite's gate criteria from a run manifest (None: not a list)."""
    gate = _dict(manifest.get("suite")).get("gate", [])
    return [str(c) for c in gate] if isinstance(gate, list) else None


def run_view(store: SqlRunStore, run_id: str) -> RunView:
    """One eval run with its metrics and the verdict of its suite's own gate (if any)."""
    run = _load(store, run_id)
    gate, error = None, None
    criteria = _gate_criteria(run.info.manifest)
    if criteria is None:
        error = "the run's manifest has no list of gate criteria"
    elif criteria:
        try:
            gate, _ = gate_run(run, criteria=criteria)
        except GateError as exc:
            error = str(exc)
    return RunView(run_row(run.info), run.metrics, gate, error)


@dataclass(frozen=True)
class ComparisonView:
    run: dict[str, Any]
    baseline: dict[str, Any]
    comparison: Comparison

    @property
    def rows(self) -> list[tuple[CategoryDelta, Rate, Rate]]:
        """Each category (``overall`` first) with the run's and the baseline's pass rate on
        the shared cases, with their intervals."""
        c = self.comparison
        return [
            (d, _rate(d.run_rate, d.shared), _rate(d.baseline_rate, d.shared))
            for d in (c.overall, *c.categories)
        ]

    def to_dict(self) -> dict[str, Any]:
        body = self.comparison.model_dump(mode="json")
        for item, (_, mine, theirs) in zip(
            [body["overall"], *body["categories"]], self.rows, strict=True
        ):
            item["run_interval"] = [mine.low, mine.high]
            item["baseline_interval"] = [theirs.low, theirs.high]
        body["regressed"] = [d.category for d in self.comparison.regressed]
        return {"run": self.run, "baseline": self.baseline, "comparison": body}


def _rate(rate: float, n: int) -> Rate:
    return Rate.of(round(rate * n), n)


def compare_view(
    store: SqlRunStore, run_id: str, baseline_id: str, *, margin: float, alpha: float
) -> ComparisonView:
    """The paired comparison of ``run_id`` against ``baseline_id``."""
    if not 0 <= margin < 1 or not 0 < alpha < 1:
        raise BadRequest("margin must be in [0, 1) and alpha in (0, 1)")
    if not run_id.strip() or not baseline_id.strip():  # "" is a prefix of every run id
        raise BadRequest("run and baseline: name a run id (or a unique prefix of one)")
    run, baseline = _load(store, run_id), _load(store, baseline_id)
    if is_redteam(run.info) or is_redteam(baseline.info):
        raise BadRequest("compare eval runs here; red-team runs are under /redteam")
    comparison = compare_runs(run, baseline, margin=margin, alpha=alpha)
    return ComparisonView(run_row(run.info), run_row(baseline.info), comparison)
