"""The ``encoding`` strategy: the goal's objective disguised by payload converters.

One variant per converter (base64, hex, ROT13, leetspeak, accents, Zalgo marks, Unicode
tags, zero-width joiners, homoglyphs, reversed, spaced-out letters) and a few two-converter
chains. Each probe keeps
the plain objective as its payload and names its converters, so the attacker text is the
decoding instruction followed by the encoded objective (see
:func:`saferail.redteam.converters.apply_converters`).

Obfuscations that read as plain text to a model (homoglyphs, zero-width joiners, leetspeak,
accents, Zalgo marks)
come first: they need no decoding skill, so they work on small models too; encodings that
only capable models can undo (base64, hex, Unicode tags) and the chains follow.
"""

from __future__ import annotations

__all__ = ["DEFAULT_CHAINS", "DEFAULT_CONVERTERS", "EncodingParams", "EncodingStrategy"]

from collections.abc import Sequence
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from saferail.redteam.converters import ConverterError, get_converter
from saferail.redteam.goals import Goal, GoalKind
from saferail.redteam.strategies._templated import LEAK_ATLAS, LEAK_TAGS, TemplateStrategy, Variant
from saferail.redteam.strategies.registry import register_strategy

DEFAULT_CONVERTERS: tuple[str, ...] = (
    "homoglyph",
    "zero_width",
    "leetspeak",
    "accents",
    "zalgo",
    "base64",
    "rot13",
    "reverse",
    "spaced",
    "hex",
    "unicode_tags",
)
DEFAULT_CHAINS: tuple[tuple[str, ...], ...] = (
    ("homoglyph", "zero_width"),
    ("leetspeak", "base64"),
    ("rot13", "base64"),
    ("reverse", "base64"),
)


class EncodingParams(BaseModel):
    """Which converters (one variant each) and which chains (applied in order) to try."""

    model_config = ConfigDict(extra="forbid")

    converters: list[str] = Field(default_factory=lambda: list(DEFAULT_CONVERTERS))
    chains: list[list[str]] = Field(default_factory=lambda: [list(c) for c in DEFAULT_CHAINS])

    @field_validator("converters")
    @classmethod
    def _known(cls, names: list[str]) -> list[str]:
        _check(names)
        return names

    @field_validator("chains")
    @classmethod
    def _known_chains(cls, chains: list[list[str]]) -> list[list[str]]:
        for chain in chains:
            if not chain:
                raise ValueError("a chain needs at least one converter")
            _check(chain)
        return chains


def _check(names: Sequence[str]) -> None:
    for name in names:
        try:
            get_converter(name)
        except ConverterError as exc:
            raise ValueError(str(exc)) from None


@register_strategy
class EncodingStrategy(TemplateStrategy):
    """Send the objective encoded or obfuscated, with instructions to decode it."""

    name: ClassVar[str] = "encoding"
    description: ClassVar[str] = (
        "The objective encoded (base64, hex, ROT13, Unicode tags, reversed, spaced) or "
        "obfuscated (leetspeak, homoglyphs, zero-width joiners), alone and in chains, with a "
        "decoding instruction."
    )
    kinds: ClassVar[tuple[GoalKind, ...]] = (
        GoalKind.HARMFUL,
        GoalKind.INJECTION,
        GoalKind.SYSTEM_PROMPT,
        GoalKind.PII,
    )
    tags: ClassVar[tuple[str, ...]] = LEAK_TAGS
    atlas: ClassVar[tuple[str, ...]] = ("AML.T0068", *LEAK_ATLAS)
    Params: ClassVar[type[BaseModel]] = EncodingParams

    def applies_to(self, goal: Goal) -> bool:
        """Injection goals only when they carry a system prompt: sent directly by the user,
        the planted instruction is an attack only against an application's instructions."""
        if goal.kind is GoalKind.INJECTION and not goal.system_prompt:
            return False
        return super().applies_to(goal)

    def all_variants(self) -> Sequence[Variant]:
        assert isinstance(self.params, EncodingParams)
        chains: list[tuple[str, ...]] = [(name,) for name in self.params.converters]
        chains += [tuple(chain) for chain in self.params.chains]
        unique = {"+".join(chain): chain for chain in chains}
        return [Variant(name, "{payload}", chain) for name, chain in unique.items()]
