"""A key written twice in a policy is an error: YAML would keep the last one silently."""

from __future__ import annotations

import pytest

from saferail import PolicyError, parse_policy


def issues_of(text: str) -> list[str]:
    with pytest.raises(PolicyError) as info:
        parse_policy(text, source="p.yaml")
    return [str(i) for i in info.value.issues]


def test_a_second_surface_section_would_drop_the_first_one_checks() -> None:
    text = "input:\n  checks:\n    secret: {action: block}\ninput:\n  checks: {}\n"
    (line,) = issues_of(text)
    assert line == "p.yaml:4: input: duplicate key 'input' (first on line 1)"


def test_a_repeated_check_would_weaken_its_action() -> None:
    text = "input:\n  checks:\n    secret: {action: block}\n    secret: {action: log}\n"
    (line,) = issues_of(text)
    assert line.startswith("p.yaml:4: input.checks.secret: duplicate key 'secret'")


@pytest.mark.parametrize(
    "text",
    [
        "input:\n  checks:\n    secret:\n      action: block\n      action: log\n",
        "input:\n  checks:\n    secret: {action: block, action: log}\n",
        "input:\n  checks:\n    secret: {action: block, 'action': log}\n",
    ],
)
def test_a_repeated_field_is_reported_at_the_second_one(text: str) -> None:
    (line,) = issues_of(text)
    assert "input.checks.secret.action: duplicate key 'action' (first on line" in line


def test_duplicates_are_reported_with_the_other_mistakes() -> None:
    text = (
        "input:\n  checks:\n    secret: {threshold: 2}\n"
        "output:\n  checks: {}\noutput:\n  checks: {nosuch: {}}\n"
    )
    joined = "\n".join(issues_of(text))
    assert "p.yaml:3: input.checks.secret.threshold:" in joined
    assert "p.yaml:6: output: duplicate key 'output' (first on line 4)" in joined
    assert "unknown check 'nosuch'" in joined


def test_merge_keys_and_aliases_are_not_duplicates() -> None:
    text = (
        "input:\n  checks:\n    secret: &strict {action: block, threshold: 0.5}\n"
        "output:\n  checks:\n    secret:\n      <<: *strict\n      threshold: 0.9\n"
        "tool_call:\n  checks:\n    secret: *strict\n"
    )
    policy = parse_policy(text)
    assert policy.output.checks["secret"].threshold == 0.9
    assert policy.output.checks["secret"].action == "block"
    assert policy.tool_call.checks["secret"].threshold == 0.5
