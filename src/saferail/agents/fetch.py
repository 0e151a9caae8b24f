"""A fetch helper for agent tools that cannot be turned against the network it runs in.

:func:`safe_fetch` checks the URL with :func:`~saferail.agents.ssrf.check_url`, then
connects **to the address that was checked**, not to the host name: the request goes to
``scheme://<checked IP>:<port><target>`` with the original ``Host`` header, and for HTTPS the
original host name as TLS SNI and for certificate verification (httpx's ``sni_hostname``
request extension). The name is resolved once per hop, by the checker, so a DNS-rebinding
server that answers a public address to the check and ``127.0.0.1`` to a second lookup never
gets that second lookup. If the checked host has several addresses (all of which passed),
they are tried in order when connecting fails.

Redirects are followed by hand, up to ``max_redirects``, and every ``Location`` goes through
the whole check again (resolution, addresses, allow/deny lists) before anything connects to
it. 303, and 301/302 after a POST, continue as a body-less GET; credentials
(``Authorization``, ``Cookie``, ``Proxy-Authorization``, and custom headers named like one:
``X-Api-Key``, ``X-Auth-Token``...) are dropped once a redirect leaves the first origin.
Proxies from the environment are never used (``trust_env=False``): a proxy would do its own
DNS and defeat the pinning. Responses are read up to
``max_response_bytes`` (decoded bytes; ``Accept-Encoding: identity`` is asked for unless the
caller sets it), and the whole fetch, DNS included, runs under ``total_timeout``. A
``gzip`` or ``deflate`` body is inflated here, never past the cap (a few hundred bytes of
nested gzip can inflate to gigabytes); other content codings are refused.
"""

from __future__ import annotations

__all__ = ["FetchResult", "safe_fetch"]

import asyncio
import functools
import ipaddress
import ssl
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from email.message import Message
from urllib.parse import urljoin

import httpx
from pydantic import BaseModel, ConfigDict

from saferail.agents._urls import DEFAULT_PORTS
from saferail.agents.ssrf import (
    FetchError,
    Reason,
    Resolver,
    SsrfBlocked,
    SsrfPolicy,
    UrlVerdict,
    check_url,
)

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CREDENTIALS = frozenset({"authorization", "cookie", "proxy-authorization"})
# words that make a custom header a credential too (X-Api-Key, X-Auth-Token, X-Amz-Security-
# Token, X-Session-Id, X-Hub-Signature...): dropped with the three above
_SECRET_WORDS = ("key", "token", "secret", "auth", "session", "signature", "password", "cookie")
_BODY_HEADERS = frozenset({"content-type", "content-length", "content-encoding"})
_GZIP_WBITS = zlib.MAX_WBITS | 16
_CODINGS = {"gzip": _GZIP_WBITS, "x-gzip": _GZIP_WBITS, "deflate": zlib.MAX_WBITS}


class FetchResult(BaseModel):
    """A fetched response. ``url`` is the final URL (normalized, with its host name),
    ``address`` the IP address it came from, ``redirects`` the URLs that redirected to it."""

    model_config = ConfigDict(frozen=True)

    url: str
    status_code: int
    headers: tuple[tuple[str, str], ...]
    content: bytes
    address: str
    redirects: tuple[str, ...] = ()

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or ``None``."""
        wanted = name.lower()
        return next((v for k, v in self.headers if k.lower() == wanted), None)

    @property
    def text(self) -> str:
        """The content decoded with the charset of ``Content-Type`` (default UTF-8)."""
        msg = Message()
        msg["content-type"] = self.header("content-type") or "text/plain"
        charset = msg.get_content_charset() or "utf-8"
        try:
            return self.content.decode(charset, errors="replace")
        except LookupError:
            return self.content.decode("utf-8", errors="replace")


@dataclass(frozen=True)
class _Request:
    method: str
    headers: tuple[tuple[str, str], ...]
    body: bytes | None


@dataclass(frozen=True)
class _Reply:
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes
    address: str
    location: str | None


async def safe_fetch(
    url: str,
    policy: SsrfPolicy,
    *,
    method: str = "GET",
    headers: Mapping[str, str] | None = None,
    body: bytes | str | None = None,
    resolver: Resolver | None = None,
    ssl_context: ssl.SSLContext | None = None,
) -> FetchResult:
    """Fetch ``url`` under ``policy``. Raises :class:`~saferail.agents.ssrf.SsrfBlocked`
    when the policy refuses the URL, a redirect or the response size, and
    :class:`~saferail.agents.ssrf.FetchError` for timeouts and transport failures.
    ``ssl_context`` replaces the default trust store (e.g. a private CA); certificate and
    host name verification cannot be turned off."""
    given = dict(headers or {})
    _check_headers(given, url)
    if not any(k.lower() == "accept-encoding" for k in given):
        given["Accept-Encoding"] = "identity"
    request = _Request(
        method.upper(),
        tuple((k, v) for k, v in given.items() if k.lower() != "host"),
        body.encode("utf-8") if isinstance(body, str) else body,
    )
    try:
        async with asyncio.timeout(policy.total_timeout):
            return await _follow(url, request, policy, resolver, ssl_context)
    except TimeoutError:
        detail = f"no complete answer within {policy.total_timeout}s"
        raise FetchError(Reason.TIMEOUT, url, detail) from None


def _credential(name: str) -> bool:
    """Whether header ``name`` carries a credential (dropped when a redirect leaves the
    first origin): the standard ones, and custom ones named like a key or token."""
    lowered = name.lower()
    return lowered in _CREDENTIALS or any(word in lowered for word in _SECRET_WORDS)


def _check_headers(headers: Mapping[str, str], url: str) -> None:
    """Refuse, before anything connects, a header HTTP cannot carry (not ASCII text)."""
    for name, value in headers.items():
        for part in (name, value):
            if not isinstance(part, str) or not part.isascii():
                detail = f"header {name!a} is not ASCII text"
                raise FetchError(Reason.HTTP_ERROR, url, detail)


async def _follow(
    url: str,
    request: _Request,
    policy: SsrfPolicy,
    resolver: Resolver | None,
    ssl_context: ssl.SSLContext | None,
) -> FetchResult:
    """Check, send, and follow redirects (each one checked again) until a final answer."""
    current = url
    redirects: list[str] = []
    first_origin: tuple[str | None, str | None, int | None] | None = None
    while True:
        verdict = await asyncio.to_thread(check_url, current, policy, resolver=resolver)
        if not verdict.allowed:
            raise SsrfBlocked(verdict.reason, current, verdict.detail)
        if verdict.scheme not in ("http", "https"):
            detail = f"safe_fetch speaks http and https, not {verdict.scheme}"
            raise SsrfBlocked(Reason.SCHEME_NOT_SUPPORTED, current, detail)
        origin = (verdict.scheme, verdict.host, verdict.port)
        first_origin = first_origin or origin
        if origin != first_origin:
            kept = tuple(h for h in request.headers if not _credential(h[0]))
            request = replace(request, headers=kept)
        reply = await _send(verdict, request, policy, ssl_context)
        here = verdict.normalized_url or current  # always set on an allowed verdict
        if reply.status not in _REDIRECTS or reply.location is None:
            return FetchResult(
                url=here,
                status_code=reply.status,
                headers=reply.headers,
                content=reply.content,
                address=reply.address,
                redirects=tuple(redirects),
            )
        if len(redirects) >= policy.max_redirects:
            detail = f"more than {policy.max_redirects} redirects"
            raise SsrfBlocked(Reason.TOO_MANY_REDIRECTS, current, detail)
        redirects.append(here)
        current = urljoin(here, reply.location)
        request = _after_redirect(request, reply.status)


def _after_redirect(request: _Request, status: int) -> _Request:
    """303 (and 301/302 after a POST) continue as a GET without a body; 307/308 repeat."""
    to_get = (status == 303 and request.method != "HEAD") or (
        status in (301, 302) and request.method == "POST"
    )
    if not to_get:
        return request
    kept = tuple(h for h in request.headers if h[0].lower() not in _BODY_HEADERS)
    return _Request("GET", kept, None)


async def _send(
    verdict: UrlVerdict, request: _Request, policy: SsrfPolicy, ctx: ssl.SSLContext | None
) -> _Reply:
    """Send ``request`` to the checked addresses of ``verdict`` in turn until one connects."""
    url = verdict.normalized_url or verdict.url
    failures: list[str] = []
    for address in verdict.addresses:
        try:
            return await _send_to(address, verdict, request, policy, ctx)
        except httpx.ConnectError as exc:
            failures.append(f"{address}: {_one_line(exc)}")
        except httpx.TimeoutException as exc:
            raise FetchError(Reason.TIMEOUT, url, _one_line(exc)) from exc
        except httpx.HTTPError as exc:
            raise FetchError(Reason.HTTP_ERROR, url, _one_line(exc)) from exc
    raise FetchError(Reason.CONNECT_FAILED, url, "; ".join(failures))


async def _send_to(
    address: str,
    verdict: UrlVerdict,
    request: _Request,
    policy: SsrfPolicy,
    ctx: ssl.SSLContext | None,
) -> _Reply:
    """One HTTP exchange with ``address``, the request naming the checked host."""
    host, scheme, port = verdict.host or "", verdict.scheme or "", verdict.port
    target = f"{scheme}://{_bracket(address)}:{port}{verdict.target}"
    netloc = _bracket(host) if port == DEFAULT_PORTS.get(scheme) else f"{_bracket(host)}:{port}"
    extensions = {"sni_hostname": host} if scheme == "https" and not _is_ip(host) else {}
    timeout = httpx.Timeout(
        connect=policy.connect_timeout,
        read=policy.read_timeout,
        write=policy.read_timeout,
        pool=policy.connect_timeout,
    )
    async with httpx.AsyncClient(
        trust_env=False, verify=ctx or _default_context(), timeout=timeout
    ) as client:
        req = client.build_request(
            request.method,
            target,
            headers=[*request.headers, ("Host", netloc)],
            content=request.body,
            extensions=extensions,
        )
        response = await client.send(req, stream=True, follow_redirects=False)
        try:
            location = response.headers.get("location")
            if response.status_code in _REDIRECTS and location is not None:
                content = b""
            else:
                cap = policy.max_response_bytes
                content = await _read_capped(response, cap, verdict.normalized_url or "")
        finally:
            await response.aclose()
    return _Reply(
        response.status_code, tuple(response.headers.multi_items()), content, address, location
    )


async def _read_capped(response: httpx.Response, cap: int, url: str) -> bytes:
    """The body, content codings undone, refused as soon as it passes ``cap`` bytes."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        detail = f"Content-Length {declared} over the {cap}-byte cap"
        raise SsrfBlocked(Reason.RESPONSE_TOO_LARGE, url, detail)
    decoder = _Decoder(response.headers.get("content-encoding", ""), cap, url)
    chunks = [decoder.feed(raw) async for raw in response.aiter_raw()]
    chunks.append(decoder.flush())
    return b"".join(chunks)


class _Inflater:
    """One ``gzip`` or ``deflate`` layer, inflated a bounded amount at a time."""

    def __init__(self, coding: str) -> None:
        self.coding = coding
        self._z = zlib.decompressobj(_CODINGS[coding])
        self._fresh = True

    def feed(self, data: bytes, room: int) -> bytes:
        """Inflate ``data``, giving at most ``room + 1`` bytes (more than ``room``: over the
        cap, and the rest is never inflated)."""
        try:
            out = self._z.decompress(data, room + 1)
        except zlib.error:
            if not (self.coding == "deflate" and self._fresh):
                raise
            # Many servers send "deflate" as a raw RFC 1951 stream, without the zlib wrapper.
            self._z = zlib.decompressobj(-zlib.MAX_WBITS)
            out = self._z.decompress(data, room + 1)
        self._fresh = False
        return out

    def flush(self) -> bytes:
        return self._z.flush()


class _Decoder:
    """A body as read off the wire, its content codings undone layer by layer. No layer may
    produce more than the cap, so memory stays bounded whatever the compression ratio."""

    def __init__(self, content_encoding: str, cap: int, url: str) -> None:
        codings = [c.strip().lower() for c in content_encoding.split(",")]
        codings = [c for c in codings if c not in ("", "identity")]
        unknown = [c for c in codings if c not in _CODINGS]
        if unknown:
            detail = f"unsupported Content-Encoding {unknown[0]!r} (gzip and deflate are decoded)"
            raise FetchError(Reason.HTTP_ERROR, url, detail)
        self._layers = [_Inflater(c) for c in reversed(codings)]  # the last applied first
        self._made = [0] * (len(self._layers) + 1)  # bytes out of each layer, then the body
        self._cap = cap
        self._url = url

    def feed(self, raw: bytes) -> bytes:
        """The decoded bytes ``raw`` gives (SsrfBlocked once the body passes the cap)."""
        return self._through(raw, flush=False)

    def flush(self) -> bytes:
        """What the layers still hold at the end of the body."""
        return self._through(b"", flush=True)

    def _through(self, data: bytes, *, flush: bool) -> bytes:
        for i, layer in enumerate(self._layers):
            try:
                out = layer.feed(data, self._cap - self._made[i]) if data else b""
                data = out + layer.flush() if flush else out
            except zlib.error as exc:
                detail = f"bad {layer.coding} body: {exc}"
                raise FetchError(Reason.HTTP_ERROR, self._url, detail) from None
            self._count(i, data)
        self._count(len(self._layers), data)
        return data

    def _count(self, i: int, data: bytes) -> None:
        self._made[i] += len(data)
        if self._made[i] > self._cap:
            detail = f"body over the {self._cap}-byte cap"
            raise SsrfBlocked(Reason.RESPONSE_TOO_LARGE, self._url, detail)


@functools.cache
def _default_context() -> ssl.SSLContext:
    """httpx's default TLS context (certifi roots), built once rather than per hop."""
    return httpx.create_ssl_context()


def _bracket(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:200]
