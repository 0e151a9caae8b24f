"""Redaction of a red-team result before it is shown or shared.

Every text the attacker or the target produced (turns, replies, planted documents, system
prompts, tool-call arguments, scorer evidence) goes through the eval reports'
:class:`~saferail.reports.Redactor` (the project's ``pii`` and ``secret`` checks), after the
run's canaries are masked as ``<CANARY>``: a canary is the secret the attack extracts, and no
generic detector knows it. Texts are then truncated; texts of harmful-request attacks (the
harmful objective and whatever the target answered to it) are cut much shorter.

Redaction makes a *copy* of the result; the result itself (and the regression suite built
from it) keeps the full texts.
"""

from __future__ import annotations

__all__ = ["CANARY_MASK", "TextMasker", "collect_canaries", "redact_result"]

import re
from collections.abc import Iterable
from typing import Any

from saferail.redteam.results import (
    AttemptRecord,
    Finding,
    Mitigation,
    RedTeamResult,
    Repro,
    StepRecord,
    TurnRecord,
)
from saferail.reports import Redactor
from saferail.reports._view import safe_spec

CANARY_MASK = "<CANARY>"
HARMFUL_KIND = "harmful"
_MIN_CANARY = 3
_CASE_TEXT_KEYS = ("prompt", "system_prompt", "canary", "reference")


def collect_canaries(result: RedTeamResult) -> list[str]:
    """Every canary named by a case of the run (steps and repros), longest first."""
    found: set[str] = set()
    cases = [s.case for a in result.attempts for s in a.steps]
    cases += [f.repro.case for f in result.findings if f.repro is not None]
    for case in cases:
        canary = case.get("canary")
        if isinstance(canary, str) and len(canary.strip()) >= _MIN_CANARY:
            found.add(canary.strip())
    return sorted(found, key=lambda c: (-len(c), c))


class TextMasker:
    """Masks canaries, redacts personal data and credentials, and truncates.

    ``max_chars`` bounds every text; ``harmful_chars`` bounds texts of harmful-request
    attacks. Identical texts are scanned once.
    """

    def __init__(
        self, canaries: Iterable[str] = (), *, max_chars: int = 600, harmful_chars: int = 160
    ) -> None:
        if max_chars < 1 or harmful_chars < 1:
            raise ValueError("max_chars and harmful_chars must be at least 1")
        words = sorted({c for c in canaries if len(c) >= _MIN_CANARY}, key=lambda c: (-len(c), c))
        self._canary = (
            re.compile("|".join(re.escape(c) for c in words), re.IGNORECASE) if words else None
        )
        self._redactor = Redactor(enabled=True, max_chars=max_chars)
        self._short = Redactor(enabled=False, max_chars=min(harmful_chars, max_chars))
        self._long = Redactor(enabled=False, max_chars=max_chars)

    def canaries(self, text: str) -> str:
        """``text`` with the run's canaries (any letter case) replaced by ``<CANARY>``."""
        return text if self._canary is None else self._canary.sub(CANARY_MASK, text)

    def clean(self, text: str) -> str:
        """Canaries masked, personal data and credentials redacted; not truncated."""
        return self._redactor.clean(self.canaries(text))

    def __call__(self, text: str, *, harmful: bool = False) -> str:
        """:meth:`clean`, then truncated (shorter when ``harmful``)."""
        return (self._short if harmful else self._long)(self.clean(text))

    def deep(self, value: Any, *, harmful: bool = False) -> Any:
        """Every string inside ``value`` (dicts, lists) masked; other values as they are."""
        if isinstance(value, str):
            return self(value, harmful=harmful)
        if isinstance(value, dict):
            return {k: self.deep(v, harmful=harmful) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.deep(v, harmful=harmful) for v in value]
        return value


def _turns(turns: list[TurnRecord], mask: TextMasker, harmful: bool) -> list[TurnRecord]:
    return [TurnRecord(role=t.role, content=mask(t.content, harmful=harmful)) for t in turns]


def _case(case: dict[str, Any], mask: TextMasker, harmful: bool) -> dict[str, Any]:
    out = dict(case)
    for key in _CASE_TEXT_KEYS:
        if isinstance(out.get(key), str):
            out[key] = mask(out[key], harmful=harmful)
    for key in ("messages", "context"):
        if isinstance(out.get(key), list):
            out[key] = mask.deep(out[key], harmful=harmful)
    return out


def _step(step: StepRecord, mask: TextMasker, harmful: bool) -> StepRecord:
    return step.model_copy(
        update={
            "case": _case(step.case, mask, harmful),
            "turns": _turns(step.turns, mask, harmful),
            "reply": mask(step.reply, harmful=harmful),
            "tool_calls": mask.deep(step.tool_calls),
            "evidence": mask(step.evidence),
            "error": None if step.error is None else mask(step.error),
        }
    )


def _attempt(record: AttemptRecord, mask: TextMasker) -> AttemptRecord:
    harmful = record.kind == HARMFUL_KIND
    return record.model_copy(
        update={
            "system_prompt": None if record.system_prompt is None else mask(record.system_prompt),
            "documents": [mask(d, harmful=harmful) for d in record.documents],
            "steps": [_step(s, mask, harmful) for s in record.steps],
        }
    )


def _repro(repro: Repro, mask: TextMasker, harmful: bool) -> Repro:
    return repro.model_copy(
        update={
            "case": _case(repro.case, mask, harmful),
            "turns": _turns(repro.turns, mask, harmful),
            "system_prompt": None if repro.system_prompt is None else mask(repro.system_prompt),
            "documents": [mask(d, harmful=harmful) for d in repro.documents],
        }
    )


def _mitigation(m: Mitigation, mask: TextMasker) -> Mitigation:
    return m.model_copy(update={"detail": mask(m.detail)})


def _finding(f: Finding, mask: TextMasker) -> Finding:
    harmful = f.kind == HARMFUL_KIND
    return f.model_copy(
        update={
            "title": mask.clean(f.title),
            "reproduction": [mask.clean(s) for s in f.reproduction],
            "transcript": _turns(f.transcript, mask, harmful),
            "repro": None if f.repro is None else _repro(f.repro, mask, harmful),
            "mitigation": None if f.mitigation is None else _mitigation(f.mitigation, mask),
        }
    )


def _manifest(value: Any, mask: TextMasker) -> Any:
    """The manifest with canaries masked and URLs without user, password and query."""
    if isinstance(value, str):
        return safe_spec(mask.canaries(value))
    if isinstance(value, dict):
        return {k: _manifest(v, mask) for k, v in value.items()}
    if isinstance(value, list):
        return [_manifest(v, mask) for v in value]
    return value


def redact_result(result: RedTeamResult, mask: TextMasker | None = None) -> RedTeamResult:
    """A copy of ``result`` with every produced text masked (see the module docstring).
    The copy's manifest says ``"redacted": true``."""
    mask = mask or TextMasker(collect_canaries(result))
    manifest = _manifest(result.manifest, mask)
    return result.model_copy(
        update={
            "target": safe_spec(mask.canaries(result.target)),
            "attempts": [_attempt(a, mask) for a in result.attempts],
            "findings": [_finding(f, mask) for f in result.findings],
            "manifest": {**manifest, "redacted": True},
        }
    )
