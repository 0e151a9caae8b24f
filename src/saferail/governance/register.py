"""Load a risk register from YAML and check its references against what is installed.

Every mistake becomes one :class:`RegisterIssue` line, ``FILE:LINE: location: message``, the
way the policy loader reports a policy: YAML syntax, schema errors from
:mod:`saferail.governance.risks`, and references that do not resolve — a ``check`` that no
registered check carries (or that does not run on the given ``surface``), a ``setting`` that
is not a path in the policy schema, a ``suite`` that is neither built in nor listed in
``extra_suites``, a ``strategy`` that no red-team strategy carries.

:func:`register_warnings` lists what is legal but needs attention (expired acceptances, top
risks without tests or mitigations); ``saferail risks validate`` prints both.
"""

from __future__ import annotations

__all__ = [
    "RegisterError",
    "RegisterIssue",
    "load_register",
    "parse_register",
    "policy_gaps",
    "register_warnings",
    "template_register_path",
    "validate_register",
]

import datetime as dt
import types
import typing
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from saferail._yamllines import YamlSyntaxError, line_index, line_of, load_with_lines
from saferail.checks.base import SURFACES
from saferail.checks.registry import available_checks
from saferail.errors import SaferailError, TextFileError
from saferail.evals.suite import builtin_suites
from saferail.governance.risks import RiskRegister, Severity
from saferail.io import read_text
from saferail.policy.models import Policy
from saferail.redteam.strategies.registry import get_strategy

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class RegisterIssue:
    """One mistake in a register file: where it is and what is wrong."""

    location: str
    message: str
    line: int | None = None
    source: str = "<register>"

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return f"{where}: {self.location}: {self.message}"


class RegisterError(SaferailError):
    """A register could not be loaded; ``issues`` lists every mistake found."""

    def __init__(self, issues: list[RegisterIssue]) -> None:
        self.issues = issues
        super().__init__("; ".join(str(i) for i in issues) or "invalid risk register")


def template_register_path() -> Path:
    """Path of the bundled template register (all ten OWASP LLM 2025 items)."""
    return Path(str(resources.files("saferail") / "data" / "governance" / "risk_register.yaml"))


def load_register(source: str | Path | RiskRegister | None = None) -> RiskRegister:
    """Load and fully validate a register from a path, a model, or the template (``None``)."""
    if isinstance(source, RiskRegister):
        _raise_if(validate_register(source))
        return source
    path = Path(source) if source is not None else template_register_path()
    try:
        text = read_text(path, expect="a risk register YAML")
    except TextFileError as exc:
        raise RegisterError([RegisterIssue("file", exc.reason, None, str(path))]) from None
    return parse_register(text, source=str(path))


def parse_register(text: str, *, source: str = "<register>") -> RiskRegister:
    """Parse YAML register text; raises :class:`RegisterError` listing every mistake."""
    try:
        data, node = load_with_lines(text)
    except YamlSyntaxError as exc:
        issue = RegisterIssue("yaml", exc.reason, exc.line, source)
        raise RegisterError([issue]) from None
    lines = line_index(node)
    if not isinstance(data, dict):
        raise RegisterError(
            [RegisterIssue("<root>", "a register must be a YAML mapping", 1, source)]
        )
    try:
        register = RiskRegister.model_validate(data)
    except ValidationError as exc:
        dups = _duplicate_ids(data, lines, source)
        issues = [
            i
            for i in _schema_issues(exc, lines, source)
            if not (dups and i.location == "<root>" and i.message.startswith("duplicate risk id"))
        ]
        raise RegisterError(sorted(issues + dups, key=lambda i: i.line or 0)) from None
    _raise_if(validate_register(register, lines=lines, source=source))
    return register


def _duplicate_ids(data: dict[str, Any], lines: dict[Loc, int], source: str) -> list[RegisterIssue]:
    """Each repeated risk id at its own line (the model's check only knows the register)."""
    risks = data.get("risks")
    if not isinstance(risks, list):
        return []
    first: dict[str, int] = {}
    issues = []
    for i, risk in enumerate(risks):
        rid = risk.get("id") if isinstance(risk, dict) else None
        if not isinstance(rid, str):
            continue
        if rid in first:
            loc: Loc = ("risks", i, "id")
            msg = f"duplicate risk id {rid!r} (first at risks.{first[rid]})"
            issues.append(RegisterIssue(_dotted(loc), msg, line_of(lines, loc), source))
        else:
            first[rid] = i
    return issues


def validate_register(
    register: RiskRegister, *, lines: dict[Loc, int] | None = None, source: str = "<register>"
) -> list[RegisterIssue]:
    """Check every mitigation and test reference against the installed registries."""
    checks = available_checks()
    suites = set(builtin_suites()) | set(register.extra_suites)
    issues: list[RegisterIssue] = []

    def add(loc: Loc, message: str) -> None:
        issues.append(RegisterIssue(_dotted(loc), message, line_of(lines or {}, loc), source))

    for i, risk in enumerate(register.risks):
        for j, mit in enumerate(risk.mitigations):
            base: Loc = ("risks", i, "mitigations", j)
            if mit.check is not None:
                cls = checks.get(mit.check)
                if cls is None:
                    add(
                        (*base, "check"),
                        f"unknown check {mit.check!r} (known: {', '.join(checks)})",
                    )
                elif mit.surface is not None and mit.surface not in cls.surfaces:
                    runs = ", ".join(sorted(cls.surfaces))
                    add(
                        (*base, "surface"),
                        f"check {mit.check!r} does not run on {mit.surface} (it supports: {runs})",
                    )
            if mit.setting is not None and (why := policy_setting_error(mit.setting)):
                add((*base, "setting"), why)
        for j, test in enumerate(risk.tests):
            base = ("risks", i, "tests", j)
            if test.suite is not None and test.suite not in suites:
                add(
                    (*base, "suite"),
                    f"unknown suite {test.suite!r} (known: "
                    f"{', '.join(sorted(suites))}; list others in extra_suites)",
                )
            if test.strategy is not None and not _strategy_exists(test.strategy):
                add((*base, "strategy"), f"unknown red-team strategy {test.strategy!r}")
    return issues


def register_warnings(register: RiskRegister, *, today: dt.date | None = None) -> list[str]:
    """What is valid but needs attention, one line each."""
    day = today or dt.date.today()
    out: list[str] = []
    for risk in register.risks:
        acc = risk.acceptance
        if acc is not None and acc.expired(day):
            out.append(f"{risk.id}: risk acceptance by {acc.by} expired on {acc.expires}")
        if risk.severity.rank >= Severity.HIGH.rank:
            if not risk.tests:
                out.append(f"{risk.id}: {risk.severity.value} risk without automated tests")
            if not risk.mitigations:
                out.append(f"{risk.id}: {risk.severity.value} risk without mitigations")
    return out


def policy_gaps(register: RiskRegister, policy: Policy) -> list[str]:
    """Check mitigations the given policy does not apply, one line each: the check is not
    configured, or disabled, on its surface (on any surface when the register names none)."""
    out: list[str] = []
    for risk in register.risks:
        for mit in risk.mitigations:
            if mit.check is None:
                continue
            surfaces = [mit.surface] if mit.surface else list(SURFACES)
            configs = [policy.surface(s).checks.get(mit.check) for s in surfaces]
            if not any(c is not None and c.enabled for c in configs):
                where = f"on {mit.surface}" if mit.surface else "on any surface"
                out.append(
                    f"{risk.id}: check {mit.check!r} is not enabled {where} "
                    f"in policy {policy.name!r}"
                )
    return out


def policy_setting_error(path: str) -> str | None:
    """Why ``path`` (``tools.taint.enabled``) is not a setting of the policy schema, or None.

    Mapping keys (check names, tool names) are free segments, except that a key under a
    surface's ``checks`` must name a registered check."""
    node: Any = Policy
    parts = path.split(".")
    for k, part in enumerate(parts):
        node = _unwrap_optional(node)
        if isinstance(node, type) and issubclass(node, BaseModel):
            if part not in node.model_fields:
                return (
                    f"unknown policy setting {path!r}: {'.'.join(parts[: k + 1])!r} is not a field"
                )
            node = node.model_fields[part].annotation
        elif typing.get_origin(node) is dict:
            if parts[k - 1] == "checks" and part not in available_checks():
                return f"unknown policy setting {path!r}: no check named {part!r}"
            node = typing.get_args(node)[1]
        else:
            return (
                None
                if node is Any
                else f"unknown policy setting {path!r}: {part!r} goes past a value"
            )
    return None


def _unwrap_optional(tp: Any) -> Any:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return tp


def _strategy_exists(name: str) -> bool:
    try:
        get_strategy(name)
    except SaferailError:
        return False
    return True


def _schema_issues(exc: ValidationError, lines: dict[Loc, int], source: str) -> list[RegisterIssue]:
    issues = []
    for err in exc.errors():
        loc: Loc = tuple(err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = f"unknown field {loc[-1]!r}"
        elif (
            "input" in err
            and err["type"] not in ("missing", "value_error")
            and not isinstance(err["input"], dict)
        ):
            msg = f"{msg} (got {err['input']!r})"
        issues.append(RegisterIssue(_dotted(loc), msg, line_of(lines, loc), source))
    return sorted(issues, key=lambda i: i.line or 0)


def _raise_if(issues: list[RegisterIssue]) -> None:
    if issues:
        raise RegisterError(issues)


def _dotted(loc: Loc) -> str:
    return ".".join(str(p) for p in loc) or "<root>"
