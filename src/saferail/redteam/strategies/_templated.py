"""Shared machinery of the single-turn template strategies (framing, encoding, language).

A :class:`Variant` is one named way to phrase the attack: a template with a ``{payload}``
slot and the converters the payload goes through. :class:`TemplateStrategy` turns each
selected variant into one :class:`~saferail.redteam.attack.StaticAttempt` whose probe keeps
``payload`` equal to the goal's objective and carries the goal's props (system prompt,
documents, tools), so the minimizer can drop the template or a converter and retry.
"""

from __future__ import annotations

__all__ = [
    "LEAK_ATLAS",
    "LEAK_TAGS",
    "TemplateParams",
    "TemplateStrategy",
    "UnknownVariantError",
    "Variant",
    "goal_probe",
    "load_templates",
]

import random
from abc import abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

import yaml
from pydantic import BaseModel, ConfigDict, Field

from saferail.errors import SaferailError
from saferail.redteam.attack import PAYLOAD, Attempt, Probe, StaticAttempt
from saferail.redteam.goals import Goal
from saferail.redteam.strategies.base import Strategy

DATA = Path(__file__).resolve().parents[2] / "data" / "redteam"

# Strategies that also attack system-prompt and PII goals carry those risks' ids too.
LEAK_TAGS = ("owasp:llm01:2025", "owasp:llm07:2025", "owasp:llm02:2025")
LEAK_ATLAS = ("AML.T0054", "AML.T0051.000", "AML.T0056", "AML.T0057")


class UnknownVariantError(SaferailError):
    """A strategy was asked for a variant it does not have."""


@dataclass(frozen=True)
class Variant:
    """One phrasing of an attack: ``template`` (with a ``{payload}`` slot) and converters."""

    name: str
    template: str
    converters: tuple[str, ...] = ()


class TemplateParams(BaseModel):
    """Parameters shared by the template strategies."""

    model_config = ConfigDict(extra="forbid")

    variants: list[str] | None = Field(
        None, description="Names of the variants to try, in this order (default: all, best first)."
    )


def goal_probe(goal: Goal, template: str, converters: Sequence[str] = ()) -> Probe:
    """A single-turn probe carrying ``goal.objective`` as the payload and the goal's props."""
    return Probe(
        template=template,
        payload=goal.objective,
        converters=tuple(converters),
        system_prompt=goal.system_prompt,
        documents=goal.documents,
        tools=goal.tools,
    )


@cache
def load_templates(filename: str) -> dict[str, tuple[Variant, ...]]:
    """Templates from ``data/redteam/<filename>``: a mapping of group -> list of
    ``{name, template}`` entries, each template holding the ``{payload}`` slot."""
    path = DATA / filename
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise SaferailError(f"{path}: expected a mapping of template groups")
    out: dict[str, tuple[Variant, ...]] = {}
    for group, rows in raw.items():
        variants: list[Variant] = []
        for i, row in enumerate(rows or ()):
            name, template = row.get("name"), row.get("template")
            ok = isinstance(name, str) and isinstance(template, str) and PAYLOAD in template
            if not ok:
                raise SaferailError(f"{path}: {group}[{i}] needs a name and a {PAYLOAD} template")
            variants.append(Variant(str(name), str(template).strip()))
        out[str(group)] = tuple(variants)
    return out


class TemplateStrategy(Strategy):
    """A strategy whose attempts are its variants, one single-turn attempt each."""

    Params: ClassVar[type[BaseModel]] = TemplateParams

    def __init__(self, params: dict[str, Any] | None = None) -> None:
        super().__init__(params)
        known = [v.name for v in self.all_variants()]
        wanted = getattr(self.params, "variants", None) or []
        unknown = [name for name in wanted if name not in known]
        if unknown:
            raise UnknownVariantError(
                f"{self.name}: unknown variant(s) {', '.join(unknown)} (known: {', '.join(known)})"
            )
        twice = sorted({name for name in wanted if wanted.count(name) > 1})
        if twice:
            raise UnknownVariantError(
                f"{self.name}: variant(s) {', '.join(twice)} named more than once"
            )

    @abstractmethod
    def all_variants(self) -> Sequence[Variant]:
        """Every variant of the strategy, best first."""

    def selected(self) -> list[Variant]:
        """The variants a run tries: ``params.variants`` in its order, else all."""
        by_name = {v.name: v for v in self.all_variants()}
        wanted = getattr(self.params, "variants", None)
        return [by_name[n] for n in wanted] if wanted else list(by_name.values())

    def attempts(self, goal: Goal, rng: random.Random) -> Iterator[Attempt]:
        if not self.applies_to(goal):
            return
        params = self.params.model_dump(mode="json")
        for variant in self.selected():
            yield StaticAttempt(
                strategy=self.name,
                goal=goal,
                variant=variant.name,
                params=params,
                probe=goal_probe(goal, variant.template, variant.converters),
            )
