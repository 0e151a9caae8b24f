"""Load a policy from YAML and report every mistake with its field and line."""

from __future__ import annotations

__all__ = [
    "default_policy_path",
    "duplicate_keys",
    "load_policy",
    "parse_policy",
    "validate_policy",
]

from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from saferail._yamllines import (
    YamlSyntaxError,
    duplicate_keys,
    line_index,
    line_of,
    load_with_lines,
)
from saferail.checks.base import SURFACES
from saferail.checks.registry import available_checks
from saferail.errors import PolicyError, PolicyIssue, TextFileError
from saferail.io import read_text
from saferail.policy.models import Policy

Loc = tuple[str | int, ...]


def default_policy_path() -> Path:
    """Path of the default policy shipped in the package."""
    return Path(str(resources.files("saferail") / "data" / "default_policy.yaml"))


def load_policy(source: str | Path | Policy | None = None) -> Policy:
    """Load and validate a policy from a file path, a Policy, or the default (``None``)."""
    if isinstance(source, Policy):
        _raise_if(validate_policy(source))
        return source
    path = Path(source) if source is not None else default_policy_path()
    try:
        text = read_text(path, expect="a policy YAML")
    except TextFileError as exc:
        raise PolicyError([PolicyIssue("file", exc.reason, None, str(path))]) from None
    return parse_policy(text, source=str(path))


def parse_policy(text: str, *, source: str = "<policy>") -> Policy:
    """Parse YAML policy text; raises :class:`PolicyError` listing every mistake."""
    if not isinstance(text, str):  # a dict or bytes failed deep inside the YAML reader
        hint = " (for a mapping, use Policy.model_validate)" if isinstance(text, dict) else ""
        raise TypeError(f"parse_policy takes YAML text, not {type(text).__name__}{hint}")
    try:
        data, node = load_with_lines(text, unique_keys=False)
    except YamlSyntaxError as exc:
        raise PolicyError([PolicyIssue("yaml", exc.reason, exc.line, source)]) from None
    lines = line_index(node)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise PolicyError([PolicyIssue("<root>", "a policy must be a YAML mapping", 1, source)])
    # YAML keeps the last of two equal keys without a word: a second `input:` or `action:`
    # would silently drop or weaken checks, so a repeated key is a mistake of its own.
    dupes = [
        PolicyIssue(
            _dotted(loc), f"duplicate key {loc[-1]!r} (first on line {first})", line, source
        )
        for loc, line, first in duplicate_keys(node)
    ]
    try:
        policy = Policy.model_validate(data)
    except ValidationError as exc:
        issues = dupes + _pydantic_issues(exc, (), lines, source)
        issues += _registry_issues(_raw_checks(data), lines, source)
        raise PolicyError(sorted(issues, key=lambda i: i.line or 0)) from None
    issues = dupes + validate_policy(policy, lines=lines, source=source)
    _raise_if(sorted(issues, key=lambda i: i.line or 0))
    return policy


def validate_policy(
    policy: Policy, *, lines: dict[Loc, int] | None = None, source: str = "<policy>"
) -> list[PolicyIssue]:
    """Check names, surfaces and per-check params against the check registry."""
    configured = [
        (surface, name, cfg.params)
        for surface in SURFACES
        for name, cfg in policy.surface(surface).checks.items()
    ]
    return _registry_issues(configured, lines or {}, source)


def _raw_checks(data: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """(surface, check name, params) of a policy that failed model validation."""
    out: list[tuple[str, str, Any]] = []
    for surface in SURFACES:
        section = data.get(surface)
        checks = section.get("checks") if isinstance(section, dict) else None
        if not isinstance(checks, dict):
            continue
        for name, cfg in checks.items():
            params = cfg.get("params", {}) if isinstance(cfg, dict) else {}
            out.append((surface, str(name), params if isinstance(params, dict) else {}))
    return out


def _registry_issues(
    configured: list[tuple[str, str, Any]], lines: dict[Loc, int], source: str
) -> list[PolicyIssue]:
    registry = available_checks()
    issues: list[PolicyIssue] = []
    for surface, name, params in configured:
        loc: Loc = (surface, "checks", name)
        cls = registry.get(name)
        if cls is None:
            known = ", ".join(registry)
            msg = f"unknown check {name!r} (known: {known})"
            issues.append(PolicyIssue(_dotted(loc), msg, line_of(lines, loc), source))
            continue
        if surface not in cls.surfaces:
            msg = f"check {name!r} does not run on {surface} (it supports: "
            msg += ", ".join(sorted(cls.surfaces)) + ")"
            issues.append(PolicyIssue(_dotted(loc), msg, line_of(lines, loc), source))
        try:
            cls.Params.model_validate(params)
        except ValidationError as exc:
            issues.extend(_pydantic_issues(exc, (*loc, "params"), lines, source))
    return issues


def build_params(policy: Policy, surface: str, name: str) -> BaseModel:
    """The validated params model of one configured check."""
    cls = available_checks()[name]
    return cls.Params.model_validate(policy.surface(surface).checks[name].params)


def _raise_if(issues: list[PolicyIssue]) -> None:
    if issues:
        raise PolicyError(issues)


def _pydantic_issues(
    exc: ValidationError, prefix: Loc, lines: dict[Loc, int], source: str
) -> list[PolicyIssue]:
    issues = []
    for err in exc.errors():
        loc: Loc = (*prefix, *err["loc"])
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = f"unknown field {loc[-1]!r}"
        elif "input" in err and err["type"] not in ("missing",):
            msg = f"{msg} (got {err['input']!r})"
        issues.append(PolicyIssue(_dotted(loc), msg, line_of(lines, loc), source))
    return issues


def _dotted(loc: Loc) -> str:
    return ".".join(str(p) for p in loc) or "<root>"
