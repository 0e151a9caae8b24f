"""A target for any OpenAI-compatible server (``POST /v1/chat/completions``).

HTTP goes through aiohttp by default, or httpx (``http_backend="httpx"``, or when an httpx
``transport`` is given): see ``saferail.targets._http``.

Retries: HTTP 429 (waiting ``Retry-After`` when given), HTTP 5xx and connection errors are
retried up to ``max_retries`` times with exponential backoff and full jitter; other 4xx are
not. Read timeouts are not retried (the budget is already spent). A stream is retried only
before its first chunk; once text has been yielded, a fault raises instead.
"""

from __future__ import annotations

__all__ = ["OpenAITarget"]

import asyncio
import email.utils
import json
import random
import time
from collections.abc import AsyncIterator, Mapping
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Literal

import httpx
import orjson

from saferail.targets._http import (
    Backend,
    BodyCut,
    ConnectFailed,
    ReadTimeout,
    Reply,
    TransportFailed,
    describe,
    make_backend,
)
from saferail.targets.base import (
    Chunk,
    ChunkAccumulator,
    Completion,
    Messages,
    TargetBadResponse,
    TargetIdentity,
    TargetRateLimited,
    TargetRejected,
    TargetTimeout,
    TargetUnavailable,
    ToolCall,
    ToolCallDelta,
)

_RETRY_STATUS = frozenset({429}) | frozenset(range(500, 600))


class OpenAITarget:
    """Chat completions from an OpenAI-compatible HTTP server.

    ``base_url`` is the server root (``http://127.0.0.1:8000``; a trailing ``/v1`` is
    accepted). ``timeout_s`` bounds connecting and each read. ``http_backend`` is
    ``"aiohttp"`` (the default: the fastest) or ``"httpx"``; ``transport`` is an
    ``httpx.AsyncBaseTransport`` (the test seam; implies httpx). Use ``async with`` or call
    :meth:`aclose`, in the event loop that used the target.
    """

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str | None = None,
        *,
        timeout_s: float = 30.0,
        max_retries: int = 3,
        backoff_s: float = 0.25,
        max_backoff_s: float = 8.0,
        max_retry_after_s: float = 60.0,
        max_concurrency: int = 8,
        default_params: Mapping[str, Any] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        http_backend: Literal["aiohttp", "httpx"] | None = None,
        provider: str = "openai-compatible",
        version: str | None = None,
        rng: random.Random | None = None,
    ) -> None:
        if max_retries < 0 or max_concurrency < 1 or timeout_s <= 0:
            raise ValueError("need max_retries >= 0, max_concurrency >= 1, timeout_s > 0")
        root = base_url.rstrip("/")
        self.base_url = root[:-3] if root.endswith("/v1") else root
        self.url = f"{self.base_url}/v1/chat/completions"
        self.model = model
        self.timeout_s = timeout_s
        self.max_retries = max_retries
        self.backoff_s = backoff_s
        self.max_backoff_s = max_backoff_s
        self.max_retry_after_s = max_retry_after_s
        self.default_params = dict(default_params or {})
        self._backend: Backend = make_backend(
            http_backend,
            headers={"Authorization": f"Bearer {api_key}"} if api_key else {},
            timeout_s=timeout_s,
            max_connections=max_concurrency,
            transport=transport,
        )
        self._semaphore = asyncio.Semaphore(max_concurrency)
        self._rng = rng or random.Random()
        self._identity = TargetIdentity(provider, model, version, dict(self.default_params))

    @property
    def identity(self) -> TargetIdentity:
        return self._identity

    # -- lifecycle ---------------------------------------------------------------------------

    async def aclose(self) -> None:
        """Close the connection pool (a later call opens a new one)."""
        await self._backend.aclose()

    async def __aenter__(self) -> OpenAITarget:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    # -- public API --------------------------------------------------------------------------

    async def generate(self, messages: Messages, **params: Any) -> Completion:
        """One chat completion (non-streaming)."""
        t0 = time.perf_counter()
        body = self._body(messages, params, stream=False)
        for attempt in range(self.max_retries + 1):
            last = attempt == self.max_retries
            async with self._semaphore:
                reply, hint = await self._send(body, last, stream=False)
            if reply is None:
                await self._sleep(attempt, hint)
                continue
            data = _decode_json(reply.body, self.url)
            return _parse_completion(data, (time.perf_counter() - t0) * 1000.0)
        raise AssertionError("unreachable")  # pragma: no cover

    async def stream(self, messages: Messages, **params: Any) -> AsyncIterator[Chunk]:
        """Stream a chat completion (``stream: true``, server-sent events until ``[DONE]``)."""
        body = self._body(messages, params, stream=True)
        for attempt in range(self.max_retries + 1):
            last = attempt == self.max_retries
            async with self._semaphore:
                reply, hint = await self._send(body, last, stream=True)
                if reply is not None:
                    try:
                        async for chunk in self._events(reply):
                            yield chunk
                    finally:
                        await reply.aclose()
                    return
            await self._sleep(attempt, hint)

    async def collect(self, messages: Messages, **params: Any) -> Completion:
        """Stream a completion and merge it into one :class:`Completion`."""
        t0 = time.perf_counter()
        acc = ChunkAccumulator()
        async for chunk in self.stream(messages, **params):
            acc.add(chunk)
        return acc.completion(latency_ms=(time.perf_counter() - t0) * 1000.0)

    # -- implementation ----------------------------------------------------------------------

    def _body(self, messages: Messages, params: Mapping[str, Any], stream: bool) -> bytes:
        body = {**self.default_params, **params, "model": self.model}
        body["messages"] = [dict(m) for m in messages]
        body["stream"] = stream
        try:
            return orjson.dumps(body)  # ~3x faster than json; same compact UTF-8 JSON
        except TypeError:  # what orjson refuses (integers beyond 64 bits...)
            return json.dumps(body, ensure_ascii=False).encode("utf-8")

    async def _send(
        self, body: bytes, last: bool, *, stream: bool
    ) -> tuple[Reply | None, float | None]:
        """Send once: ``(reply, None)`` on HTTP 200, ``(None, retry_after)`` to retry."""
        try:
            reply = await self._backend.post(self.url, body, stream=stream)
        except ConnectFailed as exc:
            if last:
                raise TargetUnavailable(f"cannot reach {self.url}: {describe(exc)}") from None
            return None, None
        except ReadTimeout as exc:
            raise TargetTimeout(
                f"no answer from {self.url} within {self.timeout_s:g} s ({exc})"
            ) from None
        except TransportFailed as exc:
            raise TargetUnavailable(f"request to {self.url} failed: {exc}") from None
        if reply.status == 200:
            return reply, None
        return None, self._failed(reply, last)

    def _failed(self, reply: Reply, last: bool) -> float | None:
        """Raise for a final failure; else the server's ``Retry-After`` hint (or ``None``)."""
        status = reply.status
        detail = f"HTTP {status} from {self.url}: {_error_text(reply.body)}"
        if status not in _RETRY_STATUS:
            raise TargetRejected(detail, status=status)
        retry_after = _retry_after(reply.header("Retry-After"))
        if status == 429:
            too_long = retry_after is not None and retry_after > self.max_retry_after_s
            if last or too_long:
                raise TargetRateLimited(detail, status=status, retry_after=retry_after)
        elif last:
            raise TargetUnavailable(detail, status=status)
        return retry_after

    async def _sleep(self, attempt: int, hint: float | None) -> None:
        """Wait before retry ``attempt + 1``: the server's hint, else full-jitter backoff."""
        if hint is not None:
            delay = hint
        else:
            delay = self._rng.uniform(0.0, min(self.max_backoff_s, self.backoff_s * 2**attempt))
        await asyncio.sleep(delay)

    async def _events(self, reply: Reply) -> AsyncIterator[Chunk]:
        finished = False
        try:
            async for line in reply.lines():
                if not line.startswith("data:"):
                    continue  # blank separators, comments, event:/id: fields
                payload = line[5:].strip()
                if payload == "[DONE]":
                    return
                chunk = _parse_chunk(_decode_json(payload.encode("utf-8"), self.url))
                finished = finished or chunk.finish_reason is not None
                yield chunk
        except ReadTimeout:
            raise TargetTimeout(
                f"stream from {self.url} stalled for more than {self.timeout_s:g} s"
            ) from None
        except BodyCut as exc:
            raise TargetBadResponse(f"stream from {self.url} cut mid-way: {exc}") from None
        if not finished:
            raise TargetBadResponse(f"stream from {self.url} ended before [DONE]")


# -- wire format -------------------------------------------------------------------------------


def _error_text(body: bytes) -> str:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return body[:200].decode("utf-8", errors="replace")
    error = data.get("error") if isinstance(data, dict) else None
    if isinstance(error, dict) and isinstance(error.get("message"), str):
        return str(error["message"])
    return json.dumps(data)[:200]


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _decode_json(content: bytes, url: str) -> dict[str, Any]:
    try:
        data = orjson.loads(content)
    except ValueError:  # orjson.JSONDecodeError, invalid UTF-8 included
        raise TargetBadResponse(f"malformed JSON from {url}: {content[:80]!r}") from None
    if not isinstance(data, dict):
        raise TargetBadResponse(f"expected a JSON object from {url}, got {type(data).__name__}")
    if "error" in data and "choices" not in data:
        raise TargetBadResponse(f"error from {url}: {json.dumps(data['error'])[:200]}")
    return data


def _first_choice(data: dict[str, Any]) -> dict[str, Any]:
    choices = data.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        raise TargetBadResponse("response has no choices")
    return choices[0]


def _parse_completion(data: dict[str, Any], latency_ms: float) -> Completion:
    choice = _first_choice(data)
    message = choice.get("message")
    if not isinstance(message, dict):
        raise TargetBadResponse("response choice has no message")
    content = message.get("content")
    calls: list[ToolCall] = []
    for i, raw in enumerate(message.get("tool_calls") or []):
        fn = raw.get("function") if isinstance(raw, dict) else None
        if not isinstance(fn, dict) or not isinstance(fn.get("name"), str):
            raise TargetBadResponse(f"tool call {i} has no function name")
        args = fn.get("arguments")
        args = args if isinstance(args, str) else json.dumps(args or {})
        calls.append(ToolCall(str(raw.get("id") or f"call_{i}"), fn["name"], args))
    usage = data.get("usage")
    return Completion(
        text=content if isinstance(content, str) else "",
        tool_calls=calls,
        finish_reason=choice.get("finish_reason"),
        usage=usage if isinstance(usage, dict) else None,
        raw=data,
        latency_ms=latency_ms,
    )


def _parse_chunk(data: dict[str, Any]) -> Chunk:
    choices = data.get("choices")
    if isinstance(choices, list) and not choices:
        return Chunk(raw=data)  # e.g. a final usage-only chunk
    choice = _first_choice(data)
    delta = choice.get("delta") or {}
    if not isinstance(delta, dict):
        raise TargetBadResponse("stream chunk has a malformed delta")
    deltas: list[ToolCallDelta] = []
    for raw in delta.get("tool_calls") or []:
        if not isinstance(raw, dict):
            raise TargetBadResponse("stream chunk has a malformed tool call")
        fn = raw.get("function") or {}
        deltas.append(
            ToolCallDelta(
                index=int(raw.get("index", len(deltas))),
                id=raw.get("id"),
                name=fn.get("name"),
                arguments=fn.get("arguments") or "",
            )
        )
    content = delta.get("content")
    return Chunk(
        text=content if isinstance(content, str) else "",
        tool_calls=deltas,
        finish_reason=choice.get("finish_reason"),
        raw=data,
    )
