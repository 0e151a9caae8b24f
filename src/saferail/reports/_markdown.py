"""The Markdown report: the HTML report's content as tables (GitHub-flavoured)."""

from __future__ import annotations

__all__ = ["MAX_CHARS", "md_cell", "render_markdown"]

import re
from collections.abc import Iterable, Sequence

from saferail import __version__
from saferail.evals.compare import CategoryDelta
from saferail.reports._text import display_text
from saferail.reports._view import (
    CaseView,
    CategoryRow,
    ReportView,
    corrected_text,
    delta_text,
    rate_text,
)

_ESCAPE = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "|": "\\|",
        "\\": "\\\\",
        "`": "\\`",
        "*": "\\*",
        "_": "\\_",
        "[": "\\[",
        "]": "\\]",
        "!": "\\!",
        "#": "\\#",
        "~": "\\~",
    }
)


MAX_CHARS = 65_000
"""The longest report :func:`render_markdown` writes: under GitHub's 65,536-character limit
for a pull-request comment, where CI jobs post it. Failing cases are listed while they fit."""

# Every line break a renderer may honour (CommonMark's CR and CRLF, and Unicode's).
_BREAK = re.compile("\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


# What GitHub turns into a link on its own ("autolinks"), even with every markup character
# escaped. Shown as code instead: not clickable, copied exactly. A code span cannot leave a
# table cell through "|" or end early at a backtick, so the match stops at both.
_BARE_URL = re.compile(r"(?i)\b(?:(?:https?|ftp)://|www\.)[^\s`<>|\\]+")


def md_cell(value: object) -> str:
    """``value`` as text safe in a table cell: no HTML, links, images or emphasis, bare URLs
    as code (GitHub would make them live links), line breaks as ``<br>``, control
    characters and lone surrogates as U+FFFD."""
    raw = _BREAK.sub("\n", str(value))
    pieces: list[str] = []
    pos = 0
    for m in _BARE_URL.finditer(raw):
        url = m.group().rstrip(".,;:!?)]}'\"")  # sentence punctuation stays text
        pieces += [raw[pos : m.start()].translate(_ESCAPE), f"`{url}`"] if url else []
        pos = m.start() + len(url) if url else pos
    pieces.append(raw[pos:].translate(_ESCAPE))
    text = display_text("".join(pieces))
    return "<br>".join(line.strip() for line in text.split("\n"))


def _table(head: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(md_cell(v) for v in row) + " |" for row in rows]
    return [*out, ""]


def _header(view: ReportView) -> list[str]:
    h = view.header
    rows: list[tuple[str, str]] = [
        ("Suite", f"{h.suite_name} {h.suite_version[:12]}"),
        ("Target", f"{h.target} (fingerprint {h.target_fingerprint[:12]})"),
        ("Policy version", h.policy_version or "none"),
        ("Run", f"{h.run_id} ({h.status})"),
        ("Started", h.created_at),
        ("Finished", h.finished_at or "–"),
    ]
    if h.packages:
        rows.append(("Packages", ", ".join(f"{k} {v}" for k, v in h.packages.items())))
    if h.platform:
        rows.append(("Platform", h.platform))
    return [f"# saferail eval report: {md_cell(h.suite_name)}", "", *_table(["", ""], rows)]


def _gate(view: ReportView) -> list[str]:
    gate = view.report.gate
    if gate is None:
        return ["## Gate: not evaluated", ""]
    lines = [f"## Gate: {'PASSED' if gate.passed else 'FAILED'}", ""]
    rows = [("ok" if r.passed else "FAIL", r.criterion, r.detail) for r in gate.results]
    return lines + _table(["", "Criterion", "Result"], rows)


def _delta(d: CategoryDelta | None) -> str:
    return "–" if d is None else " ".join(delta_text(d))


def _rates(view: ReportView) -> list[str]:
    c = view.counts
    lines = ["## Summary", ""]
    lines += _table(
        ["Cases", "Passed", "Failed", "Errored", "Not judged"],
        [(c.total, c.passed, c.failed, c.errored, c.unjudged)],
    )
    compared = view.report.comparison is not None
    head = ["Category", "Cases", "Pass rate", "Refusal rate", "Over-refusal", "Error rate"]
    head += ["Pass rate vs baseline"] if compared else []

    def row(r: CategoryRow) -> list[object]:
        m = r.metrics
        refusal = rate_text(m.refusal_rate)
        if corrected_text(m.refusal_rate):
            refusal += f", {corrected_text(m.refusal_rate)}"
        cells: list[object] = [r.name, m.n, rate_text(m.pass_rate), refusal]
        cells += [rate_text(m.over_refusal), rate_text(m.error_rate)]
        return cells + ([_delta(r.delta)] if compared else [])

    lines += ["## Rates by category", "", "95% Wilson intervals in brackets.", ""]
    return lines + _table(head, [row(r) for r in (view.overall, *view.categories)])


def _comparison(view: ReportView) -> list[str]:
    cmp = view.report.comparison
    if cmp is None:
        return []
    lines = [
        "## Baseline comparison",
        "",
        f"Against run {md_cell(cmp.baseline_id)} on shared cases ({cmp.unmatched} unmatched); "
        f"exact McNemar per category, Holm-adjusted, alpha {cmp.alpha}, "
        f"tolerated drop {cmp.margin * 100:.1f} pp.",
        "",
    ]
    head = ["Category", "Shared", "Baseline", "This run", "Change", "Regressed", "Fixed"]
    head += ["p (adjusted)", "Verdict"]
    rows = [
        (
            d.category,
            d.shared,
            f"{d.baseline_rate:.1%}",
            f"{d.run_rate:.1%}",
            " ".join(delta_text(d)[:2]),
            d.regressions,
            d.fixes,
            f"{d.p_value:.3g} ({d.p_adjusted:.3g})",
            delta_text(d)[2],
        )
        for d in (cmp.overall, *cmp.categories)
    ]
    return lines + _table(head, rows)


def _failing(view: ReportView, budget: int) -> list[str]:
    """The failing cases' section, listing cases while the section stays within ``budget``
    characters (at least the heading and the count)."""
    lines = ["## Failing and errored cases", ""]
    if not view.failing:
        return [*lines, "No case failed or errored.", ""]
    prompts = any(c.prompt is not None for c in view.listed)
    head = ["Status", "Case", "Category", "Expected", "Why"]
    head += ["Prompt", "Answer"] if prompts else ["Answer"]

    def row(c: CaseView) -> list[object]:
        why = (c.error or "") if c.status == "error" else c.reason()
        cells: list[object] = [c.status, c.case_id, c.category, c.expected, why]
        cells += [c.prompt or ""] if prompts else []
        return [*cells, c.answer or ""]

    table = _table(head, [row(c) for c in view.listed])
    rows, fixed = table[2:-1], table[:2]
    room = budget - 400 - sum(len(line) + 1 for line in fixed)  # 400: heading and count
    kept = 0
    while kept < len(rows) and room - (len(rows[kept]) + 1) >= 0:
        room -= len(rows[kept]) + 1
        kept += 1
    note = "redacted and truncated" if view.redacted else "NOT redacted"
    shown = f", the first {kept} listed" if kept < len(view.failing) else ""
    if kept < len(view.listed):
        shown += " (the Markdown report stays under GitHub's comment limit; report.json has all)"
    lines += [f"{len(view.failing)} cases{shown}; texts {note}.", ""]
    return lines + (fixed + rows[:kept] + [""] if kept else [])


def render_markdown(view: ReportView, max_chars: int = MAX_CHARS) -> str:
    """The report as Markdown; every value from the run is escaped. Failing cases are listed
    while the report stays within ``max_chars`` characters."""
    parts = [_header(view), _gate(view), _rates(view), _comparison(view)]
    footer = [f"Generated by saferail {__version__}."]
    used = sum(len(line) + 1 for part in [*parts, footer] for line in part)
    parts.append(_failing(view, max_chars - used))
    return "\n".join(line for part in [*parts, footer] for line in part) + "\n"
