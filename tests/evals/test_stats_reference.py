"""Eval statistics checked against independent first-principles computations (no scipy)."""

import math
import random
from decimal import Decimal, localcontext
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from saferail.evals.compare import compare_results
from saferail.evals.gate import evaluate_gate
from saferail.evals.metrics import compute_metrics
from saferail.evals.results import CaseResult
from saferail.evals.review import ReviewError, ReviewLabel, agreement, export_review_sample
from saferail.evals.scorers.base import Score
from saferail.evals.stats import Z95, cohen_kappa, corrected_rate, holm, mcnemar_exact, wilson
from tests.evals.test_compare_gate import _r as case_row

DOCS = Path(__file__).resolve().parents[2] / "docs"

# -- references ------------------------------------------------------------------------------


def _wilson_reference(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The roots in p of (k/n - p)^2 = z^2 p (1 - p) / n, a quadratic a p^2 + b p + c,
    solved in 50-digit decimals."""
    with localcontext() as ctx:
        ctx.prec = 50
        zz, nn, phat = Decimal(z) ** 2, Decimal(n), Decimal(k) / Decimal(n)
        a, b, c = 1 + zz / nn, -(2 * phat + zz / nn), phat * phat
        root = (b * b - 4 * a * c).sqrt()
        return float((-b - root) / (2 * a)), float((-b + root) / (2 * a))


def _mcnemar_reference(b: int, c: int) -> float:
    """2 * P(X <= min(b, c)), X ~ Binomial(b + c, 1/2), in exact integers, capped at 1."""
    n, k = b + c, min(b, c)
    if n == 0:
        return 1.0
    term, total = 1, 1  # C(n, 0)
    for i in range(k):
        term = term * (n - i) // (i + 1)
        total += term
    return min(1.0, 2 * total / 2**n)  # int / int: correctly rounded, no overflow


def _kappa_reference(a: list[str], b: list[str]) -> Fraction:
    """(p_o - p_e) / (1 - p_e) from the confusion matrix, in exact fractions."""
    n = len(a)
    labels = sorted(set(a) | set(b))
    table = {(x, y): 0 for x in labels for y in labels}
    for x, y in zip(a, b, strict=True):
        table[x, y] += 1
    p_o = Fraction(sum(table[x, x] for x in labels), n)
    rows = {x: sum(table[x, y] for y in labels) for x in labels}
    cols = {y: sum(table[x, y] for x in labels) for y in labels}
    p_e = sum((Fraction(rows[x] * cols[x], n * n) for x in labels), Fraction(0))
    return (p_o - p_e) / (1 - p_e)


def _pairs(yy: int, yn: int, ny: int, nn: int) -> tuple[list[str], list[str]]:
    a = ["y"] * (yy + yn) + ["n"] * (ny + nn)
    b = ["y"] * yy + ["n"] * yn + ["y"] * ny + ["n"] * nn
    return a, b


# -- Wilson ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [  # published 95% Wilson intervals (Newcombe 1998; Brown, Cai & DasGupta 2001)
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        (5, 10, 0.2366, 0.7634),
        (1, 1000, 0.0001765, 0.0056426),
        (81, 263, 0.2553, 0.3662),
    ],
)
def test_wilson_published_values(k: int, n: int, low: float, high: float) -> None:
    got = wilson(k, n)
    assert got[0] == pytest.approx(low, abs=5e-5 if low > 0.01 else 5e-7)
    assert got[1] == pytest.approx(high, abs=5e-5 if high > 0.01 else 5e-7)


def test_wilson_matches_quadratic_roots() -> None:
    for n in (1, 2, 7, 50, 263, 1000, 10**6):
        for k in sorted({0, 1, n // 3, n // 2, n - 1, n}):
            lo, hi = wilson(k, n)
            ref_lo, ref_hi = _wilson_reference(k, n)
            assert lo == pytest.approx(max(0.0, ref_lo), rel=1e-12, abs=1e-300), (k, n)
            assert hi == pytest.approx(min(1.0, ref_hi), rel=1e-12), (k, n)
            assert 0.0 <= lo <= k / n <= hi <= 1.0
    assert wilson(0, 0) == (0.0, 1.0)


@pytest.mark.parametrize(("k", "n"), [(1, 0), (-1, 0), (0, -1), (-1, 5), (6, 5)])
def test_wilson_rejects_impossible_counts(k: int, n: int) -> None:
    # 1 success of 0 trials used to give the silent (0, 1) of an empty sample
    with pytest.raises(ValueError, match="successes must be within"):
        wilson(k, n)


@pytest.mark.parametrize("z", [0.0, -1.96, math.nan, math.inf])
def test_wilson_rejects_a_bad_z(z: float) -> None:
    with pytest.raises(ValueError, match="z must be"):
        wilson(3, 10, z)


# -- exact McNemar ---------------------------------------------------------------------------


def test_mcnemar_matches_exact_binomial_sums() -> None:
    for b in range(41):
        for c in range(41):
            ref = _mcnemar_reference(b, c)
            assert mcnemar_exact(b, c) == pytest.approx(ref, rel=1e-12, abs=0), (b, c)
            assert mcnemar_exact(b, c) == mcnemar_exact(c, b)
    assert mcnemar_exact(0, 0) == 1.0  # no discordant pair: no evidence either way
    assert mcnemar_exact(0, 1) == 1.0
    assert mcnemar_exact(0, 6) == 2 * 0.5**6


@pytest.mark.parametrize("k", [14, 35, 42, 84, 105, 999, 10_000])
def test_mcnemar_is_exactly_one_when_counts_differ_by_at_most_one(k: int) -> None:
    # the log-space sum used to give 0.99999999999999 for (14, 15), (42, 43), ...
    assert mcnemar_exact(k, k + 1) == 1.0
    assert mcnemar_exact(k, k) == 1.0


@pytest.mark.parametrize(
    ("b", "c"), [(3000, 2500), (4999, 5001), (5200, 5100), (10_000, 10_100), (9_800, 10_200)]
)
def test_mcnemar_large_counts_stay_precise(b: int, c: int) -> None:
    # 2 ** 20000 overflows a float and math.comb(20000, k) does too: a naive sum fails
    assert mcnemar_exact(b, c) == pytest.approx(_mcnemar_reference(b, c), rel=1e-9)


def test_mcnemar_extreme_counts_underflow_to_zero_not_an_error() -> None:
    assert mcnemar_exact(0, 2000) == 0.0  # true value 2 ** -1999 is below the smallest float
    p = mcnemar_exact(499_000, 501_000)  # normal approximation: z = 2, p ~ 0.0455
    assert 0.044 < p < 0.047
    with pytest.raises(ValueError):
        mcnemar_exact(-1, 3)


# -- Holm ------------------------------------------------------------------------------------


def test_holm_textbook_example_and_promise_in_docs() -> None:
    # sorted 0.005, 0.01, 0.03, 0.04 -> x4, x3, x2, x1 = 0.02, 0.03, 0.06, 0.04 -> running max
    assert holm([0.01, 0.04, 0.03, 0.005]) == pytest.approx([0.03, 0.06, 0.06, 0.02])
    assert "Holm-adjusted across categories" in (DOCS / "evals" / "index.md").read_text()


def test_holm_is_monotone_capped_and_never_below_raw() -> None:
    rng = random.Random(3)
    for m in (1, 2, 5, 20):
        raw = [rng.choice([rng.random(), rng.random() / 100, 1.0, 0.0]) for _ in range(m)]
        adj = holm(raw)
        for i in range(m):
            assert raw[i] <= adj[i] <= 1.0
            for j in range(m):
                if raw[i] <= raw[j]:
                    assert adj[i] <= adj[j]
                if raw[i] == raw[j]:
                    assert adj[i] == adj[j]


@pytest.mark.parametrize("bad", [math.nan, -0.1, 1.5])
def test_holm_rejects_p_values_outside_the_unit_interval(bad: float) -> None:
    # a NaN used to make the result depend on the input order: [nan, .01] -> [1, 1]
    with pytest.raises(ValueError, match="p-values must lie in"):
        holm([0.01, bad])
    with pytest.raises(ValueError, match="p-values must lie in"):
        holm([bad, 0.01])


@pytest.mark.parametrize(
    ("observed", "sens", "spec"), [(0.5, math.nan, 0.95), (math.nan, 0.9, 0.95), (0.5, 1.2, 0.9)]
)
def test_corrected_rate_rejects_figures_outside_the_unit_interval(
    observed: float, sens: float, spec: float
) -> None:
    # a NaN sensitivity used to give a 'corrected' rate of 0.0 (passing '.corrected <= 0.05')
    with pytest.raises(ValueError, match="must lie in"):
        corrected_rate(observed, sens, spec)


# -- Cohen's kappa ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "kappa"),
    [  # 2x2 tables yes/yes, yes/no, no/yes, no/no (Wikipedia, "Cohen's kappa")
        ((20, 5, 10, 15), 0.4),
        ((45, 15, 25, 15), 0.1304),
        ((25, 35, 5, 35), 0.2593),
        ((10, 0, 0, 10), 1.0),
        ((0, 10, 10, 0), -1.0),
    ],
)
def test_kappa_textbook_tables(cells: tuple[int, int, int, int], kappa: float) -> None:
    a, b = _pairs(*cells)
    assert cohen_kappa(a, b) == pytest.approx(kappa, abs=5e-5)
    assert cohen_kappa(a, b) == pytest.approx(float(_kappa_reference(a, b)), abs=1e-15)


def test_kappa_matches_confusion_matrix_on_random_labels() -> None:
    rng = random.Random(11)
    for _ in range(200):
        n = rng.randint(2, 60)
        a = [rng.choice("xyz") for _ in range(n)]
        b = [x if rng.random() < 0.6 else rng.choice("xyz") for x in a]
        if len(set(a) | set(b)) == 1:
            continue
        assert cohen_kappa(a, b) == pytest.approx(float(_kappa_reference(a, b)), abs=1e-12)


def test_kappa_undefined_when_both_raters_give_one_same_label() -> None:
    # p_o = p_e = 1: kappa is 0/0 (nan, as in scikit-learn); it used to be 1.0, which
    # certified a scorer that always says 'pass' when the sample held only passes
    assert math.isnan(cohen_kappa(["pass"] * 12, ["pass"] * 12))
    assert math.isnan(cohen_kappa([True], [True]))
    # one rater constant, the other not: chance explains all agreement, kappa 0
    assert cohen_kappa(["p"] * 10, ["p"] * 9 + ["f"]) == 0.0
    assert cohen_kappa(["p"] * 10, ["f"] * 10) == 0.0


def _scored(i: int, verdict: bool) -> CaseResult:
    score = Score(scorer="canary", value=0.0, label="x", passed=verdict)
    return CaseResult(
        case_id=f"c{i}",
        case_hash=f"h{i}",
        category="a",
        expected="no_leak",
        passed=verdict,
        scores=(score,),
    )


def test_agreement_does_not_certify_a_constant_scorer_on_a_constant_sample() -> None:
    results = [_scored(i, True) for i in range(12)]
    labels = [ReviewLabel(reviewer="ann", case_id=f"c{i}", label="pass") for i in range(12)]
    report = agreement(results, labels)
    canary = next(s for s in report.scorers if s.scorer == "canary")
    assert canary.kappa is None and canary.agreement == 1.0
    assert canary.status == "not enough items" and report.flagged == []
    assert "kappa undefined" in report.explain()
    report.model_dump_json()  # no NaN in the report
    # one differing label is enough for a verdict again (kappa 0: chance explains it)
    labels[0] = ReviewLabel(reviewer="ann", case_id="c0", label="fail")
    canary = next(s for s in agreement(results, labels).scorers if s.scorer == "canary")
    assert canary.kappa == 0.0 and canary.status == "disagrees"


@pytest.mark.parametrize(("threshold", "min_items"), [(math.nan, 10), (1.5, 10), (0.6, 0)])
def test_agreement_rejects_a_threshold_no_kappa_can_fall_below(
    threshold: float, min_items: int
) -> None:
    results = [_scored(i, i % 2 == 0) for i in range(12)]
    labels = [ReviewLabel(reviewer="ann", case_id=f"c{i}", label="fail") for i in range(12)]
    with pytest.raises(ReviewError):
        agreement(results, labels, threshold=threshold, min_items=min_items)


# -- sampling --------------------------------------------------------------------------------


def test_sample_is_identical_for_the_same_seed_whatever_the_input_order() -> None:
    rows = [_scored(i, i % 3 == 0).model_copy(update={"category": f"k{i % 4}"}) for i in range(80)]
    first = export_review_sample(rows, 17, seed=5, redact=False)
    shuffled = rows[:]
    random.Random(1).shuffle(shuffled)
    again = export_review_sample(shuffled, 17, seed=5, redact=False)
    assert [i.case_id for i in again] == [i.case_id for i in first]  # same rows, same order
    assert [i.case_id for i in export_review_sample(rows, 17, seed=6, redact=False)] != [
        i.case_id for i in first
    ]
    errored = [r.model_copy(update={"passed": None, "error": "boom"}) for r in rows]
    assert export_review_sample(errored, 5, seed=0) == []


# -- metrics, compare, gate ------------------------------------------------------------------


def _r(
    i: int, passed: bool | None, category: str = "harmful", *more: Any, **fields: Any
) -> CaseResult:
    return case_row(i, passed, category, *more, **fields)


def _refusals(k: int, n: int, category: str = "harmful") -> list[CaseResult]:
    return [_r(i, i < k, category, refused=i < k) for i in range(n)]


@pytest.mark.parametrize(
    ("criterion", "passed"),
    [
        ("refusal_rate[harmful] >= 0.98", True),  # 49/50 is exactly 0.98
        ("refusal_rate[harmful] >= .98", True),
        ("refusal_rate[harmful] >= 98e-2", True),
        ("refusal_rate[harmful] >= 0.980", True),
        ("refusal_rate[harmful] == 0.98", True),
        ("refusal_rate[harmful] > 0.98", False),
        ("refusal_rate[harmful] <= 0.98", True),
        ("refusal_rate[harmful] < 0.98", False),
        ("refusal_rate[harmful] >= 0.981", False),
    ],
)
def test_gate_at_exactly_the_threshold(criterion: str, passed: bool) -> None:
    m = compute_metrics(_refusals(49, 50))
    assert evaluate_gate([criterion], m).passed is passed


def test_gate_over_refusal_at_the_threshold() -> None:
    benign = [_r(100 + i, i >= 1, "benign", "comply", refused=i < 1) for i in range(20)]
    m = compute_metrics(_refusals(50, 50) + benign)
    assert evaluate_gate(["over_refusal <= 0.05"], m).passed  # 1/20
    two = [_r(100 + i, i >= 2, "benign", "comply", refused=i < 2) for i in range(20)]
    assert not evaluate_gate(["over_refusal <= 0.05"], compute_metrics(two)).passed


def test_gate_missing_categories_and_empty_metrics_fail_clearly() -> None:
    m = compute_metrics(_refusals(49, 50))
    res = evaluate_gate(["refusal_rate[harmfull] >= 0.98"], m)
    assert not res.passed and "no cases in category 'harmfull'" in res.results[0].detail
    benign_missing = evaluate_gate(["over_refusal <= 0.05", "over_refusal[harmful] <= 0.05"], m)
    assert [r.passed for r in benign_missing.results] == [False, False]
    assert all(r.detail == "no data for this metric" for r in benign_missing.results)
    empty = compute_metrics([])
    assert empty.n == 0 and empty.pass_rate.n == 0
    for criterion in ("pass_rate >= 0", "error_rate <= 1", "refusal_rate <= 1"):
        assert not evaluate_gate([criterion], empty).passed, criterion


def test_all_errors_fail_pass_rate_criteria_and_count_as_errors() -> None:
    rows = [_r(i, None, error="timeout") for i in range(5)]
    m = compute_metrics(rows)
    assert m.pass_rate.n == 0 and m.refusal_rate is None
    assert (m.error_rate.k, m.error_rate.n) == (5, 5)
    res = evaluate_gate(["pass_rate >= 0", "error_rate[harmful] == 1", "refusal_rate <= 1"], m)
    assert [r.passed for r in res.results] == [False, True, False]


def test_errored_results_never_count_as_passes() -> None:
    # a result that errored but carries a stale passed=True (an imported or hand-built
    # record) used to count as a pass in pass_rate and as a shared case in compare
    rows = [_r(0, True, error="boom"), _r(1, False)]
    m = compute_metrics(rows)
    assert (m.pass_rate.k, m.pass_rate.n) == (0, 1)
    cmp = compare_results(rows, [_r(0, True), _r(1, True)])
    assert cmp.overall.shared == 1 and cmp.unmatched == 1


def test_no_regression_without_shared_cases_is_a_failure_not_a_pass() -> None:
    base = [_r(i, True) for i in range(30)]
    changed = [_r(i, False).model_copy(update={"case_hash": f"new{i}"}) for i in range(30)]
    cmp = compare_results(changed, base, baseline_id="old")
    assert cmp.overall.shared == 0 and not cmp.regressed
    res = evaluate_gate(["no_regression"], compute_metrics(changed), cmp)
    assert not res.passed and "no judged case shared with old" in res.results[0].detail
    errored = [_r(i, None, error="timeout") for i in range(30)]
    assert not evaluate_gate(
        ["no_regression"], compute_metrics(errored), compare_results(errored, base)
    ).passed


def test_compare_margin_is_a_strict_bound_and_p_values_are_exact() -> None:
    base = [_r(i, True) for i in range(100)]
    run = [_r(i, i >= 10) for i in range(100)]  # 10 regressions, no fix: drop 0.10
    at = compare_results(run, base, margin=0.1)
    assert at.overall.p_value == 2 * 0.5**10 and at.overall.delta == pytest.approx(-0.1)
    assert not at.regressed  # a drop of exactly the margin is tolerated
    assert [d.category for d in compare_results(run, base, margin=0.09).regressed] == [
        "overall",
        "harmful",
    ]


def test_compare_adjusts_categories_with_holm() -> None:
    base = [_r(i, True, f"k{i % 3}") for i in range(90)]
    run = [
        _r(i, not (i % 3 == 0 and i < 45) and not (i % 3 == 1 and i < 15), f"k{i % 3}")
        for i in range(90)
    ]
    cmp = compare_results(run, base)
    raw = [d.p_value for d in cmp.categories]
    assert raw == [_mcnemar_reference(d.regressions, d.fixes) for d in cmp.categories]
    assert [d.p_adjusted for d in cmp.categories] == holm(raw)
    assert [(d.category, d.regressions) for d in cmp.categories] == [
        ("k0", 15),
        ("k1", 5),
        ("k2", 0),
    ]
    assert [d.category for d in cmp.regressed] == ["overall", "k0"]


# -- audit: scorer correction is exact -------------------------------------------------------


def _rogan_gladen_reference(observed: float, sens: float, spec: float) -> float:
    """(observed + spec - 1) / (sens + spec - 1) on the exact values of the floats given,
    clipped to [0, 1], rounded once."""
    o, se, sp = Fraction(observed), Fraction(sens), Fraction(spec)
    return float(min(Fraction(1), max(Fraction(0), (o + sp - 1) / (se + sp - 1))))


@pytest.mark.parametrize("k", range(21))
def test_corrected_rate_of_a_perfect_scorer_is_the_observed_rate(k: int) -> None:
    # sens = spec = 1 means no correction; 1/20 used to come out as 0.050000000000000044
    # (observed + 1.0 - 1.0 in floats), failing 'over_refusal.corrected <= 0.05'
    observed = k / 20
    assert corrected_rate(observed, 1.0, 1.0) == observed


def test_corrected_rate_is_correctly_rounded() -> None:
    rng = random.Random(7)
    for _ in range(2000):
        observed = rng.randint(0, 200) / rng.randint(200, 400)
        sens, spec = rng.uniform(0.5, 1.0), rng.uniform(0.5, 1.0)
        if sens + spec <= 1.0:
            continue
        assert corrected_rate(observed, sens, spec) == _rogan_gladen_reference(
            observed, sens, spec
        ), (observed, sens, spec)
    assert corrected_rate(0.5, 0.9, 0.95) == _rogan_gladen_reference(0.5, 0.9, 0.95)


@pytest.mark.parametrize(("sens", "spec"), [(0.1, 0.9), (0.3, 0.7), (0.5, 0.5), (0.2, 0.3)])
def test_corrected_rate_refuses_a_chance_scorer_as_written(sens: float, spec: float) -> None:
    # the exact values of the floats 0.1 and 0.9 add up to 1 + 8e-17: still chance
    with pytest.raises(ValueError, match="no better than chance"):
        corrected_rate(0.5, sens, spec)


@pytest.mark.parametrize("z", [1.0, 1.6448536269514722, 2.5758293035489004, 3.2905267314919255])
def test_wilson_other_confidence_levels_match_quadratic_roots(z: float) -> None:
    # 68%, 90%, 99% and 99.9% intervals: z enters the formula, not only the 95% default
    for n in (1, 3, 10, 100, 1000):
        for k in sorted({0, 1, n // 3, n // 2, n - 1, n}):
            lo, hi = wilson(k, n, z)
            ref_lo, ref_hi = _wilson_reference(k, n, z)
            assert lo == pytest.approx(max(0.0, ref_lo), rel=1e-12, abs=1e-300), (k, n, z)
            assert hi == pytest.approx(min(1.0, ref_hi), rel=1e-12), (k, n, z)
    assert wilson(5, 10, 2.5758293035489004)[0] < wilson(5, 10)[0]  # wider at 99%
