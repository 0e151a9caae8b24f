"""The failure taxonomy: labels for what went wrong, and ``classify(signals)``.

The bundled taxonomy (``saferail/data/governance/failure_taxonomy.yaml``) names twelve
failure classes (harmful compliance, over-refusal, prompt injection followed, system-prompt
leak, personal-data leak, secret leak, ungrounded claim, toxic output, tool misuse,
exfiltration, unsafe output handling, availability), each with a description, OWASP LLM
2025 and NIST AI 600-1 mappings, a default severity, examples and the **signals** that map
onto it. A signal is a short string from saferail's own vocabulary:

=======================  ==================================================================
signal                   meaning
=======================  ==================================================================
``output:<category>``    a check finding of a canonical category on the model's output
                         (also ``tool_call:`` and ``retrieval:``); a bare ``<category>``
                         is read as ``output:<category>``
``redteam:<kind>``       a red-team attack on a goal of that kind succeeded
``failed:<expected>``    an eval case with that expected behaviour failed
``scorer:<name>``        that scorer judged the case failed
``error:<kind>``         the target errored: ``timeout``, ``rate_limited``, ``server``,
                         ``too_long``
=======================  ==================================================================

:func:`signals_from_findings` and :func:`signals_from_case` build signals from guard findings
and eval case results. Signals on the input (``input:prompt_injection``) describe the attack,
not a failure; they match no label and come back in ``unmatched``.
"""

from __future__ import annotations

__all__ = [
    "Classification",
    "FailureLabel",
    "FailureTaxonomy",
    "LabelMatch",
    "TaxonomyError",
    "classify",
    "load_taxonomy",
    "signals_from_case",
    "signals_from_findings",
    "taxonomy_path",
]

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from saferail.errors import SaferailError
from saferail.evals.results import CaseResult
from saferail.governance.frameworks import normalize_nist, normalize_owasp
from saferail.redteam.results import Severity

_SURFACES = ("output", "tool_call", "retrieval")


class TaxonomyError(SaferailError):
    """A taxonomy file could not be loaded."""


class FailureLabel(BaseModel):
    """One failure class."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    owasp: tuple[str, ...] = ()
    nist: tuple[str, ...] = ()
    severity: Severity
    examples: tuple[str, ...] = ()
    signals: tuple[str, ...] = Field(min_length=1)

    @field_validator("owasp", mode="before")
    @classmethod
    def _owasp(cls, value: Any) -> Any:
        return [normalize_owasp(v) for v in value] if isinstance(value, list) else value

    @field_validator("nist", mode="before")
    @classmethod
    def _nist(cls, value: Any) -> Any:
        return [normalize_nist(v) for v in value] if isinstance(value, list) else value

    @field_validator("signals")
    @classmethod
    def _signals(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_normalize(s) for s in value)


class FailureTaxonomy(BaseModel):
    """All labels; every signal belongs to exactly one label."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: Literal[1] = 1
    labels: tuple[FailureLabel, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> FailureTaxonomy:
        ids: set[str] = set()
        owner: dict[str, str] = {}
        for label in self.labels:
            if label.id in ids:
                raise ValueError(f"duplicate label {label.id!r}")
            ids.add(label.id)
            for sig in label.signals:
                if sig in owner:
                    raise ValueError(f"signal {sig!r} is in both {owner[sig]!r} and {label.id!r}")
                owner[sig] = label.id
        return self

    def get(self, label_id: str) -> FailureLabel:
        for label in self.labels:
            if label.id == label_id:
                return label
        raise KeyError(label_id)

    def label_of(self, signal: str) -> FailureLabel | None:
        """The label a signal belongs to, if any."""
        sig = _normalize(signal)
        return next((lb for lb in self.labels if sig in lb.signals), None)


@dataclass(frozen=True)
class LabelMatch:
    label: FailureLabel
    signals: tuple[str, ...]


@dataclass(frozen=True)
class Classification:
    """Labels matched by some signals, most severe first (then most signals)."""

    labels: list[LabelMatch] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)

    @property
    def primary(self) -> FailureLabel | None:
        return self.labels[0].label if self.labels else None

    @property
    def ids(self) -> list[str]:
        return [m.label.id for m in self.labels]


def taxonomy_path() -> Path:
    """Path of the bundled taxonomy YAML."""
    return Path(str(resources.files("saferail") / "data" / "governance" / "failure_taxonomy.yaml"))


def load_taxonomy(path: str | Path | None = None) -> FailureTaxonomy:
    """The taxonomy at ``path`` (the bundled one, cached, when ``None``)."""
    return _bundled() if path is None else _load(Path(path))


@cache
def _bundled() -> FailureTaxonomy:
    return _load(taxonomy_path())


def _load(path: Path) -> FailureTaxonomy:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return FailureTaxonomy.model_validate(data)
    except (OSError, yaml.YAMLError) as exc:
        raise TaxonomyError(f"{path}: cannot read taxonomy: {exc}") from None
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "<root>"
        raise TaxonomyError(f"{path}: {where}: {err['msg']}") from None


def classify(signals: Iterable[str], taxonomy: FailureTaxonomy | None = None) -> Classification:
    """Map signals to taxonomy labels (see the module doc for the vocabulary)."""
    tax = taxonomy or load_taxonomy()
    hits: dict[str, list[str]] = {}
    unmatched: list[str] = []
    for raw in dict.fromkeys(signals):
        label = tax.label_of(raw)
        if label is None:
            unmatched.append(raw)
        else:
            hits.setdefault(label.id, []).append(_normalize(raw))
    order = {lb.id: i for i, lb in enumerate(tax.labels)}
    matches = [LabelMatch(tax.get(i), tuple(sigs)) for i, sigs in hits.items()]
    matches.sort(key=lambda m: (-m.label.severity.rank, -len(m.signals), order[m.label.id]))
    return Classification(matches, unmatched)


def signals_from_findings(
    findings: Iterable[Any | Mapping[str, Any]], surface: str = "output"
) -> list[str]:
    """``<surface>:<category>`` for guard findings (objects or contract dicts)."""
    out = []
    for f in findings:
        category = f.get("category") if isinstance(f, Mapping) else getattr(f, "category", None)
        if category:
            out.append(f"{surface}:{category}")
    return list(dict.fromkeys(out))


def signals_from_case(result: CaseResult) -> list[str]:
    """Signals of one eval result: ``failed:<expected>``, failing scorers, errors."""
    out: list[str] = []
    if result.passed is False:
        out.append(f"failed:{result.expected}")
    out += [f"scorer:{s.scorer}" for s in result.scores if s.passed is False]
    if result.error:
        out.append(f"error:{_error_kind(result.error)}")
    return list(dict.fromkeys(out))


def _error_kind(message: str) -> str:
    text = message.lower()
    if "timeout" in text or "timed out" in text:
        return "timeout"
    if "429" in text or "rate limit" in text or "rate_limit" in text:
        return "rate_limited"
    if "context" in text or "too long" in text or "too many tokens" in text:
        return "too_long"
    return "server"


def _normalize(signal: str) -> str:
    sig = signal.strip().lower()
    return sig if ":" in sig else f"output:{sig}"
