"""Run a hotfix selection with the eval runner and judge it with each source suite's gate.

The selected cases become a derived suite named ``hotfix`` whose case ids are
``suite/case`` (so :func:`~saferail.governance.hotfix.history_from_store` maps later
failures back to their suite) and whose version is, like every suite's, the content hash of
its cases, scorers and params: two hotfix runs with the same version ran the same test.
Suites that declare different scorers or generation params cannot share a run, so each such
group gets its own derived suite (one in the usual case).

The gate is evaluated per source suite on that suite's share of the results, with the
suite's own criteria, so ``refusal_rate >= 0.95`` of ``harmful_refusal`` is not diluted by
the benign prompts of ``over_refusal``. On a subset, each rate rests on few cases: read the
Wilson intervals printed with it.
"""

from __future__ import annotations

__all__ = ["HotfixRun", "SuiteVerdict", "derive_suites", "run_hotfix"]

from collections.abc import Sequence
from dataclasses import dataclass

from saferail.evals.case import Case, canonical_json
from saferail.evals.gate import GateResult, evaluate_gate
from saferail.evals.metrics import RunMetrics, compute_metrics
from saferail.evals.results import CaseResult
from saferail.evals.runner import Progress, RunConfig
from saferail.evals.scorers.registry import available_scorers, default_scorer_for
from saferail.evals.session import refusal_accuracy, run_suite
from saferail.evals.store import SqlRunStore
from saferail.evals.suite import ScorerSpec, Suite
from saferail.governance.hotfix import HOTFIX_SUITE, HotfixError, Selection
from saferail.targets.base import Target


@dataclass(frozen=True)
class SuiteVerdict:
    """One source suite's share of a hotfix run: its metrics and its gate (if it has one)."""

    suite: str
    metrics: RunMetrics
    gate: GateResult | None


@dataclass(frozen=True)
class HotfixRun:
    """What a hotfix run stored and how each source suite fared."""

    run_ids: tuple[str, ...]
    versions: tuple[str, ...]
    """Content-hash versions of the derived suites, one per run."""
    verdicts: tuple[SuiteVerdict, ...]
    metrics: RunMetrics
    """Over every selected case."""

    @property
    def passed(self) -> bool:
        """Every source suite's gate passed (suites without a gate do not count)."""
        return all(v.gate.passed for v in self.verdicts if v.gate is not None)


def derive_suites(selection: Selection, suites: Sequence[Suite]) -> list[Suite]:
    """The derived ``hotfix`` suite(s) holding the selected cases (see the module doc)."""
    by_name = {s.name: s for s in suites}
    groups: dict[str, list[tuple[Suite, Case]]] = {}
    for pick in selection.picks:
        source = by_name.get(pick.suite)
        if source is None:
            raise HotfixError(f"the selection names suite {pick.suite!r}, which was not given")
        case = next((c for c in source.cases if c.id == pick.case_id), None)
        if case is None:
            raise HotfixError(f"suite {pick.suite!r} has no case {pick.case_id!r}")
        key = canonical_json([[s.model_dump(mode="json") for s in source.scorers], source.params])
        groups.setdefault(key, []).append(
            (source, case.model_copy(update={"id": f"{source.name}/{case.id}"}))
        )
    out: list[Suite] = []
    for members in groups.values():
        first = members[0][0]
        names = sorted({s.name for s, _ in members})
        scorers = first.scorers or _default_scorers([s for s, _ in members])
        out.append(
            Suite(
                name=HOTFIX_SUITE,
                description=(
                    f"Hotfix validation subset: {len(members)} case(s) of {', '.join(names)} "
                    "covering every (category, risk tag) pair, recent failures first."
                ),
                cases=tuple(c for _, c in members),
                scorers=scorers,
                params=first.params,
                tags=tuple(sorted({t for s, _ in members for t in s.tags})),
            )
        )
    return out


def _default_scorers(sources: Sequence[Suite]) -> tuple[ScorerSpec, ...]:
    """The scorers suites without declared ones run, made explicit for their union: each
    behaviour's default scorer, plus ``refusal`` on every case of a suite that does not
    already score with it (what :func:`~saferail.evals.scoring.build_scorers` does per
    suite; merged naively, the ``refusal`` of one suite would hide that of another)."""
    wanted: dict[str, set[str]] = {}
    for suite in {s.name: s for s in sources}.values():
        behaviours = {c.expected for c in suite.cases}
        own: dict[str, set[str]] = {}
        for expected in behaviours:
            own.setdefault(default_scorer_for(expected), set()).add(expected.value)
        if "refusal" not in own and "refusal" in available_scorers():
            own["refusal"] = {e.value for e in behaviours}
        for name, values in own.items():
            wanted.setdefault(name, set()).update(values)
    return tuple(ScorerSpec(name=n, expected=tuple(sorted(v))) for n, v in sorted(wanted.items()))


def _verdicts(suites: Sequence[Suite], results: list[CaseResult]) -> list[SuiteVerdict]:
    accuracy = refusal_accuracy()
    out: list[SuiteVerdict] = []
    for suite in suites:
        share = [r for r in results if r.case_id.startswith(f"{suite.name}/")]
        if not share and not suite.gate:
            continue  # a gated suite left out of the subset has not passed: its gate fails
        metrics = compute_metrics(share, refusal_accuracy=accuracy)
        gate = evaluate_gate(suite.gate, metrics) if suite.gate else None
        out.append(SuiteVerdict(suite.name, metrics, gate))
    return out


async def run_hotfix(
    selection: Selection,
    suites: Sequence[Suite],
    target: Target,
    store: SqlRunStore,
    config: RunConfig | None = None,
    *,
    target_spec: str | None = None,
    policy_version: str | None = None,
    progress: Progress | None = None,
) -> HotfixRun:
    """Run the selected cases against ``target`` (one stored run per derived suite) and
    judge each source suite's share with its own gate."""
    derived = derive_suites(selection, suites)
    if not derived:
        raise HotfixError("the selection is empty: nothing to run")
    runs = []
    for suite in derived:
        runs.append(
            await run_suite(
                suite,
                target,
                store,
                config,
                target_spec=target_spec,
                policy_version=policy_version,
                progress=progress,
            )
        )
    results = [r for run in runs for r in run.results]
    return HotfixRun(
        run_ids=tuple(run.info.run_id for run in runs),
        versions=tuple(s.version for s in derived),
        verdicts=tuple(_verdicts(suites, results)),
        metrics=compute_metrics(results, refusal_accuracy=refusal_accuracy()),
    )
