"""The data of a system card: one model per section, in the order the card shows them.

Every section carries ``notes``: statements about missing evidence ("No evidence: no eval run
was given", "Not provided: add `intended_use` to card.yaml") and facts derived from the
evidence that a reader must not miss (a run measured another policy version). Templates
render the data; they never add numbers of their own.
"""

from __future__ import annotations

__all__ = [
    "SECTIONS",
    "AcceptanceRow",
    "ApprovalRow",
    "ChangeLogSection",
    "CompositionSection",
    "CoverageRow",
    "DataSection",
    "EthicsSection",
    "EvalRunRef",
    "FindingRow",
    "FrameworkRow",
    "GateRow",
    "GuardrailRow",
    "IdentitySection",
    "IntendedUseSection",
    "LimitationsSection",
    "MetricRow",
    "MetricsSection",
    "MitigationRow",
    "MitigationsSection",
    "ModelRow",
    "MonitoringSection",
    "OversightSection",
    "RedTeamRunRef",
    "RedTeamRunRows",
    "ResultsSection",
    "RiskRow",
    "RisksSection",
    "RunResults",
    "ScorerRow",
    "Section",
    "SignOffSection",
    "StandardsSection",
    "StrategyRow",
    "SuiteRow",
    "TestingSection",
    "ThresholdRow",
    "ToolRow",
]

from pydantic import BaseModel, ConfigDict, Field

from saferail.evals.metrics import Rate
from saferail.governance.card_info import ChangeEntry, Contact, NamedItem

SECTIONS: tuple[tuple[str, str], ...] = (
    ("identity", "Identity and versioning"),
    ("intended_use", "Intended use, users, out-of-scope uses and foreseeable misuse"),
    ("composition", "System composition: models, tools, data sources, guardrails"),
    ("data", "Data"),
    ("metrics", "Metrics and thresholds with rationale"),
    ("results", "Disaggregated results with intervals"),
    ("testing", "Safety and security testing by OWASP and MITRE ATLAS"),
    ("risks", "Risk register summary"),
    ("mitigations", "Mitigations"),
    ("limitations", "Limitations and trade-offs"),
    ("ethics", "Ethical considerations"),
    ("oversight", "Human oversight, logging and retention"),
    ("monitoring", "Monitoring and incident response"),
    ("change_log", "Change log"),
    ("standards", "Standards applied"),
    ("sign_off", "Sign-off"),
)
"""(field of :class:`~saferail.governance.system_card.SystemCard`, heading), in card order."""


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Section(_Row):
    notes: list[str] = Field(default_factory=list)


# -- 1. identity --------------------------------------------------------------------------------


class EvalRunRef(_Row):
    run_id: str
    suite: str
    suite_version: str
    status: str
    created_at: str
    finished_at: str | None
    target: str
    target_fingerprint: str
    policy_version: str | None
    """The policy the measured target ran behind (its guard's or the one the run recorded)."""


class RedTeamRunRef(_Row):
    run_id: str
    label: str
    target: str
    target_fingerprint: str
    policy_version: str | None
    created_at: str
    budget: int
    calls_used: int
    seed: int


class IdentitySection(Section):
    system_name: str | None
    system_version: str | None
    description: str | None
    owner: str | None
    target_provider: str
    target_model: str
    target_version: str | None
    target_params: str
    target_fingerprint: str
    policy_name: str
    policy_version: str
    policy_description: str
    eval_runs: list[EvalRunRef]
    redteam_runs: list[RedTeamRunRef]


# -- 2. intended use ----------------------------------------------------------------------------


class IntendedUseSection(Section):
    intended_use: str | None
    users: list[str]
    out_of_scope: list[str]
    foreseeable_misuse: list[str]


# -- 3. composition -----------------------------------------------------------------------------


class ModelRow(_Row):
    role: str
    name: str
    detail: str
    card: str | None = None
    """The packaged model card documenting it (path inside the saferail package)."""


class ToolRow(_Row):
    name: str
    description: str
    policy_action: str | None
    sink: str | None
    source: str


class GuardrailRow(_Row):
    surface: str
    check: str
    enabled: bool
    action: str
    threshold: float
    threshold_source: str
    fail_mode: str
    owasp: list[str]


class CompositionSection(Section):
    models: list[ModelRow]
    tools: list[ToolRow]
    data_sources: list[NamedItem]
    guardrails: list[GuardrailRow]
    tool_rails: list[str]


# -- 4. data ------------------------------------------------------------------------------------


class SuiteRow(_Row):
    run_id: str
    suite: str
    suite_version: str
    cases: int
    categories: list[str]


class DataSection(Section):
    data_notes: str | None
    suites: list[SuiteRow]
    redteam_goals: list[tuple[str, list[str]]]
    """(red-team run label, goal ids attacked)."""
    model_cards: list[str]


# -- 5. metrics and thresholds ------------------------------------------------------------------


class GateRow(_Row):
    run_id: str
    suite: str
    criterion: str
    passed: bool
    detail: str
    rationale: str | None


class ThresholdRow(_Row):
    surface: str
    check: str
    threshold: float
    threshold_source: str
    measured: str | None
    rationale: str | None


class ScorerRow(_Row):
    name: str
    dataset: str
    n: int
    accuracy: float
    sensitivity: float
    specificity: float
    measured_by: str


class MetricsSection(Section):
    definitions: list[tuple[str, str]]
    gates: list[GateRow]
    thresholds: list[ThresholdRow]
    scorers: list[ScorerRow]
    unmeasured_scorers: list[str]


# -- 6. disaggregated results -------------------------------------------------------------------


class MetricRow(_Row):
    name: str
    n: int
    errors: int
    pass_rate: Rate
    refusal_rate: Rate | None
    over_refusal: Rate | None
    error_rate: Rate


class RunResults(_Row):
    run_id: str
    suite: str
    target: str
    overall: MetricRow
    categories: list[MetricRow]


class ResultsSection(Section):
    runs: list[RunResults]


# -- 7. testing ---------------------------------------------------------------------------------


class StrategyRow(_Row):
    strategy: str
    attempts: int
    successes: int
    asr: Rate
    owasp: list[str]
    atlas: list[str]


class FindingRow(_Row):
    id: str
    title: str
    severity: str
    likelihood: int
    impact: int
    successes: int
    attempts: int
    owasp: list[str]
    atlas: list[str]


class RedTeamRunRows(_Row):
    run_id: str
    label: str
    asr: Rate
    strategies: list[StrategyRow]
    findings: list[FindingRow]


class FrameworkRow(_Row):
    """One OWASP item or ATLAS technique: what tested it and what each red-team run found."""

    id: str
    name: str
    strategies: list[str]
    per_run: list[str]
    """One cell per red-team run: successes/attempts and finding ids, or ``not tested``."""
    risks: list[str]


class TestingSection(Section):
    __test__ = False  # not a pytest class

    runs: list[RedTeamRunRows]
    owasp: list[FrameworkRow]
    atlas: list[FrameworkRow]


# -- 8. risks -----------------------------------------------------------------------------------


class AcceptanceRow(_Row):
    by: str
    date: str
    expires: str
    expired: bool
    rationale: str


class RiskRow(_Row):
    id: str
    title: str
    owasp: str
    nist: list[str]
    severity: str
    residual: str | None
    status: str
    owner: str
    tests: list[str]
    acceptance: AcceptanceRow | None


class CoverageRow(_Row):
    label: str
    value: str


class RisksSection(Section):
    register_name: str | None
    by_severity: list[tuple[str, int]]
    by_status: list[tuple[str, int]]
    risks: list[RiskRow]
    coverage: list[CoverageRow]
    gaps: list[str]


# -- 9. mitigations -----------------------------------------------------------------------------


class MitigationRow(_Row):
    source: str
    """``finding F-001 (run label)`` or ``risk R-01``."""
    control: str | None
    status: str
    detail: str = ""


class MitigationsSection(Section):
    rows: list[MitigationRow]


# -- 10-16 --------------------------------------------------------------------------------------


class LimitationsSection(Section):
    stated: list[str]
    trade_offs: list[str]
    measured: list[str]
    """Limitations the evidence shows, each with its numbers."""


class EthicsSection(Section):
    considerations: list[str]


class OversightSection(Section):
    human_oversight: str | None
    controls: list[str]
    logging: list[str]
    retention: str | None
    retention_days: list[tuple[str, str]]


class MonitoringSection(Section):
    monitoring: str | None
    rules: list[str]
    alert_sinks: list[str]
    contacts: list[Contact]


class ChangeLogSection(Section):
    entries: list[ChangeEntry]


class StandardsSection(Section):
    stated: list[str]
    referenced: list[str]


class ApprovalRow(_Row):
    actor: str
    role: str
    decision: str
    subject: str
    timestamp: str
    note: str
    signer: str


class SignOffSection(Section):
    verdicts: list[str]
    approvals: list[ApprovalRow]
