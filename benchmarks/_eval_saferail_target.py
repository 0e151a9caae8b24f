"""The saferail side of ``eval_overhead.py``'s side-by-side run: an :class:`OpenAITarget`
pointed at the loopback mock, allowing as many requests in flight as the run's concurrency.

Used as ``saferail eval SUITE --target python:_eval_saferail_target:make`` with this folder on
``PYTHONPATH`` and ``EVAL_BENCH_BASE_URL`` / ``EVAL_BENCH_CONCURRENCY`` set (the built-in
``http://`` spec keeps ``OpenAITarget``'s default of 8 connections whatever ``--concurrency``
says). ``EVAL_BENCH_HTTP_BACKEND`` picks ``OpenAITarget``'s HTTP client (``aiohttp`` or
``httpx``) where it has that option.
"""

from __future__ import annotations

import os
from typing import Any

from saferail.targets.openai_http import OpenAITarget


def make() -> OpenAITarget:
    """The mock target: no retries needed (loopback, instant), ``max_concurrency`` from env."""
    options: dict[str, Any] = {}
    if os.environ.get("EVAL_BENCH_HTTP_BACKEND"):
        options["http_backend"] = os.environ["EVAL_BENCH_HTTP_BACKEND"]
    return OpenAITarget(
        os.environ["EVAL_BENCH_BASE_URL"],
        "mock",
        "bench",
        max_concurrency=int(os.environ.get("EVAL_BENCH_CONCURRENCY", "64")),
        **options,
    )


make.__saferail_factory__ = True  # type: ignore[attr-defined]
