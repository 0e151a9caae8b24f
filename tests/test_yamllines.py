"""YAML with line numbers: data, key-path lines, syntax errors and the size/nesting limits,
applied alike by every config file that loads through it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from saferail._yamllines import (
    MAX_FLOW_DEPTH,
    YamlDuplicateKeyError,
    YamlLimitError,
    YamlSyntaxError,
    line_index,
    line_of,
    load_with_lines,
)
from saferail.errors import PolicyError, SaferailError
from saferail.governance.card_info import CardInfoError, parse_card_info
from saferail.governance.register import RegisterError, parse_register
from saferail.plan.feature import FeatureError, parse_feature
from saferail.policy.loader import parse_policy
from saferail.telemetry.monitor.rules import RulesError, parse_rules

# Nine levels of nine aliases each: 9**9 values once expanded, 300 bytes of text.
BOMB = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10)
)


def test_data_and_the_line_of_every_key_path() -> None:
    data, node = load_with_lines("name: x\nitems:\n  - a: 1\n  - b: 2\n")
    assert data == {"name": "x", "items": [{"a": 1}, {"b": 2}]}
    lines = line_index(node)
    assert lines[("name",)] == 1 and lines[("items", 1)] == 4 and lines[("items", 1, "b")] == 4
    assert line_of(lines, ("items", 0, "a", "deeper")) == 3  # the longest known prefix
    assert line_of({}, ("x",)) is None


def test_a_syntax_error_names_its_line() -> None:
    with pytest.raises(YamlSyntaxError) as err:
        load_with_lines("a: 1\nb: [1, 2\nc: 3\n")
    assert err.value.line is not None and err.value.line >= 2
    assert err.value.reason.startswith("syntax error: ")
    assert err.value.where("f.yaml") == f"f.yaml:{err.value.line}"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[" * (MAX_FLOW_DEPTH + 1), "nested too deeply"),
        ("".join(f"{'  ' * i}k:\n" for i in range(3000)), "nested too deeply"),
        (BOMB, "too large"),
    ],
    ids=["flow", "block", "aliases"],
)
def test_limits(text: str, reason: str) -> None:
    with pytest.raises(YamlLimitError) as err:
        load_with_lines(text)
    assert err.value.reason.startswith(reason)


PARSERS: list[tuple[Callable[..., Any], type[SaferailError]]] = [
    (parse_policy, PolicyError),
    (parse_register, RegisterError),
    (parse_card_info, CardInfoError),
    (parse_feature, FeatureError),
    (parse_rules, RulesError),
]


@pytest.mark.parametrize(("parse", "error"), PARSERS, ids=lambda p: getattr(p, "__name__", ""))
def test_every_config_loader_refuses_an_alias_bomb_in_one_clear_error(
    parse: Callable[..., Any], error: type[SaferailError]
) -> None:
    with pytest.raises(error, match="too large"):
        parse(BOMB, source="bomb.yaml")
    with pytest.raises(error, match="nested too deeply"):
        parse("[" * 5000, source="deep.yaml")


def test_a_key_written_twice_is_refused_with_both_lines() -> None:
    text = "a: 1\nb:\n  c: 2\n  c: 3\n"
    with pytest.raises(YamlDuplicateKeyError) as caught:
        load_with_lines(text)
    assert (caught.value.line, caught.value.reason) == (4, "duplicate key 'b.c' (first on line 3)")
    data, _ = load_with_lines(text, unique_keys=False)  # left to a caller that lists them all
    assert data == {"a": 1, "b": {"c": 3}}


def test_merge_keys_and_aliases_are_not_repeats() -> None:
    data, _ = load_with_lines("base: &b {x: 1, y: 2}\nitem:\n  <<: *b\n  y: 3\n")
    assert data["item"] == {"x": 1, "y": 3}


def test_the_register_card_and_rules_loaders_refuse_repeated_keys() -> None:
    from saferail.telemetry.monitor.rules import RulesError, parse_rules

    with pytest.raises(CardInfoError, match=r"card.yaml:3: YAML duplicate key 'version'"):
        parse_card_info('version: "1"\nowner: a\nversion: "2"\n', source="card.yaml")
    with pytest.raises(RulesError, match=r"r.yaml:2: YAML duplicate key 'rules'"):
        parse_rules("rules: []\nrules: []\n", source="r.yaml")
    with pytest.raises(RegisterError, match=r"duplicate key 'name' \(first on line 1\)"):
        parse_register("name: a\nname: b\nrisks: []\n", source="reg.yaml")
