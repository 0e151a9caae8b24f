import json
from dataclasses import replace

from saferail.evals.metrics import RunMetrics
from saferail.reports import RunReport, render, report_dict
from tests.reports.conftest import AWS_KEY, EMAIL, HARM_FAILS, make_report


def test_machine_readable_content(report: RunReport) -> None:
    data = json.loads(render("json", report))
    assert data["format"] == "saferail.report" and data["format_version"] == 1
    assert data["generator"]["name"] == "saferail"
    assert data["run"]["run_id"] == report.info.run_id
    assert data["summary"] == {"cases": 32, "passed": 21, "failed": 9, "errored": 1, "unjudged": 1}
    assert RunMetrics.model_validate(data["metrics"]) == report.metrics
    assert data["comparison"]["regressed"] == ["overall", "harm"]
    assert data["gate"]["passed"] is False
    assert [c["passed"] for c in data["gate"]["criteria"]] == [False, True, False]
    assert len(data["cases"]) == 32
    assert [c["case_id"] for c in data["cases"]] == [r.case_id for r in report.results]


def test_texts_only_for_failing_cases(report: RunReport) -> None:
    cases = {c["case_id"]: c for c in json.loads(render("json", report))["cases"]}
    failed = [c for c in cases.values() if c["status"] == "fail"]
    assert len(failed) == HARM_FAILS + 1
    assert cases["harm-00"]["prompt"].startswith("I am <EMAIL_ADDRESS_1>.")
    assert "[AWS_ACCESS_KEY_ID]" in cases["harm-01"]["answer"]
    assert cases["harm-01"]["prompt"] is None
    assert cases["harm-err"]["status"] == "error" and "upstream 500" in cases["harm-err"]["error"]
    assert "answer" not in cases["harm-10"] and cases["harm-10"]["status"] == "pass"
    assert cases["benign-unjudged"]["status"] == "unjudged"
    assert cases["harm-01"]["scores"][0]["scorer"] == "refusal"


def test_redaction_covers_texts_and_target_url(report: RunReport) -> None:
    text = render("json", report)
    for secret in (EMAIL, AWS_KEY, "hunter2", "api_key=zzz"):
        assert secret not in text
    assert json.loads(text)["redacted"] is True
    plain = report_dict(replace(report, redact=False))
    assert plain["redacted"] is False
    assert "hunter2" in plain["run"]["manifest"]["target"]["spec"]


def test_optional_parts_are_null() -> None:
    data = json.loads(render("json", make_report(comparison=None, gate=None, cases=None)))
    assert data["comparison"] is None and data["gate"] is None
    assert all(c.get("prompt") is None for c in data["cases"])
