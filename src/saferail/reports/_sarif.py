"""SARIF 2.1.0: one result per failing case. The rule is the case's category; a failed case
is an ``error``, an errored one (no verdict) a ``warning``. Each result names its case as a
logical location."""

from __future__ import annotations

__all__ = [
    "SARIF_SCHEMA",
    "SARIF_VERSION",
    "render_sarif",
    "sarif_dict",
    "sarif_log",
    "sarif_result",
    "sarif_tags",
]

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from saferail import __version__
from saferail.reports._text import json_safe, unicode_text
from saferail.reports._view import CaseView, ReportView

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def sarif_tags(*groups: Iterable[str]) -> list[str]:
    """The tags of ``groups`` in order, each once, as a SARIF property bag's ``tags`` must be
    (the schema makes them unique; two tags differing only in lone surrogates are one)."""
    return list(dict.fromkeys(unicode_text(tag) for group in groups for tag in group))


def _rules(view: ReportView) -> list[dict[str, Any]]:
    names = sorted({row.name for row in view.categories} | {c.category for c in view.failing})
    rules = []
    for name in names:
        tags = sorted({t for c in view.failing if c.category == name for t in c.tags})
        rules.append(
            {
                "id": name,
                "name": name,
                "shortDescription": {"text": f"Cases of category {name!r} must pass"},
                "fullDescription": {
                    "text": f"Suite {view.header.suite_name}: every case of category "
                    f"{name!r} must meet its expected behaviour."
                },
                "defaultConfiguration": {"level": "error"},
                "properties": {"tags": sarif_tags(["saferail"], tags)},
            }
        )
    return rules


def sarif_result(
    *,
    rule_id: str,
    rule_index: int,
    level: str,
    message: str,
    name: str,
    qualified_name: str,
    fingerprint: tuple[str, str],
    properties: dict[str, Any],
) -> dict[str, Any]:
    """One SARIF ``result`` of a failed check: a logical location (the case or finding, not a
    file), a partial fingerprint ``(key, digest)`` and free-form properties."""
    return {
        "ruleId": rule_id,
        "ruleIndex": rule_index,
        "level": level,
        "kind": "fail",
        "message": {"text": message},
        "locations": [
            {
                "logicalLocations": [
                    {"name": name, "fullyQualifiedName": qualified_name, "kind": "member"}
                ]
            }
        ],
        "partialFingerprints": {fingerprint[0]: fingerprint[1]},
        "properties": properties,
    }


def sarif_log(
    *,
    rules: list[dict[str, Any]],
    automation_id: str,
    invocation: dict[str, Any],
    results: list[dict[str, Any]],
    properties: dict[str, Any],
) -> dict[str, Any]:
    """A SARIF log of one saferail run: the tool (saferail, its version and ``rules``), the
    run's ``automation_id``, its one ``invocation``, its ``results`` and free-form
    ``properties``."""
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "saferail",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": rules,
                    }
                },
                "automationDetails": {"id": automation_id},
                "invocations": [invocation],
                "results": results,
                "properties": properties,
            }
        ],
    }


def _fingerprint(view: ReportView, c: CaseView) -> str:
    key = f"{view.header.suite_name}\0{c.case_id}\0{c.result.case_hash}"
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _result(view: ReportView, c: CaseView, rule_index: int) -> dict[str, Any]:
    suite = view.header.suite_name
    lines = [c.reason()]
    if c.answer:
        lines.append(f"answer: {c.answer}")
    props: dict[str, Any] = {
        "status": c.status,
        "expected": c.expected,
        "tags": sarif_tags(c.tags),
        "scorers": [s.scorer for s in c.failed_scores],
    }
    if c.prompt is not None:
        props["prompt"] = c.prompt
    return sarif_result(
        rule_id=c.category,
        rule_index=rule_index,
        level="error" if c.status == "fail" else "warning",
        message="\n".join(lines),
        name=c.case_id,
        qualified_name=f"{suite}/{c.category}/{c.case_id}",
        fingerprint=("saferailCase/v1", _fingerprint(view, c)),
        properties=props,
    )


def sarif_dict(view: ReportView) -> dict[str, Any]:
    """The SARIF log as a dict (lone surrogates shown as U+FFFD)."""
    h = view.header
    rules = _rules(view)
    index = {r["id"]: i for i, r in enumerate(rules)}
    gate = view.report.gate
    log = sarif_log(
        rules=rules,
        automation_id=f"saferail/{h.suite_name}/{h.run_id}",
        invocation={
            "executionSuccessful": h.status == "completed",
            "startTimeUtc": h.created_at,
            **({"endTimeUtc": h.finished_at} if h.finished_at else {}),
        },
        results=[_result(view, c, index[c.category]) for c in view.failing],
        properties={
            "suite": h.suite_name,
            "suiteVersion": h.suite_version,
            "runId": h.run_id,
            "target": h.target,
            "policyVersion": h.policy_version,
            "redacted": view.redacted,
            "gate": None if gate is None else ("passed" if gate.passed else "failed"),
        },
    )
    return dict(json_safe(log))


def render_sarif(view: ReportView) -> str:
    return json.dumps(sarif_dict(view), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
