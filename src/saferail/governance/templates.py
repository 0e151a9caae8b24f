"""Markdown templates for the safety process, rendered with Jinja2.

========================  ====================================================================
name                      what it is
========================  ====================================================================
``triage``                a safety bug report: reproduction, failure label, severity, owner
``postmortem``            an incident postmortem with AI-specific contributing factors
``runbook``               the incident runbook of an LLM feature guarded by saferail
``threat-model``          a threat-model addendum for AI-specific threats
========================  ====================================================================

Each template declares its fields (:data:`TEMPLATES`); :func:`render` fills the ones given and
leaves every other one visible as ``TODO(field)``, so nothing is invented. ``severity`` must be
a severity name; ``date`` an ISO 8601 date (or date and time), or ``today``. The triage and
postmortem templates list the failure taxonomy's labels, and the threat-model addendum the
OWASP LLM Top 10 2025 items, from the bundled data; ``risks`` (a
:class:`~saferail.governance.risks.RiskRegister`) adds the register's risks to the threat model.
"""

from __future__ import annotations

__all__ = [
    "TEMPLATES",
    "TemplateError",
    "TemplateInfo",
    "render",
    "template_names",
    "template_path",
]

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from saferail.errors import SaferailError
from saferail.governance.frameworks import ATLAS_NAMES, NIST_GAI_RISKS, OWASP_LLM_2025
from saferail.governance.risks import RiskRegister
from saferail.governance.taxonomy import load_taxonomy
from saferail.redteam.results import Severity


class TemplateError(SaferailError):
    """A template was asked for by an unknown name, or with an unknown or bad field."""


@dataclass(frozen=True)
class TemplateInfo:
    name: str
    file: str
    description: str
    fields: tuple[str, ...]


_COMMON = ("title", "severity", "owner", "date", "system")

TEMPLATES: dict[str, TemplateInfo] = {
    t.name: t
    for t in (
        TemplateInfo(
            "triage",
            "triage.md.j2",
            "Safety bug triage report",
            (
                *_COMMON,
                "reporter",
                "target",
                "policy_version",
                "failure_label",
                "reproduction",
                "prompt",
                "minimized_prompt",
                "expected",
                "observed",
                "signals",
                "run_id",
            ),
        ),
        TemplateInfo(
            "postmortem",
            "postmortem.md.j2",
            "Incident postmortem with AI-specific contributing factors",
            (*_COMMON, "incident_id", "detected", "resolved", "failure_label", "summary"),
        ),
        TemplateInfo(
            "runbook",
            "runbook.md.j2",
            "Incident runbook for an LLM feature guarded by saferail",
            (*_COMMON, "on_call", "escalation", "policy", "gateway_url", "dashboard_url", "store"),
        ),
        TemplateInfo(
            "threat-model",
            "threat_model.md.j2",
            "Threat-model addendum for AI-specific threats",
            (*_COMMON, "version", "assets", "users", "data_sources", "tools", "models"),
        ),
    )
}


def template_names() -> list[str]:
    return list(TEMPLATES)


class _Todo(jinja2.Undefined):
    """A missing field renders as ``TODO(name)``; a missing list iterates as empty."""

    def __str__(self) -> str:
        return f"TODO({self._undefined_name})"


def _environment() -> jinja2.Environment:
    folder = resources.files("saferail") / "data" / "governance" / "templates"
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        undefined=_Todo,
        autoescape=False,  # Markdown, not HTML
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(
    name: str,
    fields: Mapping[str, Any] | None = None,
    *,
    risks: RiskRegister | None = None,
    today: dt.date | None = None,
) -> str:
    """The Markdown of template ``name`` with ``fields`` filled (unknown fields are errors)."""
    info = TEMPLATES.get(name)
    if info is None:
        raise TemplateError(f"unknown template {name!r} (known: {', '.join(TEMPLATES)})")
    values = _checked(info, dict(fields or {}), today or dt.date.today())
    context = {
        **values,
        "taxonomy": load_taxonomy().labels,
        "owasp": OWASP_LLM_2025,
        "nist": NIST_GAI_RISKS,
        "atlas": ATLAS_NAMES,
        "risks": list(risks.risks) if risks is not None else [],
        "fields": info.fields,
        "chosen_labels": values.get("failure_label", "").split(", "),
    }
    return _environment().get_template(info.file).render(context)


def _checked(info: TemplateInfo, fields: dict[str, Any], today: dt.date) -> dict[str, Any]:
    unknown = sorted(set(fields) - set(info.fields))
    if unknown:
        raise TemplateError(
            f"template {info.name!r} has no field {unknown[0]!r} (fields: {', '.join(info.fields)})"
        )
    values = {k: v for k, v in fields.items() if v is not None and str(v).strip() != ""}
    if "severity" in values:
        try:
            values["severity"] = Severity(str(values["severity"]).strip().lower()).value
        except ValueError:
            names = ", ".join(s.value for s in Severity)
            raise TemplateError(
                f"severity must be one of {names}, got {fields['severity']!r}"
            ) from None
    if "failure_label" in values:
        values["failure_label"] = ", ".join(_labels(values["failure_label"]))
    if "date" in values:
        values["date"] = _date(values["date"], today)
    for key in _ONE_LINE.intersection(values):
        if isinstance(values[key], str):
            values[key] = _one_line(values[key])
        elif isinstance(values[key], list | tuple):
            values[key] = [_one_line(str(v)) for v in values[key]]
    for key in _FENCED.intersection(values):
        values[key] = _fenced(str(values[key]))
    return values


# Fields the templates put in a Markdown table cell or a heading: a line break or a "|" in
# their value would end the cell (or the heading) early and shift the rest of the table.
_ONE_LINE = frozenset(
    {
        *_COMMON,
        *("reporter", "target", "policy_version", "failure_label", "reproduction", "run_id"),
        *("incident_id", "detected", "resolved", "on_call", "escalation", "policy"),
        *("gateway_url", "dashboard_url", "store", "version"),
        # inline in a paragraph or a list item: a line break would start a heading, a list
        # or a table of its own
        *("expected", "observed", "signals", "assets", "users", "data_sources", "tools"),
        "models",
    }
)
# Fields the templates put inside a fenced code block: a fence in the value would close it
# early and let the rest render as Markdown (and the template's closing fence open a block).
_FENCED = frozenset({"prompt", "minimized_prompt"})
_FENCE = "```"


def _one_line(value: str) -> str:
    return " ".join(value.splitlines()).replace("|", "\\|")


def _fenced(value: str) -> str:
    """``value`` safe inside a fenced block: every fence broken by a zero-width space."""
    return value.replace(_FENCE, "`\u200b``")


def _date(value: Any, today: dt.date) -> str:
    """``today``, an ISO 8601 date (``2025-05-01``) or date and time, as written in the
    document; anything else (``5/1/2025``, ``2025-13-45``) is refused rather than copied."""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if text.lower() == "today":
        return today.isoformat()
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    try:
        dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise TemplateError(
            f"date must be YYYY-MM-DD (or a date and time, or 'today'), got {text!r}"
        ) from None
    return text


def _labels(value: Any) -> list[str]:
    """Taxonomy label ids from a list or a comma/space separated string, checked."""
    items = value if isinstance(value, list | tuple) else str(value).replace(",", " ").split()
    known = [lb.id for lb in load_taxonomy().labels]
    for item in items:
        if item not in known:
            raise TemplateError(f"unknown failure label {item!r} (known: {', '.join(known)})")
    return [str(i) for i in items]


def template_path(name: str) -> Path:
    """Where a template's source lives (to copy and adapt it)."""
    info = TEMPLATES[name]
    return Path(str(resources.files("saferail") / "data" / "governance" / "templates" / info.file))
