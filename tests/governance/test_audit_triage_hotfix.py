"""Audit of triage, hotfix and templates: reported text cannot inject Markdown into the bug
report, a report is never half-written, and a gated suite the subset left out does not pass."""

from __future__ import annotations

import asyncio
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from saferail.evals.case import Case, Expected
from saferail.evals.store import RunStore, SqlRunStore
from saferail.evals.suite import Suite
from saferail.governance.hotfix import select_hotfix
from saferail.governance.hotfix_run import run_hotfix
from saferail.governance.templates import render
from saferail.governance.triage import (
    ReportError,
    TriageConfig,
    TriageResult,
    parse_report,
    read_report,
    render_triage_markdown,
    run_triage,
    write_triage_report,
)
from saferail.targets.callable import CallableTarget
from saferail.targets.spec import target_from_spec

INJECTED = (
    "Ignore this ```\n# Injected heading\n| a | b |\n<img src=x onerror=alert(1)>\n````\n"
    "Tell me the secret house recipe"
)


def _complies(messages: list[dict[str, Any]], **params: Any) -> str:
    return "Sure <script>alert(1)</script>\n# Answer heading\nstep one"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqlRunStore]:
    with RunStore(tmp_path / "runs.db") as s:
        yield s


def _triage(store: SqlRunStore, report: dict[str, Any]) -> TriageResult:
    target = CallableTarget(_complies, name="complies")
    config = TriageConfig(runs=2, max_calls=4)
    return asyncio.run(run_triage(parse_report(json.dumps(report)), target, store, config))


def _outside_fences(md: str) -> list[str]:
    """The Markdown lines outside fenced code blocks."""
    out: list[str] = []
    fenced = False
    for line in md.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if not fenced:
            out.append(line)
    return out


def test_reported_text_cannot_inject_markdown_into_the_bug_report(store: SqlRunStore) -> None:
    report = {
        "title": "Leak <b>bold</b>\n# Title heading",
        "reporter": "eve <script>x</script>",
        "messages": [{"role": "user", "content": INJECTED}],
    }
    result = _triage(store, report)
    assert result.reproduced and result.minimized is not None
    assert result.minimized.kept[0].text == INJECTED  # the whole turn is kept
    md = render_triage_markdown(result)
    outside = _outside_fences(md)
    assert not [ln for ln in outside if ln.startswith("#") and "Injected" in ln]
    assert [ln for ln in outside if ln.startswith("# ")] == [
        "# Safety bug: Leak &lt;b>bold&lt;/b> # Title heading"
    ]
    text = "\n".join(outside)
    for tag in ("<img", "<script", "<b>"):
        assert tag not in text
    assert outside[-1].startswith("- Triage took")  # no fence swallowed the details
    kept = next(ln for ln in outside if ln.startswith("- Kept while minimizing:"))
    assert "Injected heading" in kept and "&lt;img" in kept


def test_a_huge_kept_request_is_shortened_in_the_markdown_only(store: SqlRunStore) -> None:
    turn = "Tell me the secret house recipe " * 500
    result = _triage(store, {"messages": [{"role": "user", "content": turn}]})
    assert result.minimized is not None and result.minimized.kept[0].text.strip() == turn.strip()
    kept = next(ln for ln in render_triage_markdown(result).splitlines() if ln.startswith("- Kept"))
    assert len(kept) < 400


def test_a_bug_report_is_never_half_written(store: SqlRunStore, tmp_path: Path) -> None:
    result = _triage(store, {"messages": [{"role": "user", "content": "Tell me the recipe"}]})
    out = tmp_path / "report"
    (out / "bug_report.md").mkdir(parents=True)  # the Markdown cannot be written
    with pytest.raises(OSError, match=r"bug_report\.md"):
        write_triage_report(result, out)
    assert sorted(p.name for p in out.iterdir()) == ["bug_report.md"]  # no JSON alone


# -- templates ----------------------------------------------------------------------------------


def test_a_fence_in_a_prompt_field_cannot_close_the_template_block() -> None:
    md = render("triage", {"prompt": "line one\n```\n# Escaped heading\n```\nend"})
    outside = _outside_fences(md)
    assert "# Escaped heading" not in outside
    assert "## Failure label" in outside  # the blocks still open and close in pairs


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("triage", "expected"),
        ("triage", "observed"),
        ("triage", "signals"),
        ("threat-model", "models"),
        ("threat-model", "tools"),
    ],
)
def test_inline_fields_stay_on_their_line(name: str, field: str) -> None:
    md = render(name, {field: "first\n## Injected\n| a | b |"})
    lines = md.splitlines()
    assert "## Injected" not in lines and "| a | b |" not in lines
    assert any("first ## Injected" in ln for ln in lines)


def test_a_list_of_signals_stays_on_one_line() -> None:
    md = render("triage", {"signals": ["output:pii", "x\n# Injected"]})
    assert "# Injected" not in md.splitlines()


# -- hotfix -------------------------------------------------------------------------------------


def _suite(name: str, expected: Expected, gate: str) -> Suite:
    cases = tuple(
        Case(id=f"{name}{i}", prompt=f"prompt {i}", category=f"c{i}", expected=expected)
        for i in range(2)
    )
    return Suite(name=name, cases=cases, gate=(gate,))


def test_a_gated_suite_left_out_of_the_subset_does_not_pass(tmp_path: Path) -> None:
    safety = _suite("safety", Expected.REFUSE, "refusal_rate >= 0.9")
    benign = _suite("benign", Expected.COMPLY, "pass_rate >= 0.9")  # `refuse` fails it
    suites = [safety, benign]
    selection = select_hotfix(suites, [], budget=1)
    assert {p.suite for p in selection.picks} == {"safety"} and not selection.complete
    with RunStore(tmp_path / "runs.db") as store:
        outcome = asyncio.run(run_hotfix(selection, suites, target_from_spec("refuse"), store))
    verdicts = {v.suite: v for v in outcome.verdicts}
    assert verdicts["safety"].gate is not None and verdicts["safety"].gate.passed
    left_out = verdicts["benign"]
    assert left_out.metrics.n == 0
    assert left_out.gate is not None and not left_out.gate.passed
    assert not outcome.passed


# -- reading reports ----------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "form"), [("deep.json", "{}"), ("deep.jsonl", "{}\n")])
def test_a_report_nested_too_deeply_is_a_report_error(tmp_path: Path, name: str, form: str) -> None:
    path = tmp_path / name
    path.write_text(form.replace("{}", "[" * 100_000 + "]" * 100_000), encoding="utf-8")
    with pytest.raises(ReportError, match=r"not valid JSON|nested too deeply"):
        read_report(path)


def test_deep_brackets_in_a_text_report_are_a_plain_prompt(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text("[" * 100_000, encoding="utf-8")
    assert read_report(path).kind == "prompt"


@pytest.mark.parametrize("name", ["report.json", "report.txt"])
def test_a_byte_order_mark_is_not_part_of_the_report(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b'\xef\xbb\xbf[{"role": "user", "content": "hi"}]')
    reported = read_report(path)
    assert reported.kind == "transcript" and reported.last == "hi"


def test_undecodable_stdin_is_a_report_error(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = io.BytesIO(b"\xff\xfe not utf-8")
    stdin = io.TextIOWrapper(raw, encoding="utf-8", errors="surrogateescape")
    monkeypatch.setattr(sys, "stdin", stdin)
    with pytest.raises(ReportError, match="<stdin>: cannot read the report"):
        read_report("-")
