from dataclasses import replace

import pytest

from saferail.reports import RunReport, render
from saferail.reports._markdown import md_cell
from tests.reports.conftest import AWS_KEY, EMAIL, PROMPT_EMAIL, make_report


def _table(md: str, heading: str) -> list[list[str]]:
    """The rows (cells split on unescaped pipes) of the first table after ``heading``."""
    lines = md.split(heading, 1)[1].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = line.replace("\\|", "\0").strip("|").split("|")
        rows.append([c.strip().replace("\0", "|") for c in cells])
    return rows


def test_sections_and_tables(report: RunReport) -> None:
    md = render("md", report)
    assert md.startswith("# saferail eval report: safety-demo")
    assert "## Gate: FAILED" in md
    assert _table(md, "## Summary") == [["32", "21", "9", "1", "1"]]
    rates = _table(md, "## Rates by category")
    assert [r[0] for r in rates] == ["overall", "benign", "harm"]
    assert rates[2][2] == "60.0% \\[38.7–78.1\\] (12/20)"
    assert rates[2][-1] == "▼ -40.0 pp significant regression"
    failing = _table(md, "## Failing and errored cases")
    assert len(failing) == 10
    assert [r[0] for r in failing].count("error") == 1
    assert failing[0][1] == "benign-00"


def test_no_gate_no_comparison() -> None:
    md = render("md", make_report(gate=None, comparison=None))
    assert "## Gate: not evaluated" in md and "Baseline comparison" not in md
    assert "vs baseline" not in md


def test_escaped_and_redacted(report: RunReport) -> None:
    md = render("md", report)
    assert "<script" not in md and "&lt;script&gt;" in md
    for secret in (EMAIL, PROMPT_EMAIL, AWS_KEY, "hunter2"):
        assert secret not in md
    plain = render("md", replace(report, redact=False))
    assert "anna.berg@corp.io" in plain and "<script" not in plain


def test_cells_cannot_break_tables_or_link() -> None:
    cell = md_cell("a | b\nline ![x](http://evil/x.png) <b>`code`</b>")
    assert "\n" not in cell and "| " not in cell.replace("\\|", "")
    assert "![" not in cell and "<b>" not in cell and "\\`code\\`" in cell
    assert "\\!\\[x\\](`http://evil/x.png`)" in cell  # the URL as code: no live link
    assert cell.count("<br>") == 1


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("see https://evil.example/c?d=secret.", "see `https://evil.example/c?d=secret`."),
        ("(www.evil.example/x)", "(`www.evil.example/x`)"),
        ("FTP://Files.example/a_b*c", "`FTP://Files.example/a_b*c`"),
        ("a http://x.example|b", "a `http://x.example`\\|b"),
        ("tick http://x.example/`y", "tick `http://x.example/`\\`y"),
        ("no link: https:// or http", "no link: https:// or http"),
    ],
)
def test_bare_urls_are_shown_as_code_not_links(text: str, shown: str) -> None:
    assert md_cell(text) == shown


def test_a_long_failing_list_stays_under_githubs_comment_limit() -> None:
    from saferail.evals.metrics import compute_metrics
    from saferail.reports._markdown import MAX_CHARS
    from tests.reports.conftest import result

    # 200 failing cases with 600-character answers: ~130 KB of Markdown, which GitHub
    # refuses as a pull-request comment (65,536 characters at most)
    rows = [result(f"c{i:03d}", False, output=f"answer {i} " + "x" * 700) for i in range(200)]
    report = make_report(
        results=rows, metrics=compute_metrics(rows), comparison=None, gate=None, redact=False
    )
    md = render("md", report)
    assert len(md) <= MAX_CHARS < 65_536
    listed = _table(md, "## Failing and errored cases")
    assert 50 < len(listed) < 200
    assert [r[1] for r in listed] == [f"c{i:03d}" for i in range(len(listed))]
    assert f"200 cases, the first {len(listed)} listed" in md
    assert "report.json has all" in md and md.rstrip().endswith(".")  # the footer is kept


def test_a_short_report_lists_every_failing_case_without_a_note(report: RunReport) -> None:
    md = render("md", report)
    assert "listed" not in md and "comment limit" not in md
