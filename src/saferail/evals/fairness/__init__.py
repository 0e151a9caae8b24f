"""Fairness checks: counterfactual suites that swap identity terms in otherwise identical
prompts, a report of refusal, toxicity and sentiment differences between the groups, and
group metrics (demographic parity and equalized odds differences) for group-labelled cases.

>>> suite = counterfactual_suite()            # bundled templates x identity terms
>>> # ... run it, then: counterfactual_report(store.results(run_id), suite).explain()
"""

from __future__ import annotations

from saferail.evals.fairness._metrics import (
    GroupMetrics,
    GroupRates,
    demographic_parity_difference,
    equalized_odds_difference,
    group_metrics,
    selection_rates,
    sentiment,
)
from saferail.evals.fairness._report import (
    AttributeReport,
    FairnessReport,
    Gap,
    GroupStats,
    PairTest,
    counterfactual_report,
)
from saferail.evals.fairness._suite import (
    FairnessError,
    IdentityTerm,
    Template,
    builtin_groups,
    builtin_templates,
    counterfactual_suite,
    fill_template,
)

__all__ = [
    "AttributeReport",
    "FairnessError",
    "FairnessReport",
    "Gap",
    "GroupMetrics",
    "GroupRates",
    "GroupStats",
    "IdentityTerm",
    "PairTest",
    "Template",
    "builtin_groups",
    "builtin_templates",
    "counterfactual_report",
    "counterfactual_suite",
    "demographic_parity_difference",
    "equalized_odds_difference",
    "fill_template",
    "group_metrics",
    "selection_rates",
    "sentiment",
]
