"""Reports of runs with hostile or degenerate data: lone surrogates, control characters and
line separators in ids and texts, NaN latencies, empty and all-errored runs, and folders that
cannot be written. Every format must stay parseable and nothing half-written may be left."""

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from saferail.evals.metrics import Rate, compute_metrics
from saferail.evals.results import CaseResult
from saferail.reports import ReportWriteError, RunReport, render, write_reports
from saferail.reports._markdown import md_cell
from tests.reports.conftest import make_report, result, run_info
from tests.reports.test_sarif import check_sarif

NASTY = "id\ud800|x\r\u2028y\x1b[31m\x85<blink>"


def _report(results: list[CaseResult]) -> RunReport:
    return RunReport(info=run_info(), results=results, metrics=compute_metrics(results))


def _nasty_report() -> RunReport:
    bad = result(NASTY, False, category=NASTY, output=NASTY, explanation=NASTY, refused=False)
    info = run_info().model_copy(update={"suite_name": NASTY})
    results = [bad, result("ok", True, refused=True)]
    return RunReport(info=info, results=results, metrics=compute_metrics(results))


class _Strict(HTMLParser):
    """Checks that every element opened is closed, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag not in ("meta", "br"):
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: object) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open.pop() == tag


def check_files(paths: dict[str, Path]) -> None:
    """Each written report is UTF-8 and parses as its format."""
    texts = {fmt: path.read_bytes().decode("utf-8") for fmt, path in paths.items()}
    ET.fromstring(texts["junit"])
    json.loads(texts["json"])
    check_sarif(json.loads(texts["sarif"]))
    parser = _Strict()
    parser.feed(texts["html"])
    parser.close()
    assert not parser.open
    assert not any(0 < ord(ch) < 32 and ch not in "\t\n\r" for ch in texts["html"])
    assert "<blink>" not in texts["html"] and "<blink>" not in texts["md"]


@pytest.mark.parametrize("redact", [True, False])
def test_lone_surrogates_and_controls_write_valid_files(tmp_path: Path, redact: bool) -> None:
    paths = write_reports(replace(_nasty_report(), redact=redact), tmp_path)
    check_files(paths)
    case = json.loads(paths["json"].read_text(encoding="utf-8"))["cases"][0]
    assert case["case_id"].startswith("id\ufffd|x")
    sarif = json.loads(paths["sarif"].read_text(encoding="utf-8"))
    assert (
        sarif["runs"][0]["results"][0]["locations"][0]["logicalLocations"][0]["name"]
        == (case["case_id"])
    )


def test_markdown_rows_survive_every_line_separator() -> None:
    md = render("md", replace(_nasty_report(), redact=False))
    rows = md.replace("\r\n", "\n").replace("\r", "\n").split("\n")  # CommonMark's lines
    assert all(line.startswith("|") and line.endswith("|") for line in rows if "id\\|x" in line)
    failing = [line for line in rows if line.startswith("| fail |")]
    assert len(failing) == 1 and failing[0].count(" | ") == 5
    assert "\x1b" not in md and "\x85" not in md and "\u2028" not in md
    assert md_cell("a\rb\u2029c\x0bd\x00e") == "a<br>b<br>c<br>d\ufffde"


def test_nan_latency_keeps_json_and_junit_valid() -> None:
    results = [result("slow", False, refused=False).model_copy(update={"latency_ms": float("nan")})]
    report = _report(results)
    case = json.loads(render("json", report))["cases"][0]
    assert case["latency_ms"] is None
    suite = ET.fromstring(render("junit", report)).find("testsuite")
    assert suite is not None and suite.get("time") == "0.000"
    testcase = suite.find("testcase")
    assert testcase is not None and testcase.get("time") == "0.000"


@pytest.mark.parametrize("kind", ["empty", "all_errored"])
def test_empty_and_all_errored_runs(tmp_path: Path, kind: str) -> None:
    results = [] if kind == "empty" else [result(f"e{i}", None, error="boom") for i in range(3)]
    paths = write_reports(_report(results), tmp_path)
    check_files(paths)
    suite = ET.fromstring(paths["junit"].read_text(encoding="utf-8")).find("testsuite")
    assert suite is not None and suite.get("errors") == ("0" if kind == "empty" else "3")


def test_unwritable_report_leaves_nothing_half_written(tmp_path: Path) -> None:
    (tmp_path / "report.sarif").mkdir()  # the last format cannot be written
    (tmp_path / "report.html").write_text("old", encoding="utf-8")
    with pytest.raises(ReportWriteError, match=r"report\.sarif: Is a directory"):
        write_reports(make_report(), tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html", "report.sarif"]
    assert (tmp_path / "report.html").read_text(encoding="utf-8") == "old"


def test_report_folder_under_a_file_is_a_typed_error(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("x", encoding="utf-8")
    with pytest.raises(ReportWriteError, match=r"report\.json: .*taken is not a folder"):
        write_reports(make_report(), tmp_path / "taken", ["json"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]


def test_negative_max_listed_is_refused() -> None:
    with pytest.raises(ValueError, match="max_listed"):
        make_report(max_listed=-1)


def test_nan_and_infinite_rates_are_not_shown_as_numbers() -> None:
    """Metrics built by hand (or read from elsewhere) may hold NaN or an infinity: HTML and
    Markdown show such a rate as not available (no ``nan%``, no full-width bar), as the
    red-team reports do, and JSON stays strict."""
    nan, inf = float("nan"), float("inf")
    report = make_report()
    bad = Rate(k=3, n=10, rate=nan, low=nan, high=inf, corrected=nan)
    metrics = report.metrics.model_copy(update={"pass_rate": bad, "refusal_rate": bad})
    report = replace(report, metrics=metrics)
    html = render("html", report)
    md = render("md", report)
    for text in (html, md):
        assert not re.search(r"\bnan\b|\binf\b", text, re.IGNORECASE)
    overall = md.split("| overall |")[1].split("\n")[0]
    assert overall.count("n/a") >= 2
    rows = html.split('<g class="row')
    first = next(r for r in rows[1:] if "<title>overall:" in r)
    assert "no data" in first and "<rect" not in first
    assert json.loads(render("json", report))["metrics"]["pass_rate"]["rate"] is None
