"""The seed's safety KPIs panel: ``saferail kpis`` over the dashboard's run store.

Computed from what the dashboard can see — the run store (evals, red team, reviews' runs)
and the bundled (or configured) risk register; KPIs whose inputs live elsewhere (triage
records, labelled samples, alert outcomes) say "no data" with the input they need, exactly
as the CLI does. Aggregates only, so every role may read it.
"""

from __future__ import annotations

__all__ = ["router"]

from typing import Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from saferail.dashboard.api import api_caller
from saferail.dashboard.render import page
from saferail.dashboard.state import caller, state_of
from saferail.kpis import compute_kpis_report
from saferail.kpis.model import KpiReport
from saferail.telemetry.access import Principal

router = APIRouter()
Caller = Depends(caller)
ApiCaller = Depends(api_caller)  # unknown query parameters are a 400, as on /api/*


def _report(request: Request) -> KpiReport:
    from saferail.governance.register import load_register

    st = state_of(request)
    return compute_kpis_report(
        store=st.runs,
        register=load_register(None) if st.runs is not None else None,
        inputs={"store": "dashboard run store", "register": "bundled template"},
    )


@router.get("/api/safety-kpis")
def safety_kpis_api(request: Request, who: Principal = ApiCaller) -> Any:
    return _report(request).to_dict()


@router.get("/safety-kpis")
def safety_kpis_page(request: Request, who: Principal = Caller) -> Response:
    report = _report(request)
    rows = [
        {"title": k.title, "value": k.shown(), "n": k.n, "detail": k.detail,
         "definition": k.definition, "missing": bool(k.missing)}
        for k in report.kpis
    ]  # fmt: skip
    return page(request, "safety_kpis.html.j2", rows=rows, generated=report.generated_at)
