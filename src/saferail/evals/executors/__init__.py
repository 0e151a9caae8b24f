"""Executors: where an eval run's (or a red team's) cases run.

- ``local`` (default): in this process, on the runner's event loop;
- ``ray``: sharded into tasks over a Ray cluster (``pip install 'saferail[ray]'``), with the
  same results and manifest (but for its ``executor`` entry) as ``local``.

>>> from saferail.evals.executors import available_executors
>>> available_executors()
['local', 'ray']
"""

from __future__ import annotations

__all__ = [
    "Batch",
    "CallMeter",
    "Emit",
    "Executor",
    "ExecutorError",
    "LocalExecutor",
    "TargetRecipe",
    "UnknownExecutorError",
    "available_executors",
    "make_executor",
    "register_executor",
]

from saferail.evals.executors.base import (
    Batch,
    CallMeter,
    Emit,
    Executor,
    ExecutorError,
    TargetRecipe,
)
from saferail.evals.executors.local import LocalExecutor
from saferail.evals.executors.registry import (
    UnknownExecutorError,
    available_executors,
    make_executor,
    register_executor,
)
