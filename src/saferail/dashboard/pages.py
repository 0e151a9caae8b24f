"""The monitoring pages: the KPI overview (summary, time series with breakdowns, recent
alerts), alerts, events (analyst; content for admins, audited) and the audit log (admin)."""

from __future__ import annotations

__all__ = ["router"]

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from saferail.dashboard.config import BREAKDOWNS, RANGES
from saferail.dashboard.events import alert_dict, event_query
from saferail.dashboard.kpis import (
    KPI_CHOICES,
    kpi_summary,
    parse_by,
    resolve_window,
)
from saferail.dashboard.render import page
from saferail.dashboard.state import caller, need, state_of
from saferail.telemetry.access import Principal
from saferail.telemetry.monitor.kpis import KpiError, kpi_def

router = APIRouter()
Caller = Depends(caller)


@router.get("/")
def overview(
    request: Request,
    range: str | None = None,
    kpi: str = "block_rate",
    by: str | None = None,
    bucket: str | None = None,
    who: Principal = Caller,
) -> Response:
    st = state_of(request)
    window = resolve_window(range, bucket, st.config)
    dims = parse_by(by)
    try:
        info = kpi_def(kpi)
    except KpiError:
        info = kpi_def(kpi := "block_rate")
    summary = kpi_summary(st.events, who, window, st.config, event_kpis=False)
    cats = [k["kpi"].partition(":")[2] for k in summary["kpis"] if ":" in k["kpi"]]
    params = {"kpi": kpi, "range": window.label, "by": ",".join(dims)}
    if bucket:
        params["bucket"] = bucket
    recent = st.alerts.alerts(limit=5) if st.alerts is not None else None
    return page(
        request,
        "overview.html.j2",
        summary=summary,
        main_kpis=[k for k in summary["kpis"] if ":" not in k["kpi"]],
        cats=[k for k in summary["kpis"] if ":" in k["kpi"]],
        window=window,
        kpi=kpi,
        kpi_info=info,
        kpis=[*KPI_CHOICES, *(f"violation_rate:{c}" for c in cats)],
        by=dims,
        breakdowns=BREAKDOWNS,
        ranges=list(RANGES),
        bucket=bucket or "",
        api_url="/api/kpis?" + urlencode(params),
        card_url="/api/kpis?" + urlencode({"range": window.label, "kpi": ""}),
        alerts=None if recent is None else [alert_dict(a, who) for a in recent],
    )


@router.get("/alerts")
def alerts(
    request: Request, rule: str | None = None, limit: int = Query(200, ge=1, le=1000),
    who: Principal = Caller,
) -> Response:  # fmt: skip
    st = state_of(request)
    found = None
    if st.alerts is not None:
        found = [alert_dict(a, who) for a in st.alerts.alerts(rule=rule or None, limit=limit)]
    return page(request, "alerts.html.j2", alerts=found, rule=rule or "")


@router.get("/events")
def events(
    request: Request,
    range: str | None = None,
    limit: int = Query(100, ge=1),
    include_content: bool = False,
    who: Principal = Caller,
) -> Response:
    st = state_of(request)
    need(who, "analyst", "read events")
    window = resolve_window(range, None, st.config) if range else None
    query = event_query(request.query_params, window, min(limit, st.config.events_page_max))
    found = st.events.events(who, query, include_content=include_content)
    return page(
        request,
        "events.html.j2",
        events=found,
        params=request.query_params,
        ranges=list(RANGES),
        range=range or "",
        limit=query.limit,
        include_content=include_content,
    )


@router.get("/audit")
def audit(
    request: Request, limit: int = Query(200, ge=1, le=10_000), who: Principal = Caller
) -> Response:
    entries = state_of(request).events.audit_log(who, limit=limit)
    keys = state_of(request).events.api_keys()
    return page(request, "audit.html.j2", entries=entries, keys=keys)
