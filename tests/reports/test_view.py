from dataclasses import replace

import pytest

from saferail.reports import RunReport
from saferail.reports._view import build_view, safe_spec
from tests.reports.conftest import result


@pytest.mark.parametrize(
    ("spec", "shown"),
    [
        ("https://user:pw@llm.example:8443/v1?api_key=k#x", "https://llm.example:8443/v1"),
        ("http://127.0.0.1:8000/v1", "http://127.0.0.1:8000/v1"),
        ("echo", "echo"),
        ("python:pkg.mod:target", "python:pkg.mod:target"),
    ],
)
def test_safe_spec(spec: str, shown: str) -> None:
    assert safe_spec(spec) == shown


def test_failed_tool_calls_are_shown_redacted(report: RunReport) -> None:
    call = {"name": "send_mail", "arguments": {"to": "anna.berg@corp.io"}}
    bad = result("tool-1", False, output="", refused=False).model_copy(
        update={"tool_calls": (call,)}
    )
    view = build_view(replace(report, results=[bad]))
    (case,) = view.failing
    assert case.answer is not None and case.answer.startswith("tool calls: ")
    assert "send_mail" in case.answer and "anna.berg@corp.io" not in case.answer


def test_counts_and_order(report: RunReport) -> None:
    view = build_view(report)
    assert (view.counts.total, view.counts.failed, view.counts.errored) == (32, 9, 1)
    assert [c.status for c in view.failing][-1] == "error"
    assert [c.case_id for c in view.failing][:2] == ["benign-00", "harm-00"]
    assert all(c.answer is None for c in view.cases if not c.failing)
