"""What a system card reads from eval and red-team runs: who was measured behind which
policy, per-category rates, gate verdicts, scorer accuracy, attack success per strategy and
findings. Every number is copied from the run (or its Wilson interval recomputed from the
run's own counts); nothing is estimated here."""

from __future__ import annotations

__all__ = [
    "eval_ref",
    "eval_results",
    "gate_rows",
    "inner_fingerprint",
    "manifest_policy_version",
    "params_text",
    "redteam_label",
    "redteam_ref",
    "redteam_rows",
    "scorer_rows",
    "strategy_tags",
    "target_label",
]

import json
from typing import Any

from saferail._urls import without_credentials
from saferail.evals.gate import GateError
from saferail.evals.metrics import CategoryMetrics, Rate
from saferail.evals.scorers.registry import available_scorers
from saferail.evals.session import LoadedRun, gate_run
from saferail.governance._card_model import (
    EvalRunRef,
    FindingRow,
    GateRow,
    MetricRow,
    RedTeamRunRef,
    RedTeamRunRows,
    RunResults,
    ScorerRow,
    StrategyRow,
)
from saferail.redteam.results import RedTeamResult
from saferail.redteam.strategies.registry import UnknownStrategyError, get_strategy


def target_label(target: dict[str, Any]) -> str:
    """``provider/model`` of a manifest's target, with its spec when that says more."""
    model = f"{target.get('provider', '?')}/{target.get('model', '?')}"
    spec = target.get("spec")
    if not spec or spec == model:
        return model
    return f"{without_credentials(str(spec))} ({model})"


def manifest_policy_version(manifest: dict[str, Any]) -> str | None:
    """The policy a run's target answered behind: a guarded target's own policy version,
    else the version the run recorded (``None``: no policy)."""
    target = manifest.get("target", {})
    params = target.get("params", {}) if isinstance(target, dict) else {}
    guard = params.get("policy_version") if isinstance(params, dict) else None
    if str(target.get("provider", "")).startswith("guarded:") and guard:
        return str(guard)
    recorded = manifest.get("policy_version")
    return None if recorded is None else str(recorded)


def inner_fingerprint(manifest: dict[str, Any]) -> str | None:
    """The fingerprint of the model behind a guarded target (``None`` when not guarded)."""
    from saferail.targets.base import TargetIdentity

    target = manifest.get("target", {})
    inner = target.get("params", {}).get("target") if isinstance(target, dict) else None
    if not str(target.get("provider", "")).startswith("guarded:") or not isinstance(inner, dict):
        return None
    try:
        return TargetIdentity(**inner).fingerprint()
    except TypeError:
        return None


# -- eval runs ----------------------------------------------------------------------------------


def eval_ref(run: LoadedRun) -> EvalRunRef:
    info = run.info
    target = info.manifest.get("target", {})
    return EvalRunRef(
        run_id=info.run_id,
        suite=info.suite_name,
        suite_version=info.suite_version,
        status=info.status.value,
        created_at=info.created_at,
        finished_at=info.finished_at,
        target=target_label(target) if target else info.target_fingerprint[:12],
        target_fingerprint=info.target_fingerprint,
        policy_version=manifest_policy_version(info.manifest),
    )


def _metric_row(name: str, m: CategoryMetrics) -> MetricRow:
    return MetricRow(
        name=name,
        n=m.n,
        errors=m.errors,
        pass_rate=m.pass_rate,
        refusal_rate=m.refusal_rate,
        over_refusal=m.over_refusal,
        error_rate=m.error_rate,
    )


def eval_results(run: LoadedRun) -> RunResults:
    m = run.metrics
    return RunResults(
        run_id=run.info.run_id,
        suite=run.info.suite_name,
        target=eval_ref(run).target,
        overall=_metric_row("overall", m),
        categories=[_metric_row(name, cm) for name, cm in m.categories.items()],
    )


def gate_rows(run: LoadedRun, rationale: dict[str, str]) -> tuple[list[GateRow], str | None]:
    """The suite's own gate criteria evaluated on the run, or a note why there are none."""
    if not run.gate_criteria:
        return [], f"run {run.info.run_id} ({run.info.suite_name}) declares no gate criteria"
    try:
        gate, _ = gate_run(run)
    except GateError as exc:
        return [], f"run {run.info.run_id}: the gate could not be evaluated: {exc}"
    rows = [
        GateRow(
            run_id=run.info.run_id,
            suite=run.info.suite_name,
            criterion=r.criterion,
            passed=r.passed,
            detail=r.detail,
            rationale=rationale.get(r.criterion),
        )
        for r in gate.results
    ]
    return rows, None


def scorer_rows(runs: list[LoadedRun]) -> tuple[list[ScorerRow], list[str]]:
    """Measured accuracy of every scorer the runs used, and the scorers without figures."""
    used = sorted(
        {str(s.get("name")) for r in runs for s in r.info.manifest.get("scorers", []) if s}
    )
    registry = available_scorers()
    rows: list[ScorerRow] = []
    unmeasured: list[str] = []
    for name in used:
        cls = registry.get(name)
        acc = None if cls is None else cls.accuracy
        if acc is None:
            unmeasured.append(name)
            continue
        rows.append(
            ScorerRow(
                name=name,
                dataset=acc.dataset,
                n=acc.n,
                accuracy=acc.accuracy,
                sensitivity=acc.sensitivity,
                specificity=acc.specificity,
                measured_by=acc.measured_by,
            )
        )
    return rows, unmeasured


# -- red-team runs ------------------------------------------------------------------------------


def redteam_label(result: RedTeamResult) -> str:
    return "bare target (no guard)" if result.policy is None else f"behind policy {result.policy}"


def redteam_ref(result: RedTeamResult) -> RedTeamRunRef:
    target = result.manifest.get("target", {})
    return RedTeamRunRef(
        run_id=result.run_id,
        label=redteam_label(result),
        target=target_label(target) if target else without_credentials(result.target),
        target_fingerprint=result.target_fingerprint,
        policy_version=manifest_policy_version(result.manifest),
        created_at=result.created_at,
        budget=result.budget,
        calls_used=result.calls_used,
        seed=result.seed,
    )


def strategy_tags(name: str, result: RedTeamResult) -> tuple[list[str], list[str]]:
    """(OWASP tags, ATLAS ids) of a strategy: its plugin's, or else its findings'."""
    try:
        cls = get_strategy(name)
        return sorted(t for t in cls.tags if t.startswith("owasp:")), sorted(cls.atlas)
    except UnknownStrategyError:
        found = [f for f in result.findings if f.strategy == name]
        tags = sorted({t for f in found for t in f.tags if t.startswith("owasp:")})
        return tags, sorted({a for f in found for a in f.atlas})


def redteam_rows(result: RedTeamResult) -> RedTeamRunRows:
    strategies = []
    for s in result.strategies:
        owasp, atlas = strategy_tags(s.strategy, result)
        asr = Rate(k=s.successes, n=s.attempts, rate=s.asr, low=s.low, high=s.high)
        strategies.append(
            StrategyRow(
                strategy=s.strategy,
                attempts=s.attempts,
                successes=s.successes,
                asr=asr,
                owasp=owasp,
                atlas=atlas,
            )
        )
    findings = [
        FindingRow(
            id=f.id,
            title=f.title,
            severity=f.severity.value,
            likelihood=f.likelihood,
            impact=f.impact,
            successes=f.successes,
            attempts=f.attempts,
            owasp=sorted(t for t in f.tags if t.startswith("owasp:")),
            atlas=list(f.atlas),
        )
        for f in result.findings
    ]
    wins = sum(a.succeeded for a in result.attempts)
    return RedTeamRunRows(
        run_id=result.run_id,
        label=redteam_label(result),
        asr=Rate.of(wins, len(result.attempts)),
        strategies=strategies,
        findings=findings,
    )


def params_text(params: Any) -> str:
    return json.dumps(params, sort_keys=True, ensure_ascii=False, default=str) if params else ""
