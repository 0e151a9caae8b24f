"""KPIs of operating the system: time to triage and to mitigation, filter error rates on
labelled samples, alert precision, and the telemetry KPIs of the monitor."""

from __future__ import annotations

__all__ = [
    "alert_precision_kpi",
    "filter_kpis",
    "telemetry_kpi",
    "triage_kpis",
]

from collections.abc import Sequence
from datetime import timedelta

from saferail.kpis.definitions import definition
from saferail.kpis.inputs import LabelledSample, TriageRecord
from saferail.kpis.model import (
    KpiResult,
    KpiRow,
    Measure,
    Unit,
    Window,
    format_seconds,
    median_result,
    ratio_result,
)
from saferail.telemetry.event import SafetyEvent
from saferail.telemetry.monitor.alerts import Alert
from saferail.telemetry.monitor.series import compute_kpis

INTERVENED = frozenset({"block", "redact"})
"""Actions that count as the filters stopping or changing the traffic."""


def triage_kpis(
    records: list[TriageRecord] | None, window: Window, by: Sequence[str]
) -> list[KpiResult]:
    """``time_to_triage`` and ``time_to_mitigation``."""
    tt, tm = definition("time_to_triage"), definition("time_to_mitigation")
    if records is None:
        why = "no triage records given (--triage DIR)"
        return [KpiResult.no_data(tt, why), KpiResult.no_data(tm, why)]
    dated = [r for r in records if r.reported_at is not None and window.contains(r.reported_at)]
    undated = sum(1 for r in records if r.reported_at is None)
    note = [f"{undated} record(s) without a report time (triage --reported-at)"] if undated else []
    if not dated:
        why = f"no triage record reported in the window ({len(records)} record(s) read)"
        return [KpiResult.no_data(tt, why), KpiResult.no_data(tm, why)]
    triaged = [
        Measure(r.attrs, r.result.timestamps.time_to_triage_s)
        for r in dated
        if r.result.timestamps.time_to_triage_s is not None
    ]
    first = median_result(tt, triaged, by, notes=note) if triaged else KpiResult.no_data(
        tt, "no triage record with a time to triage"
    )  # fmt: skip
    reproduced = [r for r in dated if r.result.reproduced]
    done = [r for r in reproduced if r.mitigated_at is not None]
    items = [
        Measure(r.attrs, (r.mitigated_at - r.reported_at).total_seconds())  # type: ignore[operator]
        for r in done
    ]
    still = [r for r in reproduced if r.mitigated_at is None]
    detail = f"{len(done)} mitigated, {len(still)} open"
    if still:
        oldest = max((window.now() - r.reported_at).total_seconds() for r in still)  # type: ignore[operator]
        detail += f" (oldest open {format_seconds(oldest)})"
    if not items:
        second = KpiResult.no_data(tm, f"no mitigation recorded ({detail}; add mitigation.json)")
    else:
        second = median_result(tm, items, by, detail=detail, notes=note)
    return [first, second]


def filter_kpis(
    samples: list[LabelledSample] | None, window: Window, by: Sequence[str]
) -> list[KpiResult]:
    """``filter_fpr`` and ``filter_fnr`` from labelled samples."""
    fpr, fnr = definition("filter_fpr"), definition("filter_fnr")
    if samples is None:
        why = "no labelled samples given (--labelled FILE)"
        return [KpiResult.no_data(fpr, why), KpiResult.no_data(fnr, why)]
    chosen = [s for s in samples if s.time is None or window.contains(s.time)]
    errors = sum(1 for s in chosen if s.action == "error")
    notes = [f"{errors} sample(s) with action 'error' left out"] if errors else []
    out = []
    for d, label, stopped_is_hit in ((fpr, "benign", True), (fnr, "violating", False)):
        units = [
            Unit(s.attrs, (s.action in INTERVENED) is stopped_is_hit)
            for s in chosen
            if s.label == label and s.action != "error"
        ]
        if units:
            out.append(ratio_result(d, units, by, notes=notes))
        else:
            out.append(KpiResult.no_data(d, f"no sample labelled {label} in the window"))
    return out


def alert_precision_kpi(
    alerts: list[Alert] | None,
    outcomes: dict[str, bool] | None,
    window: Window,
    by: Sequence[str],
) -> KpiResult:
    d = definition("alert_precision")
    if alerts is None:
        return KpiResult.no_data(d, "no alert history given (--alerts)")
    if outcomes is None:
        return KpiResult.no_data(d, "no alert outcomes given (--alert-outcomes)")
    chosen = [a for a in alerts if window.contains(a.first_seen)]
    judged = [a for a in chosen if a.alert_id in outcomes]
    unjudged = len(chosen) - len(judged)
    if not judged:
        return KpiResult.no_data(
            d, f"no alert with a recorded outcome in the window ({len(chosen)} alert(s))"
        )
    units = [Unit({b: a.key.get(b) for b in by}, outcomes[a.alert_id]) for a in judged]
    return ratio_result(
        d, units, by, detail=f"{unjudged} alert(s) without an outcome", data={"unjudged": unjudged}
    )


_EVENT_KPIS = {
    "pii_leakage_rate": "no output guard decision",
    "grounded_ratio": "no response a grounding check ran on",
    "telemetry_completeness": "no request",
}


def telemetry_kpi(
    name: str, events: list[SafetyEvent] | None, window: Window, by: Sequence[str]
) -> KpiResult:
    """One of the monitor's KPIs, summed over the window (same definitions as
    :mod:`saferail.telemetry.monitor.kpis`)."""
    d = definition(name)
    if events is None:
        return KpiResult.no_data(d, "no telemetry events given (--events)")
    chosen = [e for e in events if window.contains(e.time)]
    whole = timedelta(days=365_000)
    overall = compute_kpis(chosen, [name], bucket=whole).series
    hits, total = sum(s.hits for s in overall), sum(s.total for s in overall)
    if not total:
        return KpiResult.no_data(d, f"{_EVENT_KPIS[name]} in the window ({len(chosen)} events)")
    rows = []
    if by:
        for s in compute_kpis(chosen, [name], by=list(by), bucket=whole).series:
            rows.append(
                KpiRow(key=dict(s.key), value=s.rate, n=s.total, detail=f"{s.hits}/{s.total}")
            )
    return KpiResult.of(d, value=hits / total, n=total, detail=f"{hits}/{total}", rows=rows)
