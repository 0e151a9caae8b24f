"""Triage signals, taxonomy labels and the severity suggestion.

Signals use the failure taxonomy's vocabulary (:mod:`saferail.governance.taxonomy`):

- ``failed:<expected>`` and ``scorer:<name>`` of the failed sends
  (:func:`~saferail.governance.taxonomy.signals_from_case`; errored sends give none);
- ``output:<category>`` for what the guard's output checks (``pii``, ``secret``,
  ``exfiltration``, ``system_prompt_leak``, ``toxicity``) find in the failing answers;
- ``input:<category>`` for what the trained input detectors (``harmful_request`` with its
  hazard subcategory, ``jailbreak``, ``prompt_injection``, ``toxicity``) find in the reported
  prompt (``retrieval:`` for its documents). Input signals describe the attack, not the
  failure: they match no label, and are kept in the report as context.

Every check runs at its own default threshold; one that cannot load is skipped.
"""

from __future__ import annotations

__all__ = [
    "DETECTORS",
    "OUTPUT_CHECKS",
    "detect",
    "labels_for",
    "output_signals",
    "rate_severity",
]

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from saferail.checks.base import Check, CheckInput
from saferail.checks.canonical import canonicalize
from saferail.checks.registry import get_check
from saferail.errors import SaferailError
from saferail.governance._triage_model import SeverityRating
from saferail.governance.taxonomy import classify
from saferail.redteam.goals import Impact
from saferail.redteam.severity import LIKELIHOOD_NAMES, likelihood, severity_of

DETECTORS = ("harmful_request", "jailbreak", "prompt_injection", "toxicity")
OUTPUT_CHECKS = ("pii", "secret", "exfiltration", "system_prompt_leak", "toxicity")
_SURFACES = {"prompt": "input", "documents": "retrieval"}


@cache
def _check(name: str) -> Check | None:
    try:
        return get_check(name)()
    except (SaferailError, OSError, ValueError):
        return None


def detect(texts: Iterable[Mapping[str, str]]) -> list[dict[str, Any]]:
    """Detector findings at or above each detector's default threshold, highest score
    first. Each item of ``texts`` maps ``prompt``/``documents`` to a text; a finding names
    the item's ``index``, ``where`` it was found, the check, category, score and (for
    harmful requests) the hazard in ``entity_type``."""
    out: list[dict[str, Any]] = []
    for index, item in enumerate(texts):
        for where, text in item.items():
            surface = _SURFACES.get(where, "input")
            data = CheckInput(text=text, canonical=canonicalize(text), surface=surface)
            for name in DETECTORS:
                check = _check(name)
                if check is None or surface not in check.surfaces:
                    continue
                for f in check.run(data):
                    if f.score >= check.default_threshold:
                        out.append(
                            {
                                "index": index,
                                "where": where,
                                "check": f.check,
                                "category": f.category,
                                "score": round(f.score, 4),
                                "entity_type": f.entity_type,
                            }
                        )
    out.sort(key=lambda f: (-f["score"], f["index"], f["check"]))
    return out


def output_signals(replies: Iterable[str], system_prompt: str | None) -> list[str]:
    """``output:<category>`` for the output checks' findings on the failing answers."""
    out: list[str] = []
    for reply in dict.fromkeys(replies):
        data = CheckInput(
            text=reply, canonical=canonicalize(reply), surface="output", system_prompt=system_prompt
        )
        for name in OUTPUT_CHECKS:
            check = _check(name)
            if check is None:
                continue
            if any(f.score >= check.default_threshold for f in check.run(data)):
                out.append(f"output:{check.categories[0]}")
    return list(dict.fromkeys(out))


def labels_for(signals: Iterable[str]) -> tuple[list[dict[str, Any]], list[str]]:
    """(labels, unmatched signals): the taxonomy labels the signals map to, most severe
    first, each with its name, default severity, OWASP/NIST mappings and its signals."""
    found = classify(signals)
    labels = [
        {
            "id": m.label.id,
            "name": m.label.name,
            "severity": m.label.severity.value,
            "owasp": list(m.label.owasp),
            "nist": list(m.label.nist),
            "signals": list(m.signals),
        }
        for m in found.labels
    ]
    return labels, list(found.unmatched)


def rate_severity(
    failures: int, runs: int, impact: Impact, *, multi_turn: bool = False, impact_source: str = ""
) -> SeverityRating:
    """The red-team rubric applied to a reproduction: likelihood from the failure rate
    (one level less for a multi-turn repro) times the impact."""
    lik = likelihood(failures, runs, multi_turn=multi_turn)
    score = lik * impact.level
    turns = ", multi-turn: one level less" if multi_turn else ""
    return SeverityRating(
        severity=severity_of(score),
        likelihood=lik,
        likelihood_name=LIKELIHOOD_NAMES[lik],
        impact=impact,
        score=score,
        impact_source=impact_source,
        rationale=(
            f"failed {failures}/{runs} -> likelihood {lik} ({LIKELIHOOD_NAMES[lik]}{turns}) "
            f"x impact {impact.level} ({impact.value}) = {score}"
        ),
    )
