"""Counterfactual suites: templates x identity terms from the bundled data file."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from saferail.errors import SaferailError
from saferail.evals.case import Case, Expected
from saferail.evals.results import CaseResult
from saferail.evals.suite import ScorerSpec, Suite

DATA_FILE = Path(__file__).resolve().parents[2] / "data" / "fairness_templates.yaml"
_SLOTS = ("person", "Person", "group", "Group")
_SLOT = re.compile(r"\{(\w+)\}")
_ARTICLE = re.compile(r"^\s*an?\s+", re.IGNORECASE)

IsRefusal = Callable[[CaseResult], bool | None]


class FairnessError(SaferailError):
    """Fairness templates, groups or inputs are unusable."""


class Template(BaseModel):
    """An everyday request with an identity placeholder (``{person}``, ``{group}``...)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    text: str
    kind: str = ""
    expected: Expected = Expected.COMPLY

    @field_validator("text")
    @classmethod
    def _slots(cls, text: str) -> str:
        found = _SLOT.findall(text)
        unknown = sorted(set(found) - set(_SLOTS))
        if unknown:
            raise ValueError(f"unknown placeholder(s) {unknown}; use {{person}} or {{group}}")
        if not found:
            raise ValueError("a template needs a {person} or {group} placeholder")
        return text


class IdentityTerm(BaseModel):
    """A neutral descriptor of one group: singular with article, and plural."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    person: str = Field(min_length=1)
    group: str | None = None

    @field_validator("person", "group")
    @classmethod
    def _not_blank(cls, text: str | None) -> str | None:
        if text is not None and not text.strip():
            raise ValueError("a term cannot be blank")
        return text


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    return loaded


def builtin_templates() -> list[Template]:
    """The bundled everyday-request templates (advice, letters, stories, jobs...)."""
    return [Template.model_validate(t) for t in _data()["templates"]]


def builtin_groups() -> dict[str, list[IdentityTerm]]:
    """The bundled identity terms by attribute (gender, ethnicity, religion, age, disability)."""
    return {
        attr: [IdentityTerm.model_validate(t) for t in terms]
        for attr, terms in _data()["groups"].items()
    }


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def fill_template(template: Template, term: IdentityTerm) -> str:
    """The template's text with the term in every placeholder."""

    def slot(m: re.Match[str]) -> str:
        name = m.group(1)
        value = term.person if name.lower() == "person" else term.group
        if value is None:
            raise FairnessError(f"template {template.id!r} needs a plural for term {term.id!r}")
        return _cap(value) if name[0].isupper() else value

    return _SLOT.sub(slot, template.text)


def _slug(text: str) -> str:
    """An id from a term: its words (letters and digits of any script) joined by ``_``."""
    return re.sub(r"\W+", "_", text.lower()).strip("_") or "term"


def _templates(raw: Iterable[Template | str | Mapping[str, Any]]) -> list[Template]:
    if isinstance(raw, str | Mapping):
        raise FairnessError("templates must be a list (of texts, or of id/text mappings)")
    out = []
    for i, t in enumerate(raw, 1):
        try:
            if isinstance(t, Template):
                out.append(t)
            elif isinstance(t, str):
                out.append(Template(id=f"t{i:02d}", text=t))
            else:
                out.append(Template.model_validate(t))
        except ValidationError as exc:
            raise FairnessError(f"template {i}: {exc.errors()[0]['msg']}") from None
    if not out:
        raise FairnessError("no templates: a counterfactual suite needs at least one")
    ids = [t.id for t in out]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise FairnessError(f"template id(s) used more than once: {', '.join(repeated)}")
    return out


def _term(t: IdentityTerm | str | Mapping[str, Any]) -> IdentityTerm:
    if isinstance(t, IdentityTerm):
        return t
    if isinstance(t, str):
        return IdentityTerm(id=_slug(_ARTICLE.sub("", t)), person=t)
    return IdentityTerm.model_validate(t)


def _terms(attr: str, raw: Iterable[IdentityTerm | str | Mapping[str, Any]]) -> list[IdentityTerm]:
    """An attribute's terms; :class:`FairnessError` unless there are two or more, with
    unique ids."""
    if isinstance(raw, str | Mapping):
        raise FairnessError(f"attribute {attr!r}: the groups must be a list of terms")
    out = []
    for i, t in enumerate(raw, 1):
        try:
            out.append(_term(t))
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"])
            raise FairnessError(f"attribute {attr!r}, term {i}: {where}: {err['msg']}") from None
    ids = [t.id for t in out]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise FairnessError(f"attribute {attr!r}: group id(s) used more than once: "
                            f"{', '.join(repeated)} (give the terms ids)")  # fmt: skip
    if len(out) < 2:
        raise FairnessError(f"attribute {attr!r} needs at least two groups with unique ids")
    return out


def counterfactual_suite(
    templates: Iterable[Template | str | Mapping[str, Any]] | None = None,
    groups: Mapping[str, Iterable[IdentityTerm | str | Mapping[str, Any]]] | None = None,
    *,
    attributes: Sequence[str] | None = None,
    name: str = "counterfactual_fairness",
    scorers: Sequence[str] = ("refusal", "toxicity"),
) -> Suite:
    """Every template filled with every identity term of every attribute (bundled ones by
    default). Case ids are ``<template>--<attribute>--<group>``; the category is the
    attribute; metadata carries ``counterfactual_group`` (the template id), ``attribute``,
    ``group`` and ``term``. String terms are singular descriptors ("a nurse")."""
    temps = _templates(builtin_templates() if templates is None else templates)
    raw_groups = builtin_groups() if groups is None else groups
    if not isinstance(raw_groups, Mapping):
        raise FairnessError("groups must be a mapping of attribute -> list of terms")
    if isinstance(attributes, str):
        attributes = [attributes]
    if isinstance(scorers, str):  # one scorer, not a list of its letters
        scorers = [scorers]
    chosen = list(raw_groups) if attributes is None else list(attributes)
    missing = [a for a in chosen if a not in raw_groups]
    if missing:
        raise FairnessError(f"unknown attribute(s) {missing} (known: {', '.join(raw_groups)})")
    if not chosen:
        raise FairnessError("no attributes: a counterfactual suite needs at least one")
    cases = []
    for attr in chosen:
        terms = _terms(attr, raw_groups[attr])
        for t in temps:
            for term in terms:
                cases.append(
                    Case(
                        id=f"{t.id}--{attr}--{term.id}",
                        prompt=fill_template(t, term),
                        category=attr,
                        expected=t.expected,
                        metadata={
                            "counterfactual_group": t.id,
                            "attribute": attr,
                            "group": term.id,
                            "term": term.person,
                            "template_kind": t.kind,
                        },
                        tags=("fairness", f"fairness:{attr}"),
                    )
                )
    try:
        return Suite(
            name=name,
            description="Counterfactual fairness: identical requests that differ in one "
            "identity term",
            cases=tuple(cases),
            scorers=tuple(ScorerSpec(name=s) for s in scorers),
            tags=("fairness",),
        )
    except ValidationError as exc:  # ids that collide once joined with "--", say
        raise FairnessError(f"cannot build the suite: {exc.errors()[0]['msg']}") from None


def _case_map(cases: Suite | Iterable[Case]) -> dict[str, Case]:
    found = cases.cases if isinstance(cases, Suite) else cases
    return {c.id: c for c in found}
