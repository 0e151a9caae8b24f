"""The ``language_switch`` strategy: our own templates in several languages."""

from __future__ import annotations

import pytest

from saferail.redteam.goals import Goal, GoalKind
from saferail.redteam.strategies.language import LanguageSwitchStrategy, languages
from saferail.redteam.strategies.registry import available_strategies, get_strategy
from tests.redteam.strategies._single_turn import (
    HARMFUL,
    LEAK,
    PII,
    attempts,
    check_kinds,
    check_single_turn,
)

# One word of each template's instruction, in its language.
MARKERS = {
    "zu": "Phendula",
    "sw": "Jibu",
    "fr_sw": "swahili",
    "id": "Jawab",
    "pt": "Responda",
    "it": "Rispondi",
    "fr": "Réponds",
    "de": "Antworte",
    "es": "Responde",
}
ENGLISH_WORDS = {"answer", "reply", "request", "the", "please", "respond"}


def test_registered_with_metadata() -> None:
    assert "language_switch" in available_strategies()
    assert get_strategy("language_switch") is LanguageSwitchStrategy
    info = LanguageSwitchStrategy.info()
    assert "owasp:llm01:2025" in info.tags and "AML.T0054" in info.atlas


def test_applies_to_its_kinds_only() -> None:
    check_kinds("language_switch", {GoalKind.HARMFUL, GoalKind.SYSTEM_PROMPT, GoalKind.PII})


@pytest.mark.parametrize("goal", [HARMFUL, LEAK, PII], ids=lambda g: g.id)
def test_single_turn_contract(goal: Goal) -> None:
    check_single_turn("language_switch", goal)


def test_at_least_five_languages_and_low_resource_first() -> None:
    infos = languages()
    assert len({i.language for i in infos if "_" not in i.name}) >= 5
    low = [i.low_resource for i in infos]
    assert any(low) and low == sorted(low, reverse=True)
    assert [a.variant for a in attempts(LanguageSwitchStrategy(), HARMFUL)] == [
        i.name for i in infos
    ]


def test_each_template_is_written_in_its_language() -> None:
    for attempt in attempts(LanguageSwitchStrategy(), HARMFUL):
        text = attempt.first().last
        frame = text.replace(HARMFUL.objective, "")
        assert MARKERS[attempt.variant] in frame
        assert not ENGLISH_WORDS & {w.strip(".,:").lower() for w in frame.split()}
        assert text.endswith(HARMFUL.objective)  # the request itself stays in English


def test_variants_param_picks_languages() -> None:
    strategy = LanguageSwitchStrategy({"variants": ["de", "sw"]})
    assert [a.variant for a in attempts(strategy, HARMFUL)] == ["de", "sw"]
