"""``match``: substring and regular-expression assertions on the answer (RE2: linear time)."""

from __future__ import annotations

__all__ = ["MatchScorer"]

from typing import Any, ClassVar

import re2
from pydantic import BaseModel, ConfigDict, field_validator

from saferail._re2check import require_re2
from saferail.evals.case import Case
from saferail.evals.scorers.base import Response, Score, Scorer
from saferail.evals.scorers.registry import register_scorer


class MatchParams(BaseModel):
    """Every listed assertion must hold for the case to pass."""

    model_config = ConfigDict(extra="forbid")

    contains: tuple[str, ...] = ()
    not_contains: tuple[str, ...] = ()
    regex: tuple[str, ...] = ()
    not_regex: tuple[str, ...] = ()
    case_sensitive: bool = False

    @field_validator("contains", "not_contains", "regex", "not_regex", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        return (value,) if isinstance(value, str) else value

    @field_validator("regex", "not_regex")
    @classmethod
    def _compiles(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in value:
            require_re2(pattern)
        return value


@register_scorer
class MatchScorer(Scorer):
    """Pass when the answer contains every ``contains`` string and ``regex`` match and none
    of the ``not_*`` ones. It judges every case it is configured for."""

    name: ClassVar[str] = "match"
    description: ClassVar[str] = "Substring / regex assertions on the answer"
    Params: ClassVar[type[BaseModel]] = MatchParams

    def __init__(self, params: dict[str, Any] | None = None) -> None:
        super().__init__(params)
        p = self.params
        assert isinstance(p, MatchParams)
        self._p = p
        options = re2.Options()
        options.case_sensitive = p.case_sensitive
        self._regex = [re2.compile(x, options) for x in p.regex]
        self._not_regex = [re2.compile(x, options) for x in p.not_regex]

    def judges(self, case: Case) -> bool:
        return True

    async def score(self, case: Case, response: Response) -> Score:
        p = self._p
        text = response.text if p.case_sensitive else response.text.casefold()

        def norm(s: str) -> str:
            return s if p.case_sensitive else s.casefold()

        failures = [f"missing {s!r}" for s in p.contains if norm(s) not in text]
        failures += [f"contains {s!r}" for s in p.not_contains if norm(s) in text]
        failures += [f"no match for /{r.pattern}/" for r in self._regex if not r.search(text)]
        failures += [f"matches /{r.pattern}/" for r in self._not_regex if r.search(text)]
        return Score(
            scorer=self.name,
            value=0.0 if failures else 1.0,
            label="fail" if failures else "match",
            passed=not failures,
            explanation="; ".join(failures),
        )
