"""The scorer interface: judge one target answer to one case.

A scorer declares the behaviours it judges (``expected``); the runner scores each case with
the scorers the suite names, or, by default, with the scorer of the case's expected behaviour
plus ``refusal`` (so refusal rates are known for every case).
"""

from __future__ import annotations

__all__ = ["Response", "Score", "Scorer", "ScorerAccuracy"]

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from saferail.evals.case import Case, Expected

if TYPE_CHECKING:
    from saferail.targets.base import Completion


@dataclass(frozen=True, slots=True)
class Response:
    """What the target answered (the part scorers see)."""

    text: str
    tool_calls: tuple[dict[str, Any], ...] = ()
    finish_reason: str | None = "stop"
    blocked: bool = False
    metadata: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_completion(cls, completion: Completion) -> Response:
        return cls(
            text=completion.text,
            tool_calls=tuple(c.to_dict() for c in completion.tool_calls),
            finish_reason=completion.finish_reason,
            blocked=completion.blocked,
        )


class Score(BaseModel):
    """One scorer's verdict. ``value`` is a probability-like 0..1 for the scorer's ``label``
    (e.g. the chance the answer is a refusal); ``passed`` is judged against the case's
    expected behaviour, or ``None`` when this scorer has no opinion on that behaviour."""

    model_config = ConfigDict(extra="forbid")

    scorer: str
    value: float = Field(ge=0.0, le=1.0)
    label: str
    passed: bool | None = None
    explanation: str = ""


@dataclass(frozen=True)
class ScorerAccuracy:
    """How well a scorer agrees with human labels, measured by a benchmark script."""

    dataset: str
    n: int
    accuracy: float
    sensitivity: float
    specificity: float
    measured_by: str


class _NoParams(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Scorer(ABC):
    """Base class of scorers. Subclasses set ``name``, ``description``, ``expected`` and may
    declare a pydantic ``Params`` model validated from the suite's scorer params."""

    name: ClassVar[str]
    description: ClassVar[str] = ""
    expected: ClassVar[tuple[Expected, ...]] = ()
    accuracy: ClassVar[ScorerAccuracy | None] = None
    Params: ClassVar[type[BaseModel]] = _NoParams

    def __init__(self, params: dict[str, Any] | None = None) -> None:
        self.params = self.Params.model_validate(params or {})

    def judges(self, case: Case) -> bool:
        """True when this scorer's verdict decides ``case``'s pass/fail."""
        return case.expected in self.expected

    @abstractmethod
    async def score(self, case: Case, response: Response) -> Score:
        """Judge ``response`` to ``case``."""

    async def aclose(self) -> None:  # noqa: B027 - optional hook, nothing to release by default
        """Release what the scorer opened (a judge's HTTP client); it may be used again."""
