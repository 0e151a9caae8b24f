"""What a system card reads from the policy and the packaged artifacts: guardrails per
surface with their thresholds, the measured accuracy behind the thresholds of the trained
detectors (held-out figures stored in each model artifact), the tool rails, the model cards
of saferail's own models, and the human-oversight controls the policy configures."""

from __future__ import annotations

__all__ = [
    "ARTIFACT_CARDS",
    "card_of",
    "card_title",
    "guardrail_rows",
    "oversight_controls",
    "threshold_rows",
    "tool_rail_lines",
    "tool_rows",
]

from functools import cache
from importlib import resources
from typing import Any

from saferail.checks.base import SURFACES
from saferail.checks.registry import available_checks
from saferail.governance._card_model import GuardrailRow, ThresholdRow, ToolRow
from saferail.governance.card_info import CardInfo
from saferail.policy.models import Policy

ARTIFACT_CARDS: dict[str, tuple[str, ...]] = {
    "MODEL_CARD.md": ("prompt_injection", "jailbreak", "harmful_request", "toxicity"),
    "grounding.md": ("ungrounded", "citation"),
    "SCORERS.md": ("refusal", "harmful_response"),
}
"""Model cards under ``saferail/data/models/`` -> the checks or scorers whose models they
document."""


@cache
def card_title(name: str) -> str | None:
    """The first heading of a packaged model card (``None``: not in this installation)."""
    try:
        text = (resources.files("saferail") / "data" / "models" / name).read_text("utf-8")
    except (FileNotFoundError, OSError):
        return None
    first = next((line for line in text.splitlines() if line.startswith("#")), name)
    return first.lstrip("#").strip()


def card_of(component: str) -> str | None:
    """The packaged model card path documenting a check's or scorer's model."""
    for card, names in ARTIFACT_CARDS.items():
        if component in names and card_title(card) is not None:
            return f"saferail/data/models/{card}"
    return None


def _configured(policy: Policy) -> list[tuple[str, str, Any]]:
    return [
        (surface, name, cfg)
        for surface in SURFACES
        for name, cfg in policy.surface(surface).checks.items()
    ]


def _threshold(name: str, cfg: Any) -> tuple[float, str]:
    cls = available_checks().get(name)
    if cfg.threshold is not None:
        return float(cfg.threshold), "policy"
    return (float(cls.default_threshold), "check default") if cls else (0.5, "check default")


def guardrail_rows(policy: Policy) -> list[GuardrailRow]:
    rows = []
    for surface, name, cfg in _configured(policy):
        cls = available_checks().get(name)
        threshold, source = _threshold(name, cfg)
        rows.append(
            GuardrailRow(
                surface=surface,
                check=name,
                enabled=cfg.enabled,
                action=cfg.action,
                threshold=threshold,
                threshold_source=source,
                fail_mode=cfg.fail_mode,
                owasp=sorted(t for t in (cls.tags if cls else ()) if t.startswith("owasp:")),
            )
        )
    return rows


def _heldout(name: str) -> dict[str, Any] | None:
    """Held-out figures stored in a trained detector's artifact (``None``: not a detector)."""
    model_name = getattr(available_checks().get(name), "model_name", None)
    if not isinstance(model_name, str):
        return None
    from saferail.detectors.model import load_model

    try:
        report = load_model(model_name).meta.get("report", {})
    except OSError:
        return None
    held = report.get("heldout") if isinstance(report, dict) else None
    return held if isinstance(held, dict) and "recall" in held else None


def _measured(name: str, threshold: float) -> str | None:
    held = _heldout(name)
    if held is None:
        return None
    at = float(held.get("threshold", threshold))
    text = (
        f"held-out recall {held['recall']:.3f}, false-positive rate {held['fpr']:.4f}, "
        f"ROC-AUC {held.get('roc_auc', float('nan')):.3f} ({held.get('n_pos', '?')} positive, "
        f"{held.get('n_neg', '?')} benign texts) at threshold {at:.3f}"
    )
    if abs(at - threshold) > 1e-6:
        text += f"; the policy uses {threshold:.3f}, where these figures do not apply"
    return text


def threshold_rows(policy: Policy, info: CardInfo) -> list[ThresholdRow]:
    rows = []
    for surface, name, cfg in _configured(policy):
        if not cfg.enabled:
            continue
        threshold, source = _threshold(name, cfg)
        rows.append(
            ThresholdRow(
                surface=surface,
                check=name,
                threshold=threshold,
                threshold_source=source,
                measured=_measured(name, threshold),
                rationale=info.rationale.get(f"{surface}.{name}") or info.rationale.get(name),
            )
        )
    return rows


def tool_rows(policy: Policy, info: CardInfo) -> list[ToolRow]:
    """Tools from the policy's catalog and from card.yaml, merged by name."""
    catalog = policy.tools.catalog if policy.tools is not None else {}
    described = {t.name: t.description for t in info.tools}
    rows = []
    for name in sorted(set(catalog) | set(described)):
        rule = catalog.get(name)
        sources = [
            s for s, present in (("policy", rule), ("card.yaml", name in described)) if present
        ]
        rows.append(
            ToolRow(
                name=name,
                description=described.get(name) or (rule.description if rule else ""),
                policy_action=None if rule is None else rule.action,
                sink=None if rule is None else rule.sink,
                source=" + ".join(sources),
            )
        )
    return rows


def tool_rail_lines(policy: Policy) -> list[str]:
    tools = policy.tools
    if tools is None:
        return []
    lines = [f"Tools not in the catalog: {tools.unlisted}."]
    if tools.roles:
        lines.append(
            "Role allowlists: "
            + "; ".join(f"{r}: {', '.join(g)}" for r, g in tools.roles.items())
            + "."
        )
    taint = tools.taint
    state = f"on ({taint.action} on a violation)" if taint.enabled else "off"
    lines.append(f"Taint tracking of untrusted content into tool calls: {state}.")
    return lines


def oversight_controls(policy: Policy) -> list[str]:
    """Where the policy puts a person in the loop, or lets one see what happened."""
    out: list[str] = []
    tools = policy.tools
    if tools is not None:
        escalating = sorted(
            name
            for name, rule in tools.catalog.items()
            if "escalate" in (rule.action, rule.on_violation, rule.tainted_action)
        )
        if tools.unlisted == "escalate":
            escalating.append("(tools not in the catalog)")
        if tools.taint.enabled and tools.taint.action == "escalate":
            escalating.append("(taint violations)")
        if escalating:
            who = (
                f"approver {tools.approver.name!r}"
                if tools.approver is not None
                else "no approver configured, so escalations are denied"
            )
            out.append(f"Tool calls escalated to a person: {', '.join(escalating)} ({who}).")
    flagged = sorted(
        {
            f"{s}.{n}"
            for s, n, cfg in _configured(policy)
            if cfg.enabled and cfg.action in ("warn", "log")
        }
    )
    if flagged:
        out.append(
            "Findings reported but not blocked (warn/log, for review): " + ", ".join(flagged) + "."
        )
    return out
