"""``compute_kpis_report``: every KPI of :mod:`saferail.kpis.definitions` from the inputs
given, in one call (what ``saferail kpis`` prints and a dashboard panel can show), and the
report as Markdown."""

from __future__ import annotations

__all__ = ["compute_kpis_report", "render_markdown"]

from collections.abc import Sequence
from datetime import UTC, datetime

from saferail.evals.store import SqlRunStore
from saferail.governance.risks import RiskRegister
from saferail.kpis.eval_kpis import coverage_kpi, gate_kpi, refusal_quality_kpi, reproducibility_kpi
from saferail.kpis.freshness import freshness_kpi
from saferail.kpis.inputs import CardStamp, LabelledSample, ReviewRecord, TriageRecord
from saferail.kpis.model import (
    BREAKDOWNS,
    KpiError,
    KpiReport,
    KpiResult,
    Window,
    format_value,
)
from saferail.kpis.ops_kpis import alert_precision_kpi, filter_kpis, telemetry_kpi, triage_kpis
from saferail.kpis.regression import regression_kpi
from saferail.reports._markdown import md_cell
from saferail.telemetry.event import SafetyEvent
from saferail.telemetry.monitor.alerts import Alert


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat()


def compute_kpis_report(
    *,
    store: SqlRunStore | None = None,
    events: list[SafetyEvent] | None = None,
    register: RiskRegister | None = None,
    triage: list[TriageRecord] | None = None,
    reviews: list[ReviewRecord] | None = None,
    labelled: list[LabelledSample] | None = None,
    alerts: list[Alert] | None = None,
    alert_outcomes: dict[str, bool] | None = None,
    card: CardStamp | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    by: Sequence[str] = (),
    inputs: dict[str, str | None] | None = None,
) -> KpiReport:
    """Compute every KPI. An input left ``None`` was not given: the KPIs that need it say
    ``no data: ...``; an empty list was given and held nothing in the window. ``by`` breaks
    each KPI down by ``model_version``, ``prompt_version`` and/or ``feature_flag``;
    ``inputs`` (a description of where each input came from) is copied into the report."""
    unknown = [b for b in by if b not in BREAKDOWNS]
    if unknown:
        raise KpiError(f"cannot break down by {unknown[0]!r} (one of: {', '.join(BREAKDOWNS)})")
    if since is not None and until is not None and since >= until:
        raise KpiError("the window is empty: --since must be before --until")
    w = Window(since, until)
    dims = list(by)
    results: list[KpiResult] = [
        coverage_kpi(store, register, w, dims),
        gate_kpi(store, reviews, w, dims),
        regression_kpi(store, w, dims),
        *triage_kpis(triage, w, dims),
        *filter_kpis(labelled, w, dims),
        telemetry_kpi("pii_leakage_rate", events, w, dims),
        telemetry_kpi("grounded_ratio", events, w, dims),
        refusal_quality_kpi(store, w, dims),
        telemetry_kpi("telemetry_completeness", events, w, dims),
        alert_precision_kpi(alerts, alert_outcomes, w, dims),
        reproducibility_kpi(store, w, dims),
        freshness_kpi(card, store, w),
    ]
    return KpiReport(
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
        since=_iso(since),
        until=_iso(until),
        by=dims,
        inputs=dict(inputs or {}),
        kpis=results,
    )


def _key_text(key: dict[str, str | None]) -> str:
    return ", ".join(f"{k}={v if v is not None else '-'}" for k, v in key.items())


def render_markdown(report: KpiReport) -> str:
    """The report as a Markdown table: KPI, value, units, detail, definition; breakdown rows
    under their KPI."""
    window = f"{report.since or 'start'} .. {report.until or 'now'}"
    lines = [
        f"# Safety KPIs ({window})",
        "",
        "| KPI | value | n | detail | definition |",
        "|---|---|---|---|---|",
    ]
    for k in report.kpis:
        cells = [k.title, k.shown(), str(k.n), k.detail, k.definition]
        if k.missing:
            cells = [k.title, "no data", "", k.missing.removeprefix("no data: "), k.definition]
        lines.append("| " + " | ".join(md_cell(c) for c in cells) + " |")
        for row in k.rows:
            shown = format_value(row.value, k.unit)
            cells = [f"↳ {_key_text(row.key)}", shown, str(row.n), row.detail, ""]
            lines.append("| " + " | ".join(md_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"
