"""The check protocol, the finding record and the input every check receives."""

from __future__ import annotations

__all__ = ["CATEGORIES", "SURFACES", "Check", "CheckInput", "Cost", "Finding", "NoParams"]

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict

from saferail.checks.canonical import Canonical, View

Cost = Literal["cheap", "medium", "expensive"]

SURFACES: tuple[str, ...] = ("input", "output", "retrieval", "tool_call")

CATEGORIES: frozenset[str] = frozenset(
    {
        "prompt_injection",
        "jailbreak",
        "harmful_request",
        "toxicity",
        "pii",
        "secret",
        "hidden_text",
        "exfiltration",
        "system_prompt_leak",
        "ungrounded",
        "citation",
        "banned_topic",
        "tool_violation",
        "retrieval_violation",
        "refusal",
    }
)


@dataclass(slots=True)
class Finding:
    """One thing a check found. Spans are offsets into the original text."""

    check: str
    category: str
    score: float
    start: int | None = None
    end: int | None = None
    entity_type: str | None = None
    detail: str | None = None
    message_index: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The finding in the shape of the batch-check contract."""
        out: dict[str, Any] = {
            "check": self.check,
            "category": self.category,
            "score": round(self.score, 4),
            "start": self.start,
            "end": self.end,
            "entity_type": self.entity_type,
        }
        if self.message_index is not None:
            out["message_index"] = self.message_index
        return out


@dataclass(slots=True)
class CheckInput:
    """What a check sees: the original text, its canonical form and the call's context."""

    text: str
    canonical: Canonical
    surface: str
    context: str | None = None
    system_prompt: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    tenant: str | None = None
    session: str | None = None

    def views(self, decoded: bool = True) -> Iterator[View]:
        """The canonical text, then (if ``decoded``) every decoded hidden payload."""
        yield self.canonical.main
        if decoded:
            yield from self.canonical.decoded


class NoParams(BaseModel):
    """Parameters of a check that takes none."""

    model_config = ConfigDict(extra="forbid")


class Check:
    """Base class of every check.

    Subclasses set the class attributes, declare a pydantic ``Params`` model for their
    per-check parameters, and implement :meth:`run`. Register them with
    :func:`saferail.checks.register_check` or through the ``saferail.checks`` entry point.
    """

    name: ClassVar[str]
    categories: ClassVar[tuple[str, ...]]
    surfaces: ClassVar[frozenset[str]]
    cost: ClassVar[Cost] = "cheap"
    default_threshold: ClassVar[float] = 0.5
    description: ClassVar[str] = ""
    tags: ClassVar[tuple[str, ...]] = ()
    run_in_thread: ClassVar[bool] = False
    Params: ClassVar[type[BaseModel]] = NoParams

    def __init__(self, params: BaseModel | None = None) -> None:
        self.params = params if params is not None else self.Params()

    def run(self, data: CheckInput) -> list[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError

    def run_batch(self, datas: list[CheckInput]) -> list[list[Finding]]:
        """Findings for many inputs; override with a vectorized version when it pays off."""
        return [self.run(d) for d in datas]

    def replacement(self, finding: Finding, value: str, data: CheckInput) -> str | None:
        """Text that replaces ``value`` when the finding is redacted; ``None``: the policy's
        redaction template. ``data.metadata`` is shared by every finding of one call."""
        return None

    def finding(
        self,
        score: float,
        start: int | None = None,
        end: int | None = None,
        *,
        category: str | None = None,
        entity_type: str | None = None,
        detail: str | None = None,
    ) -> Finding:
        """Build a finding stamped with this check's name and first category."""
        return Finding(
            check=self.name,
            category=category or self.categories[0],
            score=max(0.0, min(1.0, score)),
            start=start,
            end=end,
            entity_type=entity_type,
            detail=detail,
        )
