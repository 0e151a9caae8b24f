"""A target for any OpenAI-compatible server (``POST /v1/chat/completions``).

HTTP goes through aiohttp by default, or httpx (``http_backend="httpx"``, or when an httpx
``transport`` is given): see ``saferail.targets._http``.

Retries: HTTP 429 (waiting ``Retry-After`` when given), HTTP 5xx and connection errors are
retried up to ``max_retries`` times with exponential backoff and full jitter; other 4xx are
not. A ``Retry-After`` longer than ``max_retry_after_s`` is not waited: the error is raised at
once. Read timeouts are not retried (the budget is already spent). A stream is retried only
before its first chunk; once text has been yielded, a fault raises instead.

Error messages never carry the API key, nor a password or secret-looking query value of the
URL.
"""

from __future__ import annotations

__all__ = ["OpenAITarget", "check_api_key", "check_base_url"]

import asyncio
import json
import random
import time
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from types import TracebackType
from typing import Any, Literal
from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

import httpx
import orjson

from saferail._retry import retry_after_seconds
from saferail.targets._http import (
    DEFAULT_MAX_BYTES,
    Backend,
    BodyCut,
    BodyTooLarge,
    ConnectFailed,
    ReadTimeout,
    Reply,
    TransportFailed,
    describe,
    make_backend,
    redact_url,
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
    tool_call_deltas,
)

# 408 (the server timed the request out) and 429 are worth sending again, and so is a 5xx,
# except 501 Not Implemented and 505 HTTP Version Not Supported, which will not change
_RETRY_STATUS = frozenset({408, 429}) | (frozenset(range(500, 600)) - {501, 505})


class OpenAITarget:
    """Chat completions from an OpenAI-compatible HTTP server.

    ``base_url`` is the server root (``http://127.0.0.1:8000``; a trailing ``/v1`` or
    ``/v1/chat/completions`` is accepted, a query string is kept). A ``base_url`` that is not
    an http(s) URL with a host and a valid port fails each request with
    :class:`TargetUnavailable` (nothing is sent; :func:`check_base_url` says why up front);
    an ``api_key`` that cannot be sent in an HTTP header raises ``ValueError``.
    ``timeout_s`` bounds connecting, each read, a whole body, and the wait for each event of a
    stream (comments and empty keep-alive events do not count). Without a ``version`` the
    identity's version is the endpoint (secrets masked). An answer (a whole body, or all of a
    stream) larger than ``max_response_bytes`` (64 MiB) is a :class:`TargetBadResponse`, read
    no further.
    ``http_backend`` is ``"aiohttp"`` (the default: the fastest) or ``"httpx"``; ``transport`` is an
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
        max_response_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        if max_retries < 0 or max_concurrency < 1 or timeout_s <= 0 or max_response_bytes < 1:
            raise ValueError(
                "need max_retries >= 0, max_concurrency >= 1, timeout_s > 0, "
                "max_response_bytes >= 1"
            )
        try:
            self.base_url, self.url = check_base_url(base_url)
            self._bad_url: str | None = None
        except ValueError as exc:  # kept for the error of each request (and readiness probes)
            root = base_url.strip().rstrip("/")
            self.base_url = root.removesuffix("/v1")
            self.url = f"{self.base_url}/v1/chat/completions"
            self._bad_url = str(exc)
        api_key = check_api_key(api_key)
        self._shown_url = redact_url(self.url)
        self._secrets = _secrets_of(api_key, self.url)
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
            max_bytes=max_response_bytes,
        )
        self._semaphore = asyncio.Semaphore(max_concurrency)
        self._rng = rng or random.Random()
        # without a version, the endpoint tells servers that give one model name apart
        # (another quantization, another engine): their answers must not share a cache key
        endpoint = version if version is not None else self._shown_url
        self._identity = TargetIdentity(provider, model, endpoint, dict(self.default_params))

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
            data = _decode_json(reply.body, self._shown_url, self._clean)
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
                        async for chunk in self._events(reply, retry_early=not last):
                            yield chunk
                        return
                    except _DroppedEarly:  # broke before the first chunk: as if refused
                        pass
                    finally:
                        await reply.aclose()
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
        body["messages"] = _message_list(messages)
        body["stream"] = stream
        try:
            return orjson.dumps(body)  # ~3x faster than json; same compact UTF-8 JSON
        except TypeError:  # what orjson refuses (integers beyond 64 bits...)
            pass
        try:
            return json.dumps(body, ensure_ascii=False).encode("utf-8")
        except (TypeError, ValueError) as exc:  # a set, bytes, a circular reference...
            raise TargetRejected(f"the request cannot be sent as JSON: {exc}") from None

    async def _send(
        self, body: bytes, last: bool, *, stream: bool
    ) -> tuple[Reply | None, float | None]:
        """Send once: ``(reply, None)`` on HTTP 2xx, ``(None, retry_after)`` to retry."""
        if self._bad_url is not None:
            raise TargetUnavailable(f"cannot send the request: {self._bad_url}")
        try:
            reply = await self._backend.post(self.url, body, stream=stream)
        except ConnectFailed as exc:
            if last:
                raise TargetUnavailable(
                    self._clean(f"cannot reach {self._shown_url}: {describe(exc)}")
                ) from None
            return None, None
        except ReadTimeout as exc:
            raise TargetTimeout(
                self._clean(f"no answer from {self._shown_url} within {self.timeout_s:g} s ({exc})")
            ) from None
        except TransportFailed as exc:
            raise TargetUnavailable(
                self._clean(f"request to {self._shown_url} failed: {exc}")
            ) from None
        except BodyTooLarge as exc:
            raise self._too_large(exc) from None
        if 200 <= reply.status < 300:  # 201/203 from some proxies: a success all the same
            return reply, None
        return None, self._failed(reply, last)

    def _failed(self, reply: Reply, last: bool) -> float | None:
        """Raise for a final failure; else the server's ``Retry-After`` hint (or ``None``)."""
        status = reply.status
        reason = _cut(self._clean(_error_text(reply.body)), _EXCERPT)
        detail = f"HTTP {status} from {self._shown_url}: {reason}"
        if status not in _RETRY_STATUS:
            raise TargetRejected(detail, status=status)
        retry_after = retry_after_seconds(reply.header("Retry-After"))
        too_long = retry_after is not None and retry_after > self.max_retry_after_s
        if too_long:
            cap = self.max_retry_after_s
            detail = f"{detail} (Retry-After {retry_after:g} s is beyond the {cap:g} s cap)"
        if status == 429:
            if last or too_long:
                raise TargetRateLimited(detail, status=status, retry_after=retry_after)
        elif last or too_long:
            raise TargetUnavailable(detail, status=status)
        return retry_after

    def _too_large(self, exc: BodyTooLarge) -> TargetBadResponse:
        return TargetBadResponse(
            f"{exc} from {self._shown_url}: not read further (max_response_bytes={exc.limit})"
        )

    def _clean(self, message: str) -> str:
        """``message`` without the API key or the URL's password (servers echo them back)."""
        for secret in self._secrets:
            message = message.replace(secret, "***")
        return message

    async def _sleep(self, attempt: int, hint: float | None) -> None:
        """Wait before retry ``attempt + 1``: the server's hint, else full-jitter backoff."""
        if hint is not None:
            delay = hint
        else:
            delay = self._rng.uniform(0.0, min(self.max_backoff_s, self.backoff_s * 2**attempt))
        await asyncio.sleep(delay)

    async def _events(self, reply: Reply, *, retry_early: bool = False) -> AsyncIterator[Chunk]:
        """The chunks of a 2xx streamed reply. With ``retry_early``, a connection that breaks
        before the first chunk raises :class:`_DroppedEarly` (send again) instead."""
        content_type = (reply.header("Content-Type") or "").split(";")[0].strip().lower()
        whole = content_type == "application/json"  # the server ignored ``stream: true``
        finished = started = False
        lines: list[str] = []
        try:
            if whole:
                async with asyncio.timeout(self.timeout_s):
                    lines = [line async for line in reply.lines()]
            else:
                async for name, event in _data_events(_sse_data(reply.lines()), self.timeout_s):
                    payload = event.strip()
                    if payload == "[DONE]":
                        return
                    if name == "error":  # whatever its shape: the server gave up mid-way
                        reason = _cut(self._clean(payload[:_SCANNED]), _EXCERPT)
                        raise TargetBadResponse(f"error event from {self._shown_url}: {reason}")
                    data = _decode_json(payload.encode("utf-8"), self._shown_url, self._clean)
                    chunk = _parse_chunk(data)
                    finished = finished or chunk.finish_reason is not None
                    started = True
                    yield chunk
        except (ReadTimeout, TimeoutError):
            raise TargetTimeout(
                f"stream from {self._shown_url} stalled for more than {self.timeout_s:g} s"
            ) from None
        except BodyCut as exc:
            if retry_early and not started:
                raise _DroppedEarly from None
            raise TargetBadResponse(
                self._clean(f"stream from {self._shown_url} cut mid-way: {exc}")
            ) from None
        except BodyTooLarge as exc:
            raise self._too_large(exc) from None
        if whole:
            data = _decode_json("\n".join(lines).encode("utf-8"), self._shown_url, self._clean)
            done = _parse_completion(data, 0.0)
            calls = tool_call_deltas(done.tool_calls)
            yield Chunk(done.text, calls, done.finish_reason, data, usage=done.usage)
            return
        if not finished:
            raise TargetBadResponse(f"stream from {self._shown_url} ended before [DONE]")


# -- wire format -------------------------------------------------------------------------------


async def _sse_data(lines: AsyncIterator[str]) -> AsyncIterator[tuple[str, str]]:
    """``(event, data)`` of each server-sent event: its ``event:`` name (``""`` if none) and
    its ``data:`` lines joined with newlines, yielded at the blank line that ends the event (or
    at the end of the stream). Comments and other fields (``id:``, ``retry:``) are skipped. A
    server that leaves out the blank lines between one-line events still works: a ``data:`` or
    ``event:`` line after a complete JSON value or ``[DONE]`` starts a new event."""
    pending: list[str] = []
    name = ""
    async for line in lines:
        if not line:
            if pending:
                yield name, "\n".join(pending)
                pending = []
            name = ""
            continue
        field, _, value = line.partition(":")
        if field not in ("data", "event"):
            continue
        value = value[1:] if value.startswith(" ") else value
        if pending and _is_complete("\n".join(pending)):
            yield name, "\n".join(pending)
            pending, name = [], ""
        if field == "event":
            name = value.strip()
        else:
            pending.append(value)
    if pending:
        yield name, "\n".join(pending)


async def _data_events(
    events: AsyncIterator[tuple[str, str]], timeout_s: float
) -> AsyncIterator[tuple[str, str]]:
    """The events of ``events`` that carry data; ``TimeoutError`` when none comes for
    ``timeout_s`` (SSE comments and empty events keep a connection open, not a stream alive).
    The clock runs only while waiting, not while the caller handles an event."""
    loop = asyncio.get_running_loop()
    while True:
        deadline = loop.time() + timeout_s
        event = ("", "")
        while not event[1].strip():
            try:
                async with asyncio.timeout_at(deadline):
                    event = await anext(events)
            except StopAsyncIteration:
                return
        yield event


class _DroppedEarly(Exception):
    """A stream broke before its first chunk: nothing was used, so it is safe to send again."""


def _is_complete(payload: str) -> bool:
    text = payload.strip()
    if text in ("", "[DONE]"):
        return True
    try:
        orjson.loads(text)
    except ValueError:
        return False
    return True


_EXCERPT = 200
"""Characters of a server's error text shown in an error message."""

_SCANNED = 64 * 1024
"""Characters of an error body searched for secrets before it is cut to an excerpt."""


def _cut(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters. Cut only after masking secrets: a cut first
    can leave the head of a secret that the masking no longer recognises."""
    return text if len(text) <= limit else text[:limit]


def _error_text(body: bytes) -> str:
    """The server's reason in an error body (not cut yet: mask secrets, then cut)."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return body[:_SCANNED].decode("utf-8", errors="replace")
    error = data.get("error") if isinstance(data, dict) else None
    if isinstance(error, dict) and isinstance(error.get("message"), str):
        return str(error["message"])[:_SCANNED]
    return json.dumps(data)[:_SCANNED]


def check_base_url(base_url: str) -> tuple[str, str]:
    """The server root and the chat completions URL of ``base_url``.

    Raises ``ValueError`` (a one-line reason, secrets masked) unless it is an http(s) URL
    with a host and a port from 1 to 65535.
    """
    text = base_url.strip()
    if not text or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in text):
        raise ValueError(f"base_url {redact_url(text)!r} must not contain spaces")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:  # a bad port (out of 0-65535, not a number), a broken [IPv6]
        raise ValueError(f"base_url {redact_url(text)!r} is not a valid URL: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise ValueError(f"base_url {redact_url(text)!r} must start with http:// or https://")
    if not parts.hostname:
        raise ValueError(f"base_url {redact_url(text)!r} has no host")
    if port == 0:
        raise ValueError(f"base_url {redact_url(text)!r}: port must be 1-65535")
    path = parts.path.rstrip("/")
    path = path.removesuffix("/chat/completions") if path.endswith("/v1/chat/completions") else path
    path = path.removesuffix("/v1")
    root = urlunsplit((scheme, parts.netloc, path, "", ""))
    query = f"?{parts.query}" if parts.query else ""
    return root, f"{root}/v1/chat/completions{query}"


def _secrets_of(api_key: str | None, url: str) -> list[str]:
    """What error messages must not show: the API key, the URL's password and its
    secret-looking query values (as :func:`redact_url` masks them), raw and percent-decoded,
    longest first (so a secret containing another is masked whole)."""
    found = {api_key} if api_key else set()
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        return sorted(found, key=len, reverse=True)
    if password:
        found |= {password, unquote(password)}
    shown = parse_qsl(urlsplit(redact_url(url)).query, keep_blank_values=True)
    raw = [pair.partition("=") for pair in parts.query.split("&")]
    decoded = parse_qsl(parts.query, keep_blank_values=True)
    if len(shown) == len(decoded) == len(raw):
        for (_, masked), (_, value), (_, _, spelled) in zip(shown, decoded, raw, strict=True):
            if masked == "***" and value != "***":
                found |= {value, spelled}
    return sorted((s for s in found if len(s) >= 4), key=len, reverse=True)


def check_api_key(api_key: str | None) -> str | None:
    """The key without surrounding whitespace; ``ValueError`` (never showing it) if unsendable."""
    if api_key is None:
        return None
    key = api_key.strip()
    if any(not 33 <= ord(c) <= 126 for c in key):
        raise ValueError(
            "api_key has spaces, control or non-ASCII characters, which an HTTP header "
            "cannot carry (check how it was copied)"
        )
    return key or None


def _message_list(messages: Messages) -> list[dict[str, Any]]:
    """Copies of the messages; ``TargetRejected`` unless they are a list of objects."""
    if isinstance(messages, str | bytes | Mapping) or not isinstance(messages, Iterable):
        raise TargetRejected(
            f"messages must be a list of message objects, got {type(messages).__name__}"
        )
    out = []
    for i, message in enumerate(messages):
        if not isinstance(message, Mapping):
            raise TargetRejected(
                f"messages[{i}] must be an object with 'role' and 'content', "
                f"got {type(message).__name__}"
            )
        out.append(dict(message))
    return out


def _decode_json(content: bytes, url: str, clean: Callable[[str], str] = str) -> dict[str, Any]:
    try:
        data = orjson.loads(content)
    except ValueError:  # orjson.JSONDecodeError, invalid UTF-8 included
        excerpt = _cut(clean(repr(content[:_SCANNED])), 80)
        raise TargetBadResponse(f"malformed JSON from {url}: {excerpt}") from None
    if not isinstance(data, dict):
        raise TargetBadResponse(f"expected a JSON object from {url}, got {type(data).__name__}")
    if "error" in data and "choices" not in data:
        reason = _cut(clean(json.dumps(data["error"])[:_SCANNED]), _EXCERPT)
        raise TargetBadResponse(f"error from {url}: {reason}")
    return data


def _content_text(content: Any) -> str:
    """A message's or delta's text: a string, ``None`` (no text) or a list of text parts."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content parts; non-text parts (images...) carry no text
        texts = [p.get("text") for p in content if isinstance(p, dict) and p.get("type") == "text"]
        if all(isinstance(t, str) for t in texts):
            return "".join(t for t in texts if isinstance(t, str))
    raise TargetBadResponse(f"response content is a {type(content).__name__}, not text")


def _arguments(args: Any) -> str:
    """Tool-call arguments as the JSON string OpenAI sends (some servers send an object)."""
    return args if isinstance(args, str) else json.dumps(args if args is not None else {})


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
    text = _content_text(message.get("content"))
    raw_calls = message.get("tool_calls") or []
    if not isinstance(raw_calls, list):
        raise TargetBadResponse("response tool_calls is not a list")
    calls: list[ToolCall] = []
    for i, raw in enumerate(raw_calls):
        fn = raw.get("function") if isinstance(raw, dict) else None
        if not isinstance(fn, dict) or not isinstance(fn.get("name"), str):
            raise TargetBadResponse(f"tool call {i} has no function name")
        args = _arguments(fn.get("arguments"))
        calls.append(ToolCall(str(raw.get("id") or f"call_{i}"), fn["name"], args))
    return Completion(
        text=text,
        tool_calls=calls,
        finish_reason=choice.get("finish_reason"),
        usage=_usage(data),
        raw=data,
        latency_ms=latency_ms,
    )


def _parse_chunk(data: dict[str, Any]) -> Chunk:
    choices = data.get("choices")
    # a final usage-only chunk: with an empty "choices", or (some servers) without the key
    usage_only = "choices" not in data and isinstance(data.get("usage"), dict)
    if (isinstance(choices, list) and not choices) or usage_only:
        return Chunk(raw=data, usage=_usage(data))
    choice = _first_choice(data)
    delta = choice.get("delta") or {}
    if not isinstance(delta, dict):
        raise TargetBadResponse("stream chunk has a malformed delta")
    raw_calls = delta.get("tool_calls") or []
    if not isinstance(raw_calls, list):
        raise TargetBadResponse("stream chunk tool_calls is not a list")
    deltas: list[ToolCallDelta] = []
    for raw in raw_calls:
        if not isinstance(raw, dict):
            raise TargetBadResponse("stream chunk has a malformed tool call")
        fn = raw.get("function") or {}
        index = raw.get("index", len(deltas))
        call_id, name = raw.get("id"), fn.get("name") if isinstance(fn, dict) else None
        if (
            not isinstance(fn, dict)
            or isinstance(index, bool)
            or not isinstance(index, int)
            or index < 0
            or not isinstance(call_id, str | None)
            or not isinstance(name, str | None)
        ):
            raise TargetBadResponse("stream chunk has a malformed tool call")
        args = fn.get("arguments")
        deltas.append(ToolCallDelta(index, call_id, name, "" if args is None else _arguments(args)))
    return Chunk(
        text=_content_text(delta.get("content")),
        tool_calls=deltas,
        finish_reason=choice.get("finish_reason"),
        raw=data,
        usage=_usage(data),
    )


def _usage(data: dict[str, Any]) -> dict[str, Any] | None:
    usage = data.get("usage")
    return usage if isinstance(usage, dict) else None
