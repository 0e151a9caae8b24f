"""The single-file HTML report, rendered with Jinja2 (autoescaping on for every value)."""

from __future__ import annotations

__all__ = ["render_html"]

from functools import lru_cache

import jinja2

from saferail import __version__
from saferail.reports._charts import BarSpec, bar_chart
from saferail.reports._text import display_text
from saferail.reports._view import CategoryRow, ReportView, corrected_text, delta_text, rate_text


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("saferail.reports", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
    )
    env.globals.update(
        rate_text=rate_text,
        corrected_text=corrected_text,
        delta_text=delta_text,
        version=__version__,
    )
    return env


def _tone(row: CategoryRow) -> str:
    if row.delta is None:
        return "neutral"
    if row.delta.significant_regression:
        return "bad"
    return "good" if row.delta.significant_improvement else "neutral"


def _pass_bars(view: ReportView) -> list[BarSpec]:
    rows = [view.overall, *view.categories]
    return [
        BarSpec(
            row.name,
            row.metrics.pass_rate,
            None if row.delta is None else row.delta.baseline_rate,
            _tone(row),
        )
        for row in rows
    ]


def _rate_bars(view: ReportView) -> list[BarSpec]:
    m = view.overall.metrics
    bars = [
        BarSpec("refusal rate", m.refusal_rate),
        BarSpec("over-refusal", m.over_refusal),
        BarSpec("error rate", m.error_rate),
    ]
    bars += [BarSpec(f"refusal: {row.name}", row.metrics.refusal_rate) for row in view.categories]
    return bars


def render_html(view: ReportView) -> str:
    """The whole report as one HTML document (control characters and lone surrogates from
    the run shown as U+FFFD: HTML cannot carry them)."""
    template = _environment().get_template("report.html.j2")
    report = view.report
    html = template.render(
        h=view.header,
        gate=report.gate,
        comparison=report.comparison,
        counts=view.counts,
        overall=view.overall,
        categories=list(view.categories),
        pass_chart=bar_chart("Pass rate by category", _pass_bars(view)),
        rates_chart=bar_chart("Refusal, over-refusal and error rates", _rate_bars(view)),
        failing=view.failing,
        listed=view.listed,
        has_prompts=any(c.prompt is not None for c in view.listed),
        redacted=view.redacted,
    )
    return display_text(html)
