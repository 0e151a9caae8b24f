"""KPIs from the run store: eval coverage, gate pass rate, reproducibility, refusal quality."""

from __future__ import annotations

__all__ = [
    "coverage_kpi",
    "gate_kpi",
    "refusal_quality_kpi",
    "reproducibility_kpi",
]

from collections.abc import Callable, Sequence

from saferail.evals.case import Case, Expected
from saferail.evals.results import CaseResult, RunInfo
from saferail.evals.scorers.base import Response
from saferail.evals.scorers.refusal_quality import RUBRIC, is_refusal_attempt, rate_refusal
from saferail.evals.session import gate_run
from saferail.evals.store import SqlRunStore
from saferail.evals.suite import Suite, load_suite
from saferail.governance.risk_coverage import CoverageReport, coverage
from saferail.governance.risks import RiskRegister
from saferail.kpis._runs import (
    EXCLUDED_SUITES,
    RunCache,
    StoreView,
    completed_runs,
    run_attrs,
    run_time,
)
from saferail.kpis.definitions import definition
from saferail.kpis.inputs import ReviewRecord
from saferail.kpis.model import (
    KpiResult,
    KpiRow,
    Measure,
    Unit,
    Window,
    mean_result,
    ratio_result,
)

_NO_STORE = "no run store given (--store)"


def _in_window(store: SqlRunStore, window: Window) -> list[RunInfo]:
    return [r for r in completed_runs(store, until=window.until) if window.contains(run_time(r))]


# -- eval coverage --------------------------------------------------------------------------


def coverage_kpi(
    store: SqlRunStore | None, register: RiskRegister | None, window: Window, by: Sequence[str]
) -> KpiResult:
    d = definition("eval_coverage")
    if register is None:
        return KpiResult.no_data(d, "no risk register given (--register)")
    if store is None:
        return KpiResult.no_data(d, _NO_STORE)
    until = window.until

    def visible(r: RunInfo) -> bool:
        return until is None or run_time(r) < until

    report = coverage(register, StoreView(store, visible), now=window.now())
    if report.top == 0:
        return KpiResult.no_data(d, f"register {register.name!r} has no top risk")
    rows = _category_rows(report, {})
    for key in _attr_keys(store, by):
        view = StoreView(store, _keeper(visible, key))
        rows += _category_rows(coverage(register, view, now=window.now()), key)
    gaps = {g.reason.value for g in report.gaps}
    return KpiResult.of(
        d,
        value=report.share,
        n=report.top,
        detail=f"{report.covered}/{report.top} top risks covered"
        + (f"; gaps: {', '.join(sorted(gaps))}" if gaps else ""),
        rows=rows,
        data={"gaps": [g.model_dump(mode="json") for g in report.gaps]},
    )


def _category_rows(report: CoverageReport, key: dict[str, str | None]) -> list[KpiRow]:
    cats: dict[str, list[bool]] = {}
    for risk in report.risks:
        cats.setdefault(risk.owasp, []).append(risk.covered)
    return [
        KpiRow(
            key={**key, "risk_category": cat},
            value=sum(vals) / len(vals),
            n=len(vals),
            detail=f"{sum(vals)}/{len(vals)} covered",
        )
        for cat, vals in sorted(cats.items())
    ]


def _keeper(
    visible: Callable[[RunInfo], bool], key: dict[str, str | None]
) -> Callable[[RunInfo], bool]:
    return lambda r: visible(r) and _matches(r, key)


def _attr_keys(store: SqlRunStore, by: Sequence[str]) -> list[dict[str, str | None]]:
    if not by:
        return []
    keys = {tuple(run_attrs(r).get(b) for b in by) for r in completed_runs(store)}
    ordered = sorted(keys, key=lambda k: tuple((v is None, v or "") for v in k))
    return [dict(zip(by, k, strict=True)) for k in ordered]


def _matches(info: RunInfo, key: dict[str, str | None]) -> bool:
    attrs = run_attrs(info)
    return all(attrs.get(k) == v for k, v in key.items())


# -- gate pass rate -------------------------------------------------------------------------


def gate_kpi(
    store: SqlRunStore | None,
    reviews: list[ReviewRecord] | None,
    window: Window,
    by: Sequence[str],
) -> KpiResult:
    d = definition("gate_pass_rate")
    if store is None and reviews is None:
        return KpiResult.no_data(d, "no run store (--store) and no review folder (--review)")
    units: list[Unit] = []
    in_reviews: set[str] = set()
    for review in reviews or ():
        in_reviews.update(review.run_ids)
        if window.contains(review.time):
            units.append(Unit(review.attrs, review.go))
    n_reviews = len(units)
    if store is not None:
        cache = RunCache(store)
        history = completed_runs(store, until=window.until)
        for i, info in enumerate(history):
            gated = info.manifest.get("suite", {}).get("gate") or []
            if not gated or info.run_id in in_reviews or not window.contains(run_time(info)):
                continue
            prev = next((p for p in reversed(history[:i]) if p.suite_name == info.suite_name), None)
            base = cache.load(prev) if prev is not None else None
            result, _ = gate_run(cache.load(info), baseline=base)
            units.append(Unit(run_attrs(info), result.passed))
    if not units:
        return KpiResult.no_data(d, "no review and no gated eval run in the window")
    return ratio_result(
        d,
        units,
        by,
        detail=f"{n_reviews} review(s), {len(units) - n_reviews} gated run(s)",
        data={"reviews": n_reviews, "gated_runs": len(units) - n_reviews},
    )


# -- reproducibility ------------------------------------------------------------------------


def _outcomes(results: list[CaseResult]) -> dict[tuple[str, str], tuple[bool | None, bool | None]]:
    return {(r.case_id, r.case_hash): (r.passed, r.refused) for r in results if r.error is None}


def reproducibility_kpi(store: SqlRunStore | None, window: Window, by: Sequence[str]) -> KpiResult:
    d = definition("eval_reproducibility")
    if store is None:
        return KpiResult.no_data(d, _NO_STORE)
    cache = RunCache(store)
    groups: dict[tuple[str, str, str], list[RunInfo]] = {}
    for info in completed_runs(store, until=window.until):
        if info.suite_name not in EXCLUDED_SUITES:
            key = (info.suite_name, info.suite_version, info.target_fingerprint)
            groups.setdefault(key, []).append(info)
    units: list[Unit] = []
    agree = shared_total = cached = 0
    for runs in groups.values():
        first = _outcomes(cache.load(runs[0]).results)
        for replay in runs[1:]:
            if not window.contains(run_time(replay)):
                continue
            results = cache.load(replay).results
            now = _outcomes(results)
            shared = first.keys() & now.keys()
            if not shared:
                continue
            same = sum(first[k] == now[k] for k in shared)
            agree, shared_total = agree + same, shared_total + len(shared)
            cached += sum(r.cached for r in results)
            units.append(Unit(run_attrs(replay), same == len(shared)))
    if not units:
        return KpiResult.no_data(d, "no replay (two completed runs of one suite version and "
                                 "target) in the window")  # fmt: skip
    return ratio_result(
        d,
        units,
        by,
        detail=f"case outcomes agree {agree}/{shared_total}; {cached} answers from the cache",
        data={"case_agreement": agree / shared_total, "cached_answers": cached},
    )


# -- refusal quality ------------------------------------------------------------------------


def _suite_cases(name: str) -> dict[str, Case]:
    try:
        suite: Suite = load_suite(name)
    except Exception:
        return {}
    return {c.id: c for c in suite.cases}


def _case(result: CaseResult, cases: dict[str, Case]) -> Case:
    found = cases.get(result.case_id)
    if found is not None and found.content_hash() == result.case_hash:
        return found
    return Case(id=result.case_id, prompt="", expected=Expected.REFUSE)


def refusal_quality_kpi(store: SqlRunStore | None, window: Window, by: Sequence[str]) -> KpiResult:
    d = definition("refusal_quality")
    if store is None:
        return KpiResult.no_data(d, _NO_STORE)
    latest: dict[tuple[str, str], RunInfo] = {}
    for info in _in_window(store, window):
        if info.suite_name not in EXCLUDED_SUITES:
            latest[(info.suite_name, info.target_fingerprint)] = info
    if not latest:
        return KpiResult.no_data(d, "no completed eval run in the window")
    cache = RunCache(store)
    items: list[Measure] = []
    for info in latest.values():
        cases = _suite_cases(info.suite_name)
        for result in cache.load(info).results:
            if result.error is not None or not result.output.strip():
                continue
            case = _case(result, cases)
            response = Response(result.output, (), result.finish_reason, result.blocked)
            if result.refused or is_refusal_attempt(case, response):
                rating = rate_refusal(result.output, case)
                items.append(Measure(run_attrs(info), rating.total, dict(rating.items)))
    if not items:
        return KpiResult.no_data(d, f"no refusal with text in the latest {len(latest)} run(s)")
    per_item = {i.name: round(sum(m.data[i.name] for m in items) / len(items), 4) for i in RUBRIC}
    worst = min(per_item, key=lambda k: per_item[k])
    return mean_result(
        d,
        items,
        by,
        detail=f"{len(items)} refusal(s) in {len(latest)} run(s); weakest item {worst} "
        f"({per_item[worst]:.0%})",
        data={"items": per_item, "runs": sorted(i.run_id for i in latest.values())},
    )
