"""Sections 1-7 of a system card: identity, intended use, composition, data, metrics and
thresholds, disaggregated results, and safety/security testing by OWASP and ATLAS."""

from __future__ import annotations

__all__ = [
    "composition_section",
    "data_section",
    "identity_section",
    "intended_use_section",
    "metrics_section",
    "missing",
    "results_section",
    "testing_section",
]

from collections.abc import Callable

from saferail.evals.session import LoadedRun
from saferail.governance import _card_runs as runs_
from saferail.governance._card_model import (
    CompositionSection,
    DataSection,
    FrameworkRow,
    IdentitySection,
    IntendedUseSection,
    MetricsSection,
    ModelRow,
    ResultsSection,
    SuiteRow,
    TestingSection,
)
from saferail.governance._card_policy import (
    card_of,
    card_title,
    guardrail_rows,
    threshold_rows,
    tool_rail_lines,
    tool_rows,
)
from saferail.governance.card_info import CardInfo
from saferail.governance.frameworks import ATLAS_NAMES, OWASP_LLM_2025, owasp_tag
from saferail.governance.risks import RiskRegister
from saferail.policy.models import Policy
from saferail.redteam.results import RedTeamResult
from saferail.targets.base import TargetIdentity

NO_EVALS = "No evidence: no eval run was given."
NO_REDTEAM = "No evidence: no red-team run was given."

METRIC_DEFINITIONS: list[tuple[str, str]] = [
    ("pass_rate", "cases the suite's scorers judged passed, of the cases they judged"),
    ("refusal_rate", "answers the refusal scorer judged refusals, of the answers it judged"),
    ("over_refusal", "refusals of cases that expect an answer (benign requests)"),
    ("error_rate", "cases where the target or a scorer failed, of all cases"),
    ("attack success rate", "red-team attempts that achieved their goal, of all attempts"),
    ("interval", "95% Wilson score interval of each rate, from its own counts"),
]


def missing(field: str, alternative: str = "") -> str:
    """The note of a human-written part that card.yaml does not give."""
    return f"Not provided: add `{field}` to card.yaml{alternative}."


def identity_section(
    info: CardInfo,
    policy: Policy,
    target: TargetIdentity,
    evals: list[LoadedRun],
    redteams: list[RedTeamResult],
) -> IdentitySection:
    notes = [missing(f) for f in ("system_name", "version", "owner") if not getattr(info, f)]
    fingerprint = target.fingerprint()
    card_model = f"{target.provider}/{target.model}"
    refs = [runs_.eval_ref(r) for r in evals]
    for run, ref in zip(evals, refs, strict=True):
        notes += _mismatch(
            f"Eval run {ref.run_id} ({ref.suite})",
            ref.target,
            ref.policy_version,
            fingerprint in (ref.target_fingerprint, runs_.inner_fingerprint(run.info.manifest)),
            card_model,
            policy.version,
        )
    reds = [runs_.redteam_ref(r) for r in redteams]
    for result, red in zip(redteams, reds, strict=True):
        notes += _mismatch(
            f"Red-team run {red.run_id}",
            red.target,
            red.policy_version,
            fingerprint in (red.target_fingerprint, runs_.inner_fingerprint(result.manifest)),
            card_model,
            policy.version,
            bare_ok=True,
        )
    notes += [NO_EVALS] if not evals else []
    notes += [NO_REDTEAM] if not redteams else []
    return IdentitySection(
        notes=notes,
        system_name=info.system_name,
        system_version=info.version,
        description=info.description,
        owner=info.owner,
        target_provider=target.provider,
        target_model=target.model,
        target_version=target.version,
        target_params=runs_.params_text(dict(target.params)),
        target_fingerprint=fingerprint,
        policy_name=policy.name,
        policy_version=policy.version,
        policy_description=policy.description.strip(),
        eval_runs=refs,
        redteam_runs=reds,
    )


def _mismatch(
    what: str,
    measured: str,
    measured_policy: str | None,
    same_target: bool,
    card_model: str,
    card_policy: str,
    *,
    bare_ok: bool = False,
) -> list[str]:
    out = []
    if not same_target:
        out.append(
            f"{what} measured {measured}, not this card's target {card_model}: "
            "its results describe that target."
        )
    if measured_policy is None and not bare_ok:
        out.append(f"{what} recorded no policy: it measured the target without this card's policy.")
    elif measured_policy is not None and measured_policy != card_policy:
        out.append(f"{what} measured policy {measured_policy}, not this card's {card_policy}.")
    return out


def intended_use_section(info: CardInfo) -> IntendedUseSection:
    fields = ("intended_use", "users", "out_of_scope", "foreseeable_misuse")
    return IntendedUseSection(
        notes=[missing(f) for f in fields if not getattr(info, f)],
        intended_use=info.intended_use,
        users=list(info.users),
        out_of_scope=list(info.out_of_scope),
        foreseeable_misuse=list(info.foreseeable_misuse),
    )


def _scorers_used(evals: list[LoadedRun]) -> list[str]:
    return sorted(
        {str(s.get("name")) for r in evals for s in r.info.manifest.get("scorers", []) if s}
    )


def _model_rows(policy: Policy, target: TargetIdentity, evals: list[LoadedRun]) -> list[ModelRow]:
    detail = f"version {target.version}" if target.version else "version not recorded"
    params = runs_.params_text(dict(target.params))
    rows = [
        ModelRow(
            role="target model",
            name=f"{target.provider}/{target.model}",
            detail=f"{detail}; params {params}" if params else detail,
        )
    ]
    checks = sorted({r.check for r in guardrail_rows(policy) if r.enabled})
    for role, names in (("guardrail model", checks), ("eval scorer model", _scorers_used(evals))):
        for name in names:
            card = card_of(name)
            if card is not None:
                title = card_title(card.rsplit("/", 1)[1]) or ""
                rows.append(ModelRow(role=role, name=name, detail=title, card=card))
    return rows


def composition_section(
    info: CardInfo, policy: Policy, target: TargetIdentity, evals: list[LoadedRun]
) -> CompositionSection:
    notes = []
    tools = tool_rows(policy, info)
    if not tools:
        notes.append(
            "Not provided: the policy has no tool catalog and card.yaml lists no `tools` "
            "(add them if the system calls tools)."
        )
    if not info.data_sources:
        notes.append(missing("data_sources"))
    guardrails = guardrail_rows(policy)
    if not guardrails:
        notes.append("No guardrails: the policy configures no check on any surface.")
    return CompositionSection(
        notes=notes,
        models=_model_rows(policy, target, evals),
        tools=tools,
        data_sources=list(info.data_sources),
        guardrails=guardrails,
        tool_rails=tool_rail_lines(policy),
    )


def data_section(
    info: CardInfo,
    evals: list[LoadedRun],
    redteams: list[RedTeamResult],
    composition: CompositionSection,
) -> DataSection:
    notes = [] if info.data_notes else [missing("data_notes")]
    if not evals:
        notes.append("No evidence: no eval run was given, so no evaluation data is listed.")
    if not redteams:
        notes.append("No evidence: no red-team run was given, so no attack goals are listed.")
    suites = [
        SuiteRow(
            run_id=r.info.run_id,
            suite=r.info.suite_name,
            suite_version=r.info.suite_version,
            cases=r.metrics.n,
            categories=list(r.metrics.categories),
        )
        for r in evals
    ]
    return DataSection(
        notes=notes,
        data_notes=info.data_notes,
        suites=suites,
        redteam_goals=[(runs_.redteam_label(r), list(r.goals)) for r in redteams],
        model_cards=sorted({m.card for m in composition.models if m.card}),
    )


def metrics_section(info: CardInfo, policy: Policy, evals: list[LoadedRun]) -> MetricsSection:
    notes: list[str] = [] if evals else [NO_EVALS]
    gates = []
    for run in evals:
        rows, note = runs_.gate_rows(run, dict(info.rationale))
        gates += rows
        notes += [f"No gate: {note}."] if note else []
    unexplained = sum(1 for g in gates if g.rationale is None)
    if unexplained:
        notes.append(
            f"Not provided: a rationale for {unexplained} of {len(gates)} gate criteria "
            "(add them under `rationale:` in card.yaml, keyed by the criterion text)."
        )
    thresholds = threshold_rows(policy, info)
    bare = [f"{t.surface}.{t.check}" for t in thresholds if not t.measured and not t.rationale]
    if bare:
        notes.append(
            "No measured accuracy on record and no rationale for the thresholds of "
            + ", ".join(bare)
            + " (add them under `rationale:` in card.yaml, keyed by the check name)."
        )
    scorers, unmeasured = runs_.scorer_rows(evals)
    if unmeasured:
        notes.append(
            "No measured accuracy for the scorers "
            + ", ".join(unmeasured)
            + ": their verdicts are taken as given."
        )
    return MetricsSection(
        notes=notes,
        definitions=METRIC_DEFINITIONS,
        gates=gates,
        thresholds=thresholds,
        scorers=scorers,
        unmeasured_scorers=unmeasured,
    )


def results_section(evals: list[LoadedRun]) -> ResultsSection:
    return ResultsSection(
        notes=[] if evals else [NO_EVALS], runs=[runs_.eval_results(r) for r in evals]
    )


KeysOf = Callable[[str, RedTeamResult], list[str]]
"""The OWASP tags (or ATLAS ids) of a strategy as run in a red-team result."""


def _cell(result: RedTeamResult, key: str, keys_of: KeysOf) -> str:
    """What one red-team run shows for one OWASP item or ATLAS technique."""
    chosen = [s for s in result.strategies if key in keys_of(s.strategy, result)]
    found = [f for f in result.findings if key in (*f.tags, *f.atlas)]
    if not chosen and not found:
        return "not tested"
    parts = []
    if chosen:
        wins = sum(s.successes for s in chosen)
        tries = sum(s.attempts for s in chosen)
        parts.append(f"{wins}/{tries} attempts succeeded")
    ids = ", ".join(f"{f.id} ({f.severity.value})" for f in found)
    parts.append(f"findings {ids}" if found else "no finding")
    return "; ".join(parts)


def _framework_rows(
    ids: list[tuple[str, str, str]],
    redteams: list[RedTeamResult],
    keys_of: KeysOf,
    risks_of: Callable[[str], list[str]],
) -> list[FrameworkRow]:
    """One row per (key, shown id, name): strategies tagged with it and each run's cell."""
    return [
        FrameworkRow(
            id=shown,
            name=name,
            strategies=sorted(
                {
                    s.strategy
                    for r in redteams
                    for s in r.strategies
                    if key in keys_of(s.strategy, r)
                }
            ),
            per_run=[_cell(r, key, keys_of) for r in redteams],
            risks=risks_of(shown),
        )
        for key, shown, name in ids
    ]


def testing_section(redteams: list[RedTeamResult], register: RiskRegister | None) -> TestingSection:
    risks = list(register.risks) if register is not None else []

    def owasp_keys(name: str, result: RedTeamResult) -> list[str]:
        return runs_.strategy_tags(name, result)[0]

    def atlas_keys(name: str, result: RedTeamResult) -> list[str]:
        return runs_.strategy_tags(name, result)[1]

    owasp_ids = [(owasp_tag(item), item, name) for item, name in OWASP_LLM_2025.items()]
    atlas_seen = {a for r in redteams for s in r.strategies for a in atlas_keys(s.strategy, r)}
    atlas_seen |= {a for r in redteams for f in r.findings for a in f.atlas}
    atlas_seen |= {a for risk in risks for a in risk.atlas}
    atlas_ids = [(a, a, ATLAS_NAMES.get(a, "")) for a in sorted(atlas_seen)]
    notes = [] if redteams else [NO_REDTEAM]
    return TestingSection(
        notes=notes,
        runs=[runs_.redteam_rows(r) for r in redteams],
        owasp=_framework_rows(
            owasp_ids, redteams, owasp_keys, lambda item: [k.id for k in risks if k.owasp == item]
        ),
        atlas=_framework_rows(
            atlas_ids, redteams, atlas_keys, lambda a: [k.id for k in risks if a in k.atlas]
        ),
    )
