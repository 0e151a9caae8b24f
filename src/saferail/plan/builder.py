"""``build_plan``: a feature description in, a safety evaluation plan out.

The plan holds the applicable risks (:mod:`saferail.plan.selection`), the built-in suites and
red-team strategies that test them with their release criteria, the skeleton suite's cases
and gate (:mod:`saferail.plan.cases`), the monitoring KPIs and alert rules and the rollback
steps (:mod:`saferail.plan.criteria`), and the gaps: applicable risks that no automated test
covers, with what to do instead.
"""

from __future__ import annotations

__all__ = ["Plan", "PlannedStrategy", "PlannedSuite", "build_plan"]

from dataclasses import dataclass
from typing import Any

from saferail.evals.case import Case
from saferail.evals.suite import Suite, load_suite
from saferail.governance.register import load_register
from saferail.governance.risks import RiskRegister
from saferail.plan.cases import feature_cases, sample_builtin
from saferail.plan.criteria import (
    AlertRule,
    alert_config,
    rollback_steps,
    skeleton_gate,
    suite_gate,
)
from saferail.plan.feature import Feature
from saferail.plan.selection import PlannedRisk, select_risks
from saferail.redteam.results import Severity

_GAP_ADVICE = {
    "R04-supply-chain": "verify the installation before each release and on each host: "
    "`saferail bom verify bom.cdx.json` (exit 0), with the BOM kept in the evidence pack",
    "R05-data-model-poisoning": "review fine-tuning data sources and record their lineage",
    "R11-unbounded-consumption": "load-test the gateway limits and set `settings.max_chars` "
    "and per-tool rate and cost limits",
}


@dataclass(frozen=True)
class PlannedSuite:
    """A built-in suite the release runs in full, with its release criteria."""

    name: str
    version: str
    cases: int
    risks: tuple[str, ...]
    severity: Severity
    criteria: tuple[str, ...]


@dataclass(frozen=True)
class PlannedStrategy:
    """A red-team strategy the release runs."""

    name: str
    tags: tuple[str, ...]
    atlas: tuple[str, ...]
    multi_turn: bool
    risks: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    """Everything the Markdown plan and the skeleton files are written from."""

    feature: Feature
    risks: tuple[PlannedRisk, ...]
    suites: tuple[PlannedSuite, ...]
    strategies: tuple[PlannedStrategy, ...]
    cases: tuple[Case, ...]
    skeleton_gate: tuple[str, ...]
    alerts: dict[str, Any]
    alert_rules: tuple[AlertRule, ...]
    rollback: tuple[str, ...]
    gaps: tuple[str, ...]

    @property
    def owasp_tags(self) -> tuple[str, ...]:
        """OWASP tags of the skeleton's cases (what the skeleton suite actually tests)."""
        return tuple(sorted({t for c in self.cases for t in c.tags if t.startswith("owasp:")}))


def _worst(risks: list[PlannedRisk]) -> Severity:
    return max((r.severity for r in risks), key=lambda s: s.rank)


def _suites(risks: list[PlannedRisk]) -> list[tuple[Suite, list[PlannedRisk]]]:
    names: dict[str, list[PlannedRisk]] = {}
    for risk in risks:
        for name in risk.suites:
            names.setdefault(name, []).append(risk)
    return [(load_suite(name), rs) for name, rs in names.items()]


def _strategies(risks: list[PlannedRisk]) -> list[PlannedStrategy]:
    from saferail.redteam.strategies.registry import get_strategy

    names: dict[str, list[str]] = {}
    for risk in risks:
        for name in risk.strategies:
            names.setdefault(name, []).append(risk.id)
    out = []
    for name, ids in names.items():
        info = get_strategy(name).info()
        out.append(PlannedStrategy(name, info.tags, info.atlas, info.multi_turn, tuple(ids)))
    return out


def _gaps(risks: list[PlannedRisk], feature: Feature) -> list[str]:
    out = []
    for risk in risks:
        if not risk.suites and not risk.strategies:
            advice = _GAP_ADVICE.get(risk.id, "review the mitigations by hand")
            out.append(f"{risk.id} ({risk.owasp}) has no automated test here: {advice}.")
    covered = {"en", "de", "fr", "es"}
    missing = [lang for lang in feature.languages if lang not in covered]
    if missing:
        out.append(
            f"No built-in cases in {', '.join(missing)}: translate a sample of the skeleton's "
            "cases and add them to cases.jsonl."
        )
    return out


def build_plan(
    feature: Feature, *, register: RiskRegister | None = None, per_suite: int = 8
) -> Plan:
    """The safety evaluation plan of ``feature`` (``register``: the risk catalogue, default
    saferail's template; ``per_suite``: built-in cases sampled into the skeleton per suite)."""
    risks = select_risks(feature, register or load_register())
    suites = _suites(risks)
    planned = [
        PlannedSuite(
            suite.name,
            suite.version,
            len(suite.cases),
            tuple(r.id for r in rs),
            _worst(rs),
            tuple(suite_gate(suite, _worst(rs))),
        )
        for suite, rs in suites
    ]
    cases = [c for suite, _ in suites for c in sample_builtin(suite, feature, per_suite)]
    own = feature_cases(feature)
    categories = list(dict.fromkeys(c.category for c in own))
    alerts, rules = alert_config(feature, risks)
    return Plan(
        feature=feature,
        risks=tuple(risks),
        suites=tuple(planned),
        strategies=tuple(_strategies(risks)),
        cases=tuple(cases + own),
        skeleton_gate=tuple(skeleton_gate([s for s, _ in suites], categories)),
        alerts=alerts,
        alert_rules=tuple(rules),
        rollback=tuple(rollback_steps(feature, risks)),
        gaps=tuple(_gaps(risks, feature)),
    )
