"""The system card: what a system is, what it was tested with, what was found, and who signed
it off, generated from the release evidence.

    card = build_card(policy=policy, target=target, eval_runs=[run], redteam=[bare, guarded],
                      register=register, coverage=report, telemetry={"sinks": [...]},
                      approvals=entries, info=load_card_info("card.yaml"))
    Path("system_card.md").write_text(render_markdown(card))
    Path("system_card.html").write_text(render_html(card))

Sixteen sections, in the order of :data:`SECTIONS`. Numbers come only from the evidence:
rates with their 95% Wilson intervals from eval runs, attack success per strategy and
findings from red-team runs, measured accuracy from the scorers and the detector artifacts.
Human-written parts (intended use, limitations, contacts...) come from :class:`CardInfo`.
A section with nothing to show says so ("No evidence: ...", "Not provided: add ... to
card.yaml") instead of filling the gap. The HTML file is self-contained: inline CSS and SVG,
no script, nothing loaded.
"""

from __future__ import annotations

__all__ = [
    "SECTIONS",
    "SystemCard",
    "SystemCardError",
    "build_card",
    "render_html",
    "render_markdown",
]

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup, escape
from pydantic import BaseModel, ConfigDict

from saferail import __version__
from saferail.evals.metrics import Rate
from saferail.evals.session import LoadedRun
from saferail.governance import _card_closing as end
from saferail.governance import _card_evidence as ev
from saferail.governance import _card_governance as gov
from saferail.governance._card_model import (
    SECTIONS,
    ChangeLogSection,
    CompositionSection,
    DataSection,
    EthicsSection,
    IdentitySection,
    IntendedUseSection,
    LimitationsSection,
    MetricsSection,
    MitigationsSection,
    MonitoringSection,
    OversightSection,
    ResultsSection,
    RisksSection,
    Section,
    SignOffSection,
    StandardsSection,
    TestingSection,
)
from saferail.governance._card_ops import (
    SystemCardError,
    monitoring_section,
    oversight_section,
    read_ops,
)
from saferail.governance.approvals import ApprovalEntry
from saferail.governance.card_info import CardInfo
from saferail.governance.risk_coverage import CoverageReport
from saferail.governance.risks import RiskRegister
from saferail.policy.models import Policy
from saferail.redteam.results import RedTeamResult
from saferail.reports._charts import BarSpec, Chart, bar_chart
from saferail.reports._markdown import md_cell
from saferail.reports._view import rate_text
from saferail.targets.base import Target, TargetIdentity


class SystemCard(BaseModel):
    """Every section's data; :func:`render_markdown` and :func:`render_html` lay it out."""

    model_config = ConfigDict(extra="forbid")

    generated_at: str
    saferail_version: str
    identity: IdentitySection
    intended_use: IntendedUseSection
    composition: CompositionSection
    data: DataSection
    metrics: MetricsSection
    results: ResultsSection
    testing: TestingSection
    risks: RisksSection
    mitigations: MitigationsSection
    limitations: LimitationsSection
    ethics: EthicsSection
    oversight: OversightSection
    monitoring: MonitoringSection
    change_log: ChangeLogSection
    standards: StandardsSection
    sign_off: SignOffSection

    def sections(self) -> list[tuple[str, str, Section]]:
        """(key, heading, data) of every section, in card order."""
        return [(key, title, getattr(self, key)) for key, title in SECTIONS]


def _timestamp(value: dt.datetime | str | None) -> tuple[str, dt.date]:
    if isinstance(value, str):
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    else:
        moment = value or dt.datetime.now(dt.UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    moment = moment.astimezone(dt.UTC)
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z"), moment.date()


def build_card(
    *,
    policy: Policy,
    target: Target | TargetIdentity,
    eval_runs: Sequence[LoadedRun],
    redteam: Sequence[RedTeamResult],
    register: RiskRegister | None = None,
    coverage: CoverageReport | None = None,
    telemetry: Mapping[str, Any] | None = None,
    approvals: Sequence[ApprovalEntry] | None = None,
    info: CardInfo | None = None,
    generated_at: dt.datetime | str | None = None,
) -> SystemCard:
    """Collect every section's data from the evidence (see the module doc).

    ``target`` is the system's model (a target or its identity); runs that measured another
    target or policy version are flagged under Identity. ``telemetry`` is described in
    :mod:`saferail.governance._card_ops`. Raises :class:`SystemCardError` when the telemetry
    mapping is malformed."""
    identity = target if isinstance(target, TargetIdentity) else target.identity
    evals, reds = list(eval_runs), list(redteam)
    card_info = info or CardInfo()
    ops = read_ops(dict(telemetry) if telemetry is not None else None)
    stamp, today = _timestamp(generated_at)
    composition = ev.composition_section(card_info, policy, identity, evals)
    metrics = ev.metrics_section(card_info, policy, evals)
    testing = ev.testing_section(reds, register)
    policy_tags = [t for g in composition.guardrails if g.enabled for t in g.owasp]
    return SystemCard(
        generated_at=stamp,
        saferail_version=__version__,
        identity=ev.identity_section(card_info, policy, identity, evals, reds),
        intended_use=ev.intended_use_section(card_info),
        composition=composition,
        data=ev.data_section(card_info, evals, reds, composition),
        metrics=metrics,
        results=ev.results_section(evals),
        testing=testing,
        risks=gov.risks_section(register, coverage, today),
        mitigations=gov.mitigations_section(policy, reds, register),
        limitations=end.limitations_section(card_info, evals, reds, metrics, testing),
        ethics=end.ethics_section(card_info),
        oversight=oversight_section(card_info, policy, ops),
        monitoring=monitoring_section(card_info, ops),
        change_log=end.change_log_section(card_info),
        standards=end.standards_section(card_info, testing, policy_tags, register),
        sign_off=end.sign_off_section(
            metrics, reds, coverage, None if approvals is None else list(approvals)
        ),
    )


# -- rendering ----------------------------------------------------------------------------------

_CODE = re.compile(r"`([^`]+)`")
_PROSE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


# What would make a line a block of its own (a heading, quote, list item, rule, code fence or
# link definition) rather than text: written text must not pass for generated structure.
_BLOCK = re.compile(
    r"^(?:#{1,6}(?:\s|$)|>|[-+*](?:\s|$)|(?:[-*_]\s*){3,}$|`{3,}|~{3,}|\[[^\]]*\]:)"
)
_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def _md_text(value: object) -> str:
    """Prose for Markdown: inline Markdown kept, HTML neutralized, lines kept in one list
    item, and a leading block marker escaped (see ``_BLOCK``)."""
    text = " ".join(str(value).translate(_PROSE).split())
    if _BLOCK.match(text):
        return "\\" + text
    return _ORDERED.sub(r"\1\\\2", text, count=1)


def _md_prose(value: object) -> str:
    """Paragraphs for Markdown: blank lines between paragraphs kept, the rest as _md_text."""
    return "\n\n".join(_md_text(p) for p in _paragraphs(value))


def _paragraphs(value: object) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", str(value).strip()) if p.strip()]


def _html_text(value: object) -> Markup:
    """Prose for HTML: escaped, with `code` spans shown as code."""
    return Markup(_CODE.sub(r"<code>\1</code>", str(escape(str(value)))))


def _html_prose(value: object) -> Markup:
    """Paragraphs for HTML, each in its own ``<p>``."""
    return Markup("".join(f"<p>{_html_text(p)}</p>" for p in _paragraphs(value)))


def _pct(value: float) -> str:
    return f"{value:.1%}"


def _corrected(rate: Rate | None) -> str:
    """A rate with its interval, plus the scorer-error-corrected estimate when there is one."""
    text = rate_text(rate)
    if rate is not None and rate.n and rate.corrected is not None:
        text += f"; corrected for scorer error {rate.corrected:.1%}"
    return text


@cache
def _environment(markdown: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("saferail.governance", "card_templates"),
        autoescape=not markdown,
        undefined=jinja2.StrictUndefined,
        trim_blocks=markdown,
        lstrip_blocks=markdown,
        keep_trailing_newline=True,
    )
    env.filters.update(
        cell=md_cell,
        text=_md_text if markdown else _html_text,
        prose=_md_prose if markdown else _html_prose,
        rate=rate_text,
        corrected=_corrected,
        pct=_pct,
    )
    env.globals.update(sections=SECTIONS)
    return env


def render_markdown(card: SystemCard) -> str:
    """The card as GitHub-flavoured Markdown."""
    text = _environment(True).get_template("system_card.md.j2").render(card=card)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _charts(card: SystemCard) -> dict[str, Chart]:
    charts = {}
    for run in card.results.runs:
        rows = [BarSpec(r.name, r.pass_rate) for r in (run.overall, *run.categories)]
        charts[f"eval:{run.run_id}"] = bar_chart(f"Pass rate by category: {run.suite}", rows)
    for rt in card.testing.runs:
        bars = [BarSpec("all strategies", rt.asr, tone="bad" if rt.asr.k else "good")]
        bars += [
            BarSpec(s.strategy, s.asr, tone="bad" if s.successes else "good") for s in rt.strategies
        ]
        charts[f"redteam:{rt.run_id}"] = bar_chart(f"Attack success rate: {rt.label}", bars)
    return charts


def render_html(card: SystemCard) -> str:
    """The card as one self-contained HTML file (inline CSS and SVG charts, no script)."""
    template = _environment(False).get_template("system_card.html.j2")
    return template.render(card=card, charts=_charts(card))
