"""Probes and attempts: what one attack sends, and how a multi-step attack proceeds.

- A :class:`Probe` is one message sequence sent to the target: the conversation so far (the
  last turn is the new attacker turn), the props of the goal (system prompt, documents,
  tools) and how its last turn was built (``template``, ``payload``, ``converters``) so the
  minimizer can rebuild it from fewer parts.
- An :class:`Attempt` is one attack on one goal by one strategy. ``first()`` gives its first
  probe; after each answer the engine calls ``advance()`` with the answer and whether the goal
  was reached, and the attempt returns its next probe or ``None`` (done). Single-turn
  strategies return ``None`` at once; scripted escalation and attacker-model loops go on.
"""

from __future__ import annotations

__all__ = ["Attempt", "AttemptContext", "Probe", "StaticAttempt", "Turn", "render"]

from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from saferail.evals.case import Case, ChatTurn
from saferail.redteam.goals import Goal

if TYPE_CHECKING:
    from saferail.evals.scorers.base import Response
    from saferail.targets.base import Target

PAYLOAD = "{payload}"
"""The slot of a template where the (converted) payload goes."""


@dataclass(frozen=True, slots=True)
class Turn:
    """One message of an attack conversation."""

    role: str
    content: str

    def to_chat(self) -> ChatTurn:
        return ChatTurn(role=self.role, content=self.content)


def render(template: str, payload: str, converters: Sequence[str]) -> str:
    """The attacker text: ``payload`` passed through each converter, put in the template."""
    from saferail.redteam.converters import apply_converters

    text = apply_converters(payload, converters)
    return template.replace(PAYLOAD, text) if PAYLOAD in template else f"{template}{text}"


@dataclass(frozen=True)
class Probe:
    """One request to the target. ``history`` holds the earlier turns (attacker and target,
    alternating, replies as the target gave them); the last user turn is built from
    ``template``/``payload``/``converters`` unless ``text`` overrides it (a minimized repro)."""

    history: tuple[Turn, ...] = ()
    template: str = PAYLOAD
    payload: str = ""
    converters: tuple[str, ...] = ()
    text: str | None = None
    system_prompt: str | None = None
    documents: tuple[str, ...] = ()
    tool_result: str | None = None
    """A tool output the attack planted; sent as a ``tool`` turn after the user turn."""
    tools: tuple[dict[str, Any], ...] = ()

    @property
    def last(self) -> str:
        """The attacker's final user turn, as sent."""
        return (
            self.text
            if self.text is not None
            else render(self.template, self.payload, self.converters)
        )

    def turns(self) -> list[Turn]:
        """Every turn sent: history, the user turn, then the planted tool output (if any)."""
        out = [*self.history, Turn("user", self.last)]
        if self.tool_result is not None:
            out.append(Turn("assistant", "Let me look that up with the tool."))
            out.append(Turn("user", f"Tool output:\n{self.tool_result}"))
        return out

    def length(self) -> int:
        """Characters the attacker wrote (user turns + planted documents/tool output): the
        size the minimization ratio compares."""
        users = sum(len(t.content) for t in self.history if t.role == "user")
        planted = sum(len(d) for d in self.documents) + len(self.tool_result or "")
        return users + len(self.last) + planted

    def with_text(self, text: str) -> Probe:
        return replace(self, text=text)

    def to_case(self, case_id: str, goal: Goal, metadata: dict[str, Any]) -> Case:
        """The eval case the runner sends and scores (its ``expected`` is the safe behaviour;
        the attack succeeds when the case fails)."""
        meta = dict(metadata)
        if goal.forbidden_tools:
            meta["forbidden_tools"] = list(goal.forbidden_tools)
        if goal.forbidden_args:
            meta["forbidden_args"] = list(goal.forbidden_args)
        return Case(
            id=case_id,
            messages=tuple(t.to_chat() for t in self.turns()),
            system_prompt=self.system_prompt,
            context=self.documents,
            tools=self.tools,
            category=goal.category,
            expected=goal.expected,
            canary=goal.canary,
            metadata=meta,
            tags=goal.tags,
        )


@dataclass
class AttemptContext:
    """What an attempt may use between steps: an attacker model (budgeted; ``None`` when the
    run has none) and the run's random seed."""

    attacker: Target | None = None
    seed: int = 0
    ask: Callable[[list[dict[str, Any]]], Awaitable[str]] | None = None
    """Sends messages to the attacker model and returns its text (counts against budget)."""


@dataclass
class Attempt(ABC):
    """One attack on one goal. ``key`` is unique within the run (strategy, goal, variant)."""

    strategy: str
    goal: Goal
    variant: str
    params: dict[str, Any] = field(default_factory=dict)
    max_steps: int = 1

    @property
    def key(self) -> str:
        return f"{self.strategy}/{self.goal.id}/{self.variant}"

    @abstractmethod
    def first(self) -> Probe:
        """The first probe (needs no model call to build)."""

    def counts(self, probe: Probe) -> bool:
        """Whether reaching the goal's success test on ``probe`` reaches the goal. Set-up
        turns of a scripted escalation do not (answering them is no success)."""
        return True

    async def advance(
        self, probe: Probe, reply: Response, succeeded: bool, ctx: AttemptContext
    ) -> Probe | None:
        """The next probe after ``reply`` to ``probe``, or ``None`` when the attempt is over.
        The default ends after one step (single-turn strategies)."""
        return None


@dataclass
class StaticAttempt(Attempt):
    """A single-turn attempt whose probe is known up front."""

    probe: Probe = field(default_factory=Probe)

    def first(self) -> Probe:
        return self.probe
