import re
from dataclasses import replace
from html.parser import HTMLParser

from saferail.reports import RunReport, render
from tests.reports.conftest import AWS_KEY, EMAIL, PROMPT_EMAIL, make_report


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [(k, v or "") for k, v in attrs]


def _parse(html: str) -> _Collector:
    parser = _Collector()
    parser.feed(html)
    parser.close()
    return parser


def test_header_verdict_and_sections(report: RunReport) -> None:
    html = render("html", report)
    assert html.startswith("<!DOCTYPE html>")
    for text in (
        "safety-demo",
        "999999999999",
        "20250101T120000-abcd1234",
        "sha256:0123456789abcdef",
        "openai/demo-model",
        "2025-01-01T12:00:00.000Z",
        "2025-01-01T12:01:30.000Z",
        "pydantic 2.9.0",
    ):
        assert text in html
    assert "Gate FAILED" in html and 'class="verdict fail"' in html
    assert "pass_rate &gt;= 0.9" in html
    assert "Refusal, over-refusal and error rates" in html
    assert "harm-07" in html and "harm-err" in html and "upstream 500" in html
    assert "harm-08" not in html  # passing cases are not listed


def test_bars_with_wilson_error_bars_and_baseline_ticks(report: RunReport) -> None:
    html = render("html", report)
    charts = re.findall(r"<svg.*?</svg>", html, re.S)
    assert len(charts) == 2
    pass_chart = charts[0]
    # overall + two categories: one bar, three interval strokes and one baseline tick each
    assert pass_chart.count('class="bar"') == 3
    assert pass_chart.count('class="ci"') == 9
    assert pass_chart.count('class="baseline"') == 3
    assert pass_chart.count('class="row bad"') == 2  # overall and harm regressed
    assert "60.0% (12/20)" in pass_chart
    assert "▼ -40.0 pp" in html and "significant regression" in html


def test_comparison_and_gate_are_optional() -> None:
    html = render("html", make_report(comparison=None, gate=None))
    assert "No gate" in html and "Baseline comparison" not in html
    assert 'class="baseline"' not in html


def test_markup_in_texts_is_escaped(report: RunReport) -> None:
    html = render("html", report)
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    tags = set(_parse(html).tags)
    assert not tags & {"script", "iframe", "img", "link", "object", "embed"}


def test_self_contained_without_external_urls(report: RunReport) -> None:
    html = render("html", report)
    parsed = _parse(html)
    for name, value in parsed.attrs:
        assert "://" not in value, (name, value)
        if name in ("src", "href"):
            assert not value.startswith("//"), value
    assert "@import" not in html and "url(" not in html


def test_failing_texts_are_redacted(report: RunReport) -> None:
    html = render("html", report)
    for secret in (EMAIL, PROMPT_EMAIL, AWS_KEY, "hunter2", "api_key=zzz"):
        assert secret not in html
    assert "&lt;EMAIL_ADDRESS_1&gt;" in html and "[AWS_ACCESS_KEY_ID]" in html
    assert "prompt</div>" in html  # harm-00's prompt comes from the suite case


def test_without_redaction_texts_are_shown(report: RunReport) -> None:
    html = render("html", replace(report, redact=False))
    assert EMAIL in html and PROMPT_EMAIL in html and AWS_KEY in html
    assert "Texts are not redacted" in html
    assert "<script" not in html.lower()


def test_long_lists_are_capped(report: RunReport) -> None:
    html = render("html", replace(report, max_listed=3))
    assert "the first 3 listed" in html
    assert html.count('<tr id="case-') == 3
