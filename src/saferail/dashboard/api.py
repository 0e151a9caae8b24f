"""The JSON API under ``/api/`` (what the pages' charts fetch; API clients send
``Authorization: Bearer <key>``). Every route names the least role it needs:

============================  ========  ==================================================
route                         role      answers
============================  ========  ==================================================
``/api/health``               none      ``{"status": "ok"}``
``/api/me``                   viewer    the caller's name and role
``/api/summary``              viewer    totals and every KPI's rate over a range
                                        (``event_kpis=false``: without the two slow ones)
``/api/kpis``                 viewer    one KPI per time bucket and breakdown key
``/api/options``              viewer    KPIs, categories, breakdowns and ranges on offer
``/api/aggregate``            viewer    the store's grouped counts
``/api/alerts``               viewer    recent alerts from the alert history
``/api/runs``, ``/runs/{id}`` viewer    eval runs, one run's metrics and gate
``/api/compare``              viewer    the paired comparison of two eval runs
``/api/redteam[/{id}]``       viewer    red-team runs, one run's ASR and findings
``/api/events``               analyst   events; ``include_content=true``: admin, audited
``/api/audit``, ``/api/keys`` admin     the audit log, the API keys (never the keys)
============================  ========  ==================================================
"""

from __future__ import annotations

__all__ = ["router"]

import inspect
from typing import Any

from fastapi import APIRouter, Depends, Query, Request, params

from saferail.dashboard.config import BREAKDOWNS, RANGES
from saferail.dashboard.errors import BadRequest
from saferail.dashboard.events import EVENT_FILTERS, alert_dict, event_dict, event_query
from saferail.dashboard.kpis import (
    KPI_CHOICES,
    capped,
    categories_seen,
    kpi_report,
    kpi_summary,
    parse_by,
    resolve_window,
)
from saferail.dashboard.redteam import list_redteam_runs, redteam_view
from saferail.dashboard.runs import compare_view, list_eval_runs, run_view
from saferail.dashboard.state import caller, need, state_of
from saferail.telemetry.access import Principal
from saferail.telemetry.query import GROUP_KEYS


def known_parameters(request: Request) -> None:
    """A query parameter the route does not take is a :class:`BadRequest`: a misspelt
    filter (``catgory=pii``) would otherwise answer everything, unfiltered."""
    endpoint = request.scope.get("endpoint")
    if endpoint is None:
        return
    known = {
        name
        for name, p in inspect.signature(endpoint).parameters.items()
        if name != "request" and not isinstance(p.default, params.Depends)
    } - set(request.path_params)
    if endpoint in (events, aggregate):
        known.update(EVENT_FILTERS)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        takes = ", ".join(sorted(known)) or "none"
        raise BadRequest(f"{unknown[0]}: unknown parameter (this route takes: {takes})")


def api_caller(request: Request) -> Principal:
    """The authenticated caller of an API route whose query parameters are all known."""
    who = caller(request)
    known_parameters(request)
    return who


router = APIRouter(prefix="/api")
Caller = Depends(api_caller)


@router.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/me")
def me(who: Principal = Caller) -> dict[str, str]:
    return {"name": who.name, "role": who.role}


@router.get("/summary")
def summary(
    request: Request, range: str | None = None, event_kpis: bool = True, who: Principal = Caller
) -> Any:
    st = state_of(request)
    window = resolve_window(range, None, st.config)
    return kpi_summary(st.events, who, window, st.config, event_kpis=event_kpis)


@router.get("/kpis")
def kpis(
    request: Request,
    kpi: str = "block_rate",
    by: str | None = None,
    range: str | None = None,
    bucket: str | None = None,
    who: Principal = Caller,
) -> Any:
    st = state_of(request)
    window = resolve_window(range, bucket, st.config)
    return kpi_report(st.events, who, kpi, window, parse_by(by), st.config)


@router.get("/options")
def options(request: Request, range: str | None = None, who: Principal = Caller) -> Any:
    st = state_of(request)
    window = resolve_window(range, None, st.config)
    cats = categories_seen(st.events, who, window)
    return {
        "kpis": [*KPI_CHOICES, *(f"violation_rate:{c}" for c in cats)],
        "categories": cats,
        "breakdowns": list(BREAKDOWNS),
        "ranges": list(RANGES),
    }


@router.get("/aggregate")
def aggregate(
    request: Request,
    group_by: str = "",
    range: str | None = None,
    bucket: str | None = None,
    who: Principal = Caller,
) -> Any:
    st = state_of(request)
    keys = [k.strip() for k in group_by.split(",") if k.strip()]
    bad = [k for k in keys if k not in GROUP_KEYS]
    if bad:
        raise BadRequest(f"group_by: unknown key {bad[0]!r} (one of: {', '.join(GROUP_KEYS)})")
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise BadRequest(f"group_by: {repeated[0]!r} is named more than once")
    window = resolve_window(range, bucket, st.config)
    query = event_query(request.query_params, window, 1)
    cap = st.config.aggregate_rows_max
    by_time = window.bucket if bucket else None
    rows = st.events.aggregate(who, query, group_by=keys, bucket=by_time, max_rows=cap)
    return {"rows": [r.model_dump(mode="json") for r in capped(rows, cap)]}


@router.get("/events")
def events(
    request: Request,
    range: str | None = None,
    limit: int = Query(100, ge=1),
    include_content: bool = False,
    who: Principal = Caller,
) -> Any:
    st = state_of(request)
    need(who, "analyst", "read events")
    window = resolve_window(range, None, st.config) if range else None
    query = event_query(request.query_params, window, min(limit, st.config.events_page_max))
    found = st.events.events(who, query, include_content=include_content)
    return {"events": [event_dict(e) for e in found], "content": include_content}


@router.get("/alerts")
def alerts(
    request: Request, rule: str | None = None, limit: int = Query(100, ge=1, le=1000),
    who: Principal = Caller,
) -> Any:  # fmt: skip
    st = state_of(request)
    if st.alerts is None:
        return {"configured": False, "alerts": []}
    found = st.alerts.alerts(rule=rule or None, limit=limit)
    return {"configured": True, "alerts": [alert_dict(a, who) for a in found]}


@router.get("/runs")
def runs(request: Request, who: Principal = Caller) -> Any:
    st = state_of(request)
    return {"runs": list_eval_runs(st.run_store(), st.config.runs_limit)}


@router.get("/runs/{run_id}")
def run(request: Request, run_id: str, who: Principal = Caller) -> Any:
    return run_view(state_of(request).run_store(), run_id).to_dict()


@router.get("/compare")
def compare(
    request: Request,
    run: str,
    baseline: str,
    margin: float = 0.0,
    alpha: float = 0.05,
    who: Principal = Caller,
) -> Any:
    store = state_of(request).run_store()
    return compare_view(store, run, baseline, margin=margin, alpha=alpha).to_dict()


@router.get("/redteam")
def redteam_runs(request: Request, who: Principal = Caller) -> Any:
    st = state_of(request)
    return {"runs": list_redteam_runs(st.run_store(), st.config.runs_limit)}


@router.get("/redteam/{run_id}")
def redteam_run(request: Request, run_id: str, who: Principal = Caller) -> Any:
    st = state_of(request)
    return redteam_view(st.run_store(), run_id, st.reports)


@router.get("/audit")
def audit(
    request: Request, limit: int = Query(100, ge=1, le=10_000), who: Principal = Caller
) -> Any:
    entries = state_of(request).events.audit_log(who, limit=limit)
    return {"entries": [e.model_dump(mode="json") for e in entries]}


@router.get("/keys")
def keys(request: Request, who: Principal = Caller) -> Any:
    need(who, "admin", "list API keys")
    return {"keys": [k.model_dump(mode="json") for k in state_of(request).events.api_keys()]}
