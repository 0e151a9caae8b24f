"""Hotfix validation: a small, high-signal subset of the suites that still covers every risk.

A hotfix (a policy tweak, a prompt change, a model patch) has to ship fast, but re-running
every suite takes long. :func:`select_hotfix` picks a subset that

1. **covers every (category, risk tag) pair** of the suites: each case stands for its
   ``category`` paired with each of its ``tags`` (``owasp:llm01:2025``, ``hazard:hate``...),
   or for its category alone when it has no tags; categories are per suite (``direct`` in
   ``pii_leakage`` is not ``direct`` in ``prompt_injection``). The cover is a greedy weighted
   set cover: each step takes a case of a category not yet reached, if any is left, whose
   still-uncovered pairs weigh the most, where a pair weighs ``1 +`` the number of recently
   failed cases that carry it (so every category is reached before extra tags, categories
   that have been failing come first, and ties go to the case that failed most recently);
2. **re-runs recent failures first**: cases that failed in the recent runs of the store
   (:func:`history_from_store`), the most recent failure first, then the most failures, are
   taken before the cover is completed, as long as the budget still leaves room to cover
   every pair (each failure is admitted only if ``picks + 1 + size of the greedy cover of
   what is still uncovered <= budget``);
3. **respects the budget** (at most ``budget`` cases; ``None``: the cover plus every recent
   failure). When even the cover does not fit, the heaviest pairs are covered first and the
   rest is listed as uncovered.

The selection is a pure, deterministic function of its inputs (ties fall to suite order,
then case order). :meth:`Selection.rationale` says what was chosen and what was left out.
Running it is :func:`saferail.governance.hotfix_run.run_hotfix`.
"""

from __future__ import annotations

__all__ = [
    "HOTFIX_SUITE",
    "HotfixError",
    "Outcome",
    "Pair",
    "Pick",
    "Selection",
    "history_from_store",
    "select_hotfix",
]

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from saferail.errors import SaferailError
from saferail.evals.store import SqlRunStore
from saferail.evals.suite import Suite

HOTFIX_SUITE = "hotfix"
"""The name of the derived suites a hotfix run stores (their case ids are ``suite/case``)."""

Pair = tuple[str, str, str]
"""(suite, category, risk tag); the tag is ``""`` for a case without tags."""


class HotfixError(SaferailError):
    """A hotfix selection was asked for with impossible inputs."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """One stored result of one case: whether it failed, and in which run."""

    suite: str
    case_id: str
    failed: bool
    run_id: str
    created_at: str
    """When the run started (ISO 8601): orders runs, newest first."""


@dataclass(frozen=True, slots=True)
class Pick:
    """One selected case and why it was selected."""

    suite: str
    case_id: str
    category: str
    reason: Literal["recent_failure", "coverage"]
    covers: tuple[Pair, ...]
    """The pairs this case covered first (possibly none for a recent failure)."""
    failures: int = 0
    """In how many of the recent runs it failed."""
    last_failed: int | None = None
    """Age of the newest run it failed in (0: the newest run in the history)."""


@dataclass(frozen=True)
class Selection:
    """The chosen cases (recent failures first, then the cover) and what is left out."""

    picks: tuple[Pick, ...]
    budget: int | None
    total_cases: int
    pairs: tuple[Pair, ...]
    """Every (suite, category, tag) pair of the suites."""
    uncovered: tuple[Pair, ...]
    failures_left_out: tuple[tuple[str, str], ...] = ()
    """Recent failures (suite, case id) not selected (the budget had no room)."""
    runs_seen: int = 0

    @property
    def complete(self) -> bool:
        """Every pair is covered."""
        return not self.uncovered

    def ids(self, suite: str) -> list[str]:
        """The selected case ids of one suite, in selection order."""
        return [p.case_id for p in self.picks if p.suite == suite]

    def categories(self) -> dict[str, list[str]]:
        """Covered categories per suite (sorted)."""
        gone = set(self.uncovered)
        out: dict[str, set[str]] = {}
        for pair in self.pairs:
            if pair not in gone:
                out.setdefault(pair[0], set()).add(pair[1])
        return {s: sorted(c) for s, c in out.items()}

    def missing_categories(self) -> dict[str, list[str]]:
        """Categories with no selected case, per suite."""
        covered = self.categories()
        out: dict[str, set[str]] = {}
        for suite, category, _ in self.uncovered:
            if category not in covered.get(suite, []):
                out.setdefault(suite, set()).add(category)
        return {s: sorted(c) for s, c in out.items()}

    def rationale(self) -> list[str]:
        """Plain lines: how many cases, which categories are covered, what is left out."""
        failed = [p for p in self.picks if p.reason == "recent_failure"]
        also = sum(1 for p in self.picks if p.reason == "coverage" and p.failures)
        cap = "no budget" if self.budget is None else f"budget {self.budget}"
        suites = sorted({s for s, _, _ in self.pairs})
        lines = [
            f"hotfix subset: {len(self.picks)} of {self.total_cases} cases ({cap}) "
            f"from {len(suites)} suite(s); history: {self.runs_seen} run(s)",
            f"  {len(failed)} recent failure(s) first, newest failure first",
            f"  {len(self.picks) - len(failed)} case(s) to cover the remaining "
            f"(category, risk tag) pairs ({also} of them failed recently too)",
        ]
        n_pairs = len(self.pairs) - len(self.uncovered)
        cats = self.categories()
        n_cats = sum(len(c) for c in cats.values())
        lines.append(f"covered: {n_cats} categories, {n_pairs} of {len(self.pairs)} pairs")
        lines.extend(f"  {suite}: {', '.join(c)}" for suite, c in sorted(cats.items()))
        left = self.total_cases - len(self.picks)
        lines.append(f"left out: {left} case(s)")
        if self.failures_left_out:
            shown = ", ".join(f"{s}/{c}" for s, c in self.failures_left_out[:10])
            more = len(self.failures_left_out) - 10
            lines.append(
                f"  {len(self.failures_left_out)} recent failure(s) over budget: {shown}"
                + (f" (+{more} more)" if more > 0 else "")
            )
        if self.uncovered:
            missing = "; ".join(
                f"{s}: {', '.join(c)}" for s, c in self.missing_categories().items()
            )
            lines.append(
                f"  NOT covered: {len(self.uncovered)} pair(s) over budget"
                + (f"; categories with no case: {missing}" if missing else "")
            )
        else:
            lines.append("  every (category, risk tag) pair is covered")
        return lines


# -- the selection ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Entry:
    index: int
    suite: str
    case_id: str
    category: str
    pairs: frozenset[Pair]
    failures: int
    last_failed: int | None

    @property
    def recency(self) -> int:
        """Higher is better: recent failures beat old ones beat none."""
        return -self.last_failed if self.last_failed is not None else -(10**9)


def _ages(history: Sequence[Outcome]) -> dict[str, int]:
    """Age of each run (0: newest), by start time then run id."""
    runs = sorted({(o.created_at, o.run_id) for o in history}, reverse=True)
    return {run_id: age for age, (_, run_id) in enumerate(runs)}


def _entries(suites: Sequence[Suite], history: Sequence[Outcome]) -> list[_Entry]:
    names = [s.name for s in suites]
    dupes = sorted(n for n, k in Counter(names).items() if k > 1)
    if dupes:
        raise HotfixError(f"suite {dupes[0]!r} is given more than once")
    ages = _ages(history)
    failed: dict[tuple[str, str], set[int]] = {}
    for o in history:
        if o.failed:
            failed.setdefault((o.suite, o.case_id), set()).add(ages[o.run_id])
    out: list[_Entry] = []
    for suite in suites:
        for case in suite.cases:
            tags = case.tags or ("",)
            when = failed.get((suite.name, case.id), set())
            out.append(
                _Entry(
                    index=len(out),
                    suite=suite.name,
                    case_id=case.id,
                    category=case.category,
                    pairs=frozenset((suite.name, case.category, t) for t in tags),
                    failures=len(when),
                    last_failed=min(when) if when else None,
                )
            )
    return out


def _greedy(
    entries: list[_Entry], uncovered: set[Pair], weight: dict[Pair, int], taken: set[int]
) -> list[tuple[_Entry, frozenset[Pair]]]:
    """Greedy weighted set cover of ``uncovered`` by entries not in ``taken``: each step the
    entry that reaches a category no chosen entry has, then whose uncovered pairs weigh most
    (ties: the more recent failure, then the earlier entry)."""
    left = set(uncovered)
    by_pair: dict[Pair, list[_Entry]] = {}
    for e in entries:
        if e.index not in taken:
            for p in e.pairs & left:
                by_pair.setdefault(p, []).append(e)
    gain: dict[int, int] = Counter()
    for p in left:
        for e in by_pair.get(p, []):
            gain[e.index] += weight[p]
    touched = {(e.suite, e.category) for e in entries if e.index in taken}
    out: list[tuple[_Entry, frozenset[Pair]]] = []
    while left and gain:
        best = max(
            gain,
            key=lambda i: (
                (entries[i].suite, entries[i].category) not in touched,
                gain[i],
                entries[i].recency,
                -i,
            ),
        )
        chosen = entries[best]
        new = frozenset(chosen.pairs & left)
        out.append((chosen, new))
        touched.add((chosen.suite, chosen.category))
        left -= new
        for p in new:
            for e in by_pair.get(p, []):
                gain[e.index] -= weight[p]
                if gain[e.index] <= 0:
                    del gain[e.index]
    return out


def select_hotfix(
    suites: Sequence[Suite], history: Iterable[Outcome], budget: int | None = None
) -> Selection:
    """The hotfix subset of ``suites`` given the recent ``history`` (see the module doc).

    Raises :class:`HotfixError` for no suites, a suite given twice or a budget below 1.
    """
    if not suites:
        raise HotfixError("no suites to select from")
    if budget is not None and budget < 1:
        raise HotfixError(f"budget must be at least 1 case, got {budget}")
    past = list(history)
    entries = _entries(suites, past)
    universe = {p for e in entries for p in e.pairs}
    weight = {p: 1 for p in universe}
    for e in entries:
        if e.failures:
            for p in e.pairs:
                weight[p] += 1
    cap = budget if budget is not None else len(entries)
    uncovered = set(universe)
    taken: set[int] = set()
    picks: list[Pick] = []
    rest = _greedy(entries, uncovered, weight, taken)
    failing = sorted((e for e in entries if e.failures), key=lambda e: (-e.recency, -e.failures))
    left_out: list[tuple[str, str]] = []
    for e in failing if len(rest) <= cap else ():
        new = e.pairs & uncovered
        after = rest
        if new:
            after = _greedy(entries, uncovered - new, weight, taken | {e.index})
        if len(picks) + 1 + len(after) > cap:
            left_out.append((e.suite, e.case_id))
            continue
        taken.add(e.index)
        uncovered -= new
        rest = after
        picks.append(_pick(e, "recent_failure", new))
    if len(rest) > cap:  # not even the cover fits: heaviest pairs first
        left_out = [(e.suite, e.case_id) for e in failing]
    for e, new in rest[: cap - len(picks)]:
        taken.add(e.index)
        uncovered -= new
        picks.append(_pick(e, "coverage", new))
    chosen = {(p.suite, p.case_id) for p in picks}
    return Selection(
        picks=tuple(picks),
        budget=budget,
        total_cases=len(entries),
        pairs=tuple(sorted(universe)),
        uncovered=tuple(sorted(uncovered)),
        failures_left_out=tuple(x for x in left_out if x not in chosen),
        runs_seen=len(_ages(past)),
    )


def _pick(e: _Entry, reason: Literal["recent_failure", "coverage"], new: Iterable[Pair]) -> Pick:
    return Pick(
        suite=e.suite,
        case_id=e.case_id,
        category=e.category,
        reason=reason,
        covers=tuple(sorted(new)),
        failures=e.failures,
        last_failed=e.last_failed,
    )


# -- history ----------------------------------------------------------------------------------


def history_from_store(store: SqlRunStore, suites: Sequence[str], runs: int = 5) -> list[Outcome]:
    """The outcomes of the ``runs`` newest runs of each suite, plus those of the newest
    hotfix runs (whose case ids ``suite/case`` are mapped back to their suite). A case
    failed when a scorer judged it failed (an errored case is no failure)."""
    wanted = set(suites)
    out: list[Outcome] = []
    for name in sorted(wanted):
        for info in store.list_runs(name, runs):
            out.extend(
                Outcome(name, r.case_id, r.passed is False, info.run_id, info.created_at)
                for r in store.iter_results(info.run_id)
            )
    for info in store.list_runs(HOTFIX_SUITE, runs):
        for r in store.iter_results(info.run_id):
            suite, sep, case_id = r.case_id.partition("/")
            if sep and suite in wanted:
                out.append(Outcome(suite, case_id, r.passed is False, info.run_id, info.created_at))
    return out
