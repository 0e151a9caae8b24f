"""Red teaming: seed goals × attack strategies → budgeted runs → findings with severity,
a minimized repro and a verified mitigation."""

from __future__ import annotations

from saferail.redteam.attack import Attempt, AttemptContext, Probe, StaticAttempt, Turn
from saferail.redteam.goals import Goal, GoalError, GoalKind, Impact, load_goals
from saferail.redteam.results import (
    AttemptRecord,
    Finding,
    Mitigation,
    RedTeamResult,
    Repro,
    Severity,
    StepRecord,
    StrategyStats,
    TurnRecord,
)
from saferail.redteam.strategies.base import Strategy, StrategyInfo
from saferail.redteam.strategies.registry import (
    UnknownStrategyError,
    available_strategies,
    get_strategy,
    register_strategy,
)

__all__ = [
    "Attempt",
    "AttemptContext",
    "AttemptRecord",
    "Finding",
    "Goal",
    "GoalError",
    "GoalKind",
    "Impact",
    "Mitigation",
    "Probe",
    "RedTeamResult",
    "Repro",
    "Severity",
    "StaticAttempt",
    "StepRecord",
    "Strategy",
    "StrategyInfo",
    "StrategyStats",
    "Turn",
    "TurnRecord",
    "UnknownStrategyError",
    "available_strategies",
    "get_strategy",
    "load_goals",
    "register_strategy",
]
