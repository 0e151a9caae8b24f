"""Run one function in several processes released at the same instant (races on files)."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import Any


def _released(barrier: Any, out: Any, fn: Callable[[str], str], arg: str) -> None:
    barrier.wait()
    try:
        out.put(fn(arg))
    except Exception as exc:  # reported to the test, which fails on it
        out.put(f"error: {type(exc).__name__}: {exc}")


def run_together(fn: Callable[[str], str], arg: str, processes: int = 6) -> list[str]:
    """``fn(arg)`` in ``processes`` forked processes that start at once; their results (or
    ``"error: ..."``), in the order they finished."""
    ctx = multiprocessing.get_context("fork")
    barrier, out = ctx.Barrier(processes), ctx.Queue()
    procs = [ctx.Process(target=_released, args=(barrier, out, fn, arg)) for _ in range(processes)]
    for proc in procs:
        proc.start()
    got = [str(out.get(timeout=30)) for _ in procs]
    for proc in procs:
        proc.join(timeout=30)
    return got
