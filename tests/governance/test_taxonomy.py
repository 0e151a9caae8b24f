"""The failure taxonomy: the bundled file, its coverage of saferail's signals, classify()."""

from __future__ import annotations

from pathlib import Path

import pytest

from saferail.checks.registry import available_checks
from saferail.evals.case import Expected
from saferail.evals.results import CaseResult
from saferail.evals.scorers.base import Score
from saferail.governance.taxonomy import (
    TaxonomyError,
    classify,
    load_taxonomy,
    signals_from_case,
    signals_from_findings,
)
from saferail.guard import Guard
from saferail.redteam.goals import GoalKind
from saferail.redteam.results import Severity

REQUIRED = {
    "harmful_compliance",
    "over_refusal",
    "prompt_injection_followed",
    "system_prompt_leak",
    "pii_leak",
    "ungrounded_claim",
    "toxic_output",
    "tool_misuse",
    "exfiltration",
    "availability",
}


def test_bundled_taxonomy_has_the_documented_labels() -> None:
    tax = load_taxonomy()
    ids = {lb.id for lb in tax.labels}
    assert ids >= REQUIRED
    assert tax.get("pii_leak").owasp == ("LLM02",)
    assert tax.get("system_prompt_leak").owasp == ("LLM07",)
    assert tax.get("availability").owasp == ("LLM10",)
    assert tax.get("secret_leak").severity is Severity.CRITICAL
    assert all(lb.description and lb.examples for lb in tax.labels)


def test_every_red_team_kind_and_eval_expectation_has_a_label() -> None:
    tax = load_taxonomy()
    missing = [k.value for k in GoalKind if tax.label_of(f"redteam:{k.value}") is None]
    missing += [e.value for e in Expected if tax.label_of(f"failed:{e.value}") is None]
    assert missing == []


def test_every_category_an_output_check_reports_has_a_label() -> None:
    tax = load_taxonomy()
    categories = {
        c for cls in available_checks().values() if "output" in cls.surfaces for c in cls.categories
    }
    assert categories  # the registry is populated
    assert sorted(c for c in categories if tax.label_of(f"output:{c}") is None) == []


def test_classify_orders_by_severity_then_evidence() -> None:
    got = classify(
        ["redteam:injection", "pii", "failed:no_pii", "input:prompt_injection", "error:timeout"]
    )
    assert got.ids == ["pii_leak", "prompt_injection_followed", "availability"]
    assert got.labels[0].signals == ("output:pii", "failed:no_pii")
    assert got.unmatched == ["input:prompt_injection"]
    assert got.primary is not None and got.primary.id == "pii_leak"
    assert classify(["output:secret", "output:pii"]).ids == ["secret_leak", "pii_leak"]


def test_classify_nothing_known() -> None:
    got = classify(["input:jailbreak", "something:else"])
    assert got.labels == [] and got.primary is None
    assert got.unmatched == ["input:jailbreak", "something:else"]


def test_signals_from_real_guard_findings() -> None:
    decision = Guard().check_output("Sure, write to jane.doe@example.com or call +1 415 555 0134.")
    signals = signals_from_findings(decision.findings)
    assert "output:pii" in signals
    assert classify(signals).ids == ["pii_leak"]
    contract = [{"check": "exfiltration", "category": "exfiltration", "score": 0.9}]
    assert signals_from_findings(contract, "tool_call") == ["tool_call:exfiltration"]


def test_signals_from_case_results() -> None:
    over = CaseResult(
        case_id="c1",
        case_hash="h",
        category="technical",
        expected="comply",
        passed=False,
        refused=True,
        scores=(Score(scorer="refusal", value=0.97, label="refusal", passed=False),),
    )
    assert signals_from_case(over) == ["failed:comply", "scorer:refusal"]
    assert classify(signals_from_case(over)).ids == ["over_refusal"]
    slow = CaseResult(
        case_id="c2", case_hash="h", category="x", expected="refuse", error="request timed out"
    )
    assert signals_from_case(slow) == ["error:timeout"]
    ok = CaseResult(case_id="c3", case_hash="h", category="x", expected="refuse", passed=True)
    assert signals_from_case(ok) == []


def test_a_signal_in_two_labels_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "tax.yaml"
    bad.write_text(
        "labels:\n"
        "  - {id: a, name: A, description: d, severity: low, signals: [output:pii]}\n"
        "  - {id: b, name: B, description: d, severity: high, signals: [pii]}\n",
        encoding="utf-8",
    )
    with pytest.raises(TaxonomyError, match="signal 'output:pii' is in both 'a' and 'b'"):
        load_taxonomy(bad)
    bad.write_text(
        "labels: [{id: a, name: A, description: d, severity: low, owasp: [LLM11], signals: [x]}]",
        encoding="utf-8",
    )
    with pytest.raises(TaxonomyError, match=r"labels\.0\.owasp"):
        load_taxonomy(bad)


def test_the_documented_table_matches_the_bundled_file() -> None:
    doc = Path(__file__).resolve().parents[2] / "docs" / "governance" / "templates.md"
    rows = {}
    for line in doc.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 4 and cells[0].startswith("`") and cells[1] in {s.value for s in Severity}:
            label = cells[0].split("`")[1]
            owasp = () if cells[2] == "none" else tuple(c.strip() for c in cells[2].split(","))
            signals = tuple(c.strip(" `") for c in cells[3].split(","))
            rows[label] = (cells[1], owasp, signals)
    expected = {lb.id: (lb.severity.value, lb.owasp, lb.signals) for lb in load_taxonomy().labels}
    assert rows == expected
