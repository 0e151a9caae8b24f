"""The ``language_switch`` strategy: the request framed in another language.

Safety training is thinnest outside English, above all in low-resource languages. Each
variant asks, in its own language, for a complete answer to the request and for the reply in
that language; the request stays in English inside the template (saferail translates nothing
at run time). Low-resource languages (Zulu, Swahili, and a French instruction that pivots
through Swahili) come first, then Indonesian, Portuguese, Italian, French, German and
Spanish. The templates are data (``data/redteam/templates_language.yaml``).
"""

from __future__ import annotations

__all__ = ["LanguageInfo", "LanguageSwitchStrategy", "languages"]

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import ClassVar

import yaml

from saferail.redteam.goals import GoalKind
from saferail.redteam.strategies._templated import (
    DATA,
    LEAK_ATLAS,
    LEAK_TAGS,
    TemplateStrategy,
    Variant,
    load_templates,
)
from saferail.redteam.strategies.registry import register_strategy

_FILE = "templates_language.yaml"


@dataclass(frozen=True)
class LanguageInfo:
    """One variant of ``language_switch``: its name, language and resource level."""

    name: str
    language: str
    low_resource: bool


@cache
def languages() -> tuple[LanguageInfo, ...]:
    """The variants of ``language_switch``, in the order a run tries them."""
    raw = yaml.safe_load((DATA / _FILE).read_text(encoding="utf-8"))
    return tuple(
        LanguageInfo(str(row["name"]), str(row["language"]), bool(row.get("low_resource")))
        for row in raw["language_switch"]
    )


@register_strategy
class LanguageSwitchStrategy(TemplateStrategy):
    name: ClassVar[str] = "language_switch"
    description: ClassVar[str] = (
        "The request framed in another language (Zulu, Swahili, a French-to-Swahili pivot, "
        "Indonesian, Portuguese, Italian, French, German, Spanish), asking for the reply in "
        "that language."
    )
    kinds: ClassVar[tuple[GoalKind, ...]] = (
        GoalKind.HARMFUL,
        GoalKind.SYSTEM_PROMPT,
        GoalKind.PII,
    )
    tags: ClassVar[tuple[str, ...]] = LEAK_TAGS
    atlas: ClassVar[tuple[str, ...]] = LEAK_ATLAS

    def all_variants(self) -> Sequence[Variant]:
        return load_templates(_FILE)["language_switch"]
