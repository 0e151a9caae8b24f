"""Agreement of the automated verdicts with human labels (Cohen's kappa)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from itertools import combinations
from typing import Literal

from pydantic import BaseModel, ConfigDict

from saferail.evals.results import CaseResult
from saferail.evals.review._model import OVERALL, ReviewError, ReviewLabel
from saferail.evals.stats import cohen_kappa

# -- agreement ------------------------------------------------------------------------------


class RaterAgreement(BaseModel):
    """Agreement of a scorer with one rater (a reviewer, or ``consensus``)."""

    model_config = ConfigDict(extra="forbid")

    rater: str
    n: int
    agreement: float | None
    kappa: float | None


class ScorerAgreement(BaseModel):
    """A scorer against the reviewers' majority label (ties left out), and against each."""

    model_config = ConfigDict(extra="forbid")

    scorer: str
    n: int
    agreement: float | None
    kappa: float | None
    status: Literal["agrees", "disagrees", "not enough items"]
    reviewers: list[RaterAgreement]


class ReviewerPair(BaseModel):
    """Two reviewers on the cases both labelled."""

    model_config = ConfigDict(extra="forbid")

    a: str
    b: str
    n: int
    agreement: float | None
    kappa: float | None


class AgreementReport(BaseModel):
    """Scorer-human and reviewer-reviewer agreement; ``flagged`` scorers disagree with the
    humans (kappa below ``threshold`` on at least ``min_items`` cases)."""

    model_config = ConfigDict(extra="forbid")

    threshold: float
    min_items: int
    reviewers: list[str]
    items: int
    ties: int
    unknown_cases: list[str]
    scorers: list[ScorerAgreement]
    reviewer_pairs: list[ReviewerPair]
    flagged: list[str]

    def explain(self) -> str:
        """A one-screen table of the figures."""
        out = [
            f"human review: {self.items} labelled cases, {len(self.reviewers)} reviewer(s) "
            f"({', '.join(self.reviewers) or 'none'}); {self.ties} tied, "
            f"{len(self.unknown_cases)} not in the run",
            f"  {'scorer':<20} {'items':>5} {'agree':>6} {'kappa':>6}  verdict",
        ]
        for s in self.scorers:
            verdict: str = s.status
            if s.status == "not enough items" and s.n < self.min_items:
                verdict += f" ({s.n} < {self.min_items})"
            elif s.status == "not enough items":
                verdict += " (one label on every item: kappa undefined)"
            elif s.status == "disagrees":
                verdict += f" (kappa < {self.threshold:.2f})"
            out.append(f"  {s.scorer:<20} {s.n:>5} {_f(s.agreement)} {_f(s.kappa)}  {verdict}")
        if self.reviewer_pairs:
            out.append(f"  {'reviewers':<20} {'items':>5} {'agree':>6} {'kappa':>6}")
            for p in self.reviewer_pairs:
                pair = f"{p.a} ~ {p.b}"
                out.append(f"  {pair:<20} {p.n:>5} {_f(p.agreement)} {_f(p.kappa)}")
        out.append(f"flagged: {', '.join(self.flagged) or 'none'}")
        return "\n".join(out)


def _f(value: float | None) -> str:
    return f"{'-':>6}" if value is None else f"{value:>6.3f}"


def _compare(a: list[bool], b: list[bool]) -> tuple[float | None, float | None]:
    """Raw agreement and kappa; kappa is ``None`` without items or when both sides give
    one and the same label to every item (kappa is undefined: nothing to tell apart)."""
    if not a:
        return None, None
    raw = sum(x == y for x, y in zip(a, b, strict=True)) / len(a)
    kappa = cohen_kappa(a, b)
    return raw, None if math.isnan(kappa) else kappa


def _rater(name: str, verdicts: Mapping[str, bool], labels: Mapping[str, bool]) -> RaterAgreement:
    shared = sorted(verdicts.keys() & labels.keys())
    raw, kappa = _compare([verdicts[c] for c in shared], [labels[c] for c in shared])
    return RaterAgreement(rater=name, n=len(shared), agreement=raw, kappa=kappa)


def _verdicts(results: Iterable[CaseResult]) -> dict[str, dict[str, bool]]:
    """Scorer name -> case id -> verdict (``overall``: the run's combined verdict)."""
    out: dict[str, dict[str, bool]] = defaultdict(dict)
    for r in results:
        if r.error is not None:
            continue
        if r.passed is not None:
            out[OVERALL][r.case_id] = r.passed
        for s in r.scores:
            if s.passed is not None:
                out[s.scorer][r.case_id] = s.passed
    return out


def agreement(
    results: Iterable[CaseResult],
    labels: Iterable[ReviewLabel],
    *,
    threshold: float = 0.6,
    min_items: int = 10,
) -> AgreementReport:
    """How the automated verdicts of a run agree with human labels of its cases.

    Per scorer (and ``overall``, the run's combined verdict): raw agreement and Cohen's kappa
    against each reviewer and against the reviewers' majority label; per reviewer pair:
    the same on the cases both labelled. A scorer is flagged when its kappa against the
    majority is below ``threshold`` on at least ``min_items`` cases. A scorer whose cases
    all got one and the same label from it and from the majority has no kappa (``None``)
    and the status ``not enough items``: such a sample cannot tell a good scorer from one
    that always answers the same. Raises :class:`ReviewError` when ``threshold`` is not
    in ``[-1, 1]``, ``min_items`` is below 1, or a reviewer gave one case both labels."""
    if not -1.0 <= threshold <= 1.0:  # NaN too: no kappa is below NaN, nothing is flagged
        raise ReviewError(f"threshold: Cohen's kappa lies in [-1, 1] (got {threshold})")
    if min_items < 1:
        raise ReviewError(f"min_items must be at least 1 (got {min_items})")
    rows = list(results)
    known = {r.case_id for r in rows}
    by_reviewer: dict[str, dict[str, bool]] = defaultdict(dict)
    for lab in labels:
        ok = lab.label == "pass"
        if by_reviewer[lab.reviewer].setdefault(lab.case_id, ok) != ok:
            raise ReviewError(
                f"reviewer {lab.reviewer!r} labelled case {lab.case_id!r} both pass and fail "
                "(in two files?); keep one label"
            )
    votes: dict[str, Counter[bool]] = defaultdict(Counter)
    for marks in by_reviewer.values():
        for case_id, ok in marks.items():
            votes[case_id][ok] += 1
    consensus = {c: v[True] > v[False] for c, v in votes.items() if v[True] != v[False]}
    scorers = [
        _scorer(name, v, consensus, by_reviewer, threshold, min_items)
        for name, v in sorted(_verdicts(rows).items(), key=lambda kv: (kv[0] != OVERALL, kv[0]))
    ]
    pairs = []
    for a, b in combinations(sorted(by_reviewer), 2):
        shared = sorted(by_reviewer[a].keys() & by_reviewer[b].keys())
        raw, kappa = _compare(
            [by_reviewer[a][c] for c in shared], [by_reviewer[b][c] for c in shared]
        )
        pairs.append(ReviewerPair(a=a, b=b, n=len(shared), agreement=raw, kappa=kappa))
    return AgreementReport(
        threshold=threshold,
        min_items=min_items,
        reviewers=sorted(by_reviewer),
        items=len(votes.keys() & known),
        ties=sum(1 for c, v in votes.items() if c in known and v[True] == v[False]),
        unknown_cases=sorted(votes.keys() - known),
        scorers=scorers,
        reviewer_pairs=pairs,
        flagged=[s.scorer for s in scorers if s.status == "disagrees"],
    )


def _scorer(
    name: str,
    verdicts: Mapping[str, bool],
    consensus: Mapping[str, bool],
    by_reviewer: Mapping[str, Mapping[str, bool]],
    threshold: float,
    min_items: int,
) -> ScorerAgreement:
    overall = _rater("consensus", verdicts, consensus)
    status: Literal["agrees", "disagrees", "not enough items"] = "agrees"
    if overall.n < min_items or overall.kappa is None:
        status = "not enough items"
    elif overall.kappa < threshold:
        status = "disagrees"
    return ScorerAgreement(
        scorer=name,
        n=overall.n,
        agreement=overall.agreement,
        kappa=overall.kappa,
        status=status,
        reviewers=[_rater(r, verdicts, marks) for r, marks in sorted(by_reviewer.items())],
    )
