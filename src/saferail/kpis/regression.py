"""Regression detection lead time, from the run history of each suite.

Per suite, completed runs are walked in time order against a baseline, the first run. Each
run is compared with the baseline on their shared cases (:func:`saferail.evals.session.
compare_runs`: exact McNemar per category, Holm-adjusted, alpha 0.05):

* a **significant regression** (overall or in a category) opens an *episode*, unless one is
  already open. Its *regressed cases* passed in the baseline and fail in this run. The run
  that **introduced** it is the first run after the baseline in which any of those cases
  failed; the **lead time** is the time from that run to this one (0 when the regression
  was significant at once). Later runs that still regress belong to the same episode;
* a run without a significant regression closes the open episode, and becomes the new
  baseline when no shared case regressed at all (it is at least as good on every case) or
  it shares no case with the baseline (the suite changed).

The KPI is the median lead time over episodes detected in the window; each episode, with
its runs and the number of runs in between, is in ``data.episodes``.
"""

from __future__ import annotations

__all__ = ["Episode", "find_episodes", "regression_kpi"]

from collections.abc import Sequence
from dataclasses import dataclass

from saferail.evals.results import RunInfo
from saferail.evals.session import compare_runs
from saferail.evals.store import SqlRunStore
from saferail.kpis._runs import EXCLUDED_SUITES, RunCache, completed_runs, run_attrs, run_time
from saferail.kpis.definitions import definition
from saferail.kpis.model import KpiResult, Measure, Window, median_result


@dataclass(frozen=True)
class Episode:
    suite: str
    baseline: RunInfo
    introduced: RunInfo
    detected: RunInfo
    runs_between: int
    cases: tuple[str, ...]

    @property
    def lead_seconds(self) -> float:
        return (run_time(self.detected) - run_time(self.introduced)).total_seconds()

    def to_dict(self) -> dict[str, object]:
        return {
            "suite": self.suite,
            "baseline": self.baseline.run_id,
            "introduced_by": self.introduced.run_id,
            "detected_at": self.detected.run_id,
            "lead_time_s": self.lead_seconds,
            "runs_until_detected": self.runs_between,
            "regressed_cases": list(self.cases),
        }


def _failed(cache: RunCache, info: RunInfo) -> set[tuple[str, str]]:
    return {(r.case_id, r.case_hash) for r in cache.load(info).results if r.passed is False}


def find_episodes(runs: list[RunInfo], cache: RunCache) -> list[Episode]:
    """The regression episodes of one suite's runs (oldest first); see the module doc."""
    episodes: list[Episode] = []
    if not runs:
        return episodes
    base_i = 0
    open_episode = False
    for i in range(1, len(runs)):
        base, run = cache.load(runs[base_i]), cache.load(runs[i])
        comparison = compare_runs(run, base)
        if comparison.regressed:
            if not open_episode:
                passed_before = {(r.case_id, r.case_hash) for r in base.results if r.passed}
                cases = passed_before & _failed(cache, runs[i])
                first = next(j for j in range(base_i + 1, i + 1) if cases & _failed(cache, runs[j]))
                episodes.append(
                    Episode(
                        runs[i].suite_name,
                        runs[base_i],
                        runs[first],
                        runs[i],
                        i - first,
                        tuple(sorted(c for c, _ in cases)),
                    )
                )
                open_episode = True
            continue
        open_episode = False
        if comparison.overall.regressions == 0 or comparison.overall.shared == 0:
            base_i = i
    return episodes


def regression_kpi(store: SqlRunStore | None, window: Window, by: Sequence[str]) -> KpiResult:
    d = definition("regression_lead_time")
    if store is None:
        return KpiResult.no_data(d, "no run store given (--store)")
    suites: dict[str, list[RunInfo]] = {}
    for info in completed_runs(store, until=window.until):
        if info.suite_name not in EXCLUDED_SUITES:
            suites.setdefault(info.suite_name, []).append(info)
    if not any(len(r) >= 2 for r in suites.values()):
        return KpiResult.no_data(d, "no suite with two or more completed runs")
    cache = RunCache(store)
    found = [
        e
        for runs in suites.values()
        for e in find_episodes(runs, cache)
        if window.contains(run_time(e.detected))
    ]
    n_runs = sum(len(r) for r in suites.values())
    if not found:
        return KpiResult.of(
            d, n=0, detail=f"no significant regression in {n_runs} runs of {len(suites)} suite(s)"
        )
    items = [Measure(run_attrs(e.introduced), e.lead_seconds) for e in found]
    at_once = sum(1 for e in found if e.runs_between == 0)
    return median_result(
        d,
        items,
        by,
        detail=f"{len(found)} regression(s), {at_once} significant at the run that introduced it",
        data={"episodes": [e.to_dict() for e in found]},
    )
