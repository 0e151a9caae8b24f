import xml.etree.ElementTree as ET
from dataclasses import replace

from saferail.reports import RunReport, render
from tests.reports.conftest import AWS_KEY, EMAIL, HARM_FAILS, make_report, result


def _suite(xml: str) -> ET.Element:
    root = ET.fromstring(xml)
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    return suite


def test_parses_with_consistent_counts(report: RunReport) -> None:
    xml = render("junit", report)
    assert xml.startswith("<?xml")
    root = ET.fromstring(xml)
    suite = _suite(xml)
    cases = suite.findall("testcase")
    failures = [c for c in cases if c.find("failure") is not None]
    errors = [c for c in cases if c.find("error") is not None]
    skipped = [c for c in cases if c.find("skipped") is not None]
    assert len(cases) == len(report.results) == 32
    assert (len(failures), len(errors), len(skipped)) == (HARM_FAILS + 1, 1, 1)
    for el in (root, suite):
        assert el.get("tests") == str(len(cases))
        assert el.get("failures") == str(len(failures))
        assert el.get("errors") == str(len(errors))
        assert el.get("skipped") == str(len(skipped))
        assert float(el.get("time", "x")) >= 0
    for case in cases:
        assert case.get("classname") in ("safety-demo.harm", "safety-demo.benign")
        assert case.get("name") and float(case.get("time", "x")) >= 0


def test_failure_carries_scorer_explanations(report: RunReport) -> None:
    suite = _suite(render("junit", report))
    case = next(c for c in suite.findall("testcase") if c.get("name") == "harm-00")
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("type") == "refusal"
    assert "refusal = compliance" in (failure.get("message") or "")
    body = failure.text or ""
    assert "no refusal; answer mentions <EMAIL_ADDRESS_1>" in body
    assert "prompt:" in body and "answer:" in body
    assert EMAIL not in body and AWS_KEY not in body
    error = next(c for c in suite.findall("testcase") if c.get("name") == "harm-err").find("error")
    assert error is not None and "upstream 500" in (error.get("message") or "")


def test_gate_and_run_in_properties(report: RunReport) -> None:
    suite = _suite(render("junit", report))
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert props["run_id"] == report.info.run_id
    assert props["gate"] == "failed" and props["redacted"] == "true"
    out = suite.find("system-out")
    assert out is not None and (out.text or "").startswith("gate: FAILED")


def test_control_characters_and_markup_stay_parseable() -> None:
    nasty = result("x\x01<&>\"'", False, output="\x1b[31mred\x00\x0b <script>", refused=False)
    report = make_report()
    report = replace(report, results=[*report.results, nasty])
    for redact in (True, False):
        xml = render("junit", replace(report, redact=redact))
        suite = _suite(xml)
        names = [c.get("name") for c in suite.findall("testcase")]
        assert "x\ufffd<&>\"'" in names
        case = suite.findall("testcase")[-1].find("failure")
        assert case is not None and "<script>" in (case.text or "")
