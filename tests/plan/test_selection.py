"""Risk selection: which register risks apply, how they are rated, what tests them."""

from __future__ import annotations

import pytest

from saferail.evals.gate import parse
from saferail.evals.suite import builtin_suites
from saferail.governance.frameworks import NIST_GAI_RISKS, OWASP_LLM_2025
from saferail.governance.register import load_register
from saferail.plan import build_plan, example_feature_path, load_feature, parse_feature
from saferail.plan.selection import RULES, select_risks
from saferail.redteam.results import Severity
from saferail.redteam.strategies.registry import available_strategies

REGISTER = load_register()

CHAT = "name: faq\nsurface: chat\nusers: [employees]\ndeployment: {exposure: internal}\n"


def _ids(text: str) -> dict[str, Severity]:
    return {r.id: r.severity for r in select_risks(parse_feature(text), REGISTER)}


def test_every_register_risk_has_exactly_one_rule() -> None:
    assert sorted(r.risk_id for r in RULES) == sorted(r.id for r in REGISTER.risks)


def test_a_plain_internal_chat_gets_the_baseline_risks_only() -> None:
    ids = _ids(CHAT)
    assert set(ids) == {
        "R01-prompt-injection",
        "R02-jailbreak-harmful-content",
        "R04-supply-chain",
        "R06-improper-output-handling",  # markdown rendering by default
        "R08-system-prompt-leakage",
        "R12-toxic-output",
        "R13-over-refusal",
    }
    # internal users make a jailbreak less likely than the register's generic "likely"
    (jb,) = [r for r in select_risks(parse_feature(CHAT), REGISTER) if r.id.startswith("R02")]
    assert jb.likelihood == 2 and "internal users only" in jb.reasons


def test_tools_data_and_retrieval_add_risks_and_raise_severity() -> None:
    ids = _ids(
        "name: ops\nsurface: agent\ndata: [health]\n"
        "tools: [{name: run_sql, side_effects: execute}]\n"
        "retrieval: [{name: tickets, trust: email}]\n"
    )
    for added in ("R03", "R07", "R09", "R10", "R11"):
        assert any(i.startswith(added) for i in ids), added
    assert ids["R07-excessive-agency"] is Severity.CRITICAL  # execute cannot be taken back
    assert ids["R03-sensitive-data-disclosure"] is Severity.CRITICAL  # health data
    assert ids["R10-misinformation"] is Severity.CRITICAL  # health answers


def test_an_api_for_developers_is_not_user_facing() -> None:
    ids = _ids("name: tagger\nsurface: api\nusers: [developers]\n")
    assert "R12-toxic-output" not in ids and "R13-over-refusal" not in ids


def test_plans_name_only_suites_and_strategies_that_exist() -> None:
    plan = build_plan(load_feature(example_feature_path()))
    suites, strategies = set(builtin_suites()), set(available_strategies())
    assert {s.name for s in plan.suites} <= suites
    assert {s.name for s in plan.strategies} <= strategies
    assert "pair" not in {s.name for s in plan.strategies}  # needs an attacker model
    for risk in plan.risks:
        assert OWASP_LLM_2025[risk.owasp] == risk.owasp_name
        assert all(NIST_GAI_RISKS[key] == name for key, name in risk.nist)
    for criterion in [*plan.skeleton_gate, *(c for s in plan.suites for c in s.criteria)]:
        parse(criterion)  # the gate accepts every criterion


def test_without_retrieval_or_tools_their_tests_are_left_out() -> None:
    plan = build_plan(parse_feature(CHAT))
    names = {s.name for s in plan.strategies}
    assert not names & {"indirect_rag", "indirect_tool", "tool_misuse"}
    assert "grounded_qa" not in {s.name for s in plan.suites}
    categories = {c.metadata.get("source_category") for c in plan.cases}
    assert "indirect_web" not in categories and "direct" in categories


@pytest.mark.parametrize("severity", [Severity.CRITICAL, Severity.HIGH])
def test_critical_risks_get_the_confidence_bound(severity: Severity) -> None:
    from saferail.evals.suite import load_suite
    from saferail.plan.criteria import suite_gate

    gate = suite_gate(load_suite("harmful_refusal"), severity)
    assert ("refusal_rate.low >= 0.95" in gate) is (severity is Severity.CRITICAL)
    assert gate[-1] == "no_regression"
