"""The HTTP clients behind :class:`~saferail.targets.OpenAITarget`: one POST at a time.

Two backends with one small interface (:class:`Backend`, :class:`Reply`):

- ``aiohttp`` (the default): about 6x less CPU per request than httpx on a keep-alive
  loopback upstream (docs/gateway.md, "Performance"), which is what the gateway spends most
  of its time on.
- ``httpx``: used when an ``httpx.AsyncBaseTransport`` is given (the test seam, e.g.
  ``httpx.MockTransport``) or asked for by name.

Each backend maps its library's exceptions onto the four below, so the retry and error logic
of ``OpenAITarget`` is written once. The library exception is kept as ``__cause__``.
"""

from __future__ import annotations

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Backend",
    "BodyCut",
    "BodyTooLarge",
    "ConnectFailed",
    "ReadTimeout",
    "Reply",
    "TransportFailed",
    "describe",
    "make_backend",
    "redact_url",
]

import asyncio
import codecs
import errno
import re
import urllib.request
from collections.abc import AsyncIterator, Mapping
from typing import Protocol
from urllib.parse import urlsplit

import aiohttp
import httpx

from saferail._urls import redact_url

_JSON = {"Content-Type": "application/json"}
_NEWLINES = re.compile(r"\r\n|\r|\n")
_RESET_ERRNOS = frozenset({errno.ECONNRESET, errno.ECONNABORTED, errno.EPIPE})


class ConnectFailed(Exception):
    """No response: connecting failed, or the connection dropped before a whole response
    (safe to retry: the server did not answer)."""


class ReadTimeout(Exception):
    """The server sent nothing for longer than the read timeout, or a whole body took longer."""


class TransportFailed(Exception):
    """Any other transport error (not retried)."""


class BodyCut(Exception):
    """A streamed body ended early or broke mid-way."""


class BodyTooLarge(Exception):
    """The answer is larger than the backend's ``max_bytes`` (read no further)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"the answer is larger than {limit} bytes")


DEFAULT_MAX_BYTES = 64 * 1024 * 1024
"""Largest answer read (64 MiB): a broken or hostile server cannot exhaust memory."""


class _Budget:
    """Bytes of one answer read so far, against the limit."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    def take(self, data: bytes) -> bytes:
        self.used += len(data)
        if self.used > self.limit:
            raise BodyTooLarge(self.limit)
        return data

    def announced(self, length: str | None) -> None:
        """Refuse at once when ``Content-Length`` already says the body is too large."""
        if length is not None and length.strip().isdigit() and int(length) > self.limit:
            raise BodyTooLarge(self.limit)


class Reply(Protocol):
    """One HTTP response. ``body`` is the whole body unless it was opened for streaming
    with a 2xx status (then read it with :meth:`lines`)."""

    status: int
    body: bytes

    def header(self, name: str) -> str | None: ...

    def lines(self) -> AsyncIterator[str]: ...

    async def aclose(self) -> None: ...


class Backend(Protocol):
    async def post(self, url: str, body: bytes, *, stream: bool) -> Reply: ...

    async def aclose(self) -> None: ...


def make_backend(
    name: str | None,
    *,
    headers: Mapping[str, str],
    timeout_s: float,
    max_connections: int,
    transport: httpx.AsyncBaseTransport | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Backend:
    """``name``: ``"aiohttp"``, ``"httpx"`` or ``None`` (httpx with a transport, else aiohttp).
    An answer (a whole body, or all of a stream) past ``max_bytes`` raises :class:`BodyTooLarge`."""
    if name is None:
        name = "httpx" if transport is not None else "aiohttp"
    if name == "aiohttp":
        if transport is not None:
            raise ValueError("an httpx transport needs http_backend='httpx'")
        return AiohttpBackend(headers, timeout_s, max_connections, max_bytes)
    if name == "httpx":
        return HttpxBackend(headers, timeout_s, transport, max_bytes)
    raise ValueError(f"unknown http_backend {name!r}: use 'aiohttp' or 'httpx'")


class _LineSplitter:
    """Incremental UTF-8 text split on ``\\r\\n``, ``\\r`` or ``\\n`` (as SSE wants)."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._rest = ""

    def feed(self, data: bytes) -> list[str]:
        text = self._rest + self._decoder.decode(data)
        held = text.endswith("\r")  # maybe the first half of "\r\n"
        *lines, rest = _NEWLINES.split(text[:-1] if held else text)
        self._rest = rest + ("\r" if held else "")
        return lines

    def close(self) -> list[str]:
        text = self._rest + self._decoder.decode(b"", final=True)
        self._rest = ""
        return _NEWLINES.split(text.rstrip("\r")) if text else []


# -- aiohttp -----------------------------------------------------------------------------------


class _AiohttpReply:
    def __init__(self, response: aiohttp.ClientResponse, max_bytes: int) -> None:
        self._response = response
        self._budget = _Budget(max_bytes)
        self.status = response.status
        self.body = b""

    def header(self, name: str) -> str | None:
        return self._response.headers.get(name)

    async def lines(self) -> AsyncIterator[str]:
        splitter = _LineSplitter()
        try:
            async for data in self._response.content.iter_any():
                for line in splitter.feed(self._budget.take(data)):
                    yield line
        except (TimeoutError, aiohttp.ServerTimeoutError) as exc:
            raise ReadTimeout(str(exc) or "read timeout") from exc
        except aiohttp.ClientError as exc:
            raise BodyCut(describe(exc)) from exc
        for line in splitter.close():
            yield line

    async def aclose(self) -> None:
        self._response.release()


class AiohttpBackend:
    """A keep-alive ``aiohttp.ClientSession``, opened on first use in the running loop (and
    anew if the loop changed). No cookies are kept: one upstream session for all callers."""

    def __init__(
        self,
        headers: Mapping[str, str],
        timeout_s: float,
        max_connections: int,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        self._headers = dict(headers)
        self._max_bytes = max_bytes
        self._timeout_s = timeout_s
        self._proxies: dict[str, str | None] = {}
        self._timeout = aiohttp.ClientTimeout(total=None, connect=timeout_s, sock_read=timeout_s)
        self._limit = max_connections
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _client(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        if self._session is None or self._session.closed or self._loop is not loop:
            self._loop = loop
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._limit, ttl_dns_cache=60),
                timeout=self._timeout,
                headers=self._headers,
                cookie_jar=aiohttp.DummyCookieJar(),
                # not trust_env: it costs two thread-pool hops per request (proxy, netrc);
                # the proxy environment is read once per URL instead (_proxy)
                trust_env=False,
            )
        return self._session

    def _proxy(self, url: str) -> str | None:
        """The ``HTTP(S)_PROXY`` for ``url`` unless ``NO_PROXY`` excludes it (as httpx)."""
        if url not in self._proxies:
            parts = urlsplit(url)
            proxies = urllib.request.getproxies_environment()
            host = parts.hostname or ""
            bypass = not host or bool(urllib.request.proxy_bypass(host))
            self._proxies[url] = None if bypass else proxies.get(parts.scheme)
        return self._proxies[url]

    async def post(self, url: str, body: bytes, *, stream: bool) -> Reply:
        try:
            response = await self._client().post(
                url, data=body, headers=_JSON, proxy=self._proxy(url)
            )
        except aiohttp.ConnectionTimeoutError as exc:
            raise ConnectFailed(f"connect timeout: {exc}") from exc
        except (TimeoutError, aiohttp.ServerTimeoutError) as exc:
            raise ReadTimeout(str(exc) or "read timeout") from exc
        except (aiohttp.ClientConnectorError, aiohttp.ServerDisconnectedError) as exc:
            raise ConnectFailed(describe(exc)) from exc
        except aiohttp.ClientError as exc:
            if _was_reset(exc):  # dropped before any answer: as if refused, safe to retry
                raise ConnectFailed(describe(exc)) from exc
            raise TransportFailed(describe(exc)) from exc
        reply = _AiohttpReply(response, self._max_bytes)
        if stream and 200 <= response.status < 300:
            return reply
        try:
            async with asyncio.timeout(self._timeout_s):
                reply.body = await _read_aiohttp(response, reply._budget)
        except (TimeoutError, aiohttp.ServerTimeoutError) as exc:
            raise ReadTimeout(str(exc) or _slow_body(self._timeout_s)) from exc
        except aiohttp.ClientError as exc:
            if 200 <= response.status < 300:  # the answer broke off: as if none came
                raise ConnectFailed(describe(exc)) from exc
        finally:
            response.release()
        return reply

    async def aclose(self) -> None:
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()


async def _read_aiohttp(response: aiohttp.ClientResponse, budget: _Budget) -> bytes:
    """The whole body of ``response``, read no further than ``budget`` allows."""
    budget.announced(response.headers.get("Content-Length"))
    body = bytearray()
    async for data in response.content.iter_any():
        body += budget.take(data)
    return bytes(body)


# -- httpx -------------------------------------------------------------------------------------


class _HttpxReply:
    def __init__(self, response: httpx.Response, max_bytes: int) -> None:
        self._response = response
        self._budget = _Budget(max_bytes)
        self.status = response.status_code
        self.body = b""

    def header(self, name: str) -> str | None:
        value: str | None = self._response.headers.get(name)
        return value

    async def lines(self) -> AsyncIterator[str]:
        splitter = _LineSplitter()
        try:
            async for data in self._response.aiter_bytes():
                for line in splitter.feed(self._budget.take(data)):
                    yield line
        except httpx.TimeoutException as exc:
            raise ReadTimeout(type(exc).__name__) from exc
        except httpx.HTTPError as exc:
            raise BodyCut(describe(exc)) from exc
        for line in splitter.close():
            yield line

    async def aclose(self) -> None:
        await self._response.aclose()


class HttpxBackend:
    """An ``httpx.AsyncClient`` (optionally over a given transport)."""

    def __init__(
        self,
        headers: Mapping[str, str],
        timeout_s: float,
        transport: httpx.AsyncBaseTransport | None,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        self._headers = dict(headers)
        self._max_bytes = max_bytes
        self._timeout_s = timeout_s
        self._timeout = httpx.Timeout(timeout_s)
        self._transport = transport
        self._client: httpx.AsyncClient | None = None

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(
                timeout=self._timeout, headers=self._headers, transport=self._transport
            )
        return self._client

    async def post(self, url: str, body: bytes, *, stream: bool) -> Reply:
        client = self._http()
        request = client.build_request("POST", url, content=body, headers=_JSON)
        try:
            response = await client.send(request, stream=True)
        except httpx.HTTPError as exc:
            raise _httpx_failure(exc) from exc
        reply = _HttpxReply(response, self._max_bytes)
        if stream and 200 <= response.status_code < 300:
            return reply
        try:
            async with asyncio.timeout(self._timeout_s):
                reply.body = await _read_httpx(response, reply._budget)
        except TimeoutError as exc:
            raise ReadTimeout(_slow_body(self._timeout_s)) from exc
        except httpx.HTTPError as exc:
            if not stream:  # the answer itself broke off (a stream's error body may)
                raise _httpx_failure(exc) from exc
        finally:
            await response.aclose()
        return reply

    async def aclose(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            await client.aclose()


def _httpx_failure(exc: httpx.HTTPError) -> Exception:
    """The backend error an httpx failure before a whole answer stands for."""
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.RemoteProtocolError):
        return ConnectFailed(describe(exc))
    if isinstance(exc, httpx.TimeoutException):
        return ReadTimeout(type(exc).__name__)
    if _was_reset(exc):  # dropped before a whole answer: as if refused, safe to retry
        return ConnectFailed(describe(exc))
    return TransportFailed(describe(exc))


async def _read_httpx(response: httpx.Response, budget: _Budget) -> bytes:
    """The whole body of ``response``, read no further than ``budget`` allows."""
    budget.announced(response.headers.get("Content-Length"))
    body = bytearray()
    async for data in response.aiter_bytes():
        body += budget.take(data)
    return bytes(body)


def _slow_body(timeout_s: float) -> str:
    """Why a body read whose every piece came in time still timed out."""
    return f"the whole body took longer than {timeout_s:g} s"


def _chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and a few links of its cause/context chain."""
    out: list[BaseException] = []
    seen: BaseException | None = exc
    while seen is not None and len(out) < 8:
        out.append(seen)
        seen = seen.__cause__ or seen.__context__
    return out


def _was_reset(exc: BaseException) -> bool:
    """True when the peer reset or aborted the connection (``ECONNRESET``, ``EPIPE``...)."""
    return any(
        isinstance(e, ConnectionResetError | BrokenPipeError | ConnectionAbortedError)
        or (isinstance(e, OSError) and e.errno in _RESET_ERRNOS)
        for e in _chain(exc)
    )


def describe(exc: BaseException) -> str:
    """A short reason, naming a refused or reset connection even when the library wraps it."""
    for seen in _chain(exc):
        refused = isinstance(seen, OSError) and seen.errno == errno.ECONNREFUSED
        if refused or isinstance(seen, ConnectionRefusedError) or "refused" in str(seen).lower():
            return "connection refused"
    if _was_reset(exc):
        return "connection reset by peer"
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return "server disconnected"  # its message is the repr of a half-parsed response
    return str(exc) or type(exc).__name__
