"""The plan as Markdown: risks, evaluations, release criteria, monitoring, rollback, skeleton.

The text is deterministic (no dates, sorted tables), so a plan regenerated from the same
feature and saferail version is byte-identical and diffs show real changes.
"""

from __future__ import annotations

__all__ = ["render_markdown"]

from saferail import __version__
from saferail.governance.frameworks import ATLAS_NAMES
from saferail.plan.builder import Plan
from saferail.redteam.severity import LIKELIHOOD_NAMES

_IMPACT = {1: "low", 2: "medium", 3: "high", 4: "critical"}


def _line(text: str) -> str:
    """``text`` on one line (a line break in a feature's value would end a list item or
    start a heading of its own)."""
    return " ".join(text.splitlines())


def _cell(text: str) -> str:
    return _line(text.replace("|", "\\|"))


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return [*out, ""]


def _feature(plan: Plan) -> list[str]:
    f = plan.feature
    tools = ", ".join(f"`{t.name}` ({t.side_effects})" for t in f.tools) or "none"
    sources = ", ".join(f"`{s.name}` ({s.trust})" for s in f.retrieval) or "none"
    d = f.deployment
    rows = [
        ["surface", f.surface],
        ["users", ", ".join(f.users)],
        ["data", ", ".join(f.data) or "none declared"],
        ["tools", tools],
        ["retrieval", sources],
        ["languages", ", ".join(f.languages)],
        ["deployment", f"{d.exposure}, model {d.model}, {d.rollout} rollout"],
    ]
    return [
        "## Feature",
        "",
        _cell(f.description) or "(no description)",
        "",
        *_table(["", ""], rows),
    ]


def _risks(plan: Plan) -> list[str]:
    rows = []
    for r in plan.risks:
        nist = "; ".join(name for _, name in r.nist)
        atlas = ", ".join(f"{a} {ATLAS_NAMES.get(a, '')}".strip() for a in r.atlas)
        rating = f"**{r.severity.value}** ({LIKELIHOOD_NAMES[r.likelihood]} x {_IMPACT[r.impact]})"
        rows.append([r.id, f"{r.owasp} {r.owasp_name}", nist, atlas, rating, "; ".join(r.reasons)])
    head = ["risk", "OWASP LLM 2025", "NIST AI 600-1", "MITRE ATLAS", "severity", "why it applies"]
    lines = ["## Applicable risks", "", *_table(head, rows)]
    lines += ["Mitigations the policy skeleton applies or that must be in place:", ""]
    lines += [f"- {r.id}: {', '.join(r.mitigations) or 'none listed'}" for r in plan.risks]
    return [*lines, ""]


def _evaluations(plan: Plan) -> list[str]:
    suites = [
        [f"`{s.name}`", str(s.cases), ", ".join(s.risks), s.severity.value] for s in plan.suites
    ]
    strategies = [
        [
            f"`{s.name}`",
            ", ".join(s.tags),
            ", ".join(s.atlas),
            "yes" if s.multi_turn else "no",
            ", ".join(s.risks),
        ]
        for s in plan.strategies
    ]
    names = ",".join(s.name for s in plan.strategies)
    lines = ["## Evaluations", "", "### Built-in suites (run in full for the release)", ""]
    lines += _table(["suite", "cases", "risks", "worst severity"], suites)
    lines += ["### Red-team strategies", ""]
    lines += _table(["strategy", "OWASP", "ATLAS", "multi-turn", "risks"], strategies)
    lines += ["```console"]
    lines += [f"$ saferail eval {s.name} --target TARGET --policy policy.yaml" for s in plan.suites]
    if names:
        lines.append(
            f"$ saferail redteam --target TARGET --policy policy.yaml --strategies {names}"
        )
    lines += ["```", "", "### Feature-specific cases (in the skeleton suite)", ""]
    lines += [
        f"- `{c.id}` ({c.category}, expected `{c.expected.value}`)"
        for c in plan.cases
        if c.category.startswith("feature_")
    ]
    if plan.gaps:
        lines += ["", "### Gaps", ""] + [f"- {g}" for g in plan.gaps]
    return [*lines, ""]


def _criteria(plan: Plan) -> list[str]:
    lines = ["## Pass/fail criteria (release gate)", ""]
    lines += [
        "Every criterion below must hold; `x.low` / `x.high` is the 95% Wilson bound, "
        "`no_regression` compares with the last released run (`--baseline RUN`).",
        "",
    ]
    for s in plan.suites:
        lines.append(f"- `{s.name}`: " + ", ".join(f"`{c}`" for c in s.criteria))
    gates = [
        "$ saferail gate RUN --baseline BASE " + " ".join(f"-c '{c}'" for c in s.criteria)
        for s in plan.suites
    ]
    lines.append(
        "- skeleton suite (`suite.yaml`): " + ", ".join(f"`{c}`" for c in plan.skeleton_gate)
    )
    if plan.strategies:
        lines.append(
            "- red team: no open finding of severity high or critical behind `policy.yaml`."
        )
    lines.append("- supply chain: `saferail bom verify bom.cdx.json` exits 0 on the release host.")
    lines += [
        "",
        "Gate each suite's run (RUN: the run id `saferail eval` prints; BASE: the last "
        "released run of that suite):",
        "",
        "```console",
        *gates,
        "```",
    ]
    return [*lines, ""]


def _monitoring(plan: Plan) -> list[str]:
    rows = [[f"`{r.kpi}`", f"`{r.name}`", r.detector, r.severity, r.why] for r in plan.alert_rules]
    by = ", ".join(plan.alerts["by"])
    lines = ["## Monitoring", ""]
    lines += [
        f"KPIs reported hourly by {by}: " + ", ".join(f"`{k}`" for k in plan.alerts["kpis"]),
        "",
    ]
    lines += _table(["KPI", "alert rule", "detector", "severity", "why"], rows)
    lines += ["The rules are in `alerts.yaml`; run them over the event store:", ""]
    lines += ["```console", "$ saferail monitor --events EVENTS --rules alerts.yaml --since 7d"]
    return [*lines, "```", ""]


def render_markdown(plan: Plan) -> str:
    """The whole plan as Markdown text."""
    f = plan.feature
    lines = [
        f"# Safety evaluation plan: {f.name}",
        "",
        f"Generated by saferail {__version__} `saferail plan`. Risks come from saferail's "
        "risk register template (OWASP LLM Top 10 2025, NIST AI 600-1, MITRE ATLAS), rated "
        "for this feature.",
        "",
        *_feature(plan),
        *_risks(plan),
        *_evaluations(plan),
        *_criteria(plan),
        *_monitoring(plan),
        "## Rollback plan",
        "",
        *[f"{i}. {_line(step)}" for i, step in enumerate(plan.rollback, 1)],
        "",
        "## Skeleton",
        "",
        "- `suite.yaml` + `cases.jsonl`: "
        f"{len(plan.cases)} cases sampled from the built-in suites and written for this "
        "feature, with the gate above;",
        "- `policy.yaml`: the default policy plus the checks these risks call for;",
        "- `alerts.yaml`: the alert rules above.",
        "",
        "```console",
        "$ saferail eval suite.yaml --target TARGET --policy policy.yaml",
        "$ saferail policy validate policy.yaml",
        "```",
        "",
    ]
    return "\n".join(lines)
