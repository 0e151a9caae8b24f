"""Sections 8-9 of a system card: the risk register summary with its coverage, and the
mitigations (proposed by red-team findings, declared by the register and checked against the
policy)."""

from __future__ import annotations

__all__ = ["SEVERITIES", "mitigations_section", "risks_section"]

import datetime as dt
import json
from collections import Counter
from typing import Any

from saferail.governance._card_model import (
    AcceptanceRow,
    CoverageRow,
    MitigationRow,
    MitigationsSection,
    RiskRow,
    RisksSection,
)
from saferail.governance._card_runs import redteam_label
from saferail.governance.risk_coverage import CoverageReport
from saferail.governance.risks import Mitigation, RiskRegister
from saferail.policy.models import Policy
from saferail.redteam.results import RedTeamResult, Severity

SEVERITIES = [s.value for s in sorted(Severity, key=lambda s: -s.rank)]
"""Severity names, most severe first."""


def risks_section(
    register: RiskRegister | None, coverage: CoverageReport | None, today: dt.date
) -> RisksSection:
    notes = [] if register is not None else ["No evidence: no risk register was given."]
    risks = list(register.risks) if register is not None else []
    rows = []
    for risk in risks:
        acc = risk.acceptance
        rows.append(
            RiskRow(
                id=risk.id,
                title=risk.title,
                owasp=risk.owasp,
                nist=list(risk.nist),
                severity=risk.severity.value,
                residual=None if risk.residual is None else risk.residual.severity.value,
                status=risk.status.value,
                owner=risk.owner,
                tests=[t.label for t in risk.tests],
                acceptance=None
                if acc is None
                else AcceptanceRow(
                    by=acc.by,
                    date=acc.date.isoformat(),
                    expires=acc.expires.isoformat(),
                    expired=acc.expired(today),
                    rationale=acc.rationale,
                ),
            )
        )
        if acc is not None and acc.expired(today):
            notes.append(f"The acceptance of risk {risk.id} expired on {acc.expires}: renew it.")
    severity = Counter(r.severity.value for r in risks)
    status = Counter(r.status.value for r in risks)
    cov_rows: list[CoverageRow] = []
    gaps: list[str] = []
    if coverage is None:
        notes.append(
            "No evidence: no coverage report was given (`saferail risks coverage` computes it)."
        )
    else:
        share = "n/a (no top risk)" if coverage.share is None else f"{coverage.share:.0%}"
        cov_rows = [
            CoverageRow(
                label=f"Safety eval coverage (risks of severity {coverage.min_severity.value} "
                "or above with tests that ran and passed)",
                value=f"{coverage.covered}/{coverage.top} = {share}",
            ),
            CoverageRow(label="As of", value=coverage.as_of),
            CoverageRow(
                label="Freshness limit",
                value="none"
                if coverage.max_age_days is None
                else f"{coverage.max_age_days:g} days",
            ),
        ]
        gaps = [
            f"{g.risk_id}: {g.reason.value}"
            + (f" ({g.test})" if g.test else "")
            + (f": {g.detail}" if g.detail else "")
            for g in coverage.gaps
        ]
        if register is not None and coverage.register_name != register.name:
            notes.append(
                f"The coverage report is of register {coverage.register_name!r}, "
                f"not {register.name!r}."
            )
    return RisksSection(
        notes=notes,
        register_name=None if register is None else register.name,
        by_severity=[(s, severity[s]) for s in SEVERITIES if severity[s]],
        by_status=sorted(status.items()),
        risks=rows,
        coverage=cov_rows,
        gaps=gaps,
    )


def _setting_value(policy: Policy, path: str) -> tuple[bool, Any]:
    node: Any = policy.model_dump(mode="json")
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return False, None
        node = node[part]
    return True, node


def _register_status(m: Mitigation, policy: Policy) -> str:
    if m.check:
        surfaces = [m.surface] if m.surface else ["input", "output", "retrieval", "tool_call"]
        found = [
            f"{s}: {cfg.action}"
            for s in surfaces
            if (cfg := policy.surface(s).checks.get(m.check)) is not None and cfg.enabled
        ]
        return "in the policy (" + ", ".join(found) + ")" if found else "NOT in the policy"
    if m.setting:
        present, value = _setting_value(policy, m.setting)
        if not present or value is None:
            return "not set in the policy"
        if isinstance(value, dict | list):
            n = len(value)
            return f"set in the policy ({n} {'entry' if n == 1 else 'entries'})"
        return f"in effect: {json.dumps(value)}"
    return "organisational control (not machine-checked)"


def mitigations_section(
    policy: Policy, redteams: list[RedTeamResult], register: RiskRegister | None
) -> MitigationsSection:
    rows: list[MitigationRow] = []
    for result in redteams:
        for f in result.findings:
            source = f"finding {f.id} ({f.severity.value}, {redteam_label(result)})"
            m = f.mitigation
            if m is None:
                rows.append(
                    MitigationRow(
                        source=source,
                        control=None,
                        status="open",
                        detail="the run recorded no mitigation for this finding",
                    )
                )
                continue
            rows.append(
                MitigationRow(
                    source=source,
                    control=m.setting or ", ".join(m.checks) or m.policy,
                    status="verified" if m.verified else "not verified",
                    detail=m.detail,
                )
            )
    for risk in register.risks if register is not None else ():
        for control in risk.mitigations:
            rows.append(
                MitigationRow(
                    source=f"risk {risk.id}",
                    control=control.label,
                    status=_register_status(control, policy),
                    detail=control.note,
                )
            )
    notes = []
    if not rows:
        notes.append(
            "No evidence: no red-team finding and no risk register, so no mitigation is recorded "
            "(the guardrails in place are listed under System composition)."
        )
    return MitigationsSection(notes=notes, rows=rows)
