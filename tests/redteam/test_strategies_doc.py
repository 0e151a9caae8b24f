"""docs/redteam/strategies.md matches the registry: every strategy and converter saferail
ships is in its tables, with the goal kinds, turns and ATLAS ids the code declares."""

from __future__ import annotations

from pathlib import Path

from saferail.redteam.converters import available_converters, get_converter
from saferail.redteam.strategies import dataset  # noqa: F401  (registers dataset_templates)
from saferail.redteam.strategies.registry import available_strategies, get_strategy

DOC = Path(__file__).resolve().parents[2] / "docs" / "redteam" / "strategies.md"


def table_rows(text: str, header: str) -> dict[str, list[str]]:
    """Rows of the markdown table whose header starts with ``header``, by first cell."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {header} |"))
    rows: dict[str, list[str]] = {}
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip("|").split("|")]
        rows[cells[0].strip("`")] = cells[1:]
    return rows


def shipped_strategies() -> list[str]:
    names = available_strategies()
    return [
        n for n in names if get_strategy(n).__module__.startswith("saferail.redteam.strategies.")
    ]


def test_every_builtin_strategy_is_in_the_table() -> None:
    rows = table_rows(DOC.read_text(encoding="utf-8"), "strategy")
    builtins = [n for n in shipped_strategies() if n != "dataset_templates"]
    assert sorted(rows) == sorted(builtins)
    for name in builtins:
        info = get_strategy(name).info()
        kinds, turns, _owasp, atlas, _params = rows[name]
        assert kinds.split(", ") == list(info.kinds), name
        assert turns == ("many" if info.multi_turn else "1"), name
        assert set(atlas.split(", ")) == set(info.atlas), name


def test_every_converter_is_in_the_table() -> None:
    rows = table_rows(DOC.read_text(encoding="utf-8"), "converter")
    assert sorted(rows) == available_converters()
    for name, (_what, instruction) in rows.items():
        assert (instruction == "yes") == get_converter(name).needs_instruction, name
