"""Which scorers score which case, and running them on one answer."""

from __future__ import annotations

__all__ = ["CaseScorers", "build_scorers", "score_case"]

from dataclasses import dataclass, field

from saferail.evals.case import Case, Expected
from saferail.evals.scorers.base import Response, Score, Scorer
from saferail.evals.scorers.registry import available_scorers, default_scorer_for, get_scorer
from saferail.evals.suite import Suite


@dataclass
class CaseScorers:
    """Scorer instances of a suite and the behaviours each applies to (empty: all)."""

    entries: list[tuple[Scorer, frozenset[str]]]
    _memo: dict[Expected, list[Scorer]] = field(default_factory=dict)

    def for_case(self, case: Case) -> list[Scorer]:
        found = self._memo.get(case.expected)
        if found is None:
            found = [s for s, only in self.entries if not only or case.expected.value in only]
            self._memo[case.expected] = found
        return found

    @property
    def scorers(self) -> list[Scorer]:
        return [s for s, _ in self.entries]


def build_scorers(suite: Suite) -> CaseScorers:
    """The suite's declared scorers (exactly those), or else each behaviour's default scorer
    plus ``refusal`` on every case, so refusal rates are known for default-scored runs."""
    entries: list[tuple[Scorer, frozenset[str]]] = []
    if suite.scorers:
        for spec in suite.scorers:
            entries.append((get_scorer(spec.name)(spec.params), frozenset(spec.expected)))
    else:
        wanted: dict[str, set[str]] = {}
        for expected in {c.expected for c in suite.cases}:
            wanted.setdefault(default_scorer_for(expected), set()).add(expected.value)
        for name, behaviours in sorted(wanted.items()):
            entries.append((get_scorer(name)(), frozenset(behaviours)))
        names = {s.name for s, _ in entries}
        if "refusal" not in names and "refusal" in available_scorers():
            entries.append((get_scorer("refusal")(), frozenset()))
    return CaseScorers(entries)


async def score_case(
    scorers: list[Scorer], case: Case, response: Response
) -> tuple[list[Score], str | None]:
    """Every scorer's score; a scorer that raises makes the case an error (named in the
    message) instead of a silent pass or fail."""
    scores: list[Score] = []
    for scorer in scorers:
        try:
            scores.append(await scorer.score(case, response))
        except Exception as exc:
            return scores, f"scorer {scorer.name} failed: {exc}"
    return scores, None
