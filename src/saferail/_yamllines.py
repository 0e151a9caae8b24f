"""YAML text to data plus the line of every key path, for config errors that name a line.

The policy, risk register, ``card.yaml``, feature files and alert rules all report
mistakes as ``source:line: field: message``; they share this loader and line lookup.
"""

from __future__ import annotations

__all__ = [
    "MAX_FLOW_DEPTH",
    "MAX_VALUES",
    "YamlDuplicateKeyError",
    "YamlLimitError",
    "YamlSyntaxError",
    "duplicate_keys",
    "line_index",
    "line_of",
    "load_with_lines",
]

from typing import Any

import yaml

Loc = tuple[str | int, ...]
MAX_VALUES = 100_000
"""The most YAML nodes (keys and values) a file may have with its aliases expanded."""
MAX_FLOW_DEPTH = 64
"""The most ``[``/``{`` a file may leave open at once (counted in quotes too)."""


class YamlSyntaxError(ValueError):
    """The text is not YAML; ``line`` is 1-based when the parser knows it."""

    def __init__(self, problem: str, line: int | None) -> None:
        self.problem = problem
        self.line = line
        super().__init__(problem)

    @property
    def reason(self) -> str:
        """The mistake as a config error states it."""
        return f"syntax error: {self.problem}"

    def where(self, source: str) -> str:
        """``source:line`` (or ``source`` when the line is unknown)."""
        return f"{source}:{self.line}" if self.line is not None else source


class YamlLimitError(YamlSyntaxError):
    """Well-formed maybe, but too deeply nested or too large to load safely."""

    @property
    def reason(self) -> str:
        return self.problem


class YamlDuplicateKeyError(YamlSyntaxError):
    """Well-formed, but a mapping writes one key twice (YAML would keep the last silently)."""

    @property
    def reason(self) -> str:
        return self.problem


def load_with_lines(text: str, *, unique_keys: bool = True) -> tuple[Any, Any]:
    """``(data, node)``: the loaded value and its composed node tree (for :func:`line_index`).

    Raises :class:`YamlSyntaxError` on bad YAML, on a mapping key written twice (YAML would
    keep the last value without a word; ``unique_keys=False`` leaves them to the caller, see
    :func:`duplicate_keys`), and :class:`YamlLimitError` on text nested
    more than :data:`MAX_FLOW_DEPTH` deep (PyYAML scans deep flow nesting in quadratic time
    and composes block nesting recursively) or holding more than :data:`MAX_VALUES` nodes once
    aliases are expanded (a "billion laughs").
    """
    if _flow_depth(text) > MAX_FLOW_DEPTH:
        raise YamlLimitError("nested too deeply", None)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        if _expanded_size(node) > MAX_VALUES:
            msg = f"too large: more than {MAX_VALUES} values once its aliases are expanded"
            raise YamlLimitError(msg, None)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise YamlSyntaxError(problem, mark.line + 1 if mark is not None else None) from None
    except RecursionError:  # PyYAML's composer recurses once per nesting level
        raise YamlLimitError("nested too deeply", None) from None
    repeated = duplicate_keys(node) if unique_keys else []
    if repeated:
        loc, line, first = repeated[0]
        where = ".".join(str(p) for p in loc)
        raise YamlDuplicateKeyError(f"duplicate key {where!r} (first on line {first})", line)
    return data, node


def _flow_depth(text: str) -> int:
    """The most ``[`` and ``{`` open at once, brackets in strings included (in linear
    time, before PyYAML sees the text)."""
    depth = deepest = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}" and depth:
            depth -= 1
    return deepest


def _expanded_size(node: Any) -> int:
    """How many nodes the YAML tree has once aliases are expanded (counted once per node,
    so in linear time; at most ``MAX_VALUES + 1``)."""
    memo: dict[int, int] = {}

    def size(n: Any) -> int:
        known = memo.get(id(n))
        if known is not None:
            return known
        memo[id(n)] = 1  # a recursive alias counts once
        if isinstance(n, yaml.MappingNode):
            children = [c for pair in n.value for c in pair]
        elif isinstance(n, yaml.SequenceNode):
            children = list(n.value)
        else:
            children = []
        total = 1
        for child in children:
            total = min(MAX_VALUES + 1, total + size(child))
        memo[id(n)] = total
        return total

    return 0 if node is None else size(node)


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


_MERGE = "tag:yaml.org,2002:merge"


def duplicate_keys(node: Any) -> list[tuple[Loc, int, int]]:
    """``(key path, line, line of the first)`` of every key a YAML mapping repeats, in a
    composed node tree (:func:`saferail._yamllines.load_with_lines`); lines are 1-based.

    YAML loaders keep the last value of a repeated key and drop the first without a word.
    Merge keys (``<<: *anchor``) are not repeats: keys written beside them override them.
    """
    found: list[tuple[Loc, int, int]] = []
    seen: set[int] = set()

    def walk(n: Any, path: Loc) -> None:
        if id(n) in seen:  # an alias: the anchored node was checked where it is defined
            return
        seen.add(id(n))
        if isinstance(n, yaml.MappingNode):
            first: dict[tuple[str, str], int] = {}
            for key, value in n.value:
                sub: Loc = (*path, str(key.value))
                if isinstance(key, yaml.ScalarNode) and key.tag != _MERGE:
                    line = key.start_mark.line + 1
                    if (key.tag, key.value) in first:
                        found.append((sub, line, first[(key.tag, key.value)]))
                    else:
                        first[(key.tag, key.value)] = line
                walk(value, sub)
        elif isinstance(n, yaml.SequenceNode):
            for i, item in enumerate(n.value):
                walk(item, (*path, i))

    if node is not None:
        walk(node, ())
    return found
