"""Reports of eval runs: single-file HTML, Markdown, JSON, JUnit XML and SARIF 2.1.0.

    from saferail.reports import RunReport, write_reports

    report = RunReport(info, results, compute_metrics(results), comparison, gate, cases)
    write_reports(report, "reports/")   # {"html": Path("reports/report.html"), ...}

Failing cases' prompts and answers are redacted (personal data, credentials) by default.
"""

from __future__ import annotations

from saferail.reports._formats import (
    FORMATS,
    ReportFormatError,
    ReportWriteError,
    render,
    resolve_formats,
    write_reports,
)
from saferail.reports._json import report_dict
from saferail.reports._redact import Redactor
from saferail.reports._report import RunReport, load_report

__all__ = [
    "FORMATS",
    "Redactor",
    "ReportFormatError",
    "ReportWriteError",
    "RunReport",
    "load_report",
    "render",
    "report_dict",
    "resolve_formats",
    "write_reports",
]
