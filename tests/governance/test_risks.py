"""Risk register: the bundled template, and every kind of mistake reported on its line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from saferail.governance.frameworks import OWASP_LLM_2025, normalize_owasp, owasp_tag
from saferail.governance.register import (
    RegisterError,
    load_register,
    parse_register,
    policy_gaps,
    policy_setting_error,
    register_warnings,
)
from saferail.governance.risks import RiskStatus, Severity
from saferail.policy import parse_policy
from saferail.redteam.severity import matrix

RISK = """\
risks:
  - id: R1
    title: a risk
    owasp: LLM02
    nist: [data_privacy]
    likelihood: likely
    impact: high
    owner: team
"""


def _issues(text: str) -> list[str]:
    with pytest.raises(RegisterError) as info:
        parse_register(text, source="reg.yaml")
    return [str(i) for i in info.value.issues]


def test_bundled_template_covers_all_ten_owasp_items() -> None:
    register = load_register()
    assert len(register.risks) >= 10
    assert {r.owasp for r in register.risks} == set(OWASP_LLM_2025)
    top = register.top()
    assert top and all(r.tests and r.mitigations for r in top)
    assert register_warnings(register, today=dt.date(2025, 1, 1)) == []
    checks = {m.check for r in register.risks for m in r.mitigations if m.check}
    assert {"prompt_injection", "pii", "system_prompt_leak", "exfiltration"} <= checks


def test_severity_is_computed_with_the_red_team_rubric() -> None:
    register = parse_register(RISK)
    risk = register.risks[0]
    assert (risk.likelihood, risk.impact, risk.score) == (3, 3, 9)
    assert risk.severity is Severity.HIGH is matrix()[(3, 3)]
    assert risk.effective_severity is Severity.HIGH
    assert risk.status is RiskStatus.OPEN
    numeric = parse_register(RISK.replace("likely", "4").replace("impact: high", "impact: 4"))
    assert numeric.risks[0].severity is Severity.CRITICAL


def test_stated_severity_must_agree() -> None:
    ok = parse_register(RISK + "    severity: high\n")
    assert ok.risks[0].severity is Severity.HIGH
    assert _issues(RISK + "    severity: low\n") == [
        "reg.yaml:9: risks.0.severity: severity 'low' disagrees with likelihood 3 x impact 3"
        " = 9 (high)"
    ]


def test_framework_ids_are_checked_on_their_lines() -> None:
    text = RISK.replace("LLM02", "LLM11").replace("[data_privacy]", "[privacy]")
    text += "    atlas: [AML.T51]\n"
    assert [i.split(": ", 2)[:2] for i in _issues(text)] == [
        ["reg.yaml:4", "risks.0.owasp"],
        ["reg.yaml:5", "risks.0.nist"],
        ["reg.yaml:9", "risks.0.atlas"],
    ]
    assert "not an OWASP LLM Top 10 2025 id: 'LLM11'" in _issues(text)[0]
    assert normalize_owasp("owasp:llm01:2025") == "LLM01" == normalize_owasp("LLM01:2025")
    assert owasp_tag("llm07") == "owasp:llm07:2025"
    named = parse_register(RISK.replace("[data_privacy]", '["Data Privacy", cbrn]'))
    assert named.risks[0].nist == ("data_privacy", "cbrn")


def test_references_are_resolved_against_the_registries() -> None:
    text = RISK + (
        "    mitigations:\n"
        "      - check: no_such_check\n"
        "      - {check: citation, surface: input}\n"
        "      - setting: tools.taint.nope\n"
        "      - setting: output.checks.pii.threshold\n"
        "      - setting: tools.catalog.send_email.rate_limit.max_calls\n"
        "      - control: quarterly access review\n"
        "    tests:\n"
        "      - suite: no_such_suite\n"
        "      - suite: pii_leakage\n"
        "      - strategy: no_such_strategy\n"
    )
    assert _issues(text) == [
        "reg.yaml:10: risks.0.mitigations.0.check: unknown check 'no_such_check' (known: "
        "banned_topic, citation, exfiltration, harmful_request, harmful_request_sensitive, "
        "hidden_text, jailbreak, pii, prompt_injection, secret, system_prompt_leak, toxicity, "
        "ungrounded)",
        "reg.yaml:11: risks.0.mitigations.1.surface: check 'citation' does not run on input "
        "(it supports: output)",
        "reg.yaml:12: risks.0.mitigations.2.setting: unknown policy setting "
        "'tools.taint.nope': 'tools.taint.nope' is not a field",
        "reg.yaml:17: risks.0.tests.0.suite: unknown suite 'no_such_suite' (known: grounded_qa,"
        " harmful_refusal, over_refusal, pii_leakage, prompt_injection, system_prompt_extraction,"
        " toxicity_elicitation; list others in extra_suites)",
        "reg.yaml:19: risks.0.tests.2.strategy: unknown red-team strategy 'no_such_strategy'",
    ]
    tests = "    tests: [{suite: no_such_suite}, {suite: pii_leakage}]\n"
    extra = parse_register("extra_suites: [no_such_suite]\n" + RISK + tests)
    assert [t.label for t in extra.risks[0].tests] == ["suite:no_such_suite", "suite:pii_leakage"]


def test_policy_setting_paths() -> None:
    assert policy_setting_error("settings.max_chars") is None
    assert policy_setting_error("tools.approver.name") is None
    assert policy_setting_error("tools.ssrf.anything") is None  # a free-form mapping
    assert "no check named 'foo'" in str(policy_setting_error("input.checks.foo.threshold"))
    assert "goes past a value" in str(policy_setting_error("settings.max_chars.x"))


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            "    acceptance: {by: ciso, date: 2025-05-01, rationale: ok, expires: 2025-04-01}\n",
            "reg.yaml:9: risks.0.acceptance: expires (2025-04-01) must be after date (2025-05-01)",
        ),
        (
            "    acceptance: {by: ciso, date: 2025-05-01, expires: 2025-09-01}\n",
            "reg.yaml:9: risks.0.acceptance.rationale: Field required",
        ),
        (
            "    acceptance: {by: '', date: 2025-05-01, rationale: r, expires: 2025-09-01}\n",
            "reg.yaml:9: risks.0.acceptance.by: String should have at least 1 character (got '')",
        ),
        (
            "    status: accepted\n",
            "reg.yaml:2: risks.0: status 'accepted' needs an acceptance record",
        ),
        (
            "    residual: {likelihood: almost certain, impact: critical}\n",
            "reg.yaml:2: risks.0: residual risk (4 x 4) exceeds the inherent risk (3 x 3)",
        ),
        ("    colour: red\n", "reg.yaml:9: risks.0.colour: unknown field 'colour'"),
    ],
)
def test_bad_records_are_one_line_each(extra: str, expected: str) -> None:
    assert _issues(RISK + extra) == [expected]


def test_acceptance_expiry_is_a_warning() -> None:
    text = RISK + (
        "    status: accepted\n"
        "    residual: {likelihood: possible, impact: high, rationale: filters}\n"
        "    acceptance: {by: ciso, date: 2025-01-10, rationale: low traffic,"
        " expires: 2025-07-10}\n"
    )
    register = parse_register(text)
    risk = register.risks[0]
    assert risk.effective_severity is Severity.MEDIUM
    assert risk.acceptance is not None and risk.acceptance.date == dt.date(2025, 1, 10)
    assert register_warnings(register, today=dt.date(2025, 7, 9)) == [
        "R1: high risk without automated tests",
        "R1: high risk without mitigations",
    ]
    assert register_warnings(register, today=dt.date(2025, 7, 10))[0] == (
        "R1: risk acceptance by ciso expired on 2025-07-10"
    )


def test_file_level_errors(tmp_path: Path) -> None:
    assert _issues(RISK + RISK.removeprefix("risks:\n")) == [
        "reg.yaml:9: risks.1.id: duplicate risk id 'R1' (first at risks.0)"  # its own line
    ]
    assert _issues("risks: [\n") == [
        "reg.yaml:2: yaml: syntax error: expected the node content, but found '<stream end>'"
    ]
    assert _issues("- a\n") == ["reg.yaml:1: <root>: a register must be a YAML mapping"]
    assert _issues("risks: []\n") == ["reg.yaml:1: <root>: a register lists at least one risk"]
    with pytest.raises(RegisterError, match="cannot read"):
        load_register(tmp_path / "missing.yaml")


def test_policy_gaps_name_check_mitigations_the_policy_lacks() -> None:
    text = RISK + (
        "    mitigations:\n"
        "      - {check: pii, surface: output}\n"
        "      - {check: toxicity}\n"
        "      - {check: secret, surface: retrieval}\n"
    )
    register = parse_register(text)
    policy = parse_policy(
        "name: p\noutput:\n  checks:\n    pii: {}\nretrieval:\n  checks:\n"
        "    secret: {enabled: false}\n"
    )
    assert policy_gaps(register, policy) == [
        "R1: check 'toxicity' is not enabled on any surface in policy 'p'",
        "R1: check 'secret' is not enabled on retrieval in policy 'p'",
    ]
    with_toxicity = parse_policy("name: q\ninput:\n  checks:\n    toxicity: {}\n")
    assert "'toxicity'" not in " ".join(policy_gaps(register, with_toxicity))


@pytest.mark.parametrize("atlas", ['"AML.T0051\\n"', '"AML.T\\u0660\\u0660\\u0665\\u0661"'])
def test_an_atlas_id_with_a_line_break_or_non_ascii_digits_is_refused(atlas: str) -> None:
    issues = _issues(RISK + f"    atlas: [{atlas}]\n")
    assert len(issues) == 1 and "not a MITRE ATLAS technique id" in issues[0]
