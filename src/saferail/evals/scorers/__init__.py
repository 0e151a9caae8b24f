"""Scorers: judge a target's answer to a case (registry + entry points ``saferail.scorers``)."""

from __future__ import annotations

from saferail.evals.scorers.base import Response, Score, Scorer, ScorerAccuracy
from saferail.evals.scorers.registry import (
    UnknownScorerError,
    available_scorers,
    default_scorer_for,
    get_scorer,
    register_scorer,
    scorer_discovery_errors,
)

__all__ = [
    "Response",
    "Score",
    "Scorer",
    "ScorerAccuracy",
    "UnknownScorerError",
    "available_scorers",
    "default_scorer_for",
    "get_scorer",
    "register_scorer",
    "scorer_discovery_errors",
]
