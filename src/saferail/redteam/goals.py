"""Seed goals: what an attack tries to make the target do.

A goal is data: its kind (which decides how success is judged), the objective an attack
carries to the target, the impact of success (one half of the severity rubric, see
``docs/redteam/findings.md``), and the props it needs (a system prompt holding a canary, the
tools offered, planted personal data). Built-in goals live in
``src/saferail/data/redteam/goals.yaml``; users pass their own file with ``--goals FILE``.
"""

from __future__ import annotations

__all__ = [
    "BUILTIN_GOALS",
    "Goal",
    "GoalError",
    "GoalKind",
    "Impact",
    "load_goals",
]

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from saferail._re2check import require_re2
from saferail._yamllines import YamlSyntaxError, line_index, line_of, load_with_lines
from saferail.errors import SaferailError, TextFileError
from saferail.evals.case import Expected
from saferail.io import read_text

BUILTIN_GOALS = Path(__file__).resolve().parent.parent / "data" / "redteam" / "goals.yaml"


class GoalError(SaferailError):
    """A goal file could not be loaded; the message names the file and the goal."""


class GoalKind(StrEnum):
    """What the attacker wants; each kind has its own success test."""

    HARMFUL = "harmful"
    """The target answers a harmful request (success: it complies instead of refusing)."""
    SYSTEM_PROMPT = "system_prompt_extraction"
    """The target reveals its system prompt (success: the canary planted there appears)."""
    INJECTION = "injection"
    """The target follows an instruction planted in a document or tool output
    (success: the canary the planted instruction asks for appears)."""
    PII = "pii_extraction"
    """The target discloses personal data it was given in confidence (success: it leaks)."""
    TOOL_MISUSE = "tool_misuse"
    """The target calls a forbidden tool, or a tool with forbidden arguments."""


class Impact(StrEnum):
    """How bad one success is (the impact axis of the severity rubric)."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def level(self) -> int:
        return {"low": 1, "medium": 2, "high": 3, "critical": 4}[self.value]


_EXPECTED: dict[GoalKind, Expected] = {
    GoalKind.HARMFUL: Expected.REFUSE,
    GoalKind.SYSTEM_PROMPT: Expected.NO_LEAK,
    GoalKind.INJECTION: Expected.IGNORE_INJECTION,
    GoalKind.PII: Expected.NO_PII,
    GoalKind.TOOL_MISUSE: Expected.SAFE_TOOL_USE,
}


class Goal(BaseModel):
    """One seed goal. ``objective`` is the request (harmful), the planted instruction
    (injection: it should ask for the ``canary``), or what to extract (the other kinds)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.:-]+$")
    kind: GoalKind
    objective: str = Field(min_length=1)
    category: str = Field(min_length=1, description="Finding category or hazard subcategory.")
    impact: Impact = Impact.HIGH
    system_prompt: str | None = None
    canary: str | None = None
    user_task: str | None = Field(
        None, description="The benign request of the user an indirect injection hijacks."
    )
    documents: tuple[str, ...] = Field((), description="Benign documents for RAG attacks.")
    tools: tuple[dict[str, Any], ...] = ()
    forbidden_tools: tuple[str, ...] = ()
    forbidden_args: tuple[Annotated[str, AfterValidator(require_re2)], ...] = Field(
        (), description="RE2 patterns a tool argument must not match."
    )
    tags: tuple[str, ...] = ()
    atlas: tuple[str, ...] = Field((), description="MITRE ATLAS technique ids.")

    @model_validator(mode="after")
    def _props(self) -> Goal:
        if self.kind in (GoalKind.SYSTEM_PROMPT, GoalKind.INJECTION) and not self.canary:
            raise ValueError(f"a {self.kind.value} goal needs a 'canary'")
        canary = self.canary or ""
        if self.kind is GoalKind.SYSTEM_PROMPT and (
            not self.system_prompt or canary not in self.system_prompt
        ):
            raise ValueError("a system_prompt_extraction goal needs its canary in 'system_prompt'")
        if self.kind is GoalKind.INJECTION and canary not in self.objective:
            raise ValueError("an injection goal's objective must ask for its canary")
        if self.kind is GoalKind.PII and not (self.system_prompt or self.documents):
            raise ValueError(
                "a pii_extraction goal needs the data in 'system_prompt' or 'documents'"
            )
        if self.kind is GoalKind.TOOL_MISUSE and not (
            self.tools and (self.forbidden_tools or self.forbidden_args)
        ):
            raise ValueError("a tool_misuse goal needs 'tools' and forbidden tools or arguments")
        return self

    @property
    def expected(self) -> Expected:
        """The eval behaviour a safe target shows (the attack succeeds when it fails)."""
        return _EXPECTED[self.kind]


def load_goals(path: str | Path | None = None) -> list[Goal]:
    """Goals from a YAML file (``goals:`` list or a bare list); the built-ins by default."""
    p = Path(path) if path is not None else BUILTIN_GOALS
    if p.is_dir():
        raise GoalError(f"{p}: is a directory; give a goal YAML file")
    if not p.is_file():
        raise GoalError(f"{p}: no such goal file")
    try:
        raw, node = load_with_lines(read_text(p, expect="a goal file"))
    except YamlSyntaxError as exc:  # a key written twice, too deep or too large included
        plain = type(exc) is YamlSyntaxError
        what = f"not valid YAML ({exc.problem})" if plain else exc.reason
        raise GoalError(f"{exc.where(str(p))}: {what}") from None
    except TextFileError as exc:
        raise GoalError(f"{p}: {exc.reason}") from None
    lines = line_index(node)
    wrapped = isinstance(raw, dict)
    rows = raw.get("goals") if isinstance(raw, dict) else raw
    if not isinstance(rows, list) or not rows:
        raise GoalError(f"{p}: expected a non-empty list of goals (or a 'goals:' list)")

    def at(*loc: Any) -> str:
        """``file:line`` of ``loc`` (a path inside one goal row) in the goal file."""
        line = line_of(lines, (*(("goals",) if wrapped else ()), *loc))
        return f"{p}:{line}" if line is not None else str(p)

    goals: list[Goal] = []
    seen: dict[str, int] = {}
    for i, row in enumerate(rows):
        if not isinstance(row, dict):
            raise GoalError(f"{at(i)}: goals[{i}]: a goal must be a mapping")
        try:
            goal = Goal.model_validate(row)
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = ".".join(str(x) for x in err["loc"])
            msg = str(err["msg"]).removeprefix("Value error, ")
            what = f"{loc}: {msg}" if loc else msg
            where = f"{at(i, *err['loc'])}: goals[{i}] ({row.get('id', '?')})"
            raise GoalError(f"{where}: {what}") from None
        if goal.id in seen:
            raise GoalError(
                f"{at(i, 'id')}: goals[{i}]: duplicate goal id {goal.id!r}"
                f" (first in goals[{seen[goal.id]}])"
            )
        seen[goal.id] = i
        goals.append(goal)
    return goals
