"""The strategy interface: a registered plugin that turns a goal into attempts.

Metadata is data (class variables): ``name``, ``description``, the goal kinds it applies to,
OWASP LLM Top 10 (2025) tags, MITRE ATLAS technique ids, whether it is multi-turn or needs an
attacker model, and a pydantic ``Params`` model with its defaults (overridable per run).
"""

from __future__ import annotations

__all__ = ["Strategy", "StrategyInfo"]

import random
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from saferail.redteam.attack import Attempt
from saferail.redteam.goals import Goal, GoalKind


class _NoParams(BaseModel):
    model_config = ConfigDict(extra="forbid")


@dataclass(frozen=True)
class StrategyInfo:
    """A strategy's metadata, as listed by ``saferail redteam --list``."""

    name: str
    description: str
    kinds: tuple[str, ...]
    tags: tuple[str, ...]
    atlas: tuple[str, ...]
    multi_turn: bool
    needs_attacker: bool
    defaults: dict[str, Any]


class Strategy(ABC):
    """Base class of attack strategies. Subclasses set the metadata and implement
    :meth:`attempts`, yielding attempts for one goal in the order they should be tried."""

    name: ClassVar[str]
    description: ClassVar[str] = ""
    kinds: ClassVar[tuple[GoalKind, ...]] = tuple(GoalKind)
    tags: ClassVar[tuple[str, ...]] = ()
    atlas: ClassVar[tuple[str, ...]] = ()
    multi_turn: ClassVar[bool] = False
    needs_attacker: ClassVar[bool] = False
    Params: ClassVar[type[BaseModel]] = _NoParams

    def __init__(self, params: dict[str, Any] | None = None) -> None:
        self.params = self.Params.model_validate(params or {})

    def applies_to(self, goal: Goal) -> bool:
        return goal.kind in self.kinds

    @abstractmethod
    def attempts(self, goal: Goal, rng: random.Random) -> Iterator[Attempt]:
        """Attempts on ``goal`` (variants of the strategy), best first. ``rng`` is seeded
        per (run seed, strategy, goal) so the same run builds the same attempts."""

    @classmethod
    def info(cls) -> StrategyInfo:
        return StrategyInfo(
            name=cls.name,
            description=cls.description,
            kinds=tuple(k.value for k in cls.kinds),
            tags=cls.tags,
            atlas=cls.atlas,
            multi_turn=cls.multi_turn,
            needs_attacker=cls.needs_attacker,
            defaults=cls.Params().model_dump(mode="json"),
        )
