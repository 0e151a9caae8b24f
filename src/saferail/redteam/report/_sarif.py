"""SARIF 2.1.0 for red-team findings: one rule per attack class (``<strategy>/<kind>``), one
result per finding. Levels follow severity: critical and high are ``error``, medium is
``warning``, low is ``note``; rules carry ``security-severity`` for code-scanning dashboards."""

from __future__ import annotations

__all__ = ["LEVELS", "sarif_dict_view"]

import hashlib
from typing import Any

from saferail.redteam.report._view import FindingView, RedTeamView, pct
from saferail.redteam.results import Finding, Severity
from saferail.reports._sarif import sarif_log, sarif_result, sarif_tags
from saferail.reports._text import json_safe

LEVELS: dict[Severity, str] = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
}
_SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "2.0",
}


def rule_id(f: Finding) -> str:
    return f"{f.strategy}/{f.kind}"


def _rules(findings: list[Finding]) -> list[dict[str, Any]]:
    by_rule: dict[str, list[Finding]] = {}
    for f in findings:
        by_rule.setdefault(rule_id(f), []).append(f)
    rules = []
    for rid in sorted(by_rule):
        members = by_rule[rid]
        worst = max((f.severity for f in members), key=lambda s: s.rank)
        strategy, kind = members[0].strategy, members[0].kind
        tags = sorted({t for f in members for t in (*f.tags, *f.atlas)})
        rules.append(
            {
                "id": rid,
                "name": rid,
                "shortDescription": {"text": f"Strategy {strategy!r} succeeds on {kind} goals"},
                "fullDescription": {
                    "text": f"The target must resist the {strategy!r} red-team strategy on "
                    f"goals of kind {kind!r}."
                },
                "defaultConfiguration": {"level": LEVELS[worst]},
                "properties": {
                    "tags": sarif_tags(["saferail", "redteam", "security"], tags),
                    "security-severity": _SECURITY_SEVERITY[worst],
                },
            }
        )
    return rules


def _fingerprint(view: RedTeamView, f: Finding) -> str:
    key = "\0".join([view.result.target_fingerprint, f.strategy, f.kind, f.category, *f.goal_ids])
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _message(f: Finding) -> str:
    lines = [
        f"{f.id} [{f.severity.value}] {f.title}",
        f"Succeeded in {f.successes} of {f.attempts} attempts ({pct(f.success_rate)}); "
        f"likelihood {f.likelihood} x impact {f.impact}; goals: {', '.join(f.goal_ids)}.",
    ]
    if f.repro is not None:
        lines.append(f"Minimized repro: {f.repro.length} of {f.repro.original_length} characters.")
    if f.mitigation is not None:
        state = "verified" if f.mitigation.verified else "not verified"
        lines.append(f"Mitigation ({state}): {f.mitigation.setting}")
    return "\n".join(lines)


def _result(view: RedTeamView, fv: FindingView, index: dict[str, int]) -> dict[str, Any]:
    f = fv.finding
    props: dict[str, Any] = {
        "severity": f.severity.value,
        "likelihood": f.likelihood,
        "impact": f.impact,
        "successRate": f.success_rate,
        "successes": f.successes,
        "attempts": f.attempts,
        "goalIds": list(f.goal_ids),
        "tags": sarif_tags(f.tags),
        "atlas": list(f.atlas),
        "mitigation": None if f.mitigation is None else f.mitigation.model_dump(mode="json"),
    }
    return sarif_result(
        rule_id=rule_id(f),
        rule_index=index[rule_id(f)],
        level=LEVELS[f.severity],
        message=_message(f),
        name=f.id,
        qualified_name=f"{view.result.target}/{rule_id(f)}/{f.id}",
        fingerprint=("saferailRedteam/v1", _fingerprint(view, f)),
        properties=props,
    )


def sarif_dict_view(view: RedTeamView) -> dict[str, Any]:
    """The SARIF log as a dict, as strict JSON can hold it (lone surrogates shown as U+FFFD,
    NaN and infinities as ``null``)."""
    r = view.result
    findings = [fv.finding for fv in view.findings]
    rules = _rules(findings)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    log = sarif_log(
        rules=rules,
        automation_id=f"saferail/redteam/{r.run_id}",
        invocation={"executionSuccessful": True, "startTimeUtc": r.created_at},
        results=[_result(view, fv, index) for fv in view.findings],
        properties={
            "runId": r.run_id,
            "target": r.target,
            "targetFingerprint": r.target_fingerprint,
            "policy": r.policy,
            "budget": r.budget,
            "calls": dict(r.calls),
            "attackSuccessRate": view.overall.rate if view.overall.n else None,
            "redacted": view.redacted,
        },
    )
    return dict(json_safe(log))
