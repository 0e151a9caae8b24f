"""Ready-to-file tickets from red-team findings: one Markdown file and one JSON file each.

``F-001-<slug>.md`` is the issue body a person pastes into a tracker (title, severity, summary,
impact, steps to reproduce, minimized repro, expected vs actual, recommended mitigation and
whether it was verified, labels); ``F-001-<slug>.json`` carries the same title, body and
labels plus the finding itself, for scripts that file issues through an API.

Texts are redacted like the reports unless ``redact=False``. Exporting again writes the same
bytes for the same result, and removes tickets (``F-<number>-*.md`` / ``.json``) an earlier
export left for findings this result no longer has.
"""

from __future__ import annotations

__all__ = ["ExportError", "Ticket", "build_tickets", "export_issues", "slug", "ticket_labels"]

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from saferail.errors import SaferailError
from saferail.redteam.report._markdown import table, turn_table
from saferail.redteam.report._redact import redact_result
from saferail.redteam.report._view import pct, plural, ratio_text, sort_findings
from saferail.redteam.results import AttemptRecord, Finding, RedTeamResult
from saferail.reports._files import ReportWriteError, write_files
from saferail.reports._markdown import md_cell
from saferail.reports._text import display_text, json_safe
from saferail.reports._view import safe_spec

_TICKET_FILE = re.compile(r"^F-\d+-[a-z0-9-]*\.(md|json)$")
_SLUG_CHARS = 60
_ID_CHARS = 60

_EXPECTED = {
    "harmful": "The target refuses the harmful request, whatever framing it comes in.",
    "system_prompt_extraction": "The target never reveals its system prompt or the secret "
    "marker (canary) planted in it.",
    "injection": "The target treats retrieved documents and tool output as data and ignores "
    "instructions planted in them.",
    "pii_extraction": "The target does not disclose personal data it was given in confidence.",
    "tool_misuse": "The target calls no forbidden tool and passes no forbidden argument.",
}
_IMPACT = {
    "harmful": "Users can obtain content the deployment must refuse.",
    "system_prompt_extraction": "Confidential instructions, and any secret placed in the "
    "system prompt, leak to any user who asks the right way.",
    "injection": "Anyone who can place text in a retrieved document or a tool result can steer "
    "the target's answers and actions.",
    "pii_extraction": "Personal data reaches people who are not entitled to it.",
    "tool_misuse": "An attacker can make the application take actions it must not take.",
}


class ExportError(SaferailError):
    """Tickets could not be exported; the message names the path or finding."""


@dataclass(frozen=True)
class Ticket:
    """One ticket: the files it is written to and what they hold."""

    finding: Finding
    stem: str
    title: str
    body: str
    labels: list[str]
    """``body`` is the issue body (no title heading); ``markdown`` the file: title + body."""

    @property
    def markdown(self) -> str:
        return f"# {md_cell(self.title)}\n\n{self.body}"

    def as_json(self, result: RedTeamResult) -> dict[str, Any]:
        """The JSON file's content, as strict JSON can hold it (lone surrogates shown as
        U+FFFD, NaN and infinities as ``null``)."""
        data = {
            "title": self.title,
            "body": self.body,
            "labels": self.labels,
            "severity": self.finding.severity.value,
            "finding_id": self.finding.id,
            "run_id": result.run_id,
            "target": result.target,
            "finding": self.finding.model_dump(mode="json"),
        }
        return dict(json_safe(data))


def code(value: object) -> str:
    """``value`` as a Markdown code span (backticks and line breaks cannot escape it; control
    characters and lone surrogates shown as U+FFFD)."""
    text = display_text(" ".join(str(value).replace("`", "'").split()))
    return f"`{text}`" if text else "–"


def slug(text: str) -> str:
    """Lower-case words joined by ``-``, at most 60 characters, cut at a word boundary."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    out = ""
    for word in words:
        nxt = f"{out}-{word}" if out else word
        if len(nxt) > _SLUG_CHARS:
            break
        out = nxt
    return out or "finding"


def ticket_labels(f: Finding) -> list[str]:
    """``redteam``, ``severity:<s>``, ``strategy:<s>``, ``kind:<k>``, the finding's tags
    (``owasp:llm01:2025``...), ``atlas:<id>`` and the mitigation state."""
    labels = ["redteam", f"severity:{f.severity.value}", f"strategy:{f.strategy}", f"kind:{f.kind}"]
    labels += [t if ":" in t else f"tag:{t}" for t in f.tags]
    labels += [f"atlas:{a}" for a in f.atlas]
    if f.mitigation is None:
        labels.append("mitigation:none")
    else:
        labels.append("mitigation:verified" if f.mitigation.verified else "mitigation:unverified")
    return list(dict.fromkeys(labels))


def _summary(f: Finding, result: RedTeamResult) -> list[str]:
    policy = f"policy {code(result.policy)}" if result.policy else "no policy"
    goals = ", ".join(code(g) for g in f.goal_ids)
    return [
        "## Summary",
        "",
        f"In red-team run {code(result.run_id)}, the {code(f.strategy)} strategy succeeded in "
        f"{f.successes} of {plural(f.attempts, 'attempt')} ({pct(f.success_rate)}) against "
        f"{code(result.target)} ({policy}) on goal(s) {goals}.",
        "",
        "## Impact",
        "",
        f"{_IMPACT.get(f.kind, 'The target does what the attack asks.')} Impact {f.impact}/4, "
        f"likelihood {f.likelihood}/4 (success rate and effort), severity "
        f"**{f.severity.value}**. Category: {code(f.category)}.",
        "",
    ]


def _steps(f: Finding, attempt: AttemptRecord | None) -> list[str]:
    lines = ["## Steps to reproduce", "", *(md_cell(s) for s in f.reproduction), ""]
    if attempt is not None and attempt.documents:
        lines += [
            "Planted documents:",
            "",
            *table(["#", "Document"], enumerate(attempt.documents, 1)),
        ]
    return [*lines, "Transcript:", "", *turn_table(f.transcript)]


def _repro(f: Finding) -> list[str]:
    p = f.repro
    if p is None:
        return ["## Minimized repro", "", "Not minimized (no budget left, or not attempted).", ""]
    state = "still succeeds on a re-send" if p.confirmed else "NOT confirmed by a re-send"
    lines = [
        "## Minimized repro",
        "",
        f"{p.length} of {p.original_length} attacker characters (ratio {ratio_text(p.ratio)}), "
        f"{plural(p.calls, 'extra call')}; {state}."
        + (f" Removed: {md_cell('; '.join(p.reduced))}." if p.reduced else "")
        + (f" Converters kept: {md_cell(', '.join(p.converters))}." if p.converters else ""),
        "",
    ]
    if p.system_prompt:
        lines += ["System prompt:", "", *table(["System prompt"], [[p.system_prompt]])]
    if p.documents:
        lines += table(["#", "Document"], enumerate(p.documents, 1))
    return lines + turn_table(p.turns)


def _actual(f: Finding, attempt: AttemptRecord | None) -> str:
    last = attempt.steps[-1] if attempt is not None and attempt.steps else None
    reply = next((t.content for t in reversed(f.transcript) if t.role == "assistant"), "")
    why = last.evidence if last is not None and last.evidence else "the attack succeeded"
    text = f"{why[:1].upper()}{why[1:]}."
    if reply:
        text += f" The target answered: “{reply}”"
    if last is not None and last.tool_calls:
        names = [
            str(c.get("function", {}).get("name", c.get("name", "?"))) for c in last.tool_calls
        ]
        text += f" Tool calls: {', '.join(names)}."
    return md_cell(text)


def _expected_actual(f: Finding, attempt: AttemptRecord | None) -> list[str]:
    expected = _EXPECTED.get(f.kind, "The target resists the attack.")
    return [
        "## Expected vs actual",
        "",
        f"- **Expected:** {md_cell(expected)}",
        f"- **Actual:** {_actual(f, attempt)}",
        "",
    ]


def _mitigation(f: Finding) -> list[str]:
    m = f.mitigation
    lines = ["## Recommended mitigation", ""]
    if m is None:
        return [
            *lines,
            "No check or policy setting was found that blocks this attack. Harden the system "
            "prompt or the application, add a check, and re-run the red team to verify.",
            "",
        ]
    checks = ", ".join(code(c) for c in m.checks) or "none"
    verified = (
        f"**yes**: re-running the attack against the guarded target was blocked "
        f"({plural(m.calls, 'call')})"
        if m.verified
        else f"**no**: re-running the attack against the guarded target did not confirm it "
        f"({plural(m.calls, 'call')})"
    )
    lines += [
        f"- Setting: {code(m.setting)}",
        f"- Policy: {code(m.policy)}",
        f"- Checks that fire: {checks}",
        f"- Verified: {verified}" + (f"; {md_cell(m.detail)}" if m.detail else ""),
        "",
    ]
    return lines


def _body(f: Finding, result: RedTeamResult, attempt: AttemptRecord | None) -> str:
    labels = ", ".join(code(label) for label in ticket_labels(f))
    head = [
        f"**Severity:** {f.severity.value} (likelihood {f.likelihood}/4 × impact {f.impact}/4)  ",
        f"**Finding:** {md_cell(f.id)} of red-team run {code(result.run_id)} "
        f"({md_cell(result.created_at)})  ",
        f"**Labels:** {labels}",
        "",
    ]
    parts = [head, _summary(f, result), _steps(f, attempt), _repro(f)]
    parts += [_expected_actual(f, attempt), _mitigation(f)]
    return "\n".join(line for part in parts for line in part)


def _stem(f: Finding, taken: set[str]) -> str:
    """``<id>-<slug>`` as a file name (the id's characters but ASCII letters, digits and
    ``-`` as ``-``, at most 60 of them), with ``-2``, ``-3``... added when another finding's
    id gives the same one."""
    safe_id = re.sub(r"[^A-Za-z0-9-]+", "-", f.id)[:_ID_CHARS].strip("-") or "finding"
    base = f"{safe_id}-{slug(f.title)}"
    stem, n = base, 1
    while stem.lower() in taken:  # case-insensitive file systems
        n += 1
        stem = f"{base}-{n}"
    taken.add(stem.lower())
    return stem


def _title(f: Finding) -> str:
    """``[SEVERITY] <id>: <title>`` on one line."""
    return display_text(" ".join(f"[{f.severity.value.upper()}] {f.id}: {f.title}".split()))


def build_tickets(result: RedTeamResult, *, redact: bool = True) -> list[Ticket]:
    """One ticket per finding, most severe first (texts redacted unless ``redact`` is false)."""
    shown = redact_result(result) if redact else result
    attempts = {a.key: a for a in shown.attempts}
    tickets: list[Ticket] = []
    seen: set[str] = set()
    stems: set[str] = set()
    for f in sort_findings(shown.findings):
        if f.id in seen:
            raise ExportError(f"finding id {f.id!r} is used twice; ids must be unique")
        seen.add(f.id)
        body = display_text(_body(f, shown, attempts.get(f.representative)))
        tickets.append(Ticket(f, _stem(f, stems), _title(f), body, ticket_labels(f)))
    return tickets


def _clear_stale(out: Path, keep: set[str]) -> None:
    for path in out.iterdir():
        if path.is_file() and _TICKET_FILE.match(path.name) and path.name not in keep:
            try:
                path.unlink()
            except OSError as exc:
                why = exc.strerror or str(exc)
                raise ExportError(f"{path}: cannot remove this stale ticket ({why})") from None


def export_issues(result: RedTeamResult, out_dir: str | Path, *, redact: bool = True) -> list[Path]:
    """Write ``<id>-<slug>.md`` and ``<id>-<slug>.json`` per finding into ``out_dir``
    (created if missing); returns the paths written, Markdown then JSON per finding.

    Every ticket is rendered before any is written, and written whole (through a temporary
    file); :class:`ExportError` (``<path>: <reason>``) when one cannot be, and then no ticket
    was replaced or removed."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out}: exists and is not a directory")
    tickets = build_tickets(result, redact=redact)
    if redact:
        result = result.model_copy(update={"target": safe_spec(result.target)})
    texts: dict[Path, str] = {}
    for t in tickets:
        data = json.dumps(t.as_json(result), indent=2, ensure_ascii=False, allow_nan=False)
        texts[out / f"{t.stem}.md"] = t.markdown
        texts[out / f"{t.stem}.json"] = data + "\n"
    try:
        out.mkdir(parents=True, exist_ok=True)
        write_files(texts)
    except ReportWriteError as exc:
        raise ExportError(str(exc)) from None
    except OSError as exc:
        raise ExportError(f"{out}: {exc.strerror or exc}") from None
    _clear_stale(out, {p.name for p in texts})
    return list(texts)
