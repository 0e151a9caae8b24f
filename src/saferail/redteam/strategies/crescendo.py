"""``crescendo``: scripted multi-turn escalation (in the spirit of Russinovich et al., 2024).

Each attempt follows one script of :mod:`._crescendo_scripts`: innocuous questions next to
the goal's subject, each building on the target's previous answer (quoted), then the
objective. How an attempt proceeds after each answer:

- the final (objective) turn succeeded: stop;
- an earlier turn succeeded and the goal is not harmful (a canary or personal data leaked
  early): stop. For harmful goals, an answered set-up question is not a success;
- an earlier turn was refused (:func:`looks_refused`): backtrack once, i.e. drop the refused
  turn and its answer and send the turn's softened wording; if that is refused too, drop it
  and go on with the script;
- the final turn failed: send its softened wording once, then stop;
- ``max_steps`` bounds the calls: when one call is left, the next turn is the objective.

Probes carry ``template``/``payload``: set-up turns have an empty payload, the objective
turn has the goal's objective as payload so the minimizer can shrink it.
"""

from __future__ import annotations

__all__ = ["Crescendo", "CrescendoAttempt", "CrescendoParams", "looks_refused", "quote"]

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from saferail.evals.case import Case, Expected
from saferail.evals.scorers import Response, Scorer, get_scorer
from saferail.redteam.attack import Attempt, AttemptContext, Probe, Turn
from saferail.redteam.goals import Goal, GoalKind
from saferail.redteam.strategies._crescendo_scripts import SCRIPTS, Script, topic_of
from saferail.redteam.strategies.base import Strategy
from saferail.redteam.strategies.registry import register_strategy

_SENTENCE_END = re.compile(r"(?<=[.!?])\s|\n")
_MARKUP = re.compile(r"[*_`#>|{}\"]+")


@lru_cache(maxsize=1)
def _refusal_scorer() -> Scorer:
    return get_scorer("refusal")()


async def looks_refused(request: str, reply: Response) -> bool:
    """True when ``reply`` declines ``request``: a guard blocked it, it is empty, or the
    project's ``refusal`` scorer labels it a refusal (a trained wording model in seven
    languages, plus long answers that ignore the request)."""
    if reply.blocked or reply.finish_reason == "content_filter":
        return True
    if not reply.text.strip():
        return not reply.tool_calls
    case = Case(id="turn", prompt=request or "?", expected=Expected.COMPLY)
    score = await _refusal_scorer().score(case, reply)
    return score.label == "refusal"


def quote(reply: str, limit: int = 80) -> str:
    """A short quote of ``reply`` for the next turn: its first sentence of four words or more
    (else its first sentence), without markup, cut at a word boundary, in double quotes;
    ``that`` when there is nothing to quote."""
    pieces = _SENTENCE_END.split(_MARKUP.sub(" ", reply))
    sentences = [t for t in (" ".join(p.split()).strip(" -:;,") for p in pieces) if len(t) >= 3]
    if not sentences:
        return "that"
    text = next((s for s in sentences if len(s.split()) >= 4), sentences[0])
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:") + "..."
    return f'"{text}"'


class CrescendoParams(BaseModel):
    """Options of ``crescendo`` (overridable per run)."""

    model_config = ConfigDict(extra="forbid")

    max_steps: int = Field(8, ge=1, le=40, description="Most target calls per attempt.")
    variants: int | None = Field(
        None, ge=1, description="How many scripts to try per goal (default: all, best first)."
    )
    soften: bool = Field(True, description="Retry a refused turn once with gentler wording.")


@dataclass
class CrescendoAttempt(Attempt):
    """One scripted escalation against one goal. Stateful: ``first()`` restarts it."""

    script: Script = field(kw_only=True)
    topic: str = field(default="this subject", kw_only=True)
    soften: bool = field(default=True, kw_only=True)
    _step: int = field(default=0, init=False, repr=False)
    _softened: bool = field(default=False, init=False, repr=False)
    _sent: int = field(default=0, init=False, repr=False)

    @property
    def _final(self) -> int:
        return len(self.script.turns) - 1

    def counts(self, probe: Probe) -> bool:
        """Whether an answer to ``probe`` can reach the goal: for harmful goals only the
        objective turn can (an answered set-up question is not a success); for the other
        kinds every turn can (a canary or personal data may leak early)."""
        return self.goal.kind is not GoalKind.HARMFUL or probe.payload == self.goal.objective

    def first(self) -> Probe:
        self._step, self._softened, self._sent = 0, False, 0
        if self.max_steps <= 1:
            self._step = self._final
        return self._send((), soft=False)

    async def advance(
        self, probe: Probe, reply: Response, succeeded: bool, ctx: AttemptContext
    ) -> Probe | None:
        final = self._step == self._final
        if succeeded and self.counts(probe):
            return None
        left = self.max_steps - self._sent
        if left <= 0:
            return None
        failed = not succeeded if final else await looks_refused(probe.last, reply)
        if failed and self.soften and not self._softened and (final or left >= 2):
            self._softened = True
            return self._send(probe.history, soft=True)
        if final:
            return None
        history = probe.history
        if not failed:
            history = (*history, Turn("user", probe.last), Turn("assistant", reply.text))
        self._step = self._final if left == 1 else self._step + 1
        self._softened = False
        return self._send(history, soft=False)

    def _send(self, history: tuple[Turn, ...], *, soft: bool) -> Probe:
        self._sent += 1
        step = self.script.turns[self._step]
        said = next((quote(t.content) for t in reversed(history) if t.role == "assistant"), "that")
        text = (step.soft if soft else step.ask).replace("{topic}", self.topic)
        text = text.replace("{said}", said)
        payload = self.goal.objective if self._step == self._final else ""
        return Probe(
            history=history,
            template=text,
            payload=payload,
            system_prompt=self.goal.system_prompt,
            documents=self.goal.documents,
            tools=self.goal.tools,
        )


@register_strategy
class Crescendo(Strategy):
    """Scripted escalation over several turns, ending with the goal's objective."""

    name: ClassVar[str] = "crescendo"
    description: ClassVar[str] = (
        "Multi-turn escalation: innocuous adjacent questions that build on the target's own "
        "answers, then the objective; a refused turn is softened once"
    )
    kinds: ClassVar[tuple[GoalKind, ...]] = tuple(SCRIPTS)
    tags: ClassVar[tuple[str, ...]] = ("owasp:llm01:2025", "owasp:llm02:2025", "owasp:llm07:2025")
    atlas: ClassVar[tuple[str, ...]] = ("AML.T0054", "AML.T0056", "AML.T0057")
    multi_turn: ClassVar[bool] = True
    Params: ClassVar[type[BaseModel]] = CrescendoParams

    def attempts(self, goal: Goal, rng: random.Random) -> Iterator[CrescendoAttempt]:
        params = self.params
        assert isinstance(params, CrescendoParams)
        scripts = SCRIPTS.get(goal.kind, ())[: params.variants]
        topic = topic_of(goal)
        for script in scripts:
            yield CrescendoAttempt(
                strategy=self.name,
                goal=goal,
                variant=script.name,
                params=params.model_dump(),
                max_steps=params.max_steps,
                script=script,
                topic=topic,
                soften=params.soften,
            )
