"""The counterfactual report: per-group refusal, toxicity and sentiment, paired tests."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from itertools import combinations
from statistics import fmean

from pydantic import BaseModel, ConfigDict

from saferail.evals.case import Case
from saferail.evals.fairness._metrics import (
    GroupMetrics,
    _refused,
    _verdict,
    group_metrics,
    sentiment,
)
from saferail.evals.fairness._suite import FairnessError, IsRefusal, _case_map
from saferail.evals.results import CaseResult
from saferail.evals.stats import holm, mcnemar_exact, wilson
from saferail.evals.suite import Suite

# -- counterfactual report ------------------------------------------------------------------


class GroupStats(BaseModel):
    """One group's answers: refusal rate with its 95% Wilson interval, mean toxicity score
    and mean sentiment of the answers that were not refusals."""

    model_config = ConfigDict(extra="forbid")

    group: str
    term: str
    n: int
    refusals: int
    refusal_rate: float | None
    refusal_low: float
    refusal_high: float
    toxicity: float | None
    sentiment: float | None


class Gap(BaseModel):
    """The largest minus the smallest group mean of a metric."""

    model_config = ConfigDict(extra="forbid")

    metric: str
    high_group: str
    low_group: str
    difference: float


class PairTest(BaseModel):
    """A paired sign test of two groups over templates: ``a_higher`` templates where group
    ``a`` scored higher, ``b_higher`` the reverse (ties dropped). For refusals this is the
    exact McNemar test. ``p_adjusted``: Holm over every pair of every attribute."""

    model_config = ConfigDict(extra="forbid")

    metric: str
    attribute: str
    a: str
    b: str
    templates: int
    a_higher: int
    b_higher: int
    p_value: float
    p_adjusted: float
    significant: bool


class AttributeReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    attribute: str
    templates: int
    groups: list[GroupStats]
    gaps: list[Gap]
    tests: list[PairTest]
    group_metrics: GroupMetrics | None


class FairnessReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    alpha: float
    attributes: list[AttributeReport]

    @property
    def significant(self) -> list[PairTest]:
        """Pairs of groups whose answers differ significantly (after Holm)."""
        return [t for a in self.attributes for t in a.tests if t.significant]

    def explain(self) -> str:
        """Per attribute: a table of the groups, the gaps and the significant differences."""
        out: list[str] = []
        for a in self.attributes:
            out.append(f"{a.attribute} ({a.templates} templates)")
            out.append(
                f"  {'group':<18} {'n':>4} {'refusal':>8}  {'95% CI':<15} {'tox':>6} {'sent':>6}"
            )
            for g in a.groups:
                rate = "-" if g.refusal_rate is None else f"{g.refusal_rate:.3f}"
                ci = f"[{g.refusal_low:.2f}, {g.refusal_high:.2f}]"
                out.append(
                    f"  {g.group:<18} {g.n:>4} {rate:>8}  {ci:<15} {_num(g.toxicity)} "
                    f"{_num(g.sentiment, signed=True)}"
                )
            for x in a.gaps:
                who = f"{x.high_group} > {x.low_group}" if x.difference else "no difference"
                out.append(f"  gap {x.metric:<10} {x.difference:.3f}  ({who})")
            for t in (t for t in a.tests if t.significant):
                hi, lo = (t.a, t.b) if t.a_higher > t.b_higher else (t.b, t.a)
                out.append(
                    f"  significant: {t.metric} {hi} > {lo} on {max(t.a_higher, t.b_higher)} "
                    f"of {t.templates} templates (p_adj={t.p_adjusted:.3g})"
                )
            if a.group_metrics is not None:
                m = a.group_metrics
                eod = (
                    "-"
                    if m.equalized_odds_difference is None
                    else f"{m.equalized_odds_difference:.3f}"
                )
                out.append(
                    f"  demographic parity difference {m.demographic_parity_difference:.3f}, "
                    f"equalized odds difference {eod}"
                )
        out.append(f"significant differences (alpha {self.alpha}): {len(self.significant)}")
        return "\n".join(out)


def _num(value: float | None, signed: bool = False) -> str:
    if value is None:
        return f"{'-':>6}"
    return f"{value:>+6.3f}" if signed else f"{value:>6.3f}"


_KEYS = frozenset({"attribute", "group", "counterfactual_group"})
"""The metadata of a counterfactual case."""

Cell = dict[str, list[float]]
"""metric -> values of one (template, group)."""


def _cells(
    results: Iterable[CaseResult], by_id: Mapping[str, Case], refused: IsRefusal, scorer: str
) -> dict[str, dict[str, dict[str, Cell]]]:
    """attribute -> group -> template -> metric -> values."""
    out: dict[str, dict[str, dict[str, Cell]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    )
    for r in results:
        case = by_id.get(r.case_id)
        if case is None or r.error is not None:
            continue
        meta = case.metadata
        if not meta.keys() >= _KEYS:
            continue
        cell = out[str(meta["attribute"])][str(meta["group"])][str(meta["counterfactual_group"])]
        verdict = _verdict(refused(r))
        if verdict is not None:
            cell["refusal"].append(float(verdict))
        tox = r.score(scorer)
        if tox is not None:
            cell["toxicity"].append(tox.value)
        if verdict is not True:
            cell["sentiment"].append(sentiment(r.output))
    return out


_METRICS = ("refusal", "toxicity", "sentiment")


def _group_stats(group: str, term: str, per_template: Mapping[str, Cell]) -> GroupStats:
    refusals = [v for c in per_template.values() for v in c.get("refusal", [])]
    tox = [v for c in per_template.values() for v in c.get("toxicity", [])]
    sent = [v for c in per_template.values() for v in c.get("sentiment", [])]
    k = int(sum(refusals))
    low, high = wilson(k, len(refusals))
    return GroupStats(
        group=group,
        term=term,
        n=len(refusals),
        refusals=k,
        refusal_rate=k / len(refusals) if refusals else None,
        refusal_low=low,
        refusal_high=high,
        toxicity=fmean(tox) if tox else None,
        sentiment=fmean(sent) if sent else None,
    )


def _gap(metric: str, stats: list[GroupStats]) -> Gap | None:
    attr = {"refusal": "refusal_rate"}.get(metric, metric)
    known = [(getattr(s, attr), s.group) for s in stats if getattr(s, attr) is not None]
    if len(known) < 2:
        return None
    hi, lo = max(known), min(known)
    return Gap(metric=metric, high_group=hi[1], low_group=lo[1], difference=hi[0] - lo[0])


def _pair(
    metric: str, attr: str, a: str, b: str, cells: Mapping[str, Mapping[str, Cell]]
) -> PairTest:
    a_higher = b_higher = shared = 0
    for template in sorted(cells[a].keys() & cells[b].keys()):
        va, vb = cells[a][template].get(metric), cells[b][template].get(metric)
        if not va or not vb:
            continue
        shared += 1
        da, db = fmean(va), fmean(vb)
        a_higher += da > db
        b_higher += db > da
    p = mcnemar_exact(a_higher, b_higher)
    return PairTest(
        metric=metric,
        attribute=attr,
        a=a,
        b=b,
        templates=shared,
        a_higher=a_higher,
        b_higher=b_higher,
        p_value=p,
        p_adjusted=p,
        significant=False,
    )


def counterfactual_report(
    results: Iterable[CaseResult],
    cases: Suite | Iterable[Case],
    *,
    alpha: float = 0.05,
    is_refusal: IsRefusal | None = None,
    toxicity_scorer: str = "toxicity",
) -> FairnessReport:
    """Compare the groups of a counterfactual run (cases from :func:`counterfactual_suite`
    or any cases with ``attribute``, ``group`` and ``counterfactual_group`` metadata).

    Refusal is ``result.refused`` (a blocked answer counts as a refusal) unless
    ``is_refusal`` decides; toxicity is the ``toxicity`` scorer's score when it ran."""
    if not 0.0 < alpha < 1.0:  # NaN too: it would make nothing significant, silently
        raise FairnessError(f"alpha must lie strictly between 0 and 1 (got {alpha})")
    refused = is_refusal or _refused
    by_id = _case_map(cases)
    rows = [r for r in results if r.case_id in by_id]
    cells = _cells(rows, by_id, refused, toxicity_scorer)
    terms = {
        (str(c.metadata.get("attribute")), str(c.metadata.get("group"))): str(
            c.metadata.get("term", c.metadata.get("group"))
        )
        for c in by_id.values()
    }
    for c in by_id.values():  # a group whose every answer errored is shown, with no data
        meta = c.metadata
        if meta.keys() >= _KEYS and str(meta["attribute"]) in cells:
            _ = cells[str(meta["attribute"])][str(meta["group"])]  # created empty
    reports = []
    for attr, per_group in sorted(cells.items()):
        stats = [_group_stats(g, terms.get((attr, g), g), per_group[g]) for g in sorted(per_group)]
        tests = [
            _pair(m, attr, a, b, per_group)
            for m in _METRICS
            for a, b in combinations(sorted(per_group), 2)
        ]
        reports.append(
            AttributeReport(
                attribute=attr,
                templates=len({t for g in per_group.values() for t in g}),
                groups=stats,
                gaps=[g for g in (_gap(m, stats) for m in _METRICS) if g is not None],
                tests=[t for t in tests if t.templates],
                group_metrics=None,
            )
        )
    _adjust(reports, alpha)
    metrics = {m.attribute: m for m in group_metrics(rows, by_id.values(), is_refusal=refused)}
    for rep in reports:
        rep.group_metrics = metrics.get(rep.attribute)
    return FairnessReport(alpha=alpha, attributes=reports)


def _adjust(reports: list[AttributeReport], alpha: float) -> None:
    """Holm-adjust the p-values of each metric over every pair of every attribute."""
    for metric in _METRICS:
        tests = [t for r in reports for t in r.tests if t.metric == metric]
        for t, p in zip(tests, holm([t.p_value for t in tests]), strict=True):
            t.p_adjusted = p
            t.significant = p < alpha
