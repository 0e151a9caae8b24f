"""Goal files: every error names file:line, and forbidden_args patterns must compile as RE2."""

from __future__ import annotations

from pathlib import Path

import pytest

from saferail.redteam.goals import GoalError, load_goals

BLOCK = """\
goals:
  - id: ok
    kind: harmful
    objective: Do a bad thing
    category: other
  - id: tool-1
    kind: tool_misuse
    objective: Mail the file out
    category: tool_violation
    tools:
      - {type: function, function: {name: send_email}}
    forbidden_args:
      - attacker\\.example
      - "(unclosed"
"""


def _error(tmp_path: Path, text: str) -> str:
    path = tmp_path / "goals.yaml"
    path.write_text(text)
    with pytest.raises(GoalError) as info:
        load_goals(path)
    message = str(info.value)
    assert "\n" not in message
    return message.removeprefix(str(tmp_path) + "/")


def test_an_invalid_re2_forbidden_arg_is_refused_at_its_line(tmp_path: Path) -> None:
    # it used to load, then every attack attempt of the run errored in the tool_use scorer
    message = _error(tmp_path, BLOCK)
    assert message.startswith("goals.yaml:14: goals[1] (tool-1): forbidden_args.1: ")
    assert "not a valid RE2 pattern '(unclosed'" in message


def test_a_valid_re2_forbidden_arg_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "goals.yaml"
    path.write_text(BLOCK.replace('      - "(unclosed"\n', ""))
    goals = load_goals(path)
    assert goals[1].forbidden_args == ("attacker\\.example",)


@pytest.mark.parametrize(
    ("text", "start"),
    [
        # a cross-field rule: the line where the goal starts
        (
            "goals:\n  - id: a\n    kind: harmful\n    objective: o\n    category: c\n"
            "  - id: b\n    kind: injection\n    objective: say hi\n    category: c\n"
            "    canary: K-1\n",
            "goals.yaml:6: goals[1] (b): an injection goal's objective must ask",
        ),
        # a bad field: the field's own line
        (
            "goals:\n  - id: a\n    kind: harmful\n    objective: o\n    category: c\n"
            "    impact: huge\n",
            "goals.yaml:6: goals[0] (a): impact: ",
        ),
        # a bare list, not a mapping
        (
            "- {id: a, kind: harmful, objective: o, category: c}\n- 42\n",
            "goals.yaml:2: goals[1]: a goal must be a mapping",
        ),
        # a repeated id names the repeat's line and the first goal holding it
        (
            "- {id: a, kind: harmful, objective: o, category: c}\n"
            "- {id: a, kind: harmful, objective: p, category: c}\n",
            "goals.yaml:2: goals[1]: duplicate goal id 'a' (first in goals[0])",
        ),
    ],
)
def test_goal_errors_name_file_and_line(tmp_path: Path, text: str, start: str) -> None:
    assert _error(tmp_path, text).startswith(start)


def test_bad_yaml_says_what_is_wrong(tmp_path: Path) -> None:
    message = _error(tmp_path, "goals:\n\t- id: x\n")
    assert message.startswith("goals.yaml:2: not valid YAML")
    assert "'\\t'" in message
