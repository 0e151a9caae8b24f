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
    "Backend",
    "BodyCut",
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
import contextlib
import errno
import re
import urllib.request
from collections.abc import AsyncIterator, Mapping
from typing import Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import aiohttp
import httpx

_JSON = {"Content-Type": "application/json"}
_NEWLINES = re.compile(r"\r\n|\r|\n")
_SECRET_PARAM = re.compile(r"key|token|secret|sig|password|passwd|auth|credential", re.IGNORECASE)
_RESET_ERRNOS = frozenset({errno.ECONNRESET, errno.ECONNABORTED, errno.EPIPE})


class ConnectFailed(Exception):
    """No response: connecting failed, or the connection dropped before a whole response
    (safe to retry: the server did not answer)."""


class ReadTimeout(Exception):
    """The server sent nothing for longer than the read timeout."""


class TransportFailed(Exception):
    """Any other transport error (not retried)."""


class BodyCut(Exception):
    """A streamed body ended early or broke mid-way."""


class Reply(Protocol):
    """One HTTP response. ``body`` is the whole body unless it was opened for streaming
    with status 200 (then read it with :meth:`lines`)."""

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
) -> Backend:
    """``name``: ``"aiohttp"``, ``"httpx"`` or ``None`` (httpx with a transport, else aiohttp)."""
    if name is None:
        name = "httpx" if transport is not None else "aiohttp"
    if name == "aiohttp":
        if transport is not None:
            raise ValueError("an httpx transport needs http_backend='httpx'")
        return AiohttpBackend(headers, timeout_s, max_connections)
    if name == "httpx":
        return HttpxBackend(headers, timeout_s, transport)
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
    def __init__(self, response: aiohttp.ClientResponse) -> None:
        self._response = response
        self.status = response.status
        self.body = b""

    def header(self, name: str) -> str | None:
        return self._response.headers.get(name)

    async def lines(self) -> AsyncIterator[str]:
        splitter = _LineSplitter()
        try:
            async for data in self._response.content.iter_any():
                for line in splitter.feed(data):
                    yield line
        except (TimeoutError, aiohttp.ServerTimeoutError) as exc:
            raise ReadTimeout(str(exc) or "read timeout") from exc
        except aiohttp.ClientError as exc:
            raise BodyCut(str(exc) or type(exc).__name__) from exc
        for line in splitter.close():
            yield line

    async def aclose(self) -> None:
        self._response.release()


class AiohttpBackend:
    """A keep-alive ``aiohttp.ClientSession``, opened on first use in the running loop (and
    anew if the loop changed). No cookies are kept: one upstream session for all callers."""

    def __init__(self, headers: Mapping[str, str], timeout_s: float, max_connections: int) -> None:
        self._headers = dict(headers)
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
        reply = _AiohttpReply(response)
        if stream and response.status == 200:
            return reply
        try:
            reply.body = await response.read()
        except (TimeoutError, aiohttp.ServerTimeoutError) as exc:
            raise ReadTimeout(str(exc) or "read timeout") from exc
        except aiohttp.ClientError as exc:
            if response.status == 200:  # the answer broke off: as if none came
                raise ConnectFailed(describe(exc)) from exc
        finally:
            response.release()
        return reply

    async def aclose(self) -> None:
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()


# -- httpx -------------------------------------------------------------------------------------


class _HttpxReply:
    def __init__(self, response: httpx.Response) -> None:
        self._response = response
        self.status = response.status_code
        self.body = b""

    def header(self, name: str) -> str | None:
        value: str | None = self._response.headers.get(name)
        return value

    async def lines(self) -> AsyncIterator[str]:
        try:
            async for line in self._response.aiter_lines():
                yield line
        except httpx.TimeoutException as exc:
            raise ReadTimeout(type(exc).__name__) from exc
        except httpx.HTTPError as exc:
            raise BodyCut(describe(exc)) from exc

    async def aclose(self) -> None:
        await self._response.aclose()


class HttpxBackend:
    """An ``httpx.AsyncClient`` (optionally over a given transport)."""

    def __init__(
        self,
        headers: Mapping[str, str],
        timeout_s: float,
        transport: httpx.AsyncBaseTransport | None,
    ) -> None:
        self._headers = dict(headers)
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
            response = await client.send(request, stream=stream)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError) as exc:
            raise ConnectFailed(describe(exc)) from exc
        except httpx.TimeoutException as exc:
            raise ReadTimeout(type(exc).__name__) from exc
        except httpx.HTTPError as exc:
            if _was_reset(exc):  # dropped before a whole answer: as if refused, safe to retry
                raise ConnectFailed(describe(exc)) from exc
            raise TransportFailed(describe(exc)) from exc
        reply = _HttpxReply(response)
        if stream and response.status_code != 200:
            with contextlib.suppress(httpx.HTTPError):
                await response.aread()
            await response.aclose()
        if not stream or response.status_code != 200:
            reply.body = response.content if response.is_stream_consumed else b""
        return reply

    async def aclose(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            await client.aclose()


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


def redact_url(url: str) -> str:
    """``url`` safe to show: the userinfo password and secret-looking query values masked."""
    try:
        parts = urlsplit(url)
        netloc = parts.netloc
        if parts.password is not None:
            userinfo, _, hostport = netloc.rpartition("@")
            user = userinfo.partition(":")[0]
            netloc = f"{user}:***@{hostport}"
        query = parts.query
        if query:
            pairs = parse_qsl(query, keep_blank_values=True)
            if any(_SECRET_PARAM.search(k) for k, _ in pairs):
                masked = [(k, "***" if _SECRET_PARAM.search(k) else v) for k, v in pairs]
                query = urlencode(masked, safe="*")
        return urlunsplit((parts.scheme, netloc, parts.path, query, ""))
    except ValueError:  # not even a URL: show nothing of it that could be a secret
        return url.partition("?")[0].rpartition("@")[2]
