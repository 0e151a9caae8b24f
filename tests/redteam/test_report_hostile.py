"""Red-team reports and tickets from hostile results: lone surrogates, control characters,
markup, NaN, colliding ids, empty runs and files that cannot be written.

Every output is checked structurally: HTML with ``html.parser``, JSON and SARIF as strict JSON
(no ``NaN``), Markdown tables cell by cell.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from saferail.redteam.export import ExportError, build_tickets, export_issues
from saferail.redteam.report import (
    FORMATS,
    RedTeamReportError,
    RedTeamReportWriteError,
    load_result,
    render,
    render_html,
    render_json,
    render_markdown,
    render_sarif,
    sort_findings,
    write_reports,
)
from saferail.redteam.results import RedTeamResult, TurnRecord
from tests.redteam.test_report import guarded_result, sample_result
from tests.reports.test_sarif import check_sarif

SURROGATE = "\ud800"
CONTROL = "\x1b[31m\x00\x07"
MARKUP = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&"
TABLE_BREAKERS = "a|b\nc\r\nd\u2028e"


def spiked(result: RedTeamResult, extra: str) -> RedTeamResult:
    """``result`` with ``extra`` added to every string it holds (ids and keys too, so the
    finding's representative attempt still matches)."""

    def walk(value: Any, key: str = "") -> Any:
        if isinstance(value, str):
            return value if key == "severity" else value + extra
        if isinstance(value, dict):
            return {k: walk(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, key) for v in value]
        return value

    return RedTeamResult.model_validate(walk(result.model_dump()))


def strict_json(text: str) -> Any:
    def refuse(constant: str) -> Any:
        raise ValueError(f"not strict JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


class _Html(HTMLParser):
    """Start tags, attributes and ids of a document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs
        self.ids += [v or "" for k, v in attrs if k == "id"]


def parse_html(html: str) -> _Html:
    parser = _Html()
    parser.feed(html)
    parser.close()
    return parser


def nan_result() -> RedTeamResult:
    res = sample_result().model_copy(deep=True)
    res.findings[0].success_rate = math.nan
    res.findings[1].success_rate = math.inf
    assert res.findings[1].repro is not None
    res.findings[1].repro.ratio = math.nan
    res.strategies[0] = res.strategies[0].model_copy(
        update={"asr": math.nan, "low": math.nan, "high": math.inf}
    )
    res.manifest["params"]["temperature"] = math.nan
    return res


# --- writing files -------------------------------------------------------------------------


def test_write_reports_writes_nothing_when_one_report_cannot_be(tmp_path: Path) -> None:
    (tmp_path / "report.html").write_text("old", encoding="utf-8")
    (tmp_path / "report.sarif").mkdir()  # the last format cannot be written
    with pytest.raises(RedTeamReportWriteError) as info:
        write_reports(sample_result(), tmp_path)
    assert str(info.value) == f"{tmp_path / 'report.sarif'}: Is a directory"
    assert isinstance(info.value, OSError) and isinstance(info.value, RedTeamReportError)
    assert (tmp_path / "report.html").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html", "report.sarif"]


def test_write_reports_under_a_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(RedTeamReportWriteError) as info:
        write_reports(sample_result(), tmp_path / "file" / "sub")
    message = str(info.value)
    assert message.startswith(f"{tmp_path / 'file' / 'sub' / 'report.html'}: ")
    assert "\n" not in message and "Errno" not in message


# --- lone surrogates, control characters -------------------------------------------------


@pytest.mark.parametrize("redact", [True, False])
@pytest.mark.parametrize("fmt", FORMATS)
def test_lone_surrogates_are_replaced_in_every_format(fmt: str, redact: bool) -> None:
    text = render(fmt, spiked(sample_result(), SURROGATE), redact=redact)
    text.encode("utf-8")
    assert "\ufffd" in text


def test_lone_surrogates_are_written(tmp_path: Path) -> None:
    paths = write_reports(spiked(sample_result(), SURROGATE), tmp_path, redact=False)
    assert set(paths) == set(FORMATS)
    strict_json(paths["json"].read_text(encoding="utf-8"))


def test_sarif_fingerprint_of_a_lone_surrogate() -> None:
    res = sample_result().model_copy(deep=True)
    res.findings[0].goal_ids = [SURROGATE]  # goal ids are hashed, not redacted
    run = strict_json(render_sarif(res))["runs"][0]
    prints = {r["partialFingerprints"]["saferailRedteam/v1"] for r in run["results"]}
    assert len(prints) == 3 and all(len(p) == 64 for p in prints)


@pytest.mark.parametrize("redact", [True, False])
def test_html_shows_control_characters_as_replacement(redact: bool) -> None:
    html = render_html(spiked(sample_result(), CONTROL), redact=redact)
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", html)
    assert "\ufffd[31m" in html


# --- markup, Markdown tables ----------------------------------------------------------------


@pytest.mark.parametrize("redact", [True, False])
def test_html_escapes_every_stored_value(redact: bool) -> None:
    res = spiked(sample_result(), MARKUP)
    html = render_html(res, redact=redact, compare=spiked(guarded_result(), MARKUP))
    doc = parse_html(html)
    assert "script" not in doc.tags and "img" not in doc.tags
    assert not [k for k, _ in doc.attrs if k.startswith("on")]
    assert "&lt;script&gt;" in html


def test_html_anchors_are_unique_and_links_resolve() -> None:
    res = sample_result().model_copy(deep=True)
    res.findings[0].id = "F 1"
    res.findings[1].id = "F-1"
    doc = parse_html(render_html(res))
    assert len(doc.ids) == len(set(doc.ids))
    links = {v[1:] for k, v in doc.attrs if k == "href" and v and v.startswith("#")}
    assert len(links) == 3 and links <= set(doc.ids)


def _cells(line: str) -> list[str]:
    return re.split(r"(?<!\\)\|", line.strip())[1:-1]


def test_markdown_tables_keep_their_shape() -> None:
    md = render_markdown(spiked(sample_result(), TABLE_BREAKERS + CONTROL + MARKUP), redact=False)
    lines = md.splitlines()
    for i, line in enumerate(lines):
        if re.fullmatch(r"\|(---\|)+", line):
            width = len(_cells(lines[i - 1]))
            rows = list(itertools.takewhile(bool, lines[i + 1 :]))
            assert all(len(_cells(r)) == width for r in rows), lines[i - 1]
    assert "<script" not in md and "\x1b" not in md and "\x00" not in md


# --- NaN and infinities ------------------------------------------------------------------


@pytest.mark.parametrize("redact", [True, False])
def test_json_and_sarif_stay_strict_with_nan(redact: bool) -> None:
    res = nan_result()
    data = strict_json(render_json(res, redact=redact))
    f003 = next(f for f in data["findings"] if f["id"] == "F-003")
    assert f003["success_rate"] is None
    assert data["manifest"]["params"]["temperature"] is None
    run = strict_json(render_sarif(res, redact=redact))["runs"][0]
    rates = {r["locations"][0]["logicalLocations"][0]["name"]: r for r in run["results"]}
    assert rates["F-003"]["properties"]["successRate"] is None


def test_a_json_report_with_null_rates_loads_back(tmp_path: Path) -> None:
    """NaN is written as null (strict JSON); reading the report back (e.g. as the bare run of
    a comparison) must give NaN again, not fail validation."""
    path = tmp_path / "run.json"
    path.write_text(render_json(nan_result(), redact=False), encoding="utf-8")
    back = load_result(path)
    assert math.isnan(back.strategies[0].asr) and math.isnan(back.strategies[0].low)
    assert math.isnan(back.strategies[0].high)  # an infinity is written as null too
    assert math.isnan(back.findings[0].success_rate)
    repro = back.findings[1].repro
    assert repro is not None and math.isnan(repro.ratio)


def test_html_and_markdown_show_nan_as_not_available() -> None:
    res = nan_result()
    for text in (render_html(res), render_markdown(res)):
        assert not re.search(r"\b(nan|inf)\b", text, re.I)
        assert "ratio n/a" in text
    md = render_markdown(res)
    assert "| prompt\\_extraction | 2 | 50.0% \\[9.5–90.5\\] (1/2) |" in md  # from the counts


def test_tickets_stay_strict_with_nan() -> None:
    res = nan_result()
    for t in build_tickets(res):
        strict_json(json.dumps(t.as_json(res), allow_nan=False))
        assert not re.search(r"\b(nan|inf)\b", t.markdown, re.I)


def test_sort_findings_with_nan_does_not_depend_on_input_order() -> None:
    res = sample_result()
    a = res.findings[2].model_copy(update={"success_rate": math.nan, "id": "F-100"})
    b = res.findings[2].model_copy(update={"success_rate": 0.5, "id": "F-200"})
    assert [f.id for f in sort_findings([a, b])] == [f.id for f in sort_findings([b, a])]


# --- empty runs, SARIF structure -----------------------------------------------------------


def empty_run() -> RedTeamResult:
    return guarded_result().model_copy(
        update={"strategies": [], "goals": [], "calls": {}, "budget": 0}
    )


def test_empty_run_reports(tmp_path: Path) -> None:
    paths = write_reports(empty_run(), tmp_path, compare=empty_run())
    html = paths["html"].read_text(encoding="utf-8")
    parse_html(html)
    assert "<b>n/a</b>attack success rate" in html  # not 0.0%: nothing was answered
    assert "No attack succeeded." in paths["md"].read_text(encoding="utf-8")
    run = strict_json(paths["sarif"].read_text(encoding="utf-8"))["runs"][0]
    assert run["results"] == [] and run["properties"]["attackSuccessRate"] is None
    strict_json(paths["json"].read_text(encoding="utf-8"))


@pytest.mark.parametrize("extra", [SURROGATE, CONTROL, MARKUP, TABLE_BREAKERS])
def test_sarif_is_structurally_valid_for_hostile_values(extra: str) -> None:
    log = strict_json(render_sarif(spiked(nan_result(), extra), redact=False))
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "saferail"
    rules = driver["rules"]
    assert len({r["id"] for r in rules}) == len(rules)
    for r in run["results"]:
        assert r["ruleId"] == rules[r["ruleIndex"]]["id"]
        assert r["message"]["text"] and r["level"] in {"error", "warning", "note"}


def test_sarif_tags_are_distinct() -> None:
    """SARIF property-bag ``tags`` are a set (``uniqueItems``): a finding tagged like the
    rules' own tags (``security``, ``redteam``), tagged twice, or with a tag that is also an
    ATLAS id must still give a log that validates."""
    res = sample_result().model_copy(deep=True)
    res.findings[0].tags = ["security", "redteam", "owasp:llm07:2025", "owasp:llm07:2025"]
    res.findings[0].atlas = ["AML.T0051", "owasp:llm07:2025"]
    log = strict_json(render_sarif(res))
    check_sarif(log)
    (run,) = log["runs"]
    (mine,) = (
        r for r in run["results"] if r["locations"][0]["logicalLocations"][0]["name"] == "F-003"
    )
    rule = run["tool"]["driver"]["rules"][mine["ruleIndex"]]
    assert rule["properties"]["tags"] == [
        "saferail",
        "redteam",
        "security",
        "AML.T0051",
        "owasp:llm07:2025",
    ]
    assert mine["properties"]["tags"] == ["security", "redteam", "owasp:llm07:2025"]


def test_very_long_texts_are_truncated_when_redacted() -> None:
    res = sample_result().model_copy(deep=True)
    res.findings[0].transcript.append(TurnRecord(role="user", content="A|B\n" * 30_000))
    md = render_markdown(res)
    assert len(md) < 20_000 and "more characters\\]" in md
    assert len(parse_html(render_html(res)).ids) > 0


# --- tickets ------------------------------------------------------------------------------


def test_tickets_of_hostile_texts() -> None:
    res = spiked(sample_result(), SURROGATE + CONTROL + "\nnext line")
    for t in build_tickets(res, redact=False):
        t.markdown.encode("utf-8")
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", t.markdown)
        assert "\n" not in t.title
        data = json.dumps(t.as_json(res), ensure_ascii=False, allow_nan=False)
        data.encode("utf-8")


def test_export_of_hostile_texts_writes_every_ticket(tmp_path: Path) -> None:
    res = spiked(sample_result(), SURROGATE + CONTROL)
    paths = export_issues(res, tmp_path)
    assert len(paths) == 6 and all(p.is_file() for p in paths)
    for p in paths[1::2]:
        strict_json(p.read_text(encoding="utf-8"))


def test_export_ids_that_give_the_same_file_name(tmp_path: Path) -> None:
    res = sample_result().model_copy(deep=True)
    for f in res.findings:
        f.title = "same title"
    res.findings[0].id, res.findings[1].id = "F-1!", "F-1?"
    paths = export_issues(res, tmp_path)
    assert len(set(paths)) == len(paths) == 6
    assert len(list(tmp_path.iterdir())) == 6
    ids = {json.loads(p.read_text(encoding="utf-8"))["finding_id"] for p in paths[1::2]}
    assert ids == {"F-1!", "F-1?", "F-002"}


def test_export_very_long_id(tmp_path: Path) -> None:
    res = sample_result().model_copy(deep=True)
    res.findings[0].id = "F-" + "9" * 400
    paths = export_issues(res, tmp_path)
    assert len(paths) == 6 and all(len(p.name) < 200 for p in paths)


def test_export_writes_nothing_when_one_ticket_cannot_be(tmp_path: Path) -> None:
    first = export_issues(sample_result(), tmp_path)
    stale = tmp_path / "F-009-old.md"
    stale.write_text("stale")
    before = {p: p.read_bytes() for p in first}
    blocked = first[-1]
    blocked.unlink()
    blocked.mkdir()  # the last ticket cannot be written
    res = sample_result().model_copy(update={"run_id": "rt-002"})
    with pytest.raises(ExportError) as info:
        export_issues(res, tmp_path)
    assert str(info.value) == f"{blocked}: Is a directory"
    for p in first[:-1]:
        assert p.read_bytes() == before[p]  # not one ticket of the new run was written
    assert stale.exists()  # and nothing was cleared
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
