"""The built-in seed goals load, cover every kind, and carry usable props; bad goal files
fail with one-line messages that name the file."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import re2

from saferail.detectors.checks import HAZARD_TAXONOMY
from saferail.evals.scorers._checks import run_check
from saferail.redteam.goals import BUILTIN_GOALS, Goal, GoalError, GoalKind, Impact, load_goals

GOALS = load_goals()


def by_kind(kind: GoalKind) -> list[Goal]:
    return [g for g in GOALS if g.kind is kind]


def test_builtins_load_from_the_packaged_file() -> None:
    assert BUILTIN_GOALS.is_file()
    assert load_goals(BUILTIN_GOALS) == GOALS
    assert 35 <= len(GOALS) <= 50


def test_every_kind_is_present_in_the_planned_numbers() -> None:
    counts = Counter(g.kind for g in GOALS)
    assert set(counts) == set(GoalKind)
    assert counts[GoalKind.HARMFUL] >= 14
    assert counts[GoalKind.SYSTEM_PROMPT] >= 6
    assert counts[GoalKind.INJECTION] >= 8
    assert counts[GoalKind.PII] >= 5
    assert counts[GoalKind.TOOL_MISUSE] >= 5


def test_ids_and_objectives_are_unique() -> None:
    assert len({g.id for g in GOALS}) == len(GOALS)
    assert len({g.objective for g in GOALS}) == len(GOALS)


def test_canaries_are_unique_and_appear_nowhere_else() -> None:
    canaries = [g.canary for g in GOALS if g.canary]
    assert len(set(canaries)) == len(canaries)
    for goal in GOALS:
        text = " ".join([goal.objective, goal.system_prompt or "", *goal.documents])
        others = [c for c in canaries if c != goal.canary and c in text]
        assert not others, f"{goal.id} mentions another goal's canary"


def test_harmful_goals_use_the_hazard_taxonomy() -> None:
    harmful = by_kind(GoalKind.HARMFUL)
    cats = Counter(g.category for g in harmful)
    assert set(cats) <= set(HAZARD_TAXONOMY)
    wanted = {
        "violent_crime",
        "weapons_cbrn",
        "cyber_attack",
        "self_harm",
        "hate",
        "privacy",
        "specialized_advice",
        "other",
    }
    assert wanted <= set(cats)
    for goal in harmful:
        assert f"hazard:{goal.category}" in goal.tags
        assert not (goal.system_prompt or goal.documents or goal.tools or goal.canary)
    cbrn = [g for g in harmful if "nerve agent" in g.objective or "pathogen" in g.objective]
    assert cbrn and all(g.impact is Impact.CRITICAL for g in cbrn)


@pytest.mark.parametrize(
    ("kind", "category", "tag", "atlas"),
    [
        (GoalKind.HARMFUL, None, "owasp:llm01:2025", "AML.T0054"),
        (GoalKind.SYSTEM_PROMPT, "system_prompt_leak", "owasp:llm07:2025", "AML.T0056"),
        (GoalKind.INJECTION, "prompt_injection", "owasp:llm01:2025", "AML.T0051.001"),
        (GoalKind.PII, "pii", "owasp:llm02:2025", "AML.T0057"),
        (GoalKind.TOOL_MISUSE, "tool_violation", "owasp:llm06:2025", "AML.T0053"),
    ],
)
def test_each_family_has_its_category_and_tags(
    kind: GoalKind, category: str | None, tag: str, atlas: str
) -> None:
    for goal in by_kind(kind):
        if category is not None:
            assert goal.category == category, goal.id
        assert tag in goal.tags, goal.id
        assert atlas in goal.atlas, goal.id


def test_system_prompts_hold_the_canary_on_a_reference_line() -> None:
    for goal in by_kind(GoalKind.SYSTEM_PROMPT):
        assert goal.canary and goal.system_prompt
        assert f"Internal reference code: {goal.canary}" in goal.system_prompt


def test_injection_goals_have_a_benign_task_and_documents() -> None:
    for goal in by_kind(GoalKind.INJECTION):
        assert goal.user_task and goal.documents, goal.id
        assert goal.canary and goal.canary in goal.objective
        assert not any(goal.canary in d for d in goal.documents), goal.id


def test_pii_goals_hold_data_the_pii_check_finds() -> None:
    for goal in by_kind(GoalKind.PII):
        given = "\n".join([goal.system_prompt or "", *goal.documents])
        kinds = {f.entity_type for f in run_check("pii", given)}
        assert kinds & {"EMAIL_ADDRESS", "PHONE_NUMBER", "US_SSN", "IBAN_CODE"}, goal.id


def test_tool_goals_offer_openai_tools_and_valid_re2_patterns() -> None:
    for goal in by_kind(GoalKind.TOOL_MISUSE):
        names = set()
        for tool in goal.tools:
            assert tool["type"] == "function"
            names.add(tool["function"]["name"])
            assert tool["function"]["parameters"]["type"] == "object"
        assert set(goal.forbidden_tools) <= names, goal.id
        for pattern in goal.forbidden_args:
            re2.compile(pattern)
        assert goal.user_task, goal.id


def test_a_bare_list_loads(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text("- {id: one, kind: harmful, objective: Do a bad thing, category: other}\n")
    (goal,) = load_goals(path)
    assert goal.id == "one" and goal.impact is Impact.HIGH


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("goals: [", "not valid YAML"),
        ("goals: []", "non-empty list"),
        ("just a string", "non-empty list"),
        ("goals: [42]", "goals[0]: a goal must be a mapping"),
        ("- {id: x, kind: nope, objective: o, category: c}", "goals[0] (x): kind"),
        (
            "- {id: x, kind: injection, objective: say hi, category: c, canary: K-1}",
            "objective must ask for its canary",
        ),
        (
            "- {id: x, kind: system_prompt_extraction, objective: o, category: c,"
            " canary: K-1, system_prompt: no secret here}",
            "canary in 'system_prompt'",
        ),
        ("- {id: x, kind: pii_extraction, objective: o, category: c}", "needs the data"),
        (
            "- {id: x, kind: tool_misuse, objective: o, category: c, tools: [{type: function}]}",
            "forbidden tools or arguments",
        ),
        (
            "- {id: x, kind: harmful, objective: o, category: c}\n"
            "- {id: x, kind: harmful, objective: p, category: c}",
            "goals[1]: duplicate goal id 'x'",
        ),
        ("- {id: x, kind: harmful, objective: o, category: c, colour: red}", "colour"),
    ],
)
def test_bad_files_raise_one_line_goal_errors(tmp_path: Path, text: str, needle: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(GoalError) as info:
        load_goals(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(str(path))
    assert needle in message


def test_missing_file_is_a_goal_error(tmp_path: Path) -> None:
    with pytest.raises(GoalError, match="no such goal file"):
        load_goals(tmp_path / "absent.yaml")


def test_a_directory_is_named_as_one(tmp_path: Path) -> None:
    with pytest.raises(GoalError, match="is a directory; give a goal YAML file"):
        load_goals(tmp_path)


def test_a_goal_file_that_repeats_a_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "goals.yaml"
    path.write_text("goals: []\ngoals:\n  - id: x\n", encoding="utf-8")
    with pytest.raises(GoalError, match=r"goals.yaml:2: duplicate key 'goals' \(first on line 1\)"):
        load_goals(path)
