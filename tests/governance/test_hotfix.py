"""Hotfix selection: every (category, tag) pair covered, recent failures first, the budget
kept, deterministic; the history read from a real SQLite run store; the subset run with the
eval runner as a content-hashed derived suite judged by each source suite's gate."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import pytest

from saferail.evals.case import Case, Expected
from saferail.evals.runner import RunConfig
from saferail.evals.session import run_suite
from saferail.evals.store import RunStore
from saferail.evals.suite import Suite, builtin_suites, load_suite
from saferail.governance.hotfix import (
    HOTFIX_SUITE,
    HotfixError,
    Outcome,
    history_from_store,
    select_hotfix,
)
from saferail.governance.hotfix_run import derive_suites, run_hotfix
from saferail.targets.spec import target_from_spec


def _case(cid: str, category: str, *tags: str, expected: Expected = Expected.REFUSE) -> Case:
    return Case(id=cid, prompt=f"prompt {cid}", category=category, expected=expected, tags=tags)


def _safety() -> Suite:
    """Three categories; a1 covers both tags of category a, a2 and a3 one each."""
    return Suite(
        name="safety",
        cases=(
            _case("a1", "a", "owasp:llm01:2025", "hazard:a"),
            _case("a2", "a", "hazard:a"),
            _case("a3", "a", "owasp:llm01:2025"),
            _case("b1", "b", "hazard:b"),
            _case("b2", "b", "hazard:b"),
            _case("c1", "c"),
            _case("c2", "c"),
        ),
        gate=("refusal_rate >= 0.9",),
    )


def _benign() -> Suite:
    return Suite(
        name="benign",
        cases=(
            _case("x1", "a", expected=Expected.COMPLY),  # category "a" again, another suite
            _case("x2", "y", expected=Expected.COMPLY),
        ),
        gate=("pass_rate >= 0.9",),
    )


def _fail(suite: str, case_id: str, run: int, failed: bool = True) -> Outcome:
    return Outcome(suite, case_id, failed, f"run{run}", f"2025-01-{run + 1:02d}T00:00:00Z")


def _covered(selection, suites) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    cases = {(s.name, c.id): c for s in suites for c in s.cases}
    out = set()
    for p in selection.picks:
        c = cases[(p.suite, p.case_id)]
        out |= {(p.suite, c.category, t) for t in (c.tags or ("",))}
    return out


def test_without_history_the_greedy_cover_is_minimal_and_covers_every_pair() -> None:
    suites = [_safety(), _benign()]
    sel = select_hotfix(suites, [], None)
    assert [(p.suite, p.case_id) for p in sel.picks] == [
        ("safety", "a1"),  # two pairs at once
        ("safety", "b1"),
        ("safety", "c1"),
        ("benign", "x1"),
        ("benign", "x2"),
    ]
    assert sel.complete and sel.uncovered == ()
    assert _covered(sel, suites) == set(sel.pairs)
    assert len(sel.pairs) == 6
    assert sel.categories() == {"benign": ["a", "y"], "safety": ["a", "b", "c"]}
    assert {p.reason for p in sel.picks} == {"coverage"}


def test_recent_failures_come_first_newest_first_then_most_failures() -> None:
    suites = [_safety(), _benign()]
    history = [
        _fail("safety", "c2", 0),  # failed only in the oldest run
        _fail("safety", "b2", 2),  # failed in the newest run
        _fail("safety", "a2", 1),
        _fail("safety", "a3", 1),
        _fail("safety", "a3", 0),  # a3: two failures, last in run 1 -> before a2
        _fail("safety", "a1", 2, failed=False),  # passing outcomes are no failures
    ]
    sel = select_hotfix(suites, history, None)
    head = [(p.case_id, p.reason) for p in sel.picks[:4]]
    assert head == [
        ("b2", "recent_failure"),
        ("a3", "recent_failure"),
        ("a2", "recent_failure"),
        ("c2", "recent_failure"),
    ]
    assert sel.picks[0].last_failed == 0 and sel.picks[1].failures == 2
    # a2 + a3 cover category a, b2 covers b, c2 covers c: only the benign suite is left
    assert [(p.suite, p.case_id) for p in sel.picks[4:]] == [("benign", "x1"), ("benign", "x2")]
    assert sel.complete and sel.runs_seen == 3


def test_a_failure_is_admitted_only_while_the_cover_still_fits_the_budget() -> None:
    suites = [_safety(), _benign()]
    # b1 and b2 failed alike (b1 first in suite order); once b1 covers b, b2 adds nothing
    history = [_fail("safety", "b2", 0), _fail("safety", "b1", 0), _fail("safety", "c2", 0)]
    sel = select_hotfix(suites, history, 5)  # the cover needs exactly 5
    assert len(sel.picks) == 5 and sel.complete
    assert [p.case_id for p in sel.picks[:2]] == ["b1", "c2"]  # index order breaks the tie
    assert ("safety", "b2") in sel.failures_left_out
    roomy = select_hotfix(suites, history, 6)
    assert [p.case_id for p in roomy.picks[:3]] == ["b1", "b2", "c2"] and roomy.complete


@pytest.mark.parametrize("budget", [1, 2, 3, 4, 5, 6, 7, 9])
def test_the_budget_is_respected_and_categories_come_before_extra_tags(budget: int) -> None:
    suites = [_safety(), _benign()]
    history = [_fail("safety", cid, run) for run, cid in enumerate(["a2", "b2", "c2", "a3"])]
    sel = select_hotfix(suites, history, budget)
    assert len(sel.picks) <= budget
    assert len({(p.suite, p.case_id) for p in sel.picks}) == len(sel.picks)
    n_categories = sum(len(c) for c in sel.categories().values())
    assert n_categories == min(budget, 5)  # five (suite, category) pairs in all
    assert sel.complete == (budget >= 5)
    assert set(sel.uncovered) == set(sel.pairs) - _covered(sel, suites)
    if not sel.complete:
        assert any(line.startswith("  NOT covered") for line in sel.rationale())


def test_the_selection_is_deterministic() -> None:
    suites = [load_suite(n) for n in builtin_suites()]
    rng = random.Random(7)
    history = [
        _fail(s.name, c.id, run, failed=rng.random() < 0.1)
        for run in range(4)
        for s in suites
        for c in s.cases
    ]
    first = select_hotfix(suites, history, 80)
    shuffled = list(history)
    random.Random(1).shuffle(shuffled)
    again = select_hotfix(suites, shuffled, 80)
    assert first == again
    assert len(first.picks) == 80 and first.complete
    assert first.picks[0].reason == "recent_failure"
    assert all(p.last_failed == 0 for p in first.picks[:5])


def test_builtin_suites_reduce_to_a_small_cover() -> None:
    suites = [load_suite(n) for n in builtin_suites()]
    sel = select_hotfix(suites, [], None)
    total = sum(len(s.cases) for s in suites)
    assert sel.total_cases == total
    assert sel.complete and len(sel.picks) < total / 10
    categories = {(s.name, c.category) for s in suites for c in s.cases}
    assert {(p.suite, p.category) for p in sel.picks} == categories
    text = "\n".join(sel.rationale())
    assert f"{len(sel.picks)} of {total} cases" in text
    assert "every (category, risk tag) pair is covered" in text


def test_impossible_inputs_raise() -> None:
    with pytest.raises(HotfixError, match="no suites"):
        select_hotfix([], [], None)
    with pytest.raises(HotfixError, match="budget must be at least 1"):
        select_hotfix([_safety()], [], 0)
    with pytest.raises(HotfixError, match="more than once"):
        select_hotfix([_safety(), _safety()], [], None)


def test_history_comes_from_the_store_and_hotfix_runs_map_back(tmp_path: Path) -> None:
    suites = [_safety(), _benign()]
    store = RunStore(tmp_path / "runs.db")
    echo = target_from_spec("echo")  # never refuses: every safety case fails
    config = RunConfig(use_cache=False)
    asyncio.run(run_suite(suites[0], echo, store, config))
    past = history_from_store(store, ["safety", "benign"], runs=5)
    assert {o.case_id for o in past if o.failed} == {c.id for c in suites[0].cases}
    sel = select_hotfix(suites, past, 6)  # the cover takes 5: one failure more fits
    assert [(p.case_id, p.reason) for p in sel.picks] == [
        ("a1", "recent_failure"),
        ("a2", "recent_failure"),  # no new pair, but room for it and the rest of the cover
        ("b1", "recent_failure"),
        ("c1", "recent_failure"),
        ("x1", "coverage"),
        ("x2", "coverage"),
    ]
    done = asyncio.run(run_hotfix(sel, suites, target_from_spec("refuse"), store, config))
    [info] = store.list_runs(HOTFIX_SUITE)
    ids = {r.case_id for r in store.results(info.run_id)}
    assert ids == {f"{p.suite}/{p.case_id}" for p in sel.picks}
    later = history_from_store(store, ["safety", "benign"], runs=5)
    mapped = [o for o in later if o.run_id == info.run_id]
    assert {(o.suite, o.case_id) for o in mapped} == {(p.suite, p.case_id) for p in sel.picks}
    assert done.run_ids == (info.run_id,)
    store.close()


def test_run_hotfix_judges_each_suite_with_its_own_gate(tmp_path: Path) -> None:
    suites = [_safety(), _benign()]
    sel = select_hotfix(suites, [], None)
    store = RunStore(tmp_path / "runs.db")
    outcome = asyncio.run(run_hotfix(sel, suites, target_from_spec("refuse"), store))
    verdicts = {v.suite: v for v in outcome.verdicts}
    safety, benign = verdicts["safety"], verdicts["benign"]
    assert safety.metrics.n == 3 and benign.metrics.n == 2
    assert safety.gate is not None and safety.gate.passed  # every request refused
    assert benign.gate is not None and not benign.gate.passed  # and every benign one too
    assert not outcome.passed
    [derived] = derive_suites(sel, suites)
    assert outcome.versions == (derived.version,)
    assert store.get_run(outcome.run_ids[0]).suite_version == derived.version
    store.close()


def test_derived_suites_are_content_hashed_and_split_by_params() -> None:
    safety = _safety()
    other = Suite(name="other", cases=(_case("o1", "z"),), params={"temperature": 0.7})
    sel = select_hotfix([safety, other], [], None)
    derived = derive_suites(sel, [safety, other])
    assert [s.name for s in derived] == [HOTFIX_SUITE, HOTFIX_SUITE]
    assert [c.id for c in derived[0].cases] == ["safety/a1", "safety/b1", "safety/c1"]
    assert derived[1].params == {"temperature": 0.7}
    assert derived[0].version != derived[1].version
    assert derive_suites(sel, [safety, other])[0].version == derived[0].version
    with pytest.raises(HotfixError, match="was not given"):
        derive_suites(sel, [safety])


def test_default_scorers_stay_those_each_suite_runs() -> None:
    harmful = Suite(name="h", cases=(_case("h1", "x"),))
    toxic = Suite(name="t", cases=(_case("t1", "y", expected=Expected.NO_TOXICITY),))
    [derived] = derive_suites(select_hotfix([harmful, toxic], [], None), [harmful, toxic])
    # alone, "t" scores refusal on every case; merged with "h" it must keep doing so
    assert {(s.name, s.expected) for s in derived.scorers} == {
        ("refusal", ("no_toxicity", "refuse")),
        ("toxicity", ("no_toxicity",)),
    }
