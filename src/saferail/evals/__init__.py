"""Evaluation harness: suites of cases, scorers, the async runner, statistics and the gate."""

from __future__ import annotations

from typing import TYPE_CHECKING

from saferail._lazy import lazy_getattr

if TYPE_CHECKING:
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

_LAZY = {
    **dict.fromkeys(("Case", "ChatTurn", "Expected"), "saferail.evals.case"),
    **dict.fromkeys(
        ("dataset_suite", "load_dataset_cases", "supported_datasets"), "saferail.evals.datasets"
    ),
    **dict.fromkeys(("CaseResult", "RunInfo", "RunStatus"), "saferail.evals.results"),
    **dict.fromkeys(
        ("RunStore", "SqlRunStore", "StoreError", "open_store"), "saferail.evals.store"
    ),
    **dict.fromkeys(
        ("ScorerSpec", "Suite", "SuiteError", "builtin_suites", "load_cases", "load_suite"),
        "saferail.evals.suite",
    ),
}


__getattr__ = lazy_getattr(__name__, _LAZY, globals())


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
