"""Reports of red-team runs: single-file HTML, Markdown, JSON and SARIF 2.1.0.

    from saferail.redteam.report import write_reports

    write_reports(result, "reports/")                  # report.html, .md, .json, .sarif
    write_reports(guarded, "reports/", compare=bare)   # ASR per strategy side by side

Texts the attacker and the target produced are redacted by default: canaries masked,
personal data and credentials replaced, long texts (and harmful ones sooner) truncated.
"""

from __future__ import annotations

from saferail.redteam.report._formats import (
    FORMATS,
    RedTeamReportWriteError,
    render,
    render_html,
    render_json,
    render_markdown,
    render_sarif,
    write_reports,
)
from saferail.redteam.report._json import RedTeamReportError, load_result
from saferail.redteam.report._redact import CANARY_MASK, TextMasker, collect_canaries, redact_result
from saferail.redteam.report._sarif import LEVELS as SARIF_LEVELS
from saferail.redteam.report._view import sort_findings

__all__ = [
    "CANARY_MASK",
    "FORMATS",
    "SARIF_LEVELS",
    "RedTeamReportError",
    "RedTeamReportWriteError",
    "TextMasker",
    "collect_canaries",
    "load_result",
    "redact_result",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
    "render_sarif",
    "sort_findings",
    "write_reports",
]
