"""The single-file HTML red-team report, rendered with Jinja2 (autoescaping on for every
value; inline CSS and SVG; no scripts, no external assets)."""

from __future__ import annotations

__all__ = ["asr_chart", "render_html_view"]

from dataclasses import replace
from functools import lru_cache

import jinja2

from saferail import __version__
from saferail.evals.metrics import Rate
from saferail.redteam.report._view import RedTeamView, pct, plural, ratio_text
from saferail.reports._charts import BarSpec, Chart, bar_chart
from saferail.reports._text import display_text
from saferail.reports._view import rate_text


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("saferail.redteam.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals.update(
        rate_text=rate_text, pct=pct, plural=plural, ratio_text=ratio_text, version=__version__
    )
    return env


def asr_chart(view: RedTeamView) -> Chart:
    """ASR per strategy (first row: all strategies); with a second run, its bar below each."""
    rows: list[tuple[str, Rate | None, Rate | None]]
    rows = [("all strategies", view.overall, view.compare_overall)]
    rows += [(r.name, r.rate, r.compare) for r in view.strategies]
    specs: list[BarSpec] = []
    for name, mine, theirs in rows:
        specs.append(BarSpec(name, mine, tone="run"))
        if view.compare is not None:
            specs.append(BarSpec(name, theirs, tone="compare"))
    chart = bar_chart("Attack success rate by strategy", specs)
    if view.compare is None:
        return chart
    bars = []
    for i, bar in enumerate(chart.bars):
        first = i % 2 == 0
        who = view.label if first else view.compare_label
        bars.append(
            replace(bar, label=bar.label if first else "", full_label=f"{bar.full_label} ({who})")
        )
    return replace(chart, bars=tuple(bars))


def render_html_view(view: RedTeamView) -> str:
    """The whole report as one HTML document (control characters and lone surrogates shown
    as U+FFFD)."""
    template = _environment().get_template("redteam.html.j2")
    html = template.render(
        v=view,
        r=view.result,
        asr=asr_chart(view),
        findings=list(view.findings),
    )
    return display_text(html)
