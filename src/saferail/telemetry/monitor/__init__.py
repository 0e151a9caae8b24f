"""Monitoring of safety KPIs: KPIs from :class:`~saferail.telemetry.event.SafetyEvent`
records per time bucket and breakdown, streaming anomaly detectors (EWMA chart, Bernoulli
CUSUM, exact binomial window test), and alert rules raised to log and webhook sinks with dedup,
cool-down and a history. See docs/telemetry/monitoring.md."""

from __future__ import annotations

__all__ = [
    "DEFAULT_KPIS",
    "KPI_NAMES",
    "Alarm",
    "Alert",
    "AlertHistory",
    "AlertManager",
    "AlertSink",
    "BernoulliCusum",
    "BinomialParams",
    "BinomialWindowTest",
    "CompletenessSpec",
    "CusumParams",
    "Delivery",
    "Detector",
    "DetectorSpec",
    "EwmaChart",
    "EwmaParams",
    "KpiError",
    "KpiPoint",
    "KpiReport",
    "KpiSeries",
    "LogSink",
    "Monitor",
    "MonitorConfig",
    "MonitorError",
    "MonitorResult",
    "RuleConfig",
    "RulesError",
    "WebhookSink",
    "available_detectors",
    "build_detector",
    "compute_kpis",
    "events_from_store",
    "kpi_def",
    "load_rules",
    "parse_rules",
    "register_detector",
    "unregister_detector",
]

from saferail.telemetry.monitor.alerts import Alert, AlertManager, Delivery
from saferail.telemetry.monitor.detectors import (
    Alarm,
    BernoulliCusum,
    BinomialParams,
    BinomialWindowTest,
    CusumParams,
    Detector,
    EwmaChart,
    EwmaParams,
)
from saferail.telemetry.monitor.engine import Monitor, MonitorResult
from saferail.telemetry.monitor.history import AlertHistory
from saferail.telemetry.monitor.kpis import (
    DEFAULT_KPIS,
    KPI_NAMES,
    CompletenessSpec,
    KpiError,
    kpi_def,
)
from saferail.telemetry.monitor.registry import (
    DetectorSpec,
    MonitorError,
    available_detectors,
    build_detector,
    register_detector,
    unregister_detector,
)
from saferail.telemetry.monitor.rules import (
    MonitorConfig,
    RuleConfig,
    RulesError,
    load_rules,
    parse_rules,
)
from saferail.telemetry.monitor.series import (
    KpiPoint,
    KpiReport,
    KpiSeries,
    compute_kpis,
    events_from_store,
)
from saferail.telemetry.monitor.sinks import AlertSink, LogSink, WebhookSink
