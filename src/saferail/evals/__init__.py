"""Evaluation harness: suites of cases, scorers, the async runner, statistics and the gate."""

from __future__ import annotations

from saferail.evals.case import Case, ChatTurn, Expected
from saferail.evals.datasets import dataset_suite, load_dataset_cases, supported_datasets
from saferail.evals.results import CaseResult, RunInfo, RunStatus
from saferail.evals.store import RunStore, SqlRunStore, StoreError, open_store
from saferail.evals.suite import (
    ScorerSpec,
    Suite,
    SuiteError,
    builtin_suites,
    load_cases,
    load_suite,
)

__all__ = [
    "Case",
    "CaseResult",
    "ChatTurn",
    "Expected",
    "RunInfo",
    "RunStatus",
    "RunStore",
    "ScorerSpec",
    "SqlRunStore",
    "StoreError",
    "Suite",
    "SuiteError",
    "builtin_suites",
    "dataset_suite",
    "load_cases",
    "load_dataset_cases",
    "load_suite",
    "open_store",
    "supported_datasets",
]
