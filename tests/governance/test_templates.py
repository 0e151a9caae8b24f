"""Template rendering: fields filled, missing ones visible as TODO, bad input refused."""

from __future__ import annotations

import datetime as dt

import pytest

from saferail.governance.frameworks import OWASP_LLM_2025
from saferail.governance.register import load_register
from saferail.governance.templates import TEMPLATES, TemplateError, render, template_path


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_every_declared_field_shows_as_todo_when_missing(name: str) -> None:
    text = render(name)
    missing = [f for f in TEMPLATES[name].fields if f"TODO({f})" not in text]
    assert missing == []
    assert text.startswith("# ") and template_path(name).is_file()


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_given_fields_replace_their_placeholders(name: str) -> None:
    values = {f: f"value-of-{f}" for f in TEMPLATES[name].fields}
    values.update(severity="high", date="2025-03-04")
    values.pop("failure_label", None)
    text = render(name, values)
    for field, value in values.items():
        assert f"TODO({field})" not in text
        assert str(value) in text, field


def test_triage_report_ticks_the_given_labels() -> None:
    text = render(
        "triage",
        {
            "title": "Card number in a support answer",
            "severity": "CRITICAL",
            "failure_label": "pii_leak, exfiltration",
            "signals": ["output:pii", "failed:no_pii"],
            "reproduction": "4/5",
        },
    )
    assert "# Safety bug: Card number in a support answer" in text
    assert "| Severity | critical |" in text
    assert "- [x] `pii_leak`" in text and "- [x] `exfiltration`" in text
    assert "- [ ] `secret_leak`" in text
    assert "output:pii, failed:no_pii" in text
    assert "TODO(owner)" in text


def test_date_today_is_the_only_date_filled_in() -> None:
    text = render("postmortem", {"date": "today"}, today=dt.date(2025, 6, 1))
    assert "| Date of this review | 2025-06-01 |" in text
    assert "TODO(detected)" in text and "TODO(resolved)" in text


def test_postmortem_lists_ai_specific_contributing_factors() -> None:
    text = render("postmortem")
    for factor in ("Model change", "Detector miss", "Untrusted content", "Evaluation gap"):
        assert f"**{factor}**" in text


def test_threat_model_covers_every_owasp_item_and_the_register() -> None:
    text = render("threat-model", risks=load_register())
    for item, name in OWASP_LLM_2025.items():
        assert f"### {item}: {name}" in text
    assert "| R07-excessive-agency: Agent performs harmful or unauthorised tool calls |" in text
    assert "strategy:tool_misuse" in text
    assert "fills this table" in render("threat-model")


@pytest.mark.parametrize(
    ("name", "fields", "message"),
    [
        ("nope", {}, "unknown template 'nope'"),
        ("triage", {"titel": "x"}, "template 'triage' has no field 'titel'"),
        ("runbook", {"severity": "severe"}, "severity must be one of low, medium, high, critical"),
        ("triage", {"failure_label": "pii_leak bogus"}, "unknown failure label 'bogus'"),
    ],
)
def test_bad_requests_are_one_line_errors(name: str, fields: dict[str, str], message: str) -> None:
    with pytest.raises(TemplateError) as info:
        render(name, fields)
    assert str(info.value).startswith(message) and "\n" not in str(info.value)


def test_a_line_break_or_bar_in_a_cell_value_does_not_break_the_table() -> None:
    text = render("triage", {"title": "Leak | of\nsecrets", "owner": "ana | bo", "run_id": "x"})
    assert text.splitlines()[0] == "# Safety bug: Leak \\| of secrets"
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    assert "| Owner | ana \\| bo |" in rows
    assert all(row.replace("\\|", "").count("|") == 3 for row in rows)  # two cells each
