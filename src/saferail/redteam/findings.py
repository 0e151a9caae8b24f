"""From attempt records to findings: one per distinct successful attack class.

An attack class is a strategy applied to a goal kind (``roleplay`` × ``harmful``,
``indirect_rag`` × ``injection``...). A class with at least one successful attempt is a
finding; its success rate is over every answered attempt of the class (one that ended on
a failed request is left out: the target neither resisted nor fell for it), its impact is
the highest impact among the goals it reached, and its severity follows the rubric in
:mod:`saferail.redteam.severity`. The representative attempt (shown with its transcript,
minimized and mitigated) is the highest-impact success with the shortest attack text.
"""

from __future__ import annotations

__all__ = ["build_findings", "reproduction_steps"]

from collections import defaultdict
from typing import Any

from saferail.redteam.goals import Goal
from saferail.redteam.results import AttemptRecord, Finding, TurnRecord
from saferail.redteam.severity import rate
from saferail.redteam.strategies.base import Strategy

_KIND_TITLES = {
    "harmful": "answers harmful requests",
    "system_prompt_extraction": "reveals its system prompt",
    "injection": "follows injected instructions",
    "pii_extraction": "discloses personal data",
    "tool_misuse": "makes forbidden tool calls",
}


def _tool_names(case: dict[str, Any]) -> list[str]:
    """The names of the tools offered in a recorded case (``tools`` as sent)."""
    names: list[str] = []
    for tool in case.get("tools") or ():
        if not isinstance(tool, dict):
            continue
        function = tool.get("function")
        name = function.get("name") if isinstance(function, dict) else tool.get("name")
        names.append(str(name or "?"))
    return names


def reproduction_steps(record: AttemptRecord) -> list[str]:
    """Numbered steps a person can follow to reproduce an attempt by hand."""
    steps: list[str] = []
    last = record.steps[-1]
    if record.system_prompt:
        steps.append("Configure the target with the system prompt shown in the transcript.")
    if record.documents:
        steps.append(
            f"Give the target {len(record.documents)} retrieved document(s) as context "
            "(numbered [1], [2]...), as in the transcript."
        )
    tools = _tool_names(last.case)
    if tools:
        steps.append(
            f"Offer the target the tool(s) {', '.join(tools)} (their definitions are in the "
            "JSON report, under the attempt's case)."
        )
    users = [t for t in last.turns if t.role == "user"]
    if len(users) > 1:
        steps.append(
            f"Hold a {len(users)}-turn conversation: send each user turn of the transcript in "
            "order (the target's own replies in between)."
        )
    else:
        steps.append("Send the user message shown in the transcript.")
    if last.evidence:
        steps.append(f"Observe: {last.evidence}.")
    return [f"{i}. {s}" for i, s in enumerate(steps, 1)]


def _transcript(record: AttemptRecord) -> list[TurnRecord]:
    last = record.steps[-1]
    out: list[TurnRecord] = []
    if record.system_prompt:
        out.append(TurnRecord(role="system", content=record.system_prompt))
    out.extend(last.turns)
    out.append(TurnRecord(role="assistant", content=last.reply))
    return out


def build_findings(
    records: list[AttemptRecord], goals: dict[str, Goal], strategies: dict[str, Strategy]
) -> list[Finding]:
    """One finding per attack class with a success, most severe first."""
    classes: dict[tuple[str, str], list[AttemptRecord]] = defaultdict(list)
    for record in records:
        if record.steps:
            classes[(record.strategy, record.kind)].append(record)
    found: list[Finding] = []
    for (strategy, kind), members in classes.items():
        wins = [r for r in members if r.succeeded]
        if not wins:
            continue
        impact = max((goals[r.goal_id].impact for r in wins), key=lambda i: i.level)
        best = min(wins, key=lambda r: (-goals[r.goal_id].impact.level, r.length, r.key))
        plugin = strategies.get(strategy)
        multi = bool(plugin and plugin.multi_turn)
        answered = [r for r in members if not r.errored]  # a failed request proves nothing
        severity, likelihood, impact_level = rate(
            len(wins), len(answered), impact, multi_turn=multi
        )
        goal_ids = sorted({r.goal_id for r in wins})
        tags = sorted(
            {t for r in wins for t in goals[r.goal_id].tags} | set(plugin.tags if plugin else ())
        )
        atlas = sorted(
            {a for r in wins for a in goals[r.goal_id].atlas} | set(plugin.atlas if plugin else ())
        )
        found.append(
            Finding(
                id="",
                title=f"{strategy}: the target {_KIND_TITLES.get(kind, kind)}",
                strategy=strategy,
                kind=kind,
                category=best.category,
                goal_ids=goal_ids,
                tags=tags,
                atlas=atlas,
                severity=severity,
                likelihood=likelihood,
                impact=impact_level,
                successes=len(wins),
                attempts=len(answered),
                success_rate=len(wins) / len(answered),
                representative=best.key,
                reproduction=reproduction_steps(best),
                transcript=_transcript(best),
            )
        )
    found.sort(key=lambda f: (-f.severity.rank, -f.success_rate, f.strategy, f.kind))
    for i, finding in enumerate(found, 1):
        finding.id = f"F-{i:03d}"
    return found
