"""The Markdown red-team report: the HTML report's content, compact (GitHub-flavoured).
Every value from the run is escaped with the eval reports' :func:`md_cell`."""

from __future__ import annotations

__all__ = ["finding_lines", "render_markdown_view", "table", "turn_table"]

from collections.abc import Iterable, Sequence

from saferail import __version__
from saferail.redteam.report._view import FindingView, RedTeamView, pct, plural, ratio_text
from saferail.redteam.results import Finding, TurnRecord
from saferail.reports._markdown import md_cell
from saferail.reports._view import rate_text


def table(head: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    """A Markdown table, every cell escaped, followed by a blank line."""
    out = ["| " + " | ".join(md_cell(h) for h in head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(md_cell(v) for v in row) + " |" for row in rows]
    return [*out, ""]


def turn_table(turns: Iterable[TurnRecord]) -> list[str]:
    return table(["Role", "Text"], [(t.role, t.content) for t in turns])


def _header(view: RedTeamView) -> list[str]:
    r = view.result
    rows: list[tuple[str, str]] = [
        ("Target", f"{r.target} (fingerprint {r.target_fingerprint[:12]})"),
        ("Policy", r.policy or "none (bare target)"),
        ("Run", f"{r.run_id}, seed {r.seed}"),
        ("Started", r.created_at),
        ("Goals", f"{len(r.goals)}: {', '.join(r.goals)}"),
        ("Attack success rate", rate_text(view.overall)),
    ]
    if view.unanswered:
        rows.append(("Unanswered", view.unanswered))
    if view.compare is not None:
        rows.append((f"ASR of {view.compare_label}", rate_text(view.compare_overall)))
    findings = ", ".join(f"{n} {sev}" for sev, n in view.severity_counts)
    rows.append(("Findings", f"{len(view.findings)} ({findings})"))
    used = f"{r.calls_used} of {r.budget}"
    phases = ", ".join(f"{p} {n}" for p, n in view.phases)
    rows.append(("Calls", f"{used}: {phases}" if phases else used))
    return ["# saferail red-team report", "", *table(["", ""], rows)]


def _strategies(view: RedTeamView) -> list[str]:
    head = ["Strategy", "Calls", "ASR"]
    if view.compare is not None:
        head.append(f"ASR ({view.compare_label})")
    rows = []
    for s in view.strategies:
        row: list[object] = [s.name, s.calls, rate_text(s.rate)]
        rows.append(row + ([rate_text(s.compare)] if view.compare is not None else []))
    lines = ["## Attack success rate by strategy", "", "95% Wilson intervals in brackets.", ""]
    return lines + table(head, rows)


def _rate(f: Finding) -> str:
    return f"{pct(f.success_rate)} ({f.successes}/{f.attempts})"


def _verified(f: Finding) -> str:
    if f.mitigation is None:
        return "none found"
    return "yes" if f.mitigation.verified else "no"


def finding_lines(fv: FindingView, level: int = 3) -> list[str]:
    """One finding in detail: facts, reproduction, transcript, repro and mitigation."""
    f, h = fv.finding, "#" * level
    facts = [
        ("Severity", f"{f.severity.value} (likelihood {f.likelihood}/4 × impact {f.impact}/4)"),
        ("Strategy", f"{f.strategy} against {f.kind} goals (category {f.category})"),
        (
            "Success rate",
            f"{pct(f.success_rate)} ({f.successes} of {plural(f.attempts, 'attempt')})",
        ),
        ("Goals", ", ".join(f.goal_ids)),
        ("Tags", ", ".join(f.tags) or "none"),
        ("MITRE ATLAS", ", ".join(f.atlas) or "none"),
    ]
    lines = [f"{h} {md_cell(f.id)} [{f.severity.value.upper()}] {md_cell(f.title)}", ""]
    lines += table(["", ""], facts)
    lines += ["**Reproduction**", "", *(md_cell(s) for s in f.reproduction), ""]
    if fv.attempt is not None and fv.attempt.documents:
        lines += ["**Planted documents**", ""]
        lines += table(["#", "Document"], enumerate(fv.attempt.documents, 1))
    lines += ["**Transcript**", "", *turn_table(f.transcript)]
    lines += _repro(f) + _mitigation(f)
    return lines


def _repro(f: Finding) -> list[str]:
    p = f.repro
    if p is None:
        return ["**Minimized repro**: not minimized.", ""]
    confirmed = "confirmed by a re-send" if p.confirmed else "NOT confirmed by a re-send"
    text = (
        f"{p.length} of {p.original_length} attacker characters (ratio {ratio_text(p.ratio)}), "
        f"{plural(p.calls, 'extra call')}, {confirmed}"
    )
    if p.reduced:
        text += f"; removed: {'; '.join(p.reduced)}"
    if p.converters:
        text += f"; converters kept: {', '.join(p.converters)}"
    turns = list(p.turns)
    if p.system_prompt:
        turns.insert(0, TurnRecord(role="system", content=p.system_prompt))
    lines = [f"**Minimized repro**: {md_cell(text)}.", ""]
    if p.documents:
        lines += table(["#", "Document"], enumerate(p.documents, 1))
    return lines + turn_table(turns)


def _mitigation(f: Finding) -> list[str]:
    m = f.mitigation
    if m is None:
        return ["**Mitigation**: no check or policy setting was found that blocks this attack.", ""]
    verified = "yes" if m.verified else "no"
    rows = [
        ("Setting", m.setting),
        ("Policy", m.policy),
        ("Checks", ", ".join(m.checks) or "none"),
        (
            "Verified",
            f"{verified} ({plural(m.calls, 'call')})" + (f": {m.detail}" if m.detail else ""),
        ),
    ]
    return ["**Mitigation**", "", *table(["", ""], rows)]


def _findings(view: RedTeamView) -> list[str]:
    lines = ["## Findings", ""]
    if not view.findings:
        return [*lines, "No attack succeeded.", ""]
    note = "redacted and truncated" if view.redacted else "NOT redacted"
    lines += [f"Most severe first; texts {note}.", ""]
    rows = [
        (f.id, f.severity.value, f.title, f"{f.likelihood} × {f.impact}", _rate(f), _verified(f))
        for f in (fv.finding for fv in view.findings)
    ]
    head = ["Finding", "Severity", "Title", "L × I", "Success rate", "Mitigation verified"]
    lines += table(head, rows)
    for fv in view.findings:
        lines += finding_lines(fv)
    return lines


def render_markdown_view(view: RedTeamView) -> str:
    """The report as Markdown."""
    parts = [_header(view), _strategies(view), _findings(view)]
    run = md_cell(view.result.run_id)
    footer = [f"Generated by saferail {__version__} from red-team run {run}."]
    return "\n".join(line for part in [*parts, footer] for line in part) + "\n"
