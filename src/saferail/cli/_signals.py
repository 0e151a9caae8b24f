"""``SIGTERM`` treated like Ctrl-C by the commands that run long async jobs.

A CI runner cancelling a job, ``docker stop`` or ``kill`` send ``SIGTERM``. Python's default
action ends the process on the spot: buffered eval results were lost and the run stayed
``running`` in the store. :func:`run_async` instead cancels the command's main task, so its
cleanup runs (results flushed, the run marked ``interrupted``, targets closed), then raises
:class:`Terminated` -- a ``KeyboardInterrupt``, so every ``except KeyboardInterrupt`` that
prints a resume hint handles it -- and the command exits with :data:`EXIT_TERMINATED`.
A second ``SIGTERM`` during that cleanup ends the process at once, as before.
"""

from __future__ import annotations

__all__ = ["EXIT_TERMINATED", "Terminated", "interrupted_code", "run_async"]

import asyncio
import contextlib
import signal
from collections.abc import Coroutine
from typing import Any, TypeVar

from saferail.cli.common import EXIT_INTERRUPTED

T = TypeVar("T")

EXIT_TERMINATED = 143  # 128 + SIGTERM, as shells report a process ended by kill


class Terminated(KeyboardInterrupt):
    """``SIGTERM`` arrived while :func:`run_async` ran; the work was cancelled cleanly."""


def interrupted_code(exc: BaseException) -> int:
    """The exit status for an interruption: 143 after ``SIGTERM``, 130 after Ctrl-C."""
    return EXIT_TERMINATED if isinstance(exc, Terminated) else EXIT_INTERRUPTED


def run_async(main: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run(main)``, with ``SIGTERM`` cancelling ``main`` and then raising
    :class:`Terminated` (where signal handlers cannot be installed -- not the main thread,
    no ``add_signal_handler`` on the platform -- this is plain ``asyncio.run``)."""
    terminated = False

    async def watched() -> T:
        nonlocal terminated
        loop = asyncio.get_running_loop()
        task = asyncio.current_task()

        def on_term() -> None:
            nonlocal terminated
            terminated = True
            loop.remove_signal_handler(signal.SIGTERM)  # a second SIGTERM kills at once
            if task is not None:
                task.cancel()

        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(signal.SIGTERM, on_term)
        try:
            return await main
        finally:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.remove_signal_handler(signal.SIGTERM)

    try:
        return asyncio.run(watched())
    except asyncio.CancelledError:
        if terminated:
            raise Terminated from None
        raise
