"""A target around a Python function: handy for tests, docs, evals of local pipelines."""

from __future__ import annotations

__all__ = ["CallableTarget", "TargetFn"]

import asyncio
import inspect
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any

from saferail.targets.base import (
    Chunk,
    Completion,
    Messages,
    TargetBadResponse,
    TargetError,
    TargetIdentity,
    TargetRejected,
    tool_call_deltas,
)

_BUGS = (
    TypeError,
    AttributeError,
    NameError,
    LookupError,
    AssertionError,
    NotImplementedError,
    ArithmeticError,
    RecursionError,
    ImportError,
)
"""Exceptions that mean the function itself is wrong: the same call fails the same way."""

TargetFn = Callable[..., str | Completion | Awaitable[str | Completion]]
"""``fn(messages, **params)`` returning (or awaiting to) a ``str`` or a :class:`Completion`."""


class CallableTarget:
    """Wrap ``fn(messages, **params) -> str | Completion`` (sync or async) as a target.

    ``name`` is the model name in the identity (default: the function's qualified name).
    A sync ``fn`` runs on the event loop unless ``run_in_thread=True`` (for blocking code).
    Exceptions other than :class:`TargetError` are wrapped in a ``TargetError`` (retried by
    the eval runner), except those of a bug in the function (``TypeError``, ``KeyError``,
    ``AttributeError``... see ``_BUGS``), wrapped in a :class:`TargetRejected`: calling again
    cannot help.
    ``stream`` yields the finished answer in ``stream_chunks`` pieces.
    """

    def __init__(
        self,
        fn: TargetFn,
        name: str | None = None,
        *,
        version: str | None = None,
        params: Mapping[str, Any] | None = None,
        run_in_thread: bool = False,
        stream_chunks: int = 1,
    ) -> None:
        if stream_chunks < 1:
            raise ValueError("stream_chunks must be at least 1")
        self.fn = fn
        self.name = name or getattr(fn, "__qualname__", None) or type(fn).__name__
        self.run_in_thread = run_in_thread
        self.stream_chunks = stream_chunks
        self._identity = TargetIdentity("callable", self.name, version, dict(params or {}))

    @property
    def identity(self) -> TargetIdentity:
        return self._identity

    async def generate(self, messages: Messages, **params: Any) -> Completion:
        t0 = time.perf_counter()
        try:
            if self.run_in_thread:
                result = await asyncio.to_thread(self.fn, messages, **params)
            else:
                result = self.fn(messages, **params)
            if inspect.isawaitable(result):
                result = await result
        except TargetError:
            raise
        except _BUGS as exc:
            raise TargetRejected(
                f"target {self.name!r} raised {type(exc).__name__}: {exc} (not retried)"
            ) from exc
        except Exception as exc:
            raise TargetError(f"target {self.name!r} raised {type(exc).__name__}: {exc}") from exc
        latency_ms = (time.perf_counter() - t0) * 1000.0
        if isinstance(result, str):
            return Completion(result, latency_ms=latency_ms)
        if isinstance(result, Completion):
            if not result.latency_ms:
                result.latency_ms = latency_ms
            return result
        raise TargetBadResponse(
            f"target {self.name!r} returned {type(result).__name__}, expected str or Completion"
        )

    async def stream(self, messages: Messages, **params: Any) -> AsyncIterator[Chunk]:
        completion = await self.generate(messages, **params)
        pieces = _split(completion.text, self.stream_chunks)
        for piece in pieces[:-1]:
            yield Chunk(piece)
        yield Chunk(
            pieces[-1],
            tool_call_deltas(completion.tool_calls),
            completion.finish_reason,
        )

    async def aclose(self) -> None:
        """Nothing to release; present so every built-in target can be closed alike."""


def _split(text: str, parts: int) -> list[str]:
    if parts <= 1 or len(text) <= 1:
        return [text]
    size = -(-len(text) // parts)
    return [text[i : i + size] for i in range(0, len(text), size)]
