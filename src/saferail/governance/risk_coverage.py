"""Safety eval coverage: the share of top risks whose automated tests ran and passed.

The rules, exactly:

* **Top risks** are the register's risks whose *inherent* severity (likelihood x impact,
  before mitigation) is at least ``min_severity`` (``high`` by default).
* A **suite test** looks at the latest *completed* run of that suite in the run store (the
  newest ``created_at``; interrupted and failed runs are ignored; with ``target``, only runs
  of that target fingerprint). It *passed* when the suite's own gate (the criteria recorded in
  the run manifest) passes; a suite without gate criteria passes when no case failed or
  errored and at least one case passed.
* A **strategy test** looks at the latest completed red-team run (suite name ``redteam``)
  that made at least one attempt with that strategy (the run manifest's ``redteam.strategies``
  entry). It *passed* when that run has no finding of the strategy: every finding in a run is
  an attack that worked on the target as it ran, so it stays open until a later run of the
  strategy finds nothing.
* A test whose run finished more than ``max_age_days`` before ``now`` is **stale** (``None``
  turns the check off).
* A top risk is **covered** when it has at least one test and every one of its tests passed
  and is fresh. Otherwise each problem is a :class:`Gap` with its reason: ``no_test``,
  ``never_ran``, ``failed`` or ``stale``.

``share`` = covered top risks / top risks (``None`` when the register has no top risk).
"""

from __future__ import annotations

__all__ = ["CoverageReport", "Gap", "GapReason", "RiskCoverage", "TestResult", "coverage"]

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from saferail.evals.results import RunInfo, RunStatus
from saferail.evals.session import gate_run, load_run
from saferail.evals.store import SqlRunStore
from saferail.governance.risks import Risk, RiskRegister, Severity, TestRef

REDTEAM_SUITE = "redteam"
_SCAN = 1000  # runs of one suite looked at, newest first


class GapReason(StrEnum):
    NO_TEST = "no_test"
    NEVER_RAN = "never_ran"
    FAILED = "failed"
    STALE = "stale"


class TestResult(BaseModel):
    """What the run store says about one test reference."""

    __test__ = False  # not a pytest class

    test: str
    passed: bool
    reason: GapReason | None = None
    run_id: str | None = None
    ran_at: str | None = None
    detail: str = ""


class Gap(BaseModel):
    """Why a top risk is not covered (one per problem)."""

    risk_id: str
    reason: GapReason
    test: str | None = None
    detail: str = ""


class RiskCoverage(BaseModel):
    risk_id: str
    title: str
    owasp: str
    severity: Severity
    covered: bool
    tests: list[TestResult]
    gaps: list[Gap]


class CoverageReport(BaseModel):
    """The KPI with its inputs: top risks, their tests and the gaps."""

    register_name: str
    min_severity: Severity
    max_age_days: float | None
    as_of: str
    store: str
    top: int
    covered: int
    share: float | None
    risks: list[RiskCoverage]

    @property
    def gaps(self) -> list[Gap]:
        return [g for r in self.risks for g in r.gaps]


def coverage(
    register: RiskRegister,
    store: SqlRunStore,
    *,
    min_severity: Severity = Severity.HIGH,
    max_age_days: float | None = 30.0,
    target: str | None = None,
    now: dt.datetime | None = None,
) -> CoverageReport:
    """Coverage of ``register``'s top risks by the runs in ``store`` (see the module doc)."""
    moment = now or dt.datetime.now(dt.UTC)
    lookup = _Lookup(store, target)
    rows = [
        _risk_coverage(risk, lookup, moment, max_age_days) for risk in register.top(min_severity)
    ]
    covered = sum(r.covered for r in rows)
    return CoverageReport(
        register_name=register.name,
        min_severity=min_severity,
        max_age_days=max_age_days,
        as_of=moment.isoformat(timespec="seconds"),
        store=str(getattr(store, "location", "")),
        top=len(rows),
        covered=covered,
        share=round(covered / len(rows), 4) if rows else None,
        risks=rows,
    )


def _risk_coverage(
    risk: Risk, lookup: _Lookup, now: dt.datetime, max_age_days: float | None
) -> RiskCoverage:
    results = [_fresh(lookup.result(t), now, max_age_days) for t in risk.tests]
    gaps = [
        Gap(risk_id=risk.id, reason=r.reason, test=r.test, detail=r.detail)
        for r in results
        if r.reason is not None
    ]
    if not risk.tests:
        gaps.append(Gap(risk_id=risk.id, reason=GapReason.NO_TEST, detail="no automated test"))
    return RiskCoverage(
        risk_id=risk.id,
        title=risk.title,
        owasp=risk.owasp,
        severity=risk.severity,
        covered=not gaps,
        tests=results,
        gaps=gaps,
    )


def _fresh(result: TestResult, now: dt.datetime, max_age_days: float | None) -> TestResult:
    if not result.passed or max_age_days is None or result.ran_at is None:
        return result
    age = now - _parse_time(result.ran_at)
    if age <= dt.timedelta(days=max_age_days):
        return result
    detail = f"last ran {age.days} days ago (limit {max_age_days:g}); {result.detail}"
    return result.model_copy(update={"passed": False, "reason": GapReason.STALE, "detail": detail})


def _parse_time(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


class _Lookup:
    """Test results from the store, each suite and strategy looked up once."""

    def __init__(self, store: SqlRunStore, target: str | None) -> None:
        self.store = store
        self.target = target
        self._cache: dict[str, TestResult] = {}
        self._redteam: list[RunInfo] | None = None

    def result(self, test: TestRef) -> TestResult:
        if test.label not in self._cache:
            if test.suite is not None:
                self._cache[test.label] = self._suite(test.suite, test.label)
            else:
                self._cache[test.label] = self._strategy(str(test.strategy), test.label)
        return self._cache[test.label]

    def _completed(self, suite: str) -> list[RunInfo]:
        runs = self.store.list_runs(suite=suite, limit=_SCAN)
        return [
            r
            for r in runs
            if r.status is RunStatus.COMPLETED
            and (self.target is None or r.target_fingerprint == self.target)
        ]

    def _suite(self, name: str, label: str) -> TestResult:
        runs = self._completed(name)
        if not runs:
            return TestResult(
                test=label,
                passed=False,
                reason=GapReason.NEVER_RAN,
                detail=f"no completed run of suite {name!r}",
            )
        info = runs[0]
        loaded = load_run(self.store, info.run_id)
        if loaded.gate_criteria:
            gate, _ = gate_run(loaded)
            passed = gate.passed
            failing = [c.criterion for c in gate.results if not c.passed]
            detail = "gate passed" if passed else "gate failed: " + "; ".join(failing)
        else:
            bad = sum(1 for r in loaded.results if r.passed is not True)
            passed = bad == 0 and bool(loaded.results)
            detail = f"{len(loaded.results) - bad}/{len(loaded.results)} cases passed (no gate)"
        return TestResult(
            test=label,
            passed=passed,
            reason=None if passed else GapReason.FAILED,
            run_id=info.run_id,
            ran_at=info.finished_at or info.created_at,
            detail=detail,
        )

    def _strategy(self, name: str, label: str) -> TestResult:
        if self._redteam is None:
            self._redteam = self._completed(REDTEAM_SUITE)
        for info in self._redteam:
            summary: Any = info.manifest.get(REDTEAM_SUITE) or {}
            counts = (summary.get("strategies") or {}).get(name)
            if not counts or int(counts[1]) < 1:
                continue
            found = [f for f in summary.get("findings") or [] if f.get("strategy") == name]
            wins, tries = int(counts[0]), int(counts[1])
            if found:
                sev = ", ".join(sorted({str(f.get("severity")) for f in found}))
                detail = f"{len(found)} open finding(s) ({sev}); {wins}/{tries} attempts succeeded"
            else:
                detail = f"no finding; {wins}/{tries} attempts succeeded"
            return TestResult(
                test=label,
                passed=not found,
                reason=GapReason.FAILED if found else None,
                run_id=info.run_id,
                ran_at=info.finished_at or info.created_at,
                detail=detail,
            )
        return TestResult(
            test=label,
            passed=False,
            reason=GapReason.NEVER_RAN,
            detail=f"no completed red-team run attempted strategy {name!r}",
        )
