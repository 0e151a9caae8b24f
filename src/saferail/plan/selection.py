"""Which risks of the bundled register apply to a feature, how severe, and what tests them.

The catalogue is saferail's template risk register (``data/governance/risk_register.yaml``:
one or more risks per OWASP LLM Top 10 2025 item, mapped to NIST AI 600-1 and MITRE ATLAS,
with their checks, settings, suites and red-team strategies). :data:`RULES` says, for each
register risk, when a feature is exposed to it (with the reason printed in the plan) and how
the feature moves its likelihood and impact away from the register's generic rating:

* public exposure makes attacks more likely (+1 likelihood for injection and jailbreaks);
  untrusted retrieval sources make indirect injection and poisoned retrieval near certain;
* tools that act (send, pay, delete, execute, write), health, financial or children's data,
  and users who are minors raise the impact to critical where that harm follows.

Suites and strategies come from the selected risks' tests, keeping only those installed and
only strategies whose attack path exists (``indirect_rag`` needs retrieval, ``tool_misuse``
and ``indirect_tool`` need tools, strategies that need an attacker model are left out).
"""

from __future__ import annotations

__all__ = ["RULES", "PlannedRisk", "RiskRule", "select_risks"]

from collections.abc import Callable
from dataclasses import dataclass

from saferail.governance.frameworks import NIST_GAI_RISKS, OWASP_LLM_2025
from saferail.governance.risks import Risk, RiskRegister
from saferail.plan.feature import Feature
from saferail.redteam.results import Severity
from saferail.redteam.severity import severity_of

Reason = Callable[[Feature], str | None]
Rating = Callable[[Feature, int, int], tuple[int, int, list[str]]]


@dataclass(frozen=True)
class RiskRule:
    """When a register risk applies (``applies`` returns the reason, or None) and how the
    feature changes its rating (``rate``: likelihood, impact -> new values and why)."""

    risk_id: str
    applies: Reason
    rate: Rating | None = None


@dataclass(frozen=True)
class PlannedRisk:
    """A register risk that applies to the feature, rated for it."""

    id: str
    title: str
    owasp: str
    owasp_name: str
    nist: tuple[tuple[str, str], ...]
    atlas: tuple[str, ...]
    likelihood: int
    impact: int
    severity: Severity
    reasons: tuple[str, ...]
    suites: tuple[str, ...]
    strategies: tuple[str, ...]
    mitigations: tuple[str, ...]


def _always(reason: str) -> Reason:
    return lambda f: reason


def _injection(f: Feature) -> str | None:
    paths = ["user messages"]
    if f.retrieval:
        paths.append("retrieved documents")
    if f.tools:
        paths.append("tool results")
    return f"untrusted text reaches the model through {', '.join(paths)}"


def _rate_injection(f: Feature, lik: int, imp: int) -> tuple[int, int, list[str]]:
    why = []
    if any(s.untrusted for s in f.retrieval):
        lik = 4
        why.append("untrusted retrieval sources carry attacker text")
    if f.acting_tools:
        imp = 4
        why.append("an injected instruction can trigger tools that act")
    return lik, imp, why


def _public(f: Feature, lik: int, imp: int) -> tuple[int, int, list[str]]:
    why = []
    if f.deployment.exposure == "public":
        lik = min(4, lik + 1)
        why.append("anyone on the internet can try")
    elif f.deployment.exposure == "internal":
        lik = max(1, lik - 1)
        why.append("internal users only")
    if "minors" in f.users:
        imp = 4
        why.append("minors use it")
    return lik, imp, why


def _data(f: Feature) -> str | None:
    found = sorted(f.sensitive_data | ({"confidential"} & set(f.data)))
    return f"the feature handles {', '.join(found)} data" if found else None


def _rate_data(f: Feature, lik: int, imp: int) -> tuple[int, int, list[str]]:
    special = sorted({"health", "financial", "children", "credentials"} & set(f.data))
    if special:
        return lik, 4, [f"{', '.join(special)} data: disclosure harms people directly"]
    return lik, imp, []


def _agency(f: Feature) -> str | None:
    acting = [f"{t.name} ({t.side_effects})" for t in f.acting_tools]
    return f"tools act on the world: {', '.join(acting)}" if acting else None


def _rate_agency(f: Feature, lik: int, imp: int) -> tuple[int, int, list[str]]:
    worst = {t.side_effects for t in f.acting_tools} & {"send", "payment", "delete", "execute"}
    if worst:
        return lik, 4, [f"effects that cannot be taken back: {', '.join(sorted(worst))}"]
    return lik, min(imp, 3), ["writes can be reviewed and undone"]


def _output(f: Feature) -> str | None:
    if f.deployment.output_rendering in ("markdown", "html"):
        return f"answers are rendered as {f.deployment.output_rendering} (links, images)"
    if f.surface == "api":
        return "answers are consumed by other systems"
    return "answers feed tool calls" if f.tools else None


def _retrieval(f: Feature) -> str | None:
    if not f.retrieval:
        return None
    return f"documents from {', '.join(s.name for s in f.retrieval)} reach the model"


def _rate_retrieval(f: Feature, lik: int, imp: int) -> tuple[int, int, list[str]]:
    untrusted = [s.name for s in f.retrieval if s.untrusted]
    if untrusted:
        return 4, imp, [f"untrusted sources: {', '.join(untrusted)}"]
    return lik, imp, []


def _grounding(f: Feature) -> str | None:
    if f.retrieval:
        return "answers must rest on the retrieved documents"
    advice = sorted({"health", "financial"} & set(f.data))
    return f"users may act on {' and '.join(advice)} answers" if advice else None


def _rate_grounding(f: Feature, lik: int, imp: int) -> tuple[int, int, list[str]]:
    if "health" in f.data:
        return lik, 4, ["health answers: wrong facts can hurt"]
    return lik, imp, []


def _facing(reason: str) -> Reason:
    return lambda f: reason if f.user_facing else None


RULES: tuple[RiskRule, ...] = (
    RiskRule("R01-prompt-injection", _injection, _rate_injection),
    RiskRule("R02-jailbreak-harmful-content", _always("users can ask for anything"), _public),
    RiskRule("R03-sensitive-data-disclosure", _data, _rate_data),
    RiskRule("R04-supply-chain", _always("the release ships a model and guard artifacts")),
    RiskRule(
        "R05-data-model-poisoning",
        lambda f: "the model is fine-tuned on collected data" if f.deployment.fine_tuned else None,
    ),
    RiskRule("R06-improper-output-handling", _output),
    RiskRule("R07-excessive-agency", _agency, _rate_agency),
    RiskRule("R08-system-prompt-leakage", _always("the feature runs behind a system prompt")),
    RiskRule("R09-vector-embedding-weaknesses", _retrieval, _rate_retrieval),
    RiskRule("R10-misinformation", _grounding, _rate_grounding),
    RiskRule(
        "R11-unbounded-consumption",
        lambda f: (
            "open to the internet"
            if f.deployment.exposure == "public"
            else ("tool loops can run up cost" if f.tools else None)
        ),
    ),
    RiskRule("R12-toxic-output", _facing("people read the answers"), _public),
    RiskRule("R13-over-refusal", _facing("guardrails can refuse legitimate requests")),
)
"""Applicability and rating rules, one per risk of the bundled register."""


def _strategy_fits(name: str, feature: Feature) -> bool:
    from saferail.redteam.strategies.registry import available_strategies, get_strategy

    if name not in available_strategies():
        return False
    info = get_strategy(name).info()
    if info.needs_attacker:
        return False
    if name == "indirect_rag" and not feature.retrieval:
        return False
    return not (name in ("indirect_tool", "tool_misuse") and not feature.tools)


def _plan(risk: Risk, rule: RiskRule, feature: Feature, reason: str) -> PlannedRisk:
    from saferail.evals.suite import builtin_suites

    lik, imp = risk.likelihood, risk.impact
    why: list[str] = []
    if rule.rate is not None:
        lik, imp, why = rule.rate(feature, lik, imp)
    suites = [t.suite for t in risk.tests if t.suite is not None and t.suite in builtin_suites()]
    if "grounded_qa" in suites and not feature.retrieval:
        suites.remove("grounded_qa")
    strategies = [
        t.strategy for t in risk.tests if t.strategy and _strategy_fits(t.strategy, feature)
    ]
    return PlannedRisk(
        id=risk.id,
        title=risk.title,
        owasp=risk.owasp,
        owasp_name=OWASP_LLM_2025[risk.owasp],
        nist=tuple((key, NIST_GAI_RISKS[key]) for key in risk.nist),
        atlas=tuple(risk.atlas),
        likelihood=lik,
        impact=imp,
        severity=severity_of(lik * imp),
        reasons=(reason, *why),
        suites=tuple(suites),
        strategies=tuple(strategies),
        mitigations=tuple(m.label for m in risk.mitigations),
    )


def select_risks(feature: Feature, register: RiskRegister) -> list[PlannedRisk]:
    """The register's risks that apply to ``feature``, most severe first."""
    by_id = {r.id: r for r in register.risks}
    planned = []
    for rule in RULES:
        risk = by_id.get(rule.risk_id)
        reason = rule.applies(feature) if risk is not None else None
        if risk is not None and reason is not None:
            planned.append(_plan(risk, rule, feature, reason))
    return sorted(planned, key=lambda r: (-r.likelihood * r.impact, r.id))
