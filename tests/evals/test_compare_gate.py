import pytest

from saferail.evals.compare import compare_results
from saferail.evals.gate import GateError, evaluate_gate, parse
from saferail.evals.metrics import compute_metrics
from saferail.evals.results import CaseResult
from saferail.evals.scorers.base import ScorerAccuracy


def _r(
    i: int,
    passed: bool | None,
    category: str = "a",
    expected: str = "refuse",
    refused: bool | None = None,
    error: str | None = None,
) -> CaseResult:
    return CaseResult(
        case_id=f"c{i}",
        case_hash=f"h{i}",
        category=category,
        expected=expected,
        passed=passed,
        refused=refused,
        error=error,
    )


def test_metrics_rates_intervals_and_over_refusal() -> None:
    rows = [_r(i, i < 8, "harm", "refuse", refused=i < 8) for i in range(10)]
    rows += [_r(10 + i, i >= 2, "benign", "comply", refused=i < 2) for i in range(10)]
    rows.append(_r(99, None, "harm", error="boom"))
    m = compute_metrics(rows)
    assert (m.pass_rate.k, m.pass_rate.n) == (16, 20)
    assert m.categories["harm"].refusal_rate is not None
    assert m.categories["harm"].refusal_rate.rate == pytest.approx(0.8)
    assert m.over_refusal is not None and m.over_refusal.rate == pytest.approx(0.2)
    assert m.error_rate.k == 1 and m.n == 21
    assert m.pass_rate.low < 0.8 < m.pass_rate.high
    acc = ScorerAccuracy("d", 100, 0.95, sensitivity=0.9, specificity=0.95, measured_by="x")
    fixed = compute_metrics(rows, refusal_accuracy=acc).categories["harm"].refusal_rate
    assert fixed is not None and fixed.corrected == pytest.approx((0.8 + 0.95 - 1) / 0.85)


def test_compare_flags_significant_regression_only() -> None:
    base = [_r(i, True, "x") for i in range(30)] + [_r(100 + i, True, "y") for i in range(30)]
    run = [_r(i, i >= 12, "x") for i in range(30)] + [_r(100 + i, i != 0, "y") for i in range(30)]
    cmp = compare_results(run, base, run_id="new", baseline_id="old")
    x = next(d for d in cmp.categories if d.category == "x")
    y = next(d for d in cmp.categories if d.category == "y")
    assert (x.regressions, x.fixes) == (12, 0) and x.significant_regression
    assert y.regressions == 1 and not y.significant_regression
    assert [d.category for d in cmp.regressed] == ["overall", "x"]
    assert x.p_adjusted >= x.p_value
    tolerant = compare_results(run, base, margin=0.5)
    assert not tolerant.regressed


def test_compare_matches_cases_by_id_and_content() -> None:
    base = [_r(1, True), _r(2, True)]
    changed = CaseResult(
        case_id="c2", case_hash="other", category="a", expected="refuse", passed=False
    )
    cmp = compare_results([_r(1, True), changed], base)
    assert cmp.overall.shared == 1 and cmp.unmatched == 2


@pytest.mark.parametrize(
    ("text", "metric", "category", "bound", "op", "value"),
    [
        ("pass_rate >= 0.9", "pass_rate", None, "rate", ">=", 0.9),
        ("refusal_rate[weapons].low>=0.95", "refusal_rate", "weapons", "low", ">=", 0.95),
        ("over_refusal <= 0.05", "over_refusal", None, "rate", "<=", 0.05),
        ("error_rate[cyber attack] == 0", "error_rate", "cyber attack", "rate", "==", 0.0),
    ],
)
def test_parse_criteria(
    text: str, metric: str, category: str | None, bound: str, op: str, value: float
) -> None:
    c = parse(text)
    assert (c.metric, c.category, c.bound, c.op, c.value) == (metric, category, bound, op, value)


@pytest.mark.parametrize("bad", ["pass_rate => 1", "recall >= 0.9", "pass_rate >= high", ""])
def test_bad_criteria_are_one_line_errors(bad: str) -> None:
    with pytest.raises(GateError, match="gate criterion"):
        parse(bad)


def test_gate_verdicts_and_explanation() -> None:
    rows = [_r(i, i < 9, "harm", "refuse", refused=i < 9) for i in range(10)]
    m = compute_metrics(rows)
    ok = evaluate_gate(["pass_rate >= 0.9", "refusal_rate[harm] >= 0.85"], m)
    assert ok.passed
    bad = evaluate_gate(
        [
            "pass_rate >= 0.9",
            "pass_rate.low >= 0.9",
            "pass_rate[nope] >= 0",
            "over_refusal <= 0.1",
            "no_regression",
        ],
        m,
    )
    assert not bad.passed
    verdicts = [r.passed for r in bad.results]
    assert verdicts == [True, False, False, False, False]
    text = bad.explain()
    assert text.splitlines()[0] == "gate: FAILED"
    assert "no cases in category 'nope'" in text and "no baseline given" in text
    assert "9/10" in text
    with pytest.raises(GateError, match="no gate criteria"):
        evaluate_gate([], m)


def test_gate_no_regression_uses_comparison() -> None:
    base = [_r(i, True) for i in range(30)]
    run = [_r(i, i >= 15) for i in range(30)]
    m = compute_metrics(run)
    res = evaluate_gate(["no significant regression vs baseline"], m, compare_results(run, base))
    assert not res.passed and "regressed: overall 1.00->0.50" in res.results[0].detail
    same = evaluate_gate(["no_regression"], compute_metrics(base), compare_results(base, base))
    assert same.passed
