from pathlib import Path

import pytest

from saferail.errors import SaferailError
from saferail.reports import (
    FORMATS,
    ReportFormatError,
    RunReport,
    render,
    resolve_formats,
    write_reports,
)


def test_unknown_format_is_a_one_line_typed_error(report: RunReport) -> None:
    with pytest.raises(ReportFormatError) as info:
        render("pdf", report)
    assert isinstance(info.value, SaferailError)
    message = str(info.value)
    assert "\n" not in message and "'pdf'" in message
    assert all(f in message for f in FORMATS)


def test_aliases_and_case(report: RunReport) -> None:
    assert render("Markdown", report) == render("md", report)
    assert render("XML", report).startswith("<?xml")


def test_write_all_formats(report: RunReport, tmp_path: Path) -> None:
    out = tmp_path / "nested" / "reports"
    paths = write_reports(report, out)
    assert list(paths) == list(FORMATS)
    names = {k: p.name for k, p in paths.items()}
    assert names == {
        "html": "report.html",
        "md": "report.md",
        "json": "report.json",
        "junit": "report.junit.xml",
        "sarif": "report.sarif",
    }
    for fmt, path in paths.items():
        assert path.parent == out
        assert path.read_text(encoding="utf-8") == render(fmt, report)


def test_write_some_formats_with_stem(report: RunReport, tmp_path: Path) -> None:
    paths = write_reports(report, tmp_path, ("json", "markdown", "json"), stem="nightly")
    assert {k: p.name for k, p in paths.items()} == {"json": "nightly.json", "md": "nightly.md"}


def test_bad_format_writes_nothing(report: RunReport, tmp_path: Path) -> None:
    with pytest.raises(ReportFormatError):
        write_reports(report, tmp_path / "out", ("html", "docx"))
    assert not (tmp_path / "out").exists()


def test_resolve_formats_canonical_names_in_order_without_repeats() -> None:
    assert resolve_formats([" Markdown", "html", "xml", "md", "sarif"]) == [
        "md",
        "html",
        "junit",
        "sarif",
    ]
    with pytest.raises(ReportFormatError, match="unknown report format 'pdf'"):
        resolve_formats(["html", "pdf"])
