"""The system card from real evidence: eval runs in a real SQLite store (a canned target and the
loopback WeakModel behind the card's policy), a red-team run of built-in strategies against the
WeakModel bare and guarded, the bundled risk register with its coverage over the same store,
a signed approvals log, and a telemetry configuration. Every section is checked against the
inputs it was built from, and a card without evidence says so in every section."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from saferail.checks.registry import get_check
from saferail.evals.metrics import Rate
from saferail.evals.runner import RunConfig
from saferail.evals.session import LoadedRun, run_suite
from saferail.evals.store import RunStore, SqlRunStore
from saferail.evals.suite import load_suite
from saferail.governance.approvals import ApprovalEntry, append_entry, init_log, make_subject
from saferail.governance.card_info import CardInfo, CardInfoError, parse_card_info
from saferail.governance.keys import generate_key
from saferail.governance.register import load_register
from saferail.governance.risk_coverage import CoverageReport, coverage
from saferail.governance.risks import RiskRegister
from saferail.governance.system_card import (
    SECTIONS,
    SystemCard,
    SystemCardError,
    build_card,
    render_html,
    render_markdown,
)
from saferail.policy import Policy
from saferail.policy.loader import parse_policy
from saferail.redteam.engine import RedTeam, RedTeamConfig
from saferail.redteam.results import RedTeamResult
from saferail.reports._markdown import md_cell
from saferail.reports._view import rate_text
from saferail.targets.base import TargetIdentity
from saferail.targets.guarded import guarded
from saferail.targets.spec import target_from_spec
from tests.redteam.conftest import WIPE_GOAL, WeakModelServer, prompt_goal

POLICY = """
name: card-test
description: Policy of the system card tests.
input:
  checks:
    jailbreak: {action: block}
    hidden_text: {action: warn, threshold: 0.6}
    pii: {action: redact}
output:
  checks:
    system_prompt_leak: {action: block}
    secret: {action: redact}
tools:
  catalog:
    delete_file: {action: escalate, sink: delete, description: Deletes a file}
"""

GOALS = [prompt_goal(), WIPE_GOAL.model_copy(update={"tags": ("owasp:llm06:2025",)})]
STRATEGIES = ("direct", "system_prompt_extraction", "tool_misuse")

CARD_YAML = """
system_name: Acme support assistant
version: "2.3"
owner: Support platform team
intended_use: |
  Answers customer questions about Acme orders.

  Escalates refunds to a person.
users: [Acme customers, support agents]
out_of_scope: Legal or medical advice
foreseeable_misuse:
  - extracting other customers' order data
tools:
  - {name: delete_file, description: Removes a temporary export}
  - lookup_order
data_sources:
  - {name: order database, description: read-only replica}
data_notes: Conversations are not used for training.
limitations: [English only]
trade_offs: [Blocking jailbreaks refuses some role-play requests]
ethical_considerations: [Customers are told they talk to an AI]
human_oversight: Agents review escalated tool calls.
retention: Raw transcripts are never stored.
monitoring: On-call watches the block-rate dashboard.
incident_contacts:
  - {name: Safety on-call, role: first responder, reach: "#safety-oncall"}
change_log:
  - {date: 2025-01-10, version: "2.2", change: Added the order lookup tool}
  - {date: 2025-03-02, version: "2.3", change: Jailbreak check on input, by: Dana}
standards: [ISO/IEC 42001 (internal audit)]
rationale:
  "over_refusal <= 0.05": Customers must get answers to ordinary questions.
  jailbreak: Training-time threshold; reviewed on our own traffic.
"""

TELEMETRY: dict[str, Any] = {
    "sinks": [
        "sqlite:/var/lib/acme/events.db",
        "postgresql://card:s3cret-pw@db.internal:5432/events?sslmode=require",
    ],
    "model_version": "2025-06",
    "retention": {"content_days": 3, "identity_days": 14, "event_days": 60},
    "monitor": {
        "rules": [
            {"name": "block-spike", "kpi": "block_rate", "detector": "ewma", "severity": "high"}
        ],
        "sinks": [{"type": "webhook", "url": "https://user:tok@hooks.example/alert?k=1"}],
    },
}


@dataclass
class Evidence:
    policy: Policy
    target: TargetIdentity
    refuse_run: LoadedRun
    guarded_run: LoadedRun
    bare: RedTeamResult
    behind: RedTeamResult
    register: RiskRegister
    coverage: CoverageReport
    approvals: list[ApprovalEntry]

    @property
    def evals(self) -> list[LoadedRun]:
        return [self.refuse_run, self.guarded_run]


async def _red_team(server: WeakModelServer, store: SqlRunStore, policy: Policy | None) -> Any:
    cfg = RedTeamConfig(
        strategies=STRATEGIES, budget=40, minimize=False, verify=policy is None, concurrency=2
    )
    target = target_from_spec(server.url, model="weak")
    team = RedTeam(target, store, cfg, goals=GOALS, target_spec="weak", policy=policy)
    try:
        return await team.run()
    finally:
        await target.aclose()  # type: ignore[attr-defined]


async def _evals(server: WeakModelServer, store: SqlRunStore, policy: Policy) -> Any:
    refuse = await run_suite(
        load_suite("harmful_refusal"),
        target_from_spec("refuse"),
        store,
        RunConfig(sample=18, seed=3),
        target_spec="refuse",
    )
    raw = target_from_spec(server.url, model="weak")
    try:
        behind = await run_suite(
            load_suite("over_refusal"), guarded(raw, policy), store, RunConfig(limit=8)
        )
    finally:
        await raw.aclose()  # type: ignore[attr-defined]
    return refuse, behind


def _approvals(tmp: Path) -> list[ApprovalEntry]:
    key = generate_key(tmp / "signing.key")
    log, head = tmp / "approvals.jsonl", tmp / "approvals.head"
    init_log(log, head, key)
    common: dict[str, Any] = {"key": key, "trusted": [], "role": "safety lead"}
    return [
        append_entry(
            log,
            head,
            actor="Dana Reviewer",
            decision="accept-risk",
            subject=make_subject("R07-excessive-agency"),
            note="Escalations are denied until an approver is set up.",
            **common,
        ),
        append_entry(
            log, head, actor="Dana Reviewer", decision="approve", subject="release", **common
        ),
    ]


@pytest.fixture(scope="module")
def evidence(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Evidence]:
    tmp = tmp_path_factory.mktemp("card")
    policy = parse_policy(POLICY)
    server = WeakModelServer()
    server.start()
    try:
        with RunStore(tmp / "runs.db") as store:
            refuse_run, guarded_run = asyncio.run(_evals(server, store, policy))
            bare = asyncio.run(_red_team(server, store, None))
            behind = asyncio.run(_red_team(server, store, policy))
            register = load_register()
            report = coverage(register, store)
            yield Evidence(
                policy=policy,
                target=target_from_spec(server.url, model="weak").identity,
                refuse_run=refuse_run,
                guarded_run=guarded_run,
                bare=bare,
                behind=behind,
                register=register,
                coverage=report,
                approvals=_approvals(tmp),
            )
    finally:
        server.stop()


@pytest.fixture(scope="module")
def info() -> CardInfo:
    return parse_card_info(CARD_YAML)


@pytest.fixture(scope="module")
def card(evidence: Evidence, info: CardInfo) -> SystemCard:
    return build_card(
        policy=evidence.policy,
        target=evidence.target,
        eval_runs=evidence.evals,
        redteam=[evidence.bare, evidence.behind],
        register=evidence.register,
        coverage=evidence.coverage,
        telemetry=TELEMETRY,
        approvals=evidence.approvals,
        info=info,
        generated_at="2025-03-05T10:00:00Z",
    )


@pytest.fixture(scope="module")
def markdown(card: SystemCard) -> str:
    return render_markdown(card)


@pytest.fixture(scope="module")
def html(card: SystemCard) -> str:
    return render_html(card)


@pytest.fixture(scope="module")
def empty() -> SystemCard:
    return build_card(
        policy=Policy(),
        target=TargetIdentity(provider="openai-compatible", model="acme-chat"),
        eval_runs=[],
        redteam=[],
    )


def _section(markdown: str, key: str) -> str:
    """The Markdown of one section (from its heading to the next)."""
    index = [k for k, _ in SECTIONS].index(key)
    start = markdown.index(f"\n## {index + 1}. ")
    end = markdown.find(f"\n## {index + 2}. ", start + 1)
    return markdown[start : end if end > 0 else len(markdown)]


def _with_correction(rate: Rate | None) -> str:
    text = rate_text(rate)
    if rate is not None and rate.n and rate.corrected is not None:
        text += f"; corrected for scorer error {rate.corrected:.1%}"
    return text


def _row(*cells: object) -> str:
    return "| " + " | ".join(md_cell(c) for c in cells) + " |"


# -- the whole card -----------------------------------------------------------------------------


def test_sections_in_the_order_of_the_issue(card: SystemCard, markdown: str, html: str) -> None:
    titles = [t for _, t in SECTIONS]
    assert [t for _, t, _ in card.sections()] == titles
    headings = re.findall(r"^## (\d+)\. (.+)$", markdown, re.M)
    assert headings == [(str(i), t) for i, t in enumerate(titles, 1)]
    assert re.findall(r'<section id="(\w+)">', html) == [k for k, _ in SECTIONS]
    assert markdown.startswith("# System card: Acme support assistant\n")


def test_html_is_self_contained(html: str) -> None:
    low = html.lower()
    for banned in ("<script", "<link", "<iframe", "<img", " src=", "@import", "url("):
        assert banned not in low
    assert set(re.findall(r'href="([^"]*)"', html)) == {f"#{k}" for k, _ in SECTIONS}
    assert low.count("<svg") == 4  # two eval runs, two red-team runs
    assert html.rstrip().endswith("</html>")


def test_no_credentials_from_the_telemetry_config(markdown: str, html: str) -> None:
    for text in (markdown, html):
        assert "s3cret-pw" not in text and "user:tok" not in text and "k=1" not in text
        assert "postgresql://db.internal:5432/events" in text
        assert "https://hooks.example/..." in text and "hooks.example/alert" not in text


# -- 1-4 ----------------------------------------------------------------------------------------


def test_identity_flags_runs_of_other_targets_and_policies(
    card: SystemCard, evidence: Evidence, markdown: str
) -> None:
    ident = card.identity
    assert ident.target_fingerprint == evidence.target.fingerprint()
    assert ident.policy_version == evidence.policy.version
    assert (ident.system_name, ident.system_version, ident.owner) == (
        "Acme support assistant",
        "2.3",
        "Support platform team",
    )
    refuse_id, guarded_id = evidence.refuse_run.info.run_id, evidence.guarded_run.info.run_id
    assert [r.run_id for r in ident.eval_runs] == [refuse_id, guarded_id]
    # the guarded run measured the card's model behind the card's policy: nothing to flag
    assert ident.eval_runs[1].policy_version == evidence.policy.version
    assert not any(guarded_id in n for n in ident.notes)
    # the canned refuser is another target, run without a policy
    flagged = [n for n in ident.notes if refuse_id in n]
    assert len(flagged) == 2
    assert "not this card's target openai-compatible/weak" in flagged[0]
    assert "recorded no policy" in flagged[1]
    assert [r.label for r in ident.redteam_runs] == [
        "bare target (no guard)",
        f"behind policy {evidence.behind.policy}",
    ]
    assert ident.redteam_runs[1].policy_version == evidence.policy.version
    text = _section(markdown, "identity")
    assert evidence.target.fingerprint() in text and evidence.policy.version in text
    assert evidence.bare.run_id in text and evidence.behind.run_id in text


def test_intended_use_from_card_yaml(card: SystemCard, markdown: str) -> None:
    s = card.intended_use
    assert s.notes == []
    assert s.users == ["Acme customers", "support agents"]
    assert s.out_of_scope == ["Legal or medical advice"]
    text = _section(markdown, "intended_use")
    assert "Answers customer questions about Acme orders.\n\nEscalates refunds" in text
    assert "- extracting other customers' order data" in text


def test_composition_lists_models_tools_sources_and_guardrails(
    card: SystemCard, evidence: Evidence, markdown: str
) -> None:
    s = card.composition
    assert s.models[0].name == "openai-compatible/weak"
    by_name = {m.name: m for m in s.models}
    assert by_name["jailbreak"].card == "saferail/data/models/MODEL_CARD.md"
    assert by_name["refusal"].role == "eval scorer model"
    configured = [
        (surface, name)
        for surface in ("input", "output", "retrieval", "tool_call")
        for name in evidence.policy.surface(surface).checks
    ]
    assert [(g.surface, g.check) for g in s.guardrails] == configured
    hidden = next(g for g in s.guardrails if g.check == "hidden_text")
    assert (hidden.action, hidden.threshold, hidden.threshold_source) == (
        "warn",
        0.6,
        "policy",
    )
    assert hidden.owasp == ["owasp:llm01:2025"]
    tools = {t.name: t for t in s.tools}
    assert tools["delete_file"].policy_action == "escalate"
    assert tools["delete_file"].source == "policy + card.yaml"
    assert tools["lookup_order"].policy_action is None
    text = _section(markdown, "composition")
    assert (
        _row(
            "input",
            "jailbreak",
            "yes",
            "block",
            f"{get_check('jailbreak').default_threshold:.3f} (check default)",
            "closed",
            "owasp:llm01:2025",
        )
        in text
    )
    assert _row("order database", "read-only replica") in text


def test_data_lists_suites_and_goals(card: SystemCard, evidence: Evidence, markdown: str) -> None:
    s = card.data
    assert [(r.suite, r.cases) for r in s.suites] == [
        ("harmful_refusal", evidence.refuse_run.metrics.n),
        ("over_refusal", evidence.guarded_run.metrics.n),
    ]
    assert s.suites[0].categories == list(evidence.refuse_run.metrics.categories)
    assert s.redteam_goals[0][1] == evidence.bare.goals == ["prompt", "wipe"]
    assert "Conversations are not used for training." in _section(markdown, "data")


# -- 5-7: numbers equal the runs' --------------------------------------------------------------


def test_gate_criteria_are_the_runs_own_with_rationale(
    card: SystemCard, evidence: Evidence, markdown: str
) -> None:
    from saferail.evals.session import gate_run

    rows = card.metrics.gates
    expected = []
    for run in evidence.evals:
        gate, _ = gate_run(run)
        expected += [(run.info.run_id, r.criterion, r.passed, r.detail) for r in gate.results]
    assert [(g.run_id, g.criterion, g.passed, g.detail) for g in rows] == expected
    explained = {g.criterion: g.rationale for g in rows if g.rationale}
    assert explained == {
        "over_refusal <= 0.05": "Customers must get answers to ordinary questions."
    }
    text = _section(markdown, "metrics")
    first = rows[0]
    assert (
        _row(
            first.run_id,
            first.suite,
            first.criterion,
            "yes" if first.passed else "NO",
            first.detail,
            "not provided",
        )
        in text
    )


def test_thresholds_carry_the_detectors_measured_accuracy(card: SystemCard) -> None:
    from saferail.detectors.model import load_model

    held = load_model("jailbreak").meta["report"]["heldout"]
    rows = {(t.surface, t.check): t for t in card.metrics.thresholds}
    jb = rows[("input", "jailbreak")]
    assert jb.threshold == pytest.approx(load_model("jailbreak").threshold)
    assert jb.measured is not None
    assert f"held-out recall {held['recall']:.3f}" in jb.measured
    assert f"false-positive rate {held['fpr']:.4f}" in jb.measured
    assert jb.rationale == "Training-time threshold; reviewed on our own traffic."
    assert rows[("input", "pii")].measured is None
    assert any("input.pii" in n and "No measured accuracy" in n for n in card.metrics.notes)
    scorers = {s.name: s for s in card.metrics.scorers}
    from saferail.evals.session import refusal_accuracy

    acc = refusal_accuracy()
    assert acc is not None
    assert (scorers["refusal"].sensitivity, scorers["refusal"].n) == (acc.sensitivity, acc.n)


def test_disaggregated_results_equal_the_run_metrics(
    card: SystemCard, evidence: Evidence, markdown: str, html: str
) -> None:
    text = _section(markdown, "results")
    for run, shown in zip(evidence.evals, card.results.runs, strict=True):
        m = run.metrics
        assert shown.overall.pass_rate == m.pass_rate
        assert [c.name for c in shown.categories] == list(m.categories)
        for row in shown.categories:
            cm = m.categories[row.name]
            assert (row.pass_rate, row.refusal_rate, row.over_refusal, row.error_rate) == (
                cm.pass_rate,
                cm.refusal_rate,
                cm.over_refusal,
                cm.error_rate,
            )
            assert (
                _row(
                    row.name,
                    cm.n,
                    rate_text(cm.pass_rate),
                    _with_correction(cm.refusal_rate),
                    _with_correction(cm.over_refusal),
                    rate_text(cm.error_rate),
                )
                in text
            )
            assert f"{cm.pass_rate.rate:.1%} ({cm.pass_rate.k}/{cm.pass_rate.n})" in html
    assert len(card.results.runs[0].categories) > 1  # disaggregated: several hazard categories
    assert "corrected for scorer error" in text  # the refusal scorer's measured error is used


def test_red_team_results_by_strategy_finding_owasp_and_atlas(
    card: SystemCard, evidence: Evidence, markdown: str
) -> None:
    bare, behind = card.testing.runs
    for shown, result in ((bare, evidence.bare), (behind, evidence.behind)):
        assert [
            (s.strategy, s.attempts, s.successes, s.asr.low, s.asr.high) for s in shown.strategies
        ] == [(s.strategy, s.attempts, s.successes, s.low, s.high) for s in result.strategies]
        assert [(f.id, f.severity) for f in shown.findings] == [
            (f.id, f.severity.value) for f in result.findings
        ]
        assert shown.asr.k == sum(a.succeeded for a in result.attempts)
    # the WeakModel leaks its prompt on "verbatim" and deletes files when told it is urgent
    kinds = {f.kind for f in evidence.bare.findings}
    assert kinds == {"system_prompt_extraction", "tool_misuse"}
    text = _section(markdown, "testing")
    for f in evidence.bare.findings:
        owasp = sorted(t for t in f.tags if t.startswith("owasp:"))
        assert owasp and "owasp:llm01:2025" in owasp
        assert (
            _row(
                f.id,
                f.title,
                f.severity.value,
                f"{f.likelihood} × {f.impact}",
                f"{f.successes}/{f.attempts}",
                ", ".join(owasp),
                ", ".join(f.atlas),
            )
            in text
        )
    items = {r.id: r for r in card.testing.owasp}
    assert list(items) == [f"LLM{i:02d}" for i in range(1, 11)]
    tool = next(f for f in evidence.bare.findings if f.kind == "tool_misuse")
    assert "tool_misuse" in items["LLM06"].strategies
    assert f"{tool.id} ({tool.severity.value})" in items["LLM06"].per_run[0]
    assert items["LLM03"].per_run == ["not tested", "not tested"]
    assert items["LLM01"].risks == ["R01-prompt-injection", "R02-jailbreak-harmful-content"]
    atlas = {r.id: r for r in card.testing.atlas}
    assert atlas["AML.T0056"].name == "Extract LLM System Prompt"
    assert "system_prompt_extraction" in atlas["AML.T0056"].strategies


# -- 8-16 ---------------------------------------------------------------------------------------


def test_risk_register_summary_and_coverage(
    card: SystemCard, evidence: Evidence, markdown: str
) -> None:
    s = card.risks
    assert [r.id for r in s.risks] == [r.id for r in evidence.register.risks]
    assert sum(n for _, n in s.by_severity) == len(evidence.register.risks)
    cov = evidence.coverage
    assert cov.share is not None
    assert s.coverage[0].value == f"{cov.covered}/{cov.top} = {cov.share:.0%}"
    assert len(s.gaps) == len(cov.gaps)
    text = _section(markdown, "risks")
    assert f"Register **{evidence.register.name}**" in text


def test_mitigations_from_findings_and_register(
    card: SystemCard, evidence: Evidence, markdown: str
) -> None:
    rows = card.mitigations.rows
    for f in evidence.bare.findings:
        row = next(
            r for r in rows if r.source.startswith(f"finding {f.id} ") and "bare" in r.source
        )
        assert f.mitigation is not None
        assert row.status == ("verified" if f.mitigation.verified else "not verified")
    by_control = {(r.source, r.control): r.status for r in rows}
    assert by_control[("risk R02-jailbreak-harmful-content", "check:jailbreak@input")] == (
        "in the policy (input: block)"
    )
    assert by_control[("risk R03-sensitive-data-disclosure", "check:pii@output")] == (
        "NOT in the policy"
    )
    assert by_control[("risk R07-excessive-agency", "setting:tools.catalog")] == (
        "set in the policy (1 entry)"
    )
    assert (
        "organisational control"
        in by_control[
            (
                "risk R04-supply-chain",
                "control:third-party saferail plugins reviewed before they are installed",
            )
        ]
    )


def test_limitations_stated_and_measured(card: SystemCard, evidence: Evidence) -> None:
    s = card.limitations
    assert s.stated == ["English only"] and s.notes == []
    measured = "\n".join(s.measured)
    scorer = card.metrics.scorers[0]
    assert f"sensitivity {scorer.sensitivity:.3f}" in measured
    bare, behind = card.testing.runs
    assert (
        f"Attack success rate {rate_text(bare.asr)} on the bare target vs {rate_text(behind.asr)}"
        in measured
    )
    over = evidence.guarded_run.metrics.over_refusal
    assert over is not None and rate_text(over) in measured


def test_oversight_logging_retention(card: SystemCard, markdown: str) -> None:
    s = card.oversight
    assert s.human_oversight == "Agents review escalated tool calls."
    assert any("delete_file" in c and "no approver configured" in c for c in s.controls)
    assert any("input.hidden_text" in c for c in s.controls)
    assert s.retention_days[:3] == [
        ("captured content", "3 days"),
        ("hashed user and conversation ids", "14 days"),
        ("safety events", "60 days"),
    ]
    assert any("not stored" in line for line in s.logging)
    assert "model version 2025-06" in _section(markdown, "oversight")


def test_monitoring_change_log_standards(card: SystemCard, markdown: str) -> None:
    assert card.monitoring.rules == ["block-spike: block_rate, ewma detector, severity high"]
    assert card.monitoring.contacts[0].reach == "#safety-oncall"
    assert [e.version for e in card.change_log.entries] == ["2.3", "2.2"]
    assert card.standards.stated == ["ISO/IEC 42001 (internal audit)"]
    referenced = "\n".join(card.standards.referenced)
    assert "OWASP Top 10 for LLM Applications 2025: LLM01" in referenced
    assert "NIST AI 600-1" in referenced
    assert _row("2025-03-02", "2.3", "Jailbreak check on input", "Dana") in _section(
        markdown, "change_log"
    )


def test_sign_off_lists_verdicts_and_signed_approvals(
    card: SystemCard, evidence: Evidence, markdown: str
) -> None:
    s = card.sign_off
    assert s.notes == []
    assert [(a.decision, a.subject) for a in s.approvals] == [
        ("accept-risk", "risk:R07-excessive-agency"),
        ("approve", "release"),
    ]
    assert s.approvals[0].signer == evidence.approvals[0].signer
    verdicts = "\n".join(s.verdicts)
    from saferail.evals.session import gate_run

    for run in evidence.evals:
        gate, _ = gate_run(run)
        word = "PASSED" if gate.passed else "FAILED"
        assert f"Eval run {run.info.run_id} ({run.info.suite_name}): gate {word}" in verdicts
    assert f"{len(evidence.bare.attempts)} attempts" in verdicts
    assert "Dana Reviewer" in _section(markdown, "sign_off")


# -- no evidence --------------------------------------------------------------------------------


def test_a_card_without_evidence_says_so_in_every_section(empty: SystemCard) -> None:
    for _key, title, section in empty.sections():
        assert section.notes, f"section {title} has no note"
    md = render_markdown(empty)
    assert "No evidence: no eval run was given." in _section(md, "results")
    assert "No evidence: no red-team run was given." in _section(md, "testing")
    assert "No evidence: no risk register was given." in _section(md, "risks")
    assert "Not provided: add `intended_use` to card.yaml." in _section(md, "intended_use")
    assert "No guardrails: the policy configures no check" in _section(md, "composition")
    assert "No evidence: no approval was recorded" in _section(md, "sign_off")
    assert "No evidence: no telemetry configuration was given" in _section(md, "oversight")
    # no number is invented: no rate, interval, count of attempts or coverage share
    assert not re.search(r"\d+\.\d%|\d+/\d+|\d+ attempts|succeeded", md)
    assert render_html(empty).count("<svg") == 0


def test_card_info_errors_name_the_line() -> None:
    with pytest.raises(CardInfoError, match=r"^card.yaml:3: change_log\.0\.date: "):
        parse_card_info(
            "owner: x\nchange_log:\n  - {date: someday, change: y}\n", source="card.yaml"
        )
    with pytest.raises(CardInfoError, match=r"^card.yaml:1: intended_usage: unknown field$"):
        parse_card_info("intended_usage: x\n", source="card.yaml")
    with pytest.raises(CardInfoError, match="must be a YAML mapping"):
        parse_card_info("- a\n")


def test_malformed_telemetry_is_one_clear_error(empty: SystemCard) -> None:
    with pytest.raises(SystemCardError, match=r"^telemetry retention: event_days: "):
        build_card(
            policy=Policy(),
            target=TargetIdentity(provider="p", model="m"),
            eval_runs=[],
            redteam=[],
            telemetry={"retention": {"event_days": -1}},
        )


def test_the_documented_card_yaml_is_valid() -> None:
    doc = Path(__file__).resolve().parents[2] / "docs" / "governance" / "system_card.md"
    blocks = re.findall(r"^```text\n(.*?)^```", doc.read_text(encoding="utf-8"), re.S | re.M)
    example = next(b for b in blocks if b.startswith("system_name:"))
    info = parse_card_info(example, source="docs card.yaml")
    fields = set(CardInfo.model_fields)
    assert {k for k, v in info.model_dump().items() if v} == fields  # every field shown
    assert [e.version for e in info.change_log] == ["2.3", "2.2"]


def test_html_renders_in_headless_chromium(html: str, tmp_path: Path) -> None:
    """No console error, no page error, no request leaving the file; a screenshot is kept."""
    import shutil

    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    browser_path = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser_path is None:
        pytest.skip("no system Chromium (.ci/run installs Debian's chromium)")
    page_file = tmp_path / "system_card.html"
    page_file.write_text(html, encoding="utf-8")
    problems: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=browser_path, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1150, "height": 900})
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.on(
                "request",
                lambda r: None if r.url.startswith("file:") else problems.append(r.url),
            )
            page.goto(page_file.as_uri())
            assert page.locator("section").count() == len(SECTIONS)
            assert page.locator("svg").count() == 4
            page.screenshot(path=str(tmp_path / "system_card.png"), full_page=True)
        finally:
            browser.close()
    assert problems == []
    assert (tmp_path / "system_card.png").stat().st_size > 10_000


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("version: 1.2\n", "version: quote the version ('1.2')"),
        ("change_log:\n  - {date: 20250501, change: x}\n", "expected a date written YYYY-MM-DD"),
        ("change_log:\n  - {date: 2025-05-01, change: x, version: 3.1}\n", "quote the version"),
    ],
)
def test_card_numbers_that_yaml_misreads_are_refused(yaml_text: str, message: str) -> None:
    with pytest.raises(CardInfoError, match=re.escape(message)):
        parse_card_info(yaml_text)


def test_a_whole_number_version_and_a_quoted_decimal_are_kept() -> None:
    assert parse_card_info("version: 2\n").version == "2"
    assert parse_card_info('version: "1.10"\n').version == "1.10"


def test_card_yaml_text_cannot_forge_headings_or_swallow_the_card() -> None:
    """Prose keeps inline Markdown (emphasis, links, code) but no block that would pass for
    generated content: a fake section heading, a code fence hiding the rest of the card, a
    quoted note, a rule. A name is plain text, in the title as in the tables."""
    fake = "## 16. Sign-off"
    card = build_card(
        policy=Policy(),
        target=TargetIdentity(provider="openai-compatible", model="acme-chat"),
        eval_runs=[],
        redteam=[],
        info=CardInfo(
            system_name="Acme ![x](https://evil.example/t.png)",
            intended_use=f"Answers *orders* questions.\n\n{fake}\n\nApproved by the CEO.",
            users=["# agents", "> - No evidence: none needed"],
            limitations=["```", "---", "1. first", "+ plus"],
            human_oversight="~~~\n\nhidden",
        ),
    )
    md = render_markdown(card)
    headings = re.findall(r"^#+ .*$", md, re.M)
    assert len(headings) == 1 + len(SECTIONS)  # the title and the sections, nothing more
    assert headings[0] == r"# System card: Acme \!\[x\](`https://evil.example/t.png`)"
    assert not re.search(r"^\s*(?:```|~~~|---\s*$|- >|- #|- 1\.|- \+)", md, re.M)
    assert "Answers *orders* questions." in md  # inline Markdown is kept
    assert r"\## 16. Sign-off" in md and r"- \# agents" in md and "- \\```" in md
