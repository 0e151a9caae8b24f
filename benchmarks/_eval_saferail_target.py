"""The saferail side of ``eval_overhead.py``'s side-by-side run: an :class:`OpenAITarget`
pointed at the loopback mock, allowing as many requests in flight as the run's concurrency.

Used as ``saferail eval SUITE --target python:_eval_saferail_target:make`` with this folder on
``PYTHONPATH`` and ``EVAL_BENCH_BASE_URL`` / ``EVAL_BENCH_CONCURRENCY`` set (the built-in
``http://`` spec keeps ``OpenAITarget``'s default of 8 connections whatever ``--concurrency``
says).
"""

from __future__ import annotations

import os

from saferail.targets.openai_http import OpenAITarget


def make() -> OpenAITarget:
    """The mock target: no retries needed (loopback, instant), ``max_concurrency`` from env."""
    return OpenAITarget(
        os.environ["EVAL_BENCH_BASE_URL"],
        "mock",
        "bench",
        max_concurrency=int(os.environ.get("EVAL_BENCH_CONCURRENCY", "64")),
    )


make.__saferail_factory__ = True  # type: ignore[attr-defined]
