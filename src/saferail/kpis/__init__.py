"""Safety KPIs computed from real data: the run store, telemetry, the risk register, triage
records, reviews, labelled samples, alerts and the system card (see docs/kpis.md).

    report = compute_kpis_report(store=open_store("runs.db"), register=load_register(None))
    print(render_markdown(report))

Every KPI has its definition beside its value; a KPI whose inputs were not given says
``no data: ...`` instead of a number.
"""

from __future__ import annotations

from saferail.kpis.definitions import DEFINITIONS, KPI_ORDER, KpiDefinition
from saferail.kpis.inputs import (
    CardStamp,
    LabelledSample,
    ReviewRecord,
    TriageRecord,
    load_alert_outcomes,
    load_events,
    load_labelled,
    load_reviews,
    load_triage,
    read_card,
    record_alert_outcome,
    record_mitigation,
)
from saferail.kpis.model import BREAKDOWNS, KpiError, KpiReport, KpiResult, KpiRow, Window
from saferail.kpis.report import compute_kpis_report, render_markdown

__all__ = [
    "BREAKDOWNS",
    "DEFINITIONS",
    "KPI_ORDER",
    "CardStamp",
    "KpiDefinition",
    "KpiError",
    "KpiReport",
    "KpiResult",
    "KpiRow",
    "LabelledSample",
    "ReviewRecord",
    "TriageRecord",
    "Window",
    "compute_kpis_report",
    "load_alert_outcomes",
    "load_events",
    "load_labelled",
    "load_reviews",
    "load_triage",
    "read_card",
    "record_alert_outcome",
    "record_mitigation",
    "render_markdown",
]
