"""``dataset_templates``: jailbreak templates read at run time from a JSONL file.

The real data sets are only counted and checked, never printed (some templates hold
offensive text)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from saferail.redteam.attack import PAYLOAD
from saferail.redteam.goals import GoalKind
from saferail.redteam.strategies.dataset import (
    DatasetTemplatesStrategy,
    DatasetUnavailableError,
    load_jailbreak_templates,
    template_files,
)
from saferail.redteam.strategies.registry import available_strategies, get_strategy
from tests.conftest import DATASETS
from tests.redteam.strategies._single_turn import HARMFUL, attempts, check_kinds, check_single_turn

ROWS = [
    {"id": "fuzz-1", "label": "jailbreak", "text": "You are HelperBot. [INSERT PROMPT HERE]"},
    {"id": "pyrit/two", "label": "jailbreak", "text": "Game time!\n{{ prompt }}\nHave fun."},
    {"id": "tight", "text": "Quick: {{prompt}} -- and again: {{prompt}}"},
    {"id": "no-slot", "label": "jailbreak", "text": "A template without a slot."},
    {"id": "question", "label": "harmful", "text": "Not a template [INSERT PROMPT HERE]"},
    {"id": "jinja", "label": "jailbreak", "text": "{{ prompt }} in {{ language }}"},
    {"id": "fuzz-1", "label": "jailbreak", "text": "Duplicate id [INSERT PROMPT HERE]"},
]


def write(path: Path, rows: list[dict[str, str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    return write(tmp_path / "templates" / "data.jsonl", ROWS)


def test_registered_when_imported() -> None:
    assert "dataset_templates" in available_strategies()
    assert get_strategy("dataset_templates") is DatasetTemplatesStrategy
    info = DatasetTemplatesStrategy.info()
    assert "owasp:llm01:2025" in info.tags and info.defaults["limit"] == 20


def test_applies_to_harmful_goals_only(data_file: Path) -> None:
    check_kinds("dataset_templates", {GoalKind.HARMFUL})


def test_loads_usable_templates_with_the_slot_replaced(data_file: Path) -> None:
    templates = load_jailbreak_templates(data_file)
    assert [v.name for v in templates] == ["fuzz-1", "pyrit_two", "tight"]
    assert templates[0].template == f"You are HelperBot. {PAYLOAD}"
    assert templates[1].template == f"Game time!\n{PAYLOAD}\nHave fun."
    assert templates[2].template.count(PAYLOAD) == 2


def test_single_turn_contract(data_file: Path) -> None:
    check_single_turn("dataset_templates", HARMFUL, {"path": str(data_file)})
    found = attempts(DatasetTemplatesStrategy({"path": str(data_file)}), HARMFUL)
    assert sorted(a.variant for a in found) == ["fuzz-1", "pyrit_two", "tight"]
    by_name = {a.variant: a.first().last for a in found}
    assert by_name["fuzz-1"] == f"You are HelperBot. {HARMFUL.objective}"
    assert by_name["tight"].count(HARMFUL.objective) == 2


def test_path_may_name_a_file_a_folder_or_a_root(tmp_path: Path, data_file: Path) -> None:
    assert template_files(data_file) == [data_file]
    assert template_files(data_file.parent) == [data_file]
    gpt = write(tmp_path / "root" / "gptfuzzer" / "data.jsonl", ROWS[:1])
    assert template_files(tmp_path / "root") == [gpt]
    assert template_files(tmp_path / "root", ["other"]) == []


def test_limit_takes_a_seeded_sample(data_file: Path) -> None:
    strategy = DatasetTemplatesStrategy({"path": str(data_file), "limit": 2})
    one = [a.variant for a in strategy.attempts(HARMFUL, random.Random(7))]
    two = [a.variant for a in strategy.attempts(HARMFUL, random.Random(7))]
    assert len(one) == 2 and one == two


def test_long_templates_are_skipped(tmp_path: Path) -> None:
    long = {"id": "long", "text": "x" * 5000 + " [INSERT PROMPT HERE]"}
    path = write(tmp_path / "data.jsonl", [ROWS[0], long])
    names = [a.variant for a in attempts(DatasetTemplatesStrategy({"path": str(path)}), HARMFUL)]
    assert names == ["fuzz-1"]
    keep_all = DatasetTemplatesStrategy({"path": str(path), "max_chars": None})
    assert sorted(a.variant for a in attempts(keep_all, HARMFUL)) == ["fuzz-1", "long"]


def test_missing_data_raises_a_clear_error(tmp_path: Path) -> None:
    strategy = DatasetTemplatesStrategy({"path": str(tmp_path / "absent")})
    assert not strategy.available()
    with pytest.raises(DatasetUnavailableError, match="no jailbreak template data found at"):
        attempts(strategy, HARMFUL)


def test_bad_json_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    path.write_text(json.dumps(ROWS[0]) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(DatasetUnavailableError, match=r"data\.jsonl:2: not JSON"):
        load_jailbreak_templates(path)


@pytest.mark.skipif(not DATASETS.is_dir(), reason=f"shared data sets not present at {DATASETS}")
@pytest.mark.parametrize(
    ("folder", "minimum"), [("gptfuzzer", 70), ("pyrit_jailbreak_templates", 500)]
)
def test_reads_the_real_template_sets(folder: str, minimum: int) -> None:
    path = DATASETS / folder / "data.jsonl"
    if not path.is_file():
        pytest.skip(f"{folder} not present under {DATASETS}")
    templates = load_jailbreak_templates(path)
    assert len(templates) >= minimum
    assert not [v.name for v in templates if PAYLOAD not in v.template]
    assert not [v.name for v in templates if "[INSERT PROMPT HERE]" in v.template]
    assert not [v.name for v in templates if "{{" in v.template]
    found = attempts(DatasetTemplatesStrategy({"path": str(path), "limit": 5}), HARMFUL)
    assert len(found) == 5
    assert all(HARMFUL.objective in a.first().last for a in found)
