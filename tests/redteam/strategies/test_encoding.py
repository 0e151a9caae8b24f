"""The ``encoding`` strategy: one variant per converter plus chains, objective as payload."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from saferail.redteam.attack import render
from saferail.redteam.converters import get_converter
from saferail.redteam.goals import Goal, GoalKind
from saferail.redteam.strategies.encoding import (
    DEFAULT_CHAINS,
    DEFAULT_CONVERTERS,
    EncodingStrategy,
)
from saferail.redteam.strategies.registry import available_strategies, get_strategy
from tests.redteam.strategies._single_turn import (
    HARMFUL,
    INJECTION,
    INJECTION_BARE,
    LEAK,
    PII,
    attempts,
    check_single_turn,
)


def test_registered_with_metadata() -> None:
    assert "encoding" in available_strategies()
    assert get_strategy("encoding") is EncodingStrategy
    info = EncodingStrategy.info()
    assert "owasp:llm01:2025" in info.tags
    assert {"AML.T0068", "AML.T0054"} <= set(info.atlas)
    assert not info.multi_turn and not info.needs_attacker
    assert info.defaults["converters"] == list(DEFAULT_CONVERTERS)


def test_applies_to_its_kinds_only() -> None:
    strategy = EncodingStrategy()
    assert set(strategy.kinds) == {
        GoalKind.HARMFUL,
        GoalKind.INJECTION,
        GoalKind.SYSTEM_PROMPT,
        GoalKind.PII,
    }
    assert strategy.applies_to(INJECTION)
    assert not strategy.applies_to(INJECTION_BARE)  # no application prompt to override
    assert attempts(strategy, INJECTION_BARE) == []


@pytest.mark.parametrize("goal", [HARMFUL, LEAK, PII, INJECTION], ids=lambda g: g.id)
def test_single_turn_contract(goal: Goal) -> None:
    check_single_turn("encoding", goal)


def test_one_variant_per_converter_then_chains() -> None:
    found = attempts(EncodingStrategy(), HARMFUL)
    expected = [*DEFAULT_CONVERTERS, *("+".join(c) for c in DEFAULT_CHAINS)]
    assert [a.variant for a in found] == expected
    for attempt in found:
        probe = attempt.first()
        assert probe.converters == tuple(attempt.variant.split("+"))
        assert probe.last == render("{payload}", HARMFUL.objective, probe.converters)


def test_probe_carries_the_encoded_objective() -> None:
    by_variant = {a.variant: a.first() for a in attempts(EncodingStrategy(), HARMFUL)}
    b64 = get_converter("base64")
    assert by_variant["base64"].last.endswith(b64.convert(HARMFUL.objective))
    assert by_variant["base64"].last.startswith(b64.instruction)
    assert HARMFUL.objective not in by_variant["base64"].last
    assert HARMFUL.objective[::-1] in by_variant["reverse"].last


def test_params_choose_converters_and_chains() -> None:
    strategy = EncodingStrategy({"converters": ["rot13", "rot13"], "chains": [["hex", "spaced"]]})
    assert [a.variant for a in attempts(strategy, HARMFUL)] == ["rot13", "hex+spaced"]


@pytest.mark.parametrize(
    "params", [{"converters": ["nope"]}, {"chains": [[]]}, {"chains": [["base64", "nope"]]}]
)
def test_bad_params_are_rejected(params: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        EncodingStrategy(params)
