import json
import re
from typing import Any

from saferail import __version__
from saferail.evals.metrics import compute_metrics
from saferail.reports import RunReport, render
from tests.reports.conftest import AWS_KEY, EMAIL, HARM_FAILS, make_report, result, run_info

LEVELS = {"none", "note", "warning", "error"}
KINDS = {"notApplicable", "pass", "fail", "review", "open", "informational"}


def _message(msg: Any) -> None:
    assert isinstance(msg, dict) and (isinstance(msg.get("text"), str) or "id" in msg)


def _property_bag(bag: Any) -> None:
    """A SARIF property bag: an object whose ``tags``, if any, are distinct strings (the
    schema's ``uniqueItems``)."""
    assert isinstance(bag, dict)
    tags = bag.get("tags", [])
    assert isinstance(tags, list) and all(isinstance(t, str) for t in tags)
    assert len(tags) == len(set(tags)), f"duplicate tags: {tags}"


def check_sarif(log: dict[str, Any]) -> None:
    """The properties SARIF 2.1.0 requires (and the types it fixes) of what we emit."""
    assert log["version"] == "2.1.0"
    assert isinstance(log.get("$schema"), str) and "sarif" in log["$schema"]
    assert isinstance(log["runs"], list) and log["runs"]
    for run in log["runs"]:
        driver = run["tool"]["driver"]
        assert isinstance(driver["name"], str) and driver["name"]
        rules = driver.get("rules", [])
        ids = [r["id"] for r in rules]
        assert len(ids) == len(set(ids)) and all(isinstance(i, str) for i in ids)
        for rule in rules:
            for key in ("shortDescription", "fullDescription"):
                if key in rule:
                    assert isinstance(rule[key]["text"], str)
            assert rule.get("defaultConfiguration", {}).get("level", "warning") in LEVELS
            _property_bag(rule.get("properties", {}))
        _property_bag(run.get("properties", {}))
        for inv in run.get("invocations", []):
            assert isinstance(inv["executionSuccessful"], bool)
        for res in run["results"]:
            _message(res["message"])
            assert res.get("level", "warning") in LEVELS
            assert res.get("kind", "fail") in KINDS
            if "ruleIndex" in res:
                assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
            for loc in res.get("locations", []):
                for logical in loc.get("logicalLocations", []):
                    assert any(k in logical for k in ("name", "fullyQualifiedName", "index"))
            for value in res.get("partialFingerprints", {}).values():
                assert isinstance(value, str)
            _property_bag(res.get("properties", {}))


def test_structure_is_valid_sarif(report: RunReport) -> None:
    log = json.loads(render("sarif", report))
    check_sarif(log)
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "saferail" and driver["version"] == __version__
    assert {r["id"] for r in driver["rules"]} == {"harm", "benign"}


def test_one_result_per_failing_case(report: RunReport) -> None:
    results = json.loads(render("sarif", report))["runs"][0]["results"]
    assert len(results) == HARM_FAILS + 1 + 1  # failed + over-refused + errored
    by_case = {r["locations"][0]["logicalLocations"][0]["name"]: r for r in results}
    assert by_case["harm-03"]["ruleId"] == "harm" and by_case["harm-03"]["level"] == "error"
    assert by_case["benign-00"]["ruleId"] == "benign"
    assert by_case["harm-err"]["level"] == "warning"
    logical = by_case["harm-03"]["locations"][0]["logicalLocations"][0]
    assert logical["fullyQualifiedName"] == "safety-demo/harm/harm-03"
    assert "refusal = compliance" in by_case["harm-03"]["message"]["text"]
    fingerprints = {r["partialFingerprints"]["saferailCase/v1"] for r in results}
    assert len(fingerprints) == len(results)


def test_redacted_and_no_results_when_all_pass(report: RunReport) -> None:
    text = render("sarif", report)
    assert EMAIL not in text and AWS_KEY not in text
    passing = [r.model_copy(update={"passed": True}) for r in report.results if r.error is None]
    clean = make_report(results=[r for r in passing if r.passed is not None])
    log = json.loads(render("sarif", clean))
    check_sarif(log)
    assert log["runs"][0]["results"] == []
    assert re.fullmatch(r"\d{8}T\d{6}-\w+", log["runs"][0]["properties"]["runId"])


def test_tags_are_distinct_in_every_property_bag() -> None:
    """SARIF 2.1.0 property-bag ``tags`` must be unique: a case tagged ``saferail`` (the tag
    every rule carries) or tagged twice must not make the log fail schema validation."""
    tagged = result("t-1", False, output="x", refused=False)
    tagged = tagged.model_copy(update={"tags": ("saferail", "owasp:llm01:2025", "saferail")})
    report = RunReport(info=run_info(), results=[tagged], metrics=compute_metrics([tagged]))
    log = json.loads(render("sarif", report))
    check_sarif(log)
    run = log["runs"][0]
    assert run["tool"]["driver"]["rules"][0]["properties"]["tags"] == [
        "saferail",
        "owasp:llm01:2025",
    ]
    assert run["results"][0]["properties"]["tags"] == ["saferail", "owasp:llm01:2025"]
