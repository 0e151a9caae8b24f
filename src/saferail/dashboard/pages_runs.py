"""The release pages: eval runs, one run's metrics and gate, the comparison of two runs,
red-team runs and one run's findings (every role may read them: metrics and labels only)."""

from __future__ import annotations

__all__ = ["router"]

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from saferail.dashboard.redteam import list_redteam_runs, redteam_view
from saferail.dashboard.render import bar_chart_of, page
from saferail.dashboard.runs import compare_view, list_eval_runs, run_view
from saferail.dashboard.state import caller, state_of
from saferail.telemetry.access import Principal

router = APIRouter()
Caller = Depends(caller)


@router.get("/runs")
def runs(request: Request, who: Principal = Caller) -> Response:
    st = state_of(request)
    rows = list_eval_runs(st.run_store(), st.config.runs_limit) if st.runs is not None else None
    return page(request, "runs.html.j2", runs=rows)


@router.get("/runs/compare")
def compare(
    request: Request,
    run: str,
    baseline: str,
    margin: float = 0.0,
    alpha: float = 0.05,
    who: Principal = Caller,
) -> Response:
    view = compare_view(state_of(request).run_store(), run, baseline, margin=margin, alpha=alpha)
    rows = view.rows
    chart = bar_chart_of(
        "Pass rate on the shared cases (run; tick: baseline)",
        [(d.category, mine) for d, mine, _ in rows],
        baselines=[theirs.rate if theirs.n else None for _, _, theirs in rows],
        tone="run",
    )
    return page(request, "compare.html.j2", v=view, c=view.comparison, rows=rows, chart=chart)


@router.get("/runs/{run_id}")
def run(request: Request, run_id: str, who: Principal = Caller) -> Response:
    view = run_view(state_of(request).run_store(), run_id)
    m = view.metrics
    chart = bar_chart_of(
        "Pass rate by category",
        [("all cases", m.pass_rate), *((c, cm.pass_rate) for c, cm in m.categories.items())],
        tone="run",
    )
    return page(request, "run.html.j2", v=view, m=m, chart=chart)


@router.get("/redteam")
def redteam_runs(request: Request, who: Principal = Caller) -> Response:
    st = state_of(request)
    rows = list_redteam_runs(st.run_store(), st.config.runs_limit) if st.runs is not None else None
    return page(request, "redteam_runs.html.j2", runs=rows)


@router.get("/redteam/{run_id}")
def redteam_run(request: Request, run_id: str, who: Principal = Caller) -> Response:
    st = state_of(request)
    view = redteam_view(st.run_store(), run_id, st.reports)
    chart = bar_chart_of(
        "Attack success rate by strategy",
        [("all strategies", view["asr"]), *((s["strategy"], s) for s in view["strategies"])],
        tone="bad",
    )
    return page(request, "redteam_run.html.j2", v=view, chart=chart)
