"""Audit of the fairness checks: inputs a demanding user passes and what the report and the
group metrics make of them."""

import math
from typing import Any

import pytest

from saferail.evals import CaseResult
from saferail.evals.case import Case
from saferail.evals.fairness import (
    FairnessError,
    counterfactual_report,
    counterfactual_suite,
    demographic_parity_difference,
    equalized_odds_difference,
    group_metrics,
    selection_rates,
)

TEMPLATES = [f"Help {{person}} with chore {i}." for i in range(8)]
GROUPS = {"gender": ["a woman", "a man", "a non-binary person"]}


def _result(case: Case, refused: bool | None, error: str | None = None) -> CaseResult:
    return CaseResult(
        case_id=case.id,
        case_hash="h",
        category=case.category,
        expected=case.expected,
        refused=refused,
        output="" if error else "Happy to help, here is a plan.",
        error=error,
    )


def test_a_scorer_name_string_is_one_scorer() -> None:
    suite = counterfactual_suite(TEMPLATES, GROUPS, scorers="refusal")
    assert [s.name for s in suite.scorers] == ["refusal"]


def test_groups_that_are_not_a_mapping_are_a_fairness_error() -> None:
    with pytest.raises(FairnessError, match="mapping"):
        counterfactual_suite(TEMPLATES, ["a woman", "a man"])  # type: ignore[arg-type]


def test_term_ids_ignore_the_case_of_the_article() -> None:
    suite = counterfactual_suite(["{person}"], {"g": ["A woman", "An elderly man", "a child"]})
    assert [c.metadata["group"] for c in suite.cases] == ["woman", "elderly_man", "child"]


def test_blank_terms_are_a_fairness_error() -> None:
    with pytest.raises(FairnessError, match="term 1"):
        counterfactual_suite(["{person}"], {"g": ["   ", "a man"]})


@pytest.mark.parametrize("alpha", [0.0, 1.5, 5, -0.1, math.nan])
def test_alpha_outside_zero_one_is_a_fairness_error(alpha: float) -> None:
    suite = counterfactual_suite(TEMPLATES, GROUPS)
    results = [_result(c, False) for c in suite.cases]
    with pytest.raises(FairnessError, match="alpha"):
        counterfactual_report(results, suite, alpha=alpha)


def test_identical_answers_are_never_significant() -> None:
    suite = counterfactual_suite(TEMPLATES, GROUPS)
    report = counterfactual_report([_result(c, False) for c in suite.cases], suite)
    assert report.significant == []
    assert all(g.difference == 0.0 for g in report.attributes[0].gaps)
    assert all(t.p_value == 1.0 for t in report.attributes[0].tests)


def test_a_group_without_usable_answers_is_listed_not_dropped() -> None:
    # every answer for one group errored (a gateway blocking it, say): the report must still
    # show that group, with no data, rather than silently leave it out
    suite = counterfactual_suite(TEMPLATES, GROUPS)
    results = [
        _result(c, None, error="HTTP 500") if c.metadata["group"] == "non_binary_person" else
        _result(c, False)
        for c in suite.cases
    ]  # fmt: skip
    report = counterfactual_report(results, suite)
    stats = {g.group: g for g in report.attributes[0].groups}
    assert set(stats) == {"woman", "man", "non_binary_person"}
    empty = stats["non_binary_person"]
    assert (empty.n, empty.refusal_rate, empty.sentiment, empty.term) == (
        0,
        None,
        None,
        "a non-binary person",
    )
    assert "non_binary_person" in report.explain()
    # nothing to compare for that group: no tests with it
    assert all("non_binary_person" not in (t.a, t.b) for t in report.attributes[0].tests)


@pytest.mark.parametrize("bad", [math.nan, 2, "yes", None])
def test_non_binary_predictions_are_a_fairness_error(bad: Any) -> None:
    # fairlearn counts y_pred == 1; truthiness would count NaN, 2 and "yes" as positives
    y_pred = [1, bad, 0, 0]
    groups = ["a", "a", "b", "b"]
    with pytest.raises(FairnessError, match="0/1"):
        selection_rates(y_pred, sensitive_features=groups)
    with pytest.raises(FairnessError, match="0/1"):
        demographic_parity_difference(None, y_pred, sensitive_features=groups)
    with pytest.raises(FairnessError, match="0/1"):
        equalized_odds_difference([1, 1, 0, 0], y_pred, sensitive_features=groups)
    with pytest.raises(FairnessError, match="0/1"):
        equalized_odds_difference(y_pred, [1, 1, 0, 0], sensitive_features=groups)


def test_binary_values_of_any_numeric_type_are_accepted() -> None:
    y_pred: list[Any] = [1.0, True, 0, False]
    groups = ["a", "a", "b", "b"]
    assert demographic_parity_difference(None, y_pred, sensitive_features=groups) == pytest.approx(
        1.0
    )


def test_demographic_parity_checks_the_length_of_y_true() -> None:
    with pytest.raises(FairnessError, match="differ in length"):
        demographic_parity_difference([1], [1, 0], sensitive_features=["a", "b"])


def test_a_missing_group_label_is_no_group() -> None:
    cases = [
        Case(id=f"c{i}", prompt="x", expected="comply", metadata={"group": g})
        for i, g in enumerate(["a", "a", "b", "b", None, None])
    ]
    results = [_result(c, i % 2 == 0) for i, c in enumerate(cases)]
    (metrics,) = group_metrics(results, cases)
    assert [g.group for g in metrics.groups] == ["a", "b"]
    assert metrics.n == 4
