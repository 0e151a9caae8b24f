"""The machine-readable JSON report: run, metrics, comparison, gate and every case."""

from __future__ import annotations

__all__ = ["FORMAT_VERSION", "render_json", "report_dict", "view_dict"]

import json
from typing import Any

from saferail import __version__
from saferail.evals.gate import GateResult
from saferail.reports._report import RunReport
from saferail.reports._text import json_safe
from saferail.reports._view import CaseView, ReportView, build_view, safe_spec

FORMAT_VERSION = 1


def _run(view: ReportView) -> dict[str, Any]:
    run = view.report.info.model_dump(mode="json")
    target = run.get("manifest", {}).get("target")
    if view.redacted and isinstance(target, dict) and isinstance(target.get("spec"), str):
        target["spec"] = safe_spec(target["spec"])
    return dict(run)


def _gate(gate: GateResult | None) -> dict[str, Any] | None:
    if gate is None:
        return None
    return {
        "passed": gate.passed,
        "criteria": [
            {"criterion": r.criterion, "passed": r.passed, "actual": r.actual, "detail": r.detail}
            for r in gate.results
        ],
    }


def _case(c: CaseView) -> dict[str, Any]:
    r = c.result
    out: dict[str, Any] = {
        "case_id": c.case_id,
        "case_hash": r.case_hash,
        "category": c.category,
        "expected": c.expected,
        "tags": list(c.tags),
        "status": c.status,
        "passed": r.passed,
        "refused": r.refused,
        "blocked": r.blocked,
        "finish_reason": r.finish_reason,
        "latency_ms": round(r.latency_ms, 3),
        "attempts": r.attempts,
        "cached": r.cached,
        "scores": [
            {
                "scorer": s.scorer,
                "label": s.label,
                "value": s.value,
                "passed": s.passed,
                "explanation": s.explanation,
            }
            for s in c.scores
        ],
        "error": c.error,
    }
    if c.failing:
        out["prompt"] = c.prompt
        out["answer"] = c.answer
    return out


def view_dict(view: ReportView) -> dict[str, Any]:
    """The JSON report of a prepared view as a dict. Cases carry their texts (prompt, answer, scorer
    explanations, error) only when they failed or errored; those are redacted by default.
    Lone surrogates are shown as U+FFFD and NaN as ``null`` (strict JSON has neither)."""
    report = view.report
    cmp = report.comparison
    c = view.counts
    data: dict[str, Any] = {
        "format": "saferail.report",
        "format_version": FORMAT_VERSION,
        "generator": {"name": "saferail", "version": __version__},
        "redacted": view.redacted,
        "run": _run(view),
        "summary": {
            "cases": c.total,
            "passed": c.passed,
            "failed": c.failed,
            "errored": c.errored,
            "unjudged": c.unjudged,
        },
        "metrics": report.metrics.model_dump(mode="json"),
        "comparison": None
        if cmp is None
        else {**cmp.model_dump(mode="json"), "regressed": [d.category for d in cmp.regressed]},
        "gate": _gate(report.gate),
        "cases": [_case(case) for case in view.cases],
    }
    return dict(json_safe(data))


def report_dict(report: RunReport) -> dict[str, Any]:
    """The JSON report as a dict (what ``render("json", report)`` serializes)."""
    return view_dict(build_view(report))


def render_json(view: ReportView) -> str:
    return json.dumps(view_dict(view), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
