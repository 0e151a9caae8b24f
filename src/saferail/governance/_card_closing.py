"""Sections 10-16 of a system card that close it: limitations and trade-offs (stated, and
shown by the evidence), ethical considerations, change log, standards and sign-off."""

from __future__ import annotations

__all__ = [
    "WIDE",
    "change_log_section",
    "ethics_section",
    "limitations_section",
    "sign_off_section",
    "standards_section",
]

from collections import Counter

from saferail.evals.session import LoadedRun
from saferail.governance._card_evidence import missing
from saferail.governance._card_governance import SEVERITIES
from saferail.governance._card_model import (
    ApprovalRow,
    ChangeLogSection,
    EthicsSection,
    LimitationsSection,
    MetricsSection,
    SignOffSection,
    StandardsSection,
    TestingSection,
)
from saferail.governance._card_runs import inner_fingerprint, redteam_label
from saferail.governance.approvals import ApprovalEntry
from saferail.governance.card_info import CardInfo
from saferail.governance.risk_coverage import CoverageReport
from saferail.governance.risks import RiskRegister
from saferail.redteam.results import RedTeamResult
from saferail.reports._view import rate_text

WIDE = 0.25
"""A 95% interval wider than this (25 percentage points) is called out as a limitation."""


def _measured_limits(
    evals: list[LoadedRun],
    redteams: list[RedTeamResult],
    metrics: MetricsSection,
    testing: TestingSection,
) -> list[str]:
    out = [
        f"Rates judged by the `{s.name}` scorer carry its error: accuracy {s.accuracy:.3f}, "
        f"sensitivity {s.sensitivity:.3f}, specificity {s.specificity:.3f} on {s.n} "
        f"held-out answers ({s.dataset})."
        for s in metrics.scorers
    ]
    for run in evals:
        wide = [
            f"{name} (n={m.pass_rate.n}, {rate_text(m.pass_rate, counts=False)})"
            for name, m in run.metrics.categories.items()
            if m.pass_rate.n and m.pass_rate.high - m.pass_rate.low > WIDE
        ]
        if wide:
            out.append(
                f"Run {run.info.run_id} ({run.info.suite_name}): few cases, so the pass-rate "
                f"interval is wider than {WIDE:.0%} in " + "; ".join(wide) + "."
            )
        over = run.metrics.over_refusal
        if over is not None and over.n:
            out.append(
                f"Over-refusal in {run.info.suite_name} (benign requests refused): "
                f"{rate_text(over)}."
            )
    missed: dict[tuple[str, str], list[str]] = {}
    for g in metrics.gates:
        missed.setdefault((g.run_id, g.suite), [])
        if not g.passed:
            missed[(g.run_id, g.suite)].append(g.criterion)
    for (run_id, suite), criteria in missed.items():
        if criteria:
            out.append(
                f"Run {run_id} ({suite}) misses {len(criteria)} gate "
                + ("criterion: " if len(criteria) == 1 else "criteria: ")
                + "; ".join(criteria)
                + " (measured values under Metrics and thresholds)."
            )
    for shown, result in zip(testing.runs, redteams, strict=True):
        unverified = [
            f"{f.id} ({f.severity.value})"
            for f in result.findings
            if f.mitigation is None or not f.mitigation.verified
        ]
        if unverified:
            out.append(
                f"Red team, {shown.label}: {len(unverified)} finding(s) without a verified "
                "mitigation: " + ", ".join(unverified) + "."
            )
    pairs = list(zip(testing.runs, redteams, strict=True))
    for plain, plain_result in pairs:
        if plain_result.policy is not None:
            continue
        for behind, behind_result in pairs:
            if inner_fingerprint(behind_result.manifest) == plain_result.target_fingerprint:
                out.append(
                    f"Attack success rate {rate_text(plain.asr)} on the bare target vs "
                    f"{rate_text(behind.asr)} {behind.label}."
                )
    return out


def limitations_section(
    info: CardInfo,
    evals: list[LoadedRun],
    redteams: list[RedTeamResult],
    metrics: MetricsSection,
    testing: TestingSection,
) -> LimitationsSection:
    notes = [missing(f) for f in ("limitations", "trade_offs") if not getattr(info, f)]
    return LimitationsSection(
        notes=notes,
        stated=list(info.limitations),
        trade_offs=list(info.trade_offs),
        measured=_measured_limits(evals, redteams, metrics, testing),
    )


def ethics_section(info: CardInfo) -> EthicsSection:
    return EthicsSection(
        notes=[] if info.ethical_considerations else [missing("ethical_considerations")],
        considerations=list(info.ethical_considerations),
    )


def change_log_section(info: CardInfo) -> ChangeLogSection:
    entries = sorted(info.change_log, key=lambda e: e.date, reverse=True)
    return ChangeLogSection(notes=[] if entries else [missing("change_log")], entries=entries)


def standards_section(
    info: CardInfo,
    testing: TestingSection,
    owasp_in_policy: list[str],
    register: RiskRegister | None,
) -> StandardsSection:
    owasp = sorted(
        {
            row.id
            for row in testing.owasp
            if row.strategies or row.risks or any(c != "not tested" for c in row.per_run)
        }
        | {t.split(":")[1].upper() for t in owasp_in_policy}
    )
    referenced = []
    if owasp:
        referenced.append(
            "OWASP Top 10 for LLM Applications 2025: "
            + ", ".join(owasp)
            + " (guardrail tags, red-team strategies and findings, risk register)."
        )
    if testing.atlas:
        referenced.append("MITRE ATLAS: " + ", ".join(r.id for r in testing.atlas) + ".")
    nist = sorted({n for risk in register.risks for n in risk.nist}) if register else []
    if nist:
        referenced.append("NIST AI 600-1 (Generative AI Profile): " + ", ".join(nist) + ".")
    notes = [] if info.standards else [missing("standards")]
    if referenced:
        notes.append(
            "The frameworks under 'Referenced by the evidence' are those the artifacts map to; "
            "a reference is not a claim of conformance."
        )
    return StandardsSection(notes=notes, stated=list(info.standards), referenced=referenced)


def sign_off_section(
    metrics: MetricsSection,
    redteams: list[RedTeamResult],
    coverage: CoverageReport | None,
    approvals: list[ApprovalEntry] | None,
) -> SignOffSection:
    verdicts = []
    by_run: dict[tuple[str, str], list[bool]] = {}
    for g in metrics.gates:
        by_run.setdefault((g.run_id, g.suite), []).append(g.passed)
    for (run_id, suite), passed in by_run.items():
        word = "PASSED" if all(passed) else "FAILED"
        met = f"{sum(passed)} of {len(passed)} criteria met"
        verdicts.append(f"Eval run {run_id} ({suite}): gate {word}, {met}.")
    for result in redteams:
        counts = Counter(f.severity.value for f in result.findings)
        found = ", ".join(f"{counts[s]} {s}" for s in SEVERITIES if counts[s]) or "none"
        verdicts.append(
            f"Red team, {redteam_label(result)} (run {result.run_id}): findings: {found}; "
            f"{len(result.attempts)} attempts."
        )
    if coverage is not None and coverage.share is not None:
        share = f"{coverage.covered}/{coverage.top} top risks ({coverage.share:.0%})"
        verdicts.append(f"Safety eval coverage: {share}.")
    rows = [
        ApprovalRow(
            actor=a.actor,
            role=a.role,
            decision=a.decision,
            subject=a.subject,
            timestamp=a.timestamp,
            note=a.note,
            signer=a.signer,
        )
        for a in approvals or []
    ]
    notes = []
    if not rows:
        notes.append("No evidence: no approval was recorded (record one with `saferail approve`).")
    elif not any(r.decision == "approve" and r.subject == "release" for r in rows):
        notes.append("No release approval is recorded among the approvals below.")
    return SignOffSection(notes=notes, verdicts=verdicts, approvals=rows)
