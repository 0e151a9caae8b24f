"""The ``dataset_templates`` strategy: public jailbreak templates read at run time.

It reads templates from the normalized public data sets in ``../shared/datasets``
(``gptfuzzer``: slot ``[INSERT PROMPT HERE]``; ``pyrit_jailbreak_templates``: slot
``{{ prompt }}``), never copies them into saferail, and puts the goal's objective in the slot.
Rows without a slot, rows that are not templates (``label`` other than ``jailbreak``),
templates with other unresolved placeholders and (by default) templates over 4000 characters
are skipped.

This module is not a built-in: importing it registers the strategy. When no template file
is found, :meth:`DatasetTemplatesStrategy.attempts` raises :class:`DatasetUnavailableError`
(the run stops with a message naming where it looked) rather than silently trying nothing;
:meth:`DatasetTemplatesStrategy.available` tells beforehand.
"""

from __future__ import annotations

__all__ = [
    "DEFAULT_DATASETS",
    "DatasetParams",
    "DatasetTemplatesStrategy",
    "DatasetUnavailableError",
    "load_jailbreak_templates",
    "template_files",
]

import random
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from saferail.errors import SaferailError
from saferail.evals.datasets import DATASETS_ENV, default_root
from saferail.io import json_lines
from saferail.redteam.attack import PAYLOAD, Attempt, StaticAttempt
from saferail.redteam.goals import Goal, GoalKind
from saferail.redteam.strategies._templated import Variant, goal_probe
from saferail.redteam.strategies.base import Strategy
from saferail.redteam.strategies.registry import register_strategy

DEFAULT_DATASETS: tuple[str, ...] = ("gptfuzzer", "pyrit_jailbreak_templates")
_SLOT = re.compile(r"\{\{\s*prompt\s*\}\}|\[INSERT PROMPT HERE\]")
_UNRESOLVED = re.compile(r"\{\{|\{%")
_REPO_ROOT = Path(__file__).resolve().parents[4]


class DatasetUnavailableError(SaferailError):
    """No jailbreak template file was found, or a file could not be read."""


class DatasetParams(BaseModel):
    """Where the templates are and how many a run tries per goal."""

    model_config = ConfigDict(extra="forbid")

    path: str | None = Field(
        None,
        description="A template JSONL file, a folder holding data.jsonl, or a data-set root "
        "holding the `datasets` folders (default: $SAFERAIL_DATASETS, else ../shared/datasets).",
    )
    datasets: list[str] = Field(default_factory=lambda: list(DEFAULT_DATASETS))
    limit: int = Field(20, ge=1, description="Templates tried per goal (a seeded sample).")
    max_chars: int | None = Field(
        4000, ge=1, description="Skip templates longer than this (None: keep all)."
    )


def _roots() -> list[Path]:
    return [default_root(), _REPO_ROOT.parent / "shared" / "datasets"]


def template_files(
    path: str | Path | None, datasets: Sequence[str] = DEFAULT_DATASETS
) -> list[Path]:
    """The template JSONL files ``path`` names (see :class:`DatasetParams`); ``[]`` if none."""
    candidates = [Path(path)] if path is not None else _roots()
    for base in candidates:
        if base.is_file():
            return [base]
        if (base / "data.jsonl").is_file():
            return [base / "data.jsonl"]
        found = [base / name / "data.jsonl" for name in datasets]
        found = [f for f in found if f.is_file()]
        if found:
            return found
    return []


def _template(row: Any) -> str | None:
    if not isinstance(row, dict) or row.get("label", "jailbreak") != "jailbreak":
        return None
    text = row.get("text")
    if not isinstance(text, str) or PAYLOAD in text or not _SLOT.search(text):
        return None
    template = _SLOT.sub(lambda _: PAYLOAD, text)
    return None if _UNRESOLVED.search(template) else template


def load_jailbreak_templates(path: Path) -> list[Variant]:
    """The usable templates of one JSONL file, named by row id (else ``<stem>-<line>``).
    Errors name the file and line, never template text."""
    out: list[Variant] = []
    seen: set[str] = set()
    try:
        with path.open(encoding="utf-8") as fh:
            for lineno, row in json_lines(fh, path, DatasetUnavailableError):
                template = _template(row)
                if template is None:
                    continue
                raw_id = row.get("id")
                name = str(raw_id) if raw_id not in (None, "") else f"{path.parent.name}-{lineno}"
                name = name.replace("/", "_")
                if name not in seen:
                    seen.add(name)
                    out.append(Variant(name, template))
    except OSError as exc:
        raise DatasetUnavailableError(f"{path}: cannot read ({exc.strerror})") from None
    return out


@register_strategy
class DatasetTemplatesStrategy(Strategy):
    """A seeded sample of public jailbreak templates, each wrapping the objective."""

    name: ClassVar[str] = "dataset_templates"
    description: ClassVar[str] = (
        "Public jailbreak templates (GPTFuzzer, PyRIT) read at run time from ../shared/datasets "
        "or `path`, the objective in their prompt slot; `limit` per goal, seeded sample."
    )
    kinds: ClassVar[tuple[GoalKind, ...]] = (GoalKind.HARMFUL,)
    tags: ClassVar[tuple[str, ...]] = ("owasp:llm01:2025",)
    atlas: ClassVar[tuple[str, ...]] = ("AML.T0054", "AML.T0051.000")
    Params: ClassVar[type[BaseModel]] = DatasetParams

    def __init__(self, params: dict[str, Any] | None = None) -> None:
        super().__init__(params)
        self._templates: list[Variant] | None = None

    @property
    def _p(self) -> DatasetParams:
        assert isinstance(self.params, DatasetParams)
        return self.params

    def files(self) -> list[Path]:
        """The template files this strategy reads (``[]`` when none is found)."""
        return template_files(self._p.path, self._p.datasets)

    def available(self) -> bool:
        """Whether any template file is found."""
        return bool(self.files())

    def templates(self) -> list[Variant]:
        """Every usable template (read once); raises :class:`DatasetUnavailableError`."""
        if self._templates is None:
            files = self.files()
            if not files:
                where = self._p.path or " or ".join(str(r) for r in _roots())
                raise DatasetUnavailableError(
                    f"dataset_templates: no jailbreak template data found at {where} "
                    f"(set the `path` param or ${DATASETS_ENV})"
                )
            self._templates = [v for f in files for v in load_jailbreak_templates(f)]
        return self._templates

    def attempts(self, goal: Goal, rng: random.Random) -> Iterator[Attempt]:
        if not self.applies_to(goal):
            return
        cap = self._p.max_chars
        pool = [v for v in self.templates() if cap is None or len(v.template) <= cap]
        chosen = rng.sample(pool, min(self._p.limit, len(pool)))
        params = self._p.model_dump(mode="json")
        for variant in chosen:
            yield StaticAttempt(
                strategy=self.name,
                goal=goal,
                variant=variant.name,
                params=params,
                probe=goal_probe(goal, variant.template),
            )
