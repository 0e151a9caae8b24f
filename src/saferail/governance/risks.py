"""The risk register: what can go wrong, how bad it is, what stops it and what tests it.

A register is a YAML file (the bundled template is ``saferail/data/governance/
risk_register.yaml``, :func:`template_register_path`). Each risk carries:

* ``id``, ``title``, ``description``;
* ``owasp``: one OWASP LLM Top 10 2025 item (``LLM01`` .. ``LLM10``), ``nist``: NIST AI 600-1
  risks, ``atlas``: MITRE ATLAS technique ids (:mod:`saferail.governance.frameworks`);
* ``likelihood`` (``rare``, ``possible``, ``likely``, ``almost certain``, or 1-4) and
  ``impact`` (``low``, ``medium``, ``high``, ``critical``, or 1-4). ``severity`` is computed
  from them with the red team's rubric (:mod:`saferail.redteam.severity`: likelihood x impact,
  12-16 critical, 8-11 high, 4-7 medium, 1-3 low); a ``severity`` written in the file must
  agree with it;
* ``mitigations``: each one of ``check`` (a registered check, optionally on a ``surface``),
  ``setting`` (a dotted path into the policy schema, e.g. ``tools.taint.enabled``) or
  ``control`` (an organisational control in words, not machine-checked);
* ``tests``: each one of ``suite`` (an eval suite by name) or ``strategy`` (a red-team
  strategy by name) — what :func:`saferail.governance.risk_coverage.coverage` looks up in the
  run store;
* ``owner``, ``status`` (``open``, ``mitigated``, ``accepted``, ``transferred``, ``closed``),
  ``residual`` (likelihood/impact after mitigation; never above the inherent severity) and
  ``acceptance`` (who accepted the residual risk, when, why, until when). ``status:
  accepted`` needs an acceptance record.

The models check everything that needs only the file; :func:`load_register` also checks the
references (checks, settings, suites, strategies) against what is installed and reports every
mistake on one line with its file and line number.
"""

from __future__ import annotations

__all__ = [
    "IMPACT_NAMES",
    "LIKELIHOOD_NAMES",
    "Acceptance",
    "Mitigation",
    "Residual",
    "Risk",
    "RiskRegister",
    "RiskStatus",
    "Severity",
    "TestRef",
]

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from saferail.errors import SaferailError
from saferail.governance.frameworks import ATLAS_ID, normalize_nist, normalize_owasp
from saferail.redteam.results import Severity
from saferail.redteam.severity import LIKELIHOOD_NAMES, severity_of

IMPACT_NAMES: dict[int, str] = {1: "low", 2: "medium", 3: "high", 4: "critical"}
"""Impact levels (the same scale as :class:`saferail.redteam.goals.Impact`)."""

Surface = Literal["input", "output", "retrieval", "tool_call"]


def _to_level(value: Any, names: dict[int, str]) -> Any:
    if isinstance(value, str):
        for level, name in names.items():
            if value.strip().lower() == name:
                return level
        raise ValueError(f"must be one of {', '.join(names.values())} or 1-4")
    return value


Likelihood = Annotated[
    int, BeforeValidator(lambda v: _to_level(v, LIKELIHOOD_NAMES)), Field(ge=1, le=4)
]
Impact = Annotated[int, BeforeValidator(lambda v: _to_level(v, IMPACT_NAMES)), Field(ge=1, le=4)]


def _no_number(value: Any) -> Any:
    """YAML reads ``20250501`` as a number, which pydantic would take for a Unix time."""
    if isinstance(value, int | float):
        raise ValueError(f"expected a date written YYYY-MM-DD, got the number {value!r}")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_no_number)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Rated(_Model):
    """Something rated likelihood x impact. ``severity`` is computed when left out and
    checked against likelihood x impact when written."""

    likelihood: Likelihood
    impact: Impact
    severity: Severity

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @model_validator(mode="before")
    @classmethod
    def _fill_severity(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        try:
            lik = int(_to_level(data.get("likelihood"), LIKELIHOOD_NAMES))
            imp = int(_to_level(data.get("impact"), IMPACT_NAMES))
            computed = severity_of(lik * imp)
        except (TypeError, ValueError, SaferailError):
            return data  # the field validators report the bad likelihood/impact
        if data.get("severity") is None:
            return {**data, "severity": computed}
        return data  # a stated severity is compared in _consistent

    @field_validator("severity")
    @classmethod
    def _consistent(cls, value: Severity, info: ValidationInfo) -> Severity:
        lik, imp = info.data.get("likelihood"), info.data.get("impact")
        if lik is None or imp is None:
            return value  # their own errors are reported
        computed = severity_of(lik * imp)
        if value != computed:
            raise ValueError(
                f"severity {value.value!r} disagrees with likelihood {lik} x impact {imp}"
                f" = {lik * imp} ({computed.value})"
            )
        return value


class Mitigation(_Model):
    """One control: a check, a policy setting, or an organisational control in words."""

    check: str | None = None
    surface: Surface | None = None
    setting: str | None = None
    control: str | None = None
    note: str = ""

    @model_validator(mode="after")
    def _one_kind(self) -> Mitigation:
        given = [k for k in ("check", "setting", "control") if getattr(self, k)]
        if len(given) != 1:
            raise ValueError("a mitigation names exactly one of check, setting, control")
        if self.surface is not None and self.check is None:
            raise ValueError("surface applies to a check mitigation only")
        return self

    @property
    def label(self) -> str:
        if self.check:
            return f"check:{self.check}" + (f"@{self.surface}" if self.surface else "")
        if self.setting:
            return f"setting:{self.setting}"
        return f"control:{self.control}"


class TestRef(_Model):
    """An automated test of a risk: an eval suite or a red-team strategy, by name."""

    __test__ = False  # not a pytest class

    suite: str | None = None
    strategy: str | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> TestRef:
        if (self.suite is None) == (self.strategy is None):
            raise ValueError("a test names exactly one of suite, strategy")
        return self

    @property
    def label(self) -> str:
        return f"suite:{self.suite}" if self.suite else f"strategy:{self.strategy}"


class Acceptance(_Model):
    """Who accepted the residual risk, when, why, and until when."""

    by: str = Field(min_length=1)
    date: IsoDate
    rationale: str = Field(min_length=1)
    expires: IsoDate

    @model_validator(mode="after")
    def _order(self) -> Acceptance:
        if self.expires <= self.date:
            raise ValueError(f"expires ({self.expires}) must be after date ({self.date})")
        return self

    def expired(self, today: dt.date | None = None) -> bool:
        """True once ``expires`` is reached (the acceptance must be renewed)."""
        return (today or dt.date.today()) >= self.expires


class Residual(_Rated):
    """The risk left after the mitigations."""

    rationale: str = ""


class RiskStatus(StrEnum):
    OPEN = "open"
    MITIGATED = "mitigated"
    ACCEPTED = "accepted"
    TRANSFERRED = "transferred"
    CLOSED = "closed"


class Risk(_Rated):
    """One entry of the register (see the module doc for every field)."""

    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_.-]*$")
    title: str = Field(min_length=1)
    description: str = ""
    owasp: str
    nist: tuple[str, ...] = Field(min_length=1)
    atlas: tuple[str, ...] = ()
    mitigations: tuple[Mitigation, ...] = ()
    tests: tuple[TestRef, ...] = ()
    owner: str = Field(min_length=1)
    status: RiskStatus = RiskStatus.OPEN
    residual: Residual | None = None
    acceptance: Acceptance | None = None

    @field_validator("owasp", mode="before")
    @classmethod
    def _owasp(cls, value: Any) -> Any:
        return normalize_owasp(value) if isinstance(value, str) else value

    @field_validator("nist", mode="before")
    @classmethod
    def _nist(cls, value: Any) -> Any:
        items = [value] if isinstance(value, str) else value
        if isinstance(items, list | tuple):
            return tuple(normalize_nist(v) if isinstance(v, str) else v for v in items)
        return value

    @field_validator("atlas", mode="before")
    @classmethod
    def _atlas(cls, value: Any) -> Any:
        items = [value] if isinstance(value, str) else value
        for item in items if isinstance(items, list | tuple) else ():
            if isinstance(item, str) and not ATLAS_ID.match(item):
                raise ValueError(f"not a MITRE ATLAS technique id: {item!r} (form AML.T0051.001)")
        return tuple(items) if isinstance(items, list) else items

    @model_validator(mode="after")
    def _residual_and_acceptance(self) -> Risk:
        if self.residual is not None and self.residual.score > self.score:
            raise ValueError(
                f"residual risk ({self.residual.likelihood} x {self.residual.impact}) exceeds "
                f"the inherent risk ({self.likelihood} x {self.impact})"
            )
        if self.status is RiskStatus.ACCEPTED and self.acceptance is None:
            raise ValueError("status 'accepted' needs an acceptance record")
        return self

    @property
    def effective_severity(self) -> Severity:
        """The residual severity when stated, else the inherent one."""
        return self.residual.severity if self.residual is not None else self.severity


class RiskRegister(_Model):
    """A whole register: metadata and risks (ids unique)."""

    schema_version: Literal[1] = 1
    name: str = "risk register"
    description: str = ""
    owner: str = ""
    reviewed: IsoDate | None = None
    extra_suites: tuple[str, ...] = Field(
        (), description="Suite names defined outside saferail, accepted as test references."
    )
    risks: tuple[Risk, ...]

    @model_validator(mode="after")
    def _unique_ids(self) -> RiskRegister:
        if not self.risks:
            raise ValueError("a register lists at least one risk")
        seen: set[str] = set()
        for risk in self.risks:
            if risk.id in seen:
                raise ValueError(f"duplicate risk id {risk.id!r}")
            seen.add(risk.id)
        return self

    def get(self, risk_id: str) -> Risk:
        """The risk with this id (KeyError when absent)."""
        for risk in self.risks:
            if risk.id == risk_id:
                return risk
        raise KeyError(risk_id)

    def top(self, min_severity: Severity = Severity.HIGH) -> list[Risk]:
        """Risks whose inherent severity is at least ``min_severity``."""
        return [r for r in self.risks if r.severity.rank >= min_severity.rank]
