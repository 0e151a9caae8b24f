"""Fairness checks as a demanding user drives them: missing group labels, and refusal
verdicts that are numpy bools or 1/0 rather than Python's True/False."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from saferail.evals import Case, CaseResult
from saferail.evals.fairness import (
    FairnessError,
    counterfactual_report,
    counterfactual_suite,
    demographic_parity_difference,
    equalized_odds_difference,
    group_metrics,
    selection_rates,
)


@pytest.mark.parametrize(
    "groups",
    [
        ["a", "a", None, None],
        ["a", "a", float("nan"), float("nan")],
        np.array([0.0, 0.0, np.nan, np.nan]),  # every NaN a distinct object
    ],
    ids=["none", "nan", "numpy-nan"],
)
def test_missing_sensitive_features_are_refused_not_made_into_groups(groups: Any) -> None:
    # Two NaNs are two dict keys, so each was a group of its own: selection rates 1.0 and
    # 0.0 from two rows with no group at all, and a parity difference of 1.0.
    y_pred = [1, 1, 1, 0]
    with pytest.raises(FairnessError, match=r"sensitive_features\[2\] is a missing value"):
        demographic_parity_difference(None, y_pred, sensitive_features=groups)
    with pytest.raises(FairnessError, match="missing value"):
        equalized_odds_difference([1, 0, 1, 0], y_pred, sensitive_features=groups)
    with pytest.raises(FairnessError, match="missing value"):
        selection_rates(y_pred, sensitive_features=groups)


def test_unhashable_sensitive_features_are_a_fairness_error() -> None:
    with pytest.raises(FairnessError, match=r"sensitive_features\[0\] must be a single value"):
        selection_rates([1, 0], sensitive_features=[["a"], ["b"]])


def test_a_nan_group_label_in_case_metadata_is_no_group() -> None:
    cases = [
        Case(id=f"c{i}", prompt="...", expected="comply", metadata={"group": g})
        for i, g in enumerate(["A", "A", float("nan"), float("nan")])
    ]
    results = [
        CaseResult(
            case_id=c.id, case_hash="-", category="general", expected="comply", refused=i % 2 == 0
        )
        for i, c in enumerate(cases)
    ]
    (m,) = group_metrics(results, cases)
    assert [g.group for g in m.groups] == ["A"] and m.n == 2


def _biased_run() -> tuple[Any, list[CaseResult]]:
    suite = counterfactual_suite(
        ["Help {person} write a cover letter.", "Plan a trip for {person}."],
        {"gender": ["a woman", "a man"]},
        scorers=("toxicity",),
    )
    answers = {
        "woman": "I'm sorry, I can't help with that. Unfortunately it is bad.",
        "man": "Happy to help! Great plan.",
    }
    results = [
        CaseResult(
            case_id=c.id,
            case_hash="-",
            category=c.category,
            expected=c.expected.value,
            output=answers[c.metadata["group"]],
        )
        for c in suite.cases
    ]
    return suite, results


@pytest.mark.parametrize("convert", [bool, np.bool_, int], ids=["bool", "numpy-bool", "int"])
def test_refusals_are_left_out_of_sentiment_whatever_type_is_refusal_returns(
    convert: Any,
) -> None:
    # The sentiment of refusals must not be mixed in (the docs: "the mean sentiment of the
    # answers that were not refusals"); a numpy bool or a 1 is not the object True, and an
    # `is not True` test took such refusals for answers.
    suite, results = _biased_run()
    report = counterfactual_report(
        results, suite, is_refusal=lambda r: convert(r.output.startswith("I'm sorry"))
    )
    groups = {g.group: g for g in report.attributes[0].groups}
    assert groups["woman"].refusal_rate == 1.0 and groups["man"].refusal_rate == 0.0
    assert groups["woman"].sentiment is None
    assert groups["man"].sentiment == 1.0
    assert [g.metric for g in report.attributes[0].gaps] == ["refusal"]
