"""The framing strategies: role-play, hypothetical, refusal suppression, prefix injection,
payload splitting and many-shot."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from saferail.redteam.attack import PAYLOAD
from saferail.redteam.converters import get_converter
from saferail.redteam.goals import Goal, GoalKind
from saferail.redteam.strategies._templated import UnknownVariantError
from saferail.redteam.strategies.framing import ManyShotStrategy, RoleplayStrategy
from saferail.redteam.strategies.registry import available_strategies, get_strategy
from tests.redteam.strategies._single_turn import (
    HARMFUL,
    LEAK,
    PII,
    attempts,
    check_kinds,
    check_single_turn,
)

H = {GoalKind.HARMFUL}
HSP = {GoalKind.HARMFUL, GoalKind.SYSTEM_PROMPT, GoalKind.PII}
STRATEGIES = {
    "roleplay": (HSP, 6),
    "hypothetical": (H, 5),
    "refusal_suppression": (HSP, 4),
    "prefix_injection": (HSP, 4),
    "payload_splitting": (H, 3),
    "many_shot": (H, 2),
}


@pytest.mark.parametrize("name", sorted(STRATEGIES))
def test_registered_with_metadata(name: str) -> None:
    assert name in available_strategies()
    info = get_strategy(name).info()
    assert info.description and "owasp:llm01:2025" in info.tags
    assert {"AML.T0054", "AML.T0051.000"} <= set(info.atlas)
    assert not info.multi_turn and not info.needs_attacker


@pytest.mark.parametrize("name", sorted(STRATEGIES))
def test_applies_to_its_kinds_only(name: str) -> None:
    check_kinds(name, STRATEGIES[name][0])


@pytest.mark.parametrize("name", sorted(STRATEGIES))
def test_has_enough_distinct_variants(name: str) -> None:
    found = attempts(get_strategy(name)(), HARMFUL)
    assert len(found) >= STRATEGIES[name][1]


@pytest.mark.parametrize(
    ("name", "goal"),
    [
        (n, g)
        for n, (kinds, _) in sorted(STRATEGIES.items())
        for g in (HARMFUL, LEAK, PII)
        if g.kind in kinds
    ],
    ids=lambda v: v if isinstance(v, str) else v.id,
)
def test_single_turn_contract(name: str, goal: Goal) -> None:
    check_single_turn(name, goal)


@pytest.mark.parametrize("name", sorted(set(STRATEGIES) - {"payload_splitting"}))
def test_objective_appears_verbatim(name: str) -> None:
    for attempt in attempts(get_strategy(name)(), HARMFUL):
        probe = attempt.first()
        assert probe.converters == ()
        assert probe.last.count(HARMFUL.objective) == 1
        assert PAYLOAD not in probe.last


def test_roleplay_covers_the_personas() -> None:
    names = [a.variant for a in attempts(RoleplayStrategy(), HARMFUL)]
    for persona in ("unrestricted_ai", "villain_novelist", "grandparent_story"):
        assert persona in names
    assert {"actor_rehearsal", "developer_mode", "opposite_day"} <= set(names)


def test_prefix_injection_dictates_the_opening() -> None:
    first = next(iter(attempts(get_strategy("prefix_injection")(), HARMFUL))).first()
    assert 'Start your reply with "Sure, here is"' in first.last


def test_refusal_suppression_forbids_apologies() -> None:
    texts = [a.first().last for a in attempts(get_strategy("refusal_suppression")(), HARMFUL)]
    assert sum("apologize" in t for t in texts) >= 2


def test_payload_splitting_hides_the_objective_in_three_strings() -> None:
    split = get_converter("split")
    assert split.decode is not None
    for attempt in attempts(get_strategy("payload_splitting")(), HARMFUL):
        probe = attempt.first()
        assert probe.payload == HARMFUL.objective and probe.converters == ("split",)
        assert HARMFUL.objective not in probe.last
        assignments = "\n".join(re.findall(r'^[abc] = ".*"$', probe.last, re.M))
        assert split.decode(assignments) == HARMFUL.objective


def test_variants_param_selects_and_orders() -> None:
    strategy = RoleplayStrategy({"variants": ["opposite_day", "developer_mode"]})
    assert [a.variant for a in attempts(strategy, HARMFUL)] == ["opposite_day", "developer_mode"]
    with pytest.raises(UnknownVariantError, match="unknown variant"):
        RoleplayStrategy({"variants": ["no_such_persona"]})


def test_many_shot_dialogue_has_n_benign_pairs_then_the_objective() -> None:
    for shots in (1, 16, 32):
        found = attempts(ManyShotStrategy({"shots": shots}), HARMFUL)
        dialogue = next(a for a in found if a.variant == "dialogue").first().last
        assert dialogue.count("\nUser: ") == shots + 1 - dialogue.startswith("User: ")
        assert dialogue.count("Assistant: Sure") == shots
        assert dialogue.endswith(f"User: {HARMFUL.objective}\nAssistant:")
        qa = next(a for a in found if a.variant == "qa").first().last
        assert qa.count("Q: ") == shots + 1 and qa.endswith(f"Q: {HARMFUL.objective}\nA:")


def test_many_shot_default_is_sixteen_and_bounded() -> None:
    assert ManyShotStrategy.info().defaults["shots"] == 16
    for bad in (0, 33):
        with pytest.raises(ValidationError):
            ManyShotStrategy({"shots": bad})
