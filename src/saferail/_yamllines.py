"""YAML text to data plus the line of every key path, for config errors that name a line.

The policy, risk register, ``card.yaml``, feature files and alert rules all report
mistakes as ``source:line: field: message``; they share this loader and line lookup.
"""

from __future__ import annotations

__all__ = ["YamlSyntaxError", "line_index", "line_of", "load_with_lines"]

from typing import Any

import yaml

Loc = tuple[str | int, ...]


class YamlSyntaxError(ValueError):
    """The text is not YAML; ``line`` is 1-based when the parser knows it."""

    def __init__(self, problem: str, line: int | None) -> None:
        self.problem = problem
        self.line = line
        super().__init__(problem)

    def where(self, source: str) -> str:
        """``source:line`` (or ``source`` when the line is unknown)."""
        return f"{source}:{self.line}" if self.line is not None else source


def load_with_lines(text: str) -> tuple[Any, Any]:
    """``(data, node)``: the loaded value and its composed node tree (for :func:`line_index`).

    Raises :class:`YamlSyntaxError` on bad YAML; ``RecursionError`` from deep nesting
    propagates for callers that bound it.
    """
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise YamlSyntaxError(problem, mark.line + 1 if mark is not None else None) from None
    return data, node


def line_index(node: Any) -> dict[Loc, int]:
    """Map every key path of a composed YAML node tree to its 1-based line."""
    index: dict[Loc, int] = {}
    seen: set[int] = set()

    def walk(n: Any, path: Loc) -> None:
        if id(n) in seen:  # an alias: its lines are those of the anchored node
            return
        seen.add(id(n))
        if isinstance(n, yaml.MappingNode):
            for key, value in n.value:
                sub = (*path, str(key.value))
                index[sub] = key.start_mark.line + 1
                walk(value, sub)
        elif isinstance(n, yaml.SequenceNode):
            for i, item in enumerate(n.value):
                index[(*path, i)] = item.start_mark.line + 1
                walk(item, (*path, i))

    if node is not None:
        index[()] = node.start_mark.line + 1
        walk(node, ())
    return index


def line_of(lines: dict[Loc, int], loc: tuple[Any, ...]) -> int | None:
    """The line of ``loc``, or of its longest prefix that has one."""
    for n in range(len(loc), -1, -1):
        if loc[:n] in lines:
            return lines[loc[:n]]
    return None
