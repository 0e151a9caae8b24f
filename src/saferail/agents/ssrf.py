"""SSRF guard: decide whether a server-side fetch of a URL may go ahead.

:func:`check_url` parses the URL strictly (:mod:`saferail.agents._urls`), applies the
:class:`SsrfPolicy` (schemes, ports, host allow/deny lists), resolves the host and judges
*every* address it resolves to (:mod:`saferail.agents._addresses`): one loopback, private,
link-local, multicast, unspecified, reserved or cloud-metadata answer blocks the URL. The
answer is a :class:`UrlVerdict` with a stable reason code (:class:`Reason`) and the checked
addresses, which :func:`saferail.agents.fetch.safe_fetch` then connects to (pinning).

The resolver is injectable: any callable ``host -> list of addresses`` (strings or
``ipaddress`` objects). The default calls ``socket.getaddrinfo``. A resolver that raises,
answers nothing or answers something that is not an address blocks the URL.
"""

from __future__ import annotations

__all__ = [
    "METADATA_HOSTS",
    "FetchError",
    "Reason",
    "Resolver",
    "SsrfBlocked",
    "SsrfPolicy",
    "UrlVerdict",
    "check_url",
    "system_resolver",
]

import ipaddress
import re
import socket
from collections.abc import Callable, Sequence
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, IPvAnyNetwork, field_validator

from saferail.agents import _addresses as addr
from saferail.agents._urls import ParsedUrl, UrlError, normalize_host, parse_url
from saferail.errors import SaferailError

Resolver = Callable[[str], Sequence[str | addr.IPAddress]]

# Instance-metadata services reachable by name (blocked before any DNS lookup).
METADATA_HOSTS = frozenset(
    {
        "metadata.google.internal",
        "metadata.goog",
        "metadata",
        "instance-data",
        "instance-data.ec2.internal",
    }
)


class Reason(StrEnum):
    """Stable reason codes of a verdict or a fetch failure (the values are the contract)."""

    ALLOWED = "allowed"
    BAD_URL = "bad_url"
    USERINFO_NOT_ALLOWED = "userinfo_not_allowed"
    BAD_HOST = "bad_host"
    SCHEME_NOT_ALLOWED = "scheme_not_allowed"
    PORT_NOT_ALLOWED = "port_not_allowed"
    HOST_DENIED = "host_denied"
    HOST_NOT_ALLOWED = "host_not_allowed"
    METADATA_HOST = "metadata_host"
    DNS_FAILURE = "dns_failure"
    LOOPBACK_ADDRESS = "loopback_address"
    PRIVATE_ADDRESS = "private_address"
    LINK_LOCAL_ADDRESS = "link_local_address"
    MULTICAST_ADDRESS = "multicast_address"
    UNSPECIFIED_ADDRESS = "unspecified_address"
    RESERVED_ADDRESS = "reserved_address"
    METADATA_ADDRESS = "metadata_address"
    ADDRESS_DENIED = "address_denied"
    # raised by safe_fetch only
    SCHEME_NOT_SUPPORTED = "scheme_not_supported"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    RESPONSE_TOO_LARGE = "response_too_large"
    TIMEOUT = "timeout"
    CONNECT_FAILED = "connect_failed"
    HTTP_ERROR = "http_error"


# What allow_private relaxes; allowed_networks relaxes these and reserved addresses.
# Metadata, multicast and unspecified addresses are never allowed.
_PRIVATE_CLASSES = {Reason.LOOPBACK_ADDRESS, Reason.PRIVATE_ADDRESS, Reason.LINK_LOCAL_ADDRESS}
_NETWORK_CLASSES = _PRIVATE_CLASSES | {Reason.RESERVED_ADDRESS}
_SCHEME_NAME = re.compile(r"[a-z][a-z0-9+.-]*")
_LOOPBACK = (addr.parse_address("127.0.0.1"), addr.parse_address("::1"))


class FetchError(SaferailError):
    """A fetch failed; ``reason_code`` is a :class:`Reason` value, ``url`` the URL tried."""

    def __init__(self, reason_code: str, url: str, detail: str = "") -> None:
        self.reason_code = reason_code
        self.url = url
        self.detail = detail
        shown = url.encode("unicode_escape").decode("ascii")[:200]
        super().__init__(f"{reason_code}: {shown}" + (f" ({detail})" if detail else ""))


class SsrfBlocked(FetchError):
    """The SSRF policy refused a URL (the first one, a redirect, or the response)."""


class SsrfPolicy(BaseModel):
    """Where server-side fetches may go. Host patterns are exact hosts or ``*.domain``
    (any subdomain, not the domain itself); the deny list wins over the allow list, and an
    empty allow list allows every host. Address checks apply to allowed hosts too."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    allowed_schemes: tuple[str, ...] = ("http", "https")
    allowed_hosts: tuple[str, ...] = ()
    denied_hosts: tuple[str, ...] = ()
    allowed_ports: tuple[int, ...] = (80, 443)
    allow_private: bool = False
    allowed_networks: tuple[IPvAnyNetwork, ...] = ()
    denied_networks: tuple[IPvAnyNetwork, ...] = ()
    max_redirects: int = Field(5, ge=0, le=50)
    connect_timeout: float = Field(5.0, gt=0)
    read_timeout: float = Field(10.0, gt=0)
    total_timeout: float = Field(30.0, gt=0)
    max_response_bytes: int = Field(2_000_000, gt=0)
    max_url_length: int = Field(4096, ge=16)

    @field_validator("allowed_schemes")
    @classmethod
    def _schemes(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        out = tuple(s.lower() for s in value)
        for scheme in out:
            if not _SCHEME_NAME.fullmatch(scheme):
                raise ValueError(f"bad scheme name {scheme!r}")
        return out

    @field_validator("allowed_hosts", "denied_hosts")
    @classmethod
    def _hosts(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_normalize_pattern(p) for p in value)

    @field_validator("allowed_ports")
    @classmethod
    def _ports(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        for port in value:
            if not 0 < port < 65536:
                raise ValueError(f"bad port {port}")
        return value


class UrlVerdict(BaseModel):
    """The answer of :func:`check_url`. ``host`` is the normalized host (``0x7f.1`` becomes
    ``127.0.0.1``); ``addresses`` are the addresses judged, as a socket would connect to them
    (IPv4-mapped IPv6 shown as IPv4), filled whenever resolution got that far."""

    model_config = ConfigDict(frozen=True)

    url: str
    allowed: bool
    reason: Reason
    detail: str = ""
    scheme: str | None = None
    host: str | None = None
    port: int | None = None
    target: str | None = None
    addresses: tuple[str, ...] = ()
    normalized_url: str | None = None


def system_resolver(host: str) -> list[str]:
    """The addresses ``socket.getaddrinfo`` gives for ``host`` (TCP), in its order."""
    infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def check_url(url: str, policy: SsrfPolicy, *, resolver: Resolver | None = None) -> UrlVerdict:
    """Judge ``url`` against ``policy``; resolve its host with ``resolver`` (default
    :func:`system_resolver`). Never raises for a bad URL: the verdict says why."""
    try:
        parsed = parse_url(url, max_length=policy.max_url_length)
    except UrlError as exc:
        return UrlVerdict(url=url, allowed=False, reason=Reason(exc.reason), detail=exc.detail)
    base = {
        "url": url,
        "scheme": parsed.scheme,
        "host": parsed.host,
        "port": parsed.port,
        "target": parsed.target,
        "normalized_url": parsed.url,
    }
    refusal = _refuse_by_name(parsed, policy)
    if refusal is not None:
        return UrlVerdict(**base, allowed=False, reason=refusal[0], detail=refusal[1])
    try:
        ips = _addresses_of(parsed, resolver or system_resolver)
    except _DnsError as exc:
        return UrlVerdict(**base, allowed=False, reason=Reason.DNS_FAILURE, detail=str(exc))
    shown = tuple(dict.fromkeys(str(addr.effective(ip)) for ip in ips))
    for ip in ips:
        refusal = _refuse_address(ip, policy)
        if refusal is not None:
            reason, why = refusal
            real = addr.effective(ip)
            where = f"{real}" if parsed.ip is not None else f"{parsed.host} resolves to {real}"
            detail = f"{where}: {why}"
            return UrlVerdict(**base, allowed=False, reason=reason, detail=detail, addresses=shown)
    return UrlVerdict(**base, allowed=True, reason=Reason.ALLOWED, addresses=shown)


def _refuse_by_name(parsed: ParsedUrl, policy: SsrfPolicy) -> tuple[Reason, str] | None:
    if parsed.scheme not in policy.allowed_schemes:
        return Reason.SCHEME_NOT_ALLOWED, f"scheme {parsed.scheme!r} is not allowed"
    if parsed.port is None:
        return Reason.BAD_URL, f"no port given and scheme {parsed.scheme!r} has no default"
    if parsed.port not in policy.allowed_ports:
        return Reason.PORT_NOT_ALLOWED, f"port {parsed.port} is not allowed"
    host = _host_key(parsed.host, parsed.ip)
    if any(_matches(host, p) for p in policy.denied_hosts):
        return Reason.HOST_DENIED, f"host {parsed.host} is denied"
    if policy.allowed_hosts and not any(_matches(host, p) for p in policy.allowed_hosts):
        return Reason.HOST_NOT_ALLOWED, f"host {parsed.host} is not in the allow list"
    if parsed.host in METADATA_HOSTS:
        return Reason.METADATA_HOST, f"{parsed.host} is a cloud metadata service"
    return None


class _DnsError(Exception):
    pass


def _addresses_of(parsed: ParsedUrl, resolver: Resolver) -> list[addr.IPAddress]:
    if parsed.ip is not None:
        return [parsed.ip]
    if _is_localhost(parsed.host):
        return list(_LOOPBACK)  # RFC 6761: loopback by definition, whatever DNS says
    try:
        answers = list(resolver(parsed.host))
    except Exception as exc:  # fail closed, whatever the resolver raised
        raise _DnsError(f"resolving {parsed.host} failed: {type(exc).__name__}") from exc
    if not answers:
        raise _DnsError(f"{parsed.host} resolves to no address")
    try:
        return [_answer(a) for a in answers]
    except (TypeError, ValueError):
        raise _DnsError(f"resolver gave a non-address for {parsed.host}") from None


def _answer(answer: object) -> addr.IPAddress:
    """One resolver answer as an address: a string or an ``ipaddress`` object; anything
    else (bytes, a ``getaddrinfo`` tuple, None) is a TypeError, so the URL is blocked."""
    if isinstance(answer, ipaddress.IPv4Address | ipaddress.IPv6Address):
        return answer
    if not isinstance(answer, str):
        raise TypeError(f"not an address: {type(answer).__name__}")
    return addr.parse_address(answer)


def _refuse_address(ip: addr.IPAddress, policy: SsrfPolicy) -> tuple[Reason, str] | None:
    real = addr.effective(ip)
    klass = addr.classify(ip)
    if klass is not None:
        reason = Reason(klass)
        in_allowed = any(_in(real, net) or _in(ip, net) for net in policy.allowed_networks)
        relaxed = (policy.allow_private and reason in _PRIVATE_CLASSES) or (
            in_allowed and reason in _NETWORK_CLASSES
        )
        if not relaxed:
            return reason, reason.value.replace("_", " ")
    seen_as = _spellings(ip)
    if any(_in(a, net) for a in seen_as for net in policy.denied_networks):
        return Reason.ADDRESS_DENIED, "address in a denied network"
    return None


def _spellings(ip: addr.IPAddress) -> list[addr.IPAddress]:
    """``ip``, the address a socket connects to, and every IPv4 address it carries (NAT64,
    6to4, ...): a denied IPv4 network is denied in each of these spellings."""
    real = addr.effective(ip)
    carried = addr.carried_v4(real) if isinstance(real, ipaddress.IPv6Address) else []
    return [ip, real, *carried]


def _in(ip: addr.IPAddress, net: IPvAnyNetwork) -> bool:
    return ip.version == net.version and ip in net


def _normalize_pattern(pattern: str) -> str:
    wildcard = pattern.startswith("*.")
    base = pattern[2:] if wildcard else pattern
    if "*" in base or not base:
        raise ValueError(f"bad host pattern {pattern!r}: use 'host' or '*.domain'")
    shape = _pattern_shape_error(base)
    if shape is not None:
        raise ValueError(f"bad host pattern {pattern!r}: {shape}")
    try:
        host, ip = normalize_host(base if base.startswith("[") or ":" not in base else f"[{base}]")
    except UrlError as exc:
        raise ValueError(f"bad host pattern {pattern!r}: {exc.detail}") from None
    if ip is not None and wildcard:
        raise ValueError(f"bad host pattern {pattern!r}: '*.' needs a domain, not an address")
    host = _host_key(host, ip)
    return f"*.{host}" if wildcard else host


def _pattern_shape_error(base: str) -> str | None:
    """Why ``base`` is a URL or ``host:port`` rather than a host, or ``None``."""
    if "/" in base:
        return "write the host alone, without a scheme or path"
    bracketed = base.startswith("[") and "]:" in base
    if bracketed or (not base.startswith("[") and base.count(":") == 1):
        return "write the host without a port (ports go in allowed_ports)"
    return None


def _host_key(host: str, ip: addr.IPAddress | None) -> str:
    """The form host lists compare: an IPv4-mapped IPv6 literal (``[::ffff:10.0.0.5]``)
    is the IPv4 address it connects to, so a listed ``10.0.0.5`` matches it too."""
    return str(addr.effective(ip)) if ip is not None else host


def _is_localhost(host: str) -> bool:
    return host == "localhost" or host.endswith(".localhost")


def _matches(host: str, pattern: str) -> bool:
    if pattern.startswith("*."):
        return host.endswith(pattern[1:])
    return host == pattern
