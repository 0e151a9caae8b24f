"""The safety KPIs ``saferail kpis`` computes, each with the definition printed beside it.

The definitions are the contract: docs/kpis.md repeats them with their inputs, and each
computation in this package follows its text exactly.
"""

from __future__ import annotations

__all__ = ["DEFINITIONS", "KPI_ORDER", "KpiDefinition", "definition"]

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class KpiDefinition:
    name: str
    title: str
    unit: Literal["ratio", "seconds", "days", "score"]
    better: Literal["higher", "lower"]
    definition: str
    inputs: str


_ALL = (
    KpiDefinition(
        "eval_coverage", "Safety eval coverage", "ratio", "higher",
        "Top risks of the register (inherent severity high or critical) whose every eval "
        "suite / red-team strategy test ran within 30 days and passed, over all top risks; "
        "rows per risk category (OWASP LLM item).",
        "run store + risk register",
    ),
    KpiDefinition(
        "gate_pass_rate", "Pre-release gate pass rate", "ratio", "higher",
        "Release gate decisions that passed, over all decisions: each review (review.json "
        "verdict go) and each gated eval run not part of a review (its suite's gate criteria, "
        "no_regression against the previous completed run of the suite).",
        "run store and/or review folders",
    ),
    KpiDefinition(
        "regression_lead_time", "Regression detection lead time", "seconds", "lower",
        "Per suite, runs in time order against a baseline (the first run; it moves to a later "
        "run with no case regressed): for each significant regression (McNemar, Holm, "
        "alpha 0.05), the time from the first run in which one of its regressed cases failed "
        "(the change that introduced it) to the run where it became significant. Median.",
        "run store",
    ),
    KpiDefinition(
        "time_to_triage", "Time to triage", "seconds", "lower",
        "From a failure's report (reported_at) to its finished triage (finished_at), over "
        "triage records with a report time. Median.",
        "triage records (bug_report.json)",
    ),
    KpiDefinition(
        "time_to_mitigation", "Time to mitigation", "seconds", "lower",
        "From a reproduced failure's report (reported_at) to its recorded mitigation "
        "(mitigated_at in mitigation.json beside the triage record). Median over mitigated "
        "records; open ones are counted in the detail.",
        "triage records + mitigation.json",
    ),
    KpiDefinition(
        "filter_fpr", "Filter false positive rate", "ratio", "lower",
        "Samples labelled benign that the filters blocked or redacted, over all benign "
        "samples (sampled traffic with human labels).",
        "labelled samples (JSONL)",
    ),
    KpiDefinition(
        "filter_fnr", "Filter false negative rate (policy escapes)", "ratio", "lower",
        "Samples labelled violating that the filters let through (allow or warn), over all "
        "violating samples.",
        "labelled samples (JSONL)",
    ),
    KpiDefinition(
        "pii_leakage_rate", "PII leakage rate", "ratio", "lower",
        "Output guard decisions with a pii finding (the model produced personal data, "
        "whether or not the guard then redacted it), over all output decisions.",
        "telemetry events",
    ),
    KpiDefinition(
        "grounded_ratio", "Grounded response ratio", "ratio", "higher",
        "Responses a grounding check ran on that had no ungrounded finding, over all "
        "responses it ran on.",
        "telemetry events",
    ),
    KpiDefinition(
        "refusal_quality", "Refusal quality score", "score", "higher",
        "Mean refusal_quality rubric score (rules mode, 0..1) over the refusals in the "
        "latest completed run of each suite and target in the window.",
        "run store",
    ),
    KpiDefinition(
        "telemetry_completeness", "Telemetry completeness", "ratio", "higher",
        "Requests with an event for each expected surface (input, output) and every "
        "required field (policy_version, action, latency_ms), over all requests; each "
        "event reported dropped counts as an incomplete request.",
        "telemetry events",
    ),
    KpiDefinition(
        "alert_precision", "Alert precision", "ratio", "higher",
        "Alerts marked actionable, over alerts with a recorded outcome (alert outcomes "
        "file); alerts without an outcome are counted in the detail.",
        "alert history + alert outcomes",
    ),
    KpiDefinition(
        "eval_reproducibility", "Evaluation reproducibility rate", "ratio", "higher",
        "Replays that match, over all replays: a replay is a later completed run with the "
        "same suite, suite version and target fingerprint as an earlier one; it matches "
        "when every shared case has the same pass/fail and refusal outcome as the first run.",
        "run store",
    ),
    KpiDefinition(
        "doc_freshness", "Documentation freshness", "days", "lower",
        "Days the system card has been out of date: 0 when it describes the current model "
        "fingerprint and policy version (those of the newest completed run), else the days "
        "since that configuration first ran. The card's age is in the detail.",
        "system card + run store",
    ),
)  # fmt: skip

DEFINITIONS: dict[str, KpiDefinition] = {d.name: d for d in _ALL}
KPI_ORDER: tuple[str, ...] = tuple(d.name for d in _ALL)


def definition(name: str) -> KpiDefinition:
    return DEFINITIONS[name]
