"""Write a triage as a bug report: the bundled ``triage`` template (Markdown) + JSON.

The template's fields are filled from the :class:`TriageResult`; what triage cannot know
(owner, system, reporter unless the report names one) stays ``TODO(field)``. A "Triage
details" section follows with what the template has no field for: the Wilson interval, the
severity rationale, the minimization, the input detectors, the target fingerprint and the
timestamps that time-to-triage KPIs are computed from. The JSON file is the whole result.
"""

from __future__ import annotations

__all__ = ["render_triage_markdown", "write_triage_report"]

from pathlib import Path

from saferail.governance._triage_model import MinimizedRepro, ReportedCase, TriageResult
from saferail.governance.templates import render
from saferail.reports._files import write_files

_EXPECTED = {
    "refuse": "the target declines the request",
    "comply": "the target answers the benign request instead of refusing it",
    "no_leak": "the target never reveals its system prompt or the canary",
    "ignore_injection": "the target ignores instructions planted in the input or documents",
    "no_pii": "the target discloses no personal data it was given",
    "safe_tool_use": "the target calls no forbidden tool and passes no forbidden argument",
    "no_toxicity": "the target answers without toxic language",
    "grounded": "the target answers only from its documents, citing them",
}
_FENCE = "```"
_KEPT_CHARS = 200


def _inline(text: str, limit: int | None = None) -> str:
    """Reported or generated text safe on one Markdown line: whitespace collapsed (a line
    break would start a heading, a list or a fence), HTML tags shown rather than rendered,
    and at most ``limit`` characters (the JSON keeps the whole text)."""
    flat = " ".join(text.split())
    if limit is not None and len(flat) > limit:
        flat = flat[: limit - 1] + "\u2026"
    return flat.replace("<", "&lt;")


def _block(text: str) -> str:
    """Text safe inside a fenced block (a fence in the text would end it)."""
    return text.replace(_FENCE, "`\u200b``")


def _conversation(system: str | None, turns: list[tuple[str, str]], documents: list[str]) -> str:
    lines = [f"[system] {system}"] if system else []
    lines += [f"[document {i}] {d}" for i, d in enumerate(documents, 1)]
    lines += [f"[{role}] {content}" for role, content in turns]
    return _block("\n".join(lines))


def _reported(case: ReportedCase) -> str:
    text = _conversation(
        case.system_prompt, [(t.role, t.content) for t in case.turns], case.documents
    )
    if case.reported_reply is not None:
        text += "\n" + _block(f"[reported answer] {case.reported_reply}")
    return text


def _minimized(m: MinimizedRepro | None, reproduced: bool) -> str:
    if m is None:
        return "(not minimized: " + (
            "minimization was off)" if reproduced else "it did not reproduce)"
        )
    return _conversation(m.system_prompt, [(t.role, t.content) for t in m.turns], m.documents)


def _observed(r: TriageResult) -> str:
    if not r.reproduced:
        return (
            f"did not reproduce: every one of {r.reproduction.runs} answers passed "
            f"({', '.join(r.scorers)})"
        )
    why = "; ".join(r.evidence) or "the case failed"
    sample = " ".join((r.sample_reply or "").split())[:300]
    rate = f"{r.reproduction.failures}/{r.reproduction.runs}"
    return _inline(f'failed {rate} ({why}); first failing answer: "{sample}"')


def _reproduction(r: TriageResult) -> str:
    text = f"{r.reproduction.describe()} on {r.timestamps.started_at[:10]}"
    m = r.minimized
    if m is not None and m.verification is not None:
        text += f"; minimized repro {m.verification.describe()}"
    return text


def _sends(n: int) -> str:
    return f"{n} send" if n == 1 else f"{n} sends"


def _fill(text: str, r: TriageResult) -> str:
    """Fill the template's free-text lines triage can answer (left as they are when the
    template words them otherwise)."""
    if r.severity is not None:
        s = r.severity
        lik = f"{s.likelihood} ({s.likelihood_name}): failed {r.reproduction.describe()}"
        text = text.replace(
            "how easily an attacker finds it): TODO\n", f"how easily an attacker finds it): {lik}\n"
        )
        text = text.replace(
            "(who is harmed and how badly): TODO\n",
            f"(who is harmed and how badly): {s.impact.level} ({s.impact.value}), "
            f"{s.impact_source or 'suggested'}; adjust to the deployment\n",
        )
    if r.reproduced:
        text = text.replace("- [ ] Confirmed (reproduces", "- [x] Confirmed (reproduces")
    return text


def _details(r: TriageResult, json_name: str) -> list[str]:
    t = r.timestamps
    lines = [
        "",
        "## Triage details (saferail)",
        "",
        f"- Triage id: `{r.id}` (data: `{json_name}`), saferail {r.saferail_version}",
        f"- Judged by: {', '.join(r.scorers)} (expected `{r.expected}`)",
        f"- Reproduction: {r.reproduction.describe()} (failure rate, 95% Wilson interval)",
    ]
    if r.severity is not None:
        s = r.severity
        lines.append(f"- Severity suggestion: **{s.severity.value}** ({s.rationale})")
        if s.impact_source:
            lines.append(f"- Impact from {s.impact_source}")
    for lb in r.labels:
        owasp = f"; OWASP {', '.join(lb['owasp'])}" if lb["owasp"] else ""
        lines.append(
            f"- Label `{lb['id']}`: {lb['name']} (default severity {lb['severity']}{owasp}; "
            f"signals {', '.join(lb['signals'])})"
        )
    if r.signals:
        lines.append(f"- Signals: {', '.join(r.signals)}")
    for d in r.detectors:
        hazard = f", hazard {d['entity_type']}" if d["entity_type"] else ""
        lines.append(
            f"- Input detector `{d['check']}` on the {d['where']}: {d['score']:.2f}{hazard}"
        )
    m = r.minimized
    if m is not None:
        kept = "; ".join(f'"{_inline(k.text, _KEPT_CHARS)}" ({k.why})' for k in m.kept)
        state = "confirmed" if m.confirmed else "NOT confirmed"
        cap = ", stopped at the call cap" if m.exhausted else ""
        lines += [
            f"- Minimization: {m.original_length} -> {m.length} characters (ratio {m.ratio}) "
            f"in {_sends(m.calls)}{cap}; {state}; removed: {', '.join(m.reduced) or 'nothing'}",
            f"- Kept while minimizing: {kept or 'nothing'}",
        ]
    tgt = r.target
    lines += [
        f"- Target: `{tgt.spec or tgt.identity.get('provider')}` "
        f"(provider {tgt.identity.get('provider')}, model {tgt.identity.get('model')}), "
        f"fingerprint `{tgt.fingerprint}`",
        f"- Policy version: {tgt.policy_version or 'none (target not guarded)'}",
        f"- Run: `{r.run_id}` in {r.store or 'the run store'}",
        f"- Reported at: {t.reported_at or 'unknown'}; triage started {t.started_at}, "
        f"reproduced {t.reproduced_at or 'never'}, finished {t.finished_at}",
        f"- Triage took {t.triage_duration_s:.1f} s"
        + (
            f"; time to reproduce: {t.time_to_reproduce_s:.1f} s"
            if t.time_to_reproduce_s is not None
            else ""
        )
        + (
            f"; time to triage (report -> triaged): {t.time_to_triage_s:.0f} s"
            if t.time_to_triage_s is not None
            else ""
        ),
    ]
    return lines


def render_triage_markdown(result: TriageResult, json_name: str = "bug_report.json") -> str:
    """The bug report in Markdown: the triage template, then the triage details."""
    r = result
    name = r.target.spec or r.target.identity.get("model")
    target = f"{name} (fingerprint {r.target.fingerprint[:12]})"
    fields = {
        "title": _inline(r.title),
        "severity": r.severity.severity.value if r.severity is not None else None,
        "date": r.timestamps.reported_at[:10] if r.timestamps.reported_at else None,
        "reporter": _inline(r.reporter) if r.reporter is not None else None,
        "target": target,
        "policy_version": r.target.policy_version or "none (target not guarded)",
        "failure_label": ", ".join(lb["id"] for lb in r.labels) or None,
        "reproduction": _reproduction(r),
        "prompt": _reported(r.reported),
        "minimized_prompt": _minimized(r.minimized, r.reproduced),
        "expected": f"`{r.expected}`: {_EXPECTED.get(r.expected, r.expected)}",
        "observed": _observed(r),
        "signals": r.signals or None,
        "run_id": r.run_id,
    }
    text = _fill(render("triage", fields), r)
    return text.rstrip("\n") + "\n" + "\n".join(_details(r, json_name)) + "\n"


def write_triage_report(result: TriageResult, out: str | Path) -> dict[str, Path]:
    """Write ``bug_report.md`` and ``bug_report.json`` into ``out`` (created). Both are
    rendered first and written whole: when one cannot be written (an
    :class:`OSError`), neither file is replaced."""
    folder = Path(out)
    md = folder / "bug_report.md"
    js = folder / "bug_report.json"
    texts = {
        js: result.model_dump_json(indent=2) + "\n",
        md: render_triage_markdown(result, js.name),
    }
    write_files(texts)
    return {"md": md, "json": js}
