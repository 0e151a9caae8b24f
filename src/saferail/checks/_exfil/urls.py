"""URL resolution for the ``exfiltration`` check: the host a browser would contact.

:func:`resolve_url` parses a URL the way a browser does (HTML entities, stripped control
characters and whitespace, backslashes, userinfo, missing or extra slashes) and
:func:`normalize_host` brings the host to one form (percent-decoding, IDNA, trailing dots,
IPv6 compression and every WHATWG notation of an IPv4 address). :class:`AllowList` decides
whether a resolved host is allowed, and finds unlisted hosts an allowed URL redirects to.
"""

from __future__ import annotations

__all__ = ["AllowList", "Target", "normalize_entry", "normalize_host", "resolve_url"]

import html
import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote

from saferail.checks._exfil.patterns import HEX_DIGITS

_MAX_HOST = 1024  # DNS names stop at 253; percent-encoding can triple that
_SPECIAL_SCHEMES = frozenset({"http", "https", "ftp", "ws", "wss"})
_SCRIPT_SCHEMES = frozenset({"javascript", "vbscript"})
_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.")
_C0_AND_SPACE = "".join(chr(i) for i in range(33))


@dataclass(slots=True)
class Target:
    """Where one URL points, as a browser would resolve it."""

    kind: str  # "network", "data" or "script"
    host: str = ""
    ip: bool = False
    path: str = ""
    query: str = ""
    url: str = ""


def resolve_url(url: str) -> Target | None:
    """Resolve ``url`` like a browser; None for relative URLs and harmless schemes."""
    u = url
    if "&" in u:
        u = html.unescape(u)
    u = u.strip(_C0_AND_SPACE)
    if "\t" in u or "\n" in u or "\r" in u:
        u = u.replace("\t", "").replace("\n", "").replace("\r", "")
    if not u:
        return None
    scheme = ""
    rest = u
    colon = u.find(":")
    if colon > 0:
        cand = u[:colon]
        if (cand.isascii() and cand.isalpha()) or (
            cand[0].isascii() and cand[0].isalpha() and all(c in _SCHEME_CHARS for c in cand)
        ):
            scheme = cand.lower()
            rest = u[colon + 1 :]
    if scheme:
        if scheme == "data":
            return Target("data", url=u)
        if scheme in _SCRIPT_SCHEMES:
            return Target("script", url=u)
        if scheme in _SPECIAL_SCHEMES:
            rest = rest.lstrip("/\\")
        elif rest.startswith("//"):
            rest = rest[2:]
        else:
            return None
    elif rest[:2] in ("//", "\\\\", "/\\", "\\/"):
        rest = rest.lstrip("/\\")
    else:
        return None
    end = len(rest)
    for c in "/?#\\":
        i = rest.find(c)
        if 0 <= i < end:
            end = i
    authority, tail = rest[:end], rest[end:]
    hostport = authority.rpartition("@")[2]
    if hostport.startswith("["):
        close = hostport.find("]")
        raw_host = hostport[: close + 1] if close > 0 else hostport
    else:
        raw_host = hostport.partition(":")[0]
    host, ip = normalize_host(raw_host)
    tail = tail.replace("\\", "/").partition("#")[0]
    path, _, query = tail.partition("?")
    return Target("network", host, ip, path, query, u)


def normalize_host(host: str) -> tuple[str, bool]:
    """Lowercase, percent-decode, IDNA-encode and strip trailing dots; (host, is_ip)."""
    if len(host) > _MAX_HOST:
        return host[:_MAX_HOST].lower(), False  # no valid host is this long: never allowed
    if "%" in host:
        host = unquote(host)
    host = host.strip()
    if host.startswith("[") and host.endswith("]"):
        try:
            return f"[{ipaddress.IPv6Address(host[1:-1]).compressed}]", True
        except ValueError:
            return host.lower(), True
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return host.lower().rstrip(".\u3002\uff0e\uff61"), False
    host = host.lower().rstrip(".")
    ip = _ipv4(host)
    if ip is not None:
        return ip, True
    return host, False


def _ipv4(host: str) -> str | None:
    """The dotted-quad form of a host that is an IPv4 address in any WHATWG notation."""
    parts = host.split(".")
    last = parts[-1]
    if not last:
        return None
    if not (last.isdigit() and last.isascii()) and not (
        last.startswith("0x") and all(c in HEX_DIGITS for c in last[2:])
    ):
        return None
    if len(parts) > 4:
        return host
    nums: list[int] = []
    for part in parts:
        n = _ipv4_number(part)
        if n is None:
            return host
        nums.append(n)
    if any(n > 255 for n in nums[:-1]) or nums[-1] >= 256 ** (5 - len(nums)):
        return host
    value = nums[-1]
    for i, n in enumerate(nums[:-1]):
        value += n << (8 * (3 - i))
    return str(ipaddress.IPv4Address(value))


def _ipv4_number(part: str) -> int | None:
    if not part or not part.isascii():
        return None
    try:
        if part[:2] in ("0x", "0X"):
            return int(part[2:] or "0", 16)
        if len(part) > 1 and part[0] == "0":
            return int(part[1:], 8)
        return int(part, 10)
    except ValueError:
        return None


def normalize_entry(entry: str) -> str:
    """One ``allowed_hosts`` entry in normal form; ValueError if it is not a bare host."""
    raw = entry.strip()
    wildcard = raw.startswith("*.")
    base = raw[2:] if wildcard else raw
    bad = (
        not base
        or "*" in base
        or any(c in base for c in "/@?#\\")
        or any(c.isspace() for c in base)
        or (":" in base and not (base.startswith("[") and base.endswith("]")))
    )
    if bad:
        raise ValueError(
            f"allowed_hosts entry {entry!r} must be a bare host name such as "
            "'example.com' or '*.example.com' (no scheme, port, path or '@')"
        )
    host, _ = normalize_host(base)
    if not host or ".." in host or host.startswith("."):
        raise ValueError(f"allowed_hosts entry {entry!r} is not a valid host name")
    return f"*.{host}" if wildcard else host


@dataclass(frozen=True, slots=True)
class AllowList:
    """The hosts URLs may point to: exact hosts, and suffixes whose subdomains are allowed."""

    exact: frozenset[str]
    suffix: frozenset[str]

    @classmethod
    def from_entries(cls, entries: Iterable[str]) -> AllowList:
        """From normalized entries: 'example.com' allows the host and its subdomains,
        '*.example.com' only its subdomains."""
        exact: set[str] = set()
        suffix: set[str] = set()
        for entry in entries:
            if entry.startswith("*."):
                suffix.add(entry[2:])
            else:
                exact.add(entry)
                suffix.add(entry)
        return cls(frozenset(exact), frozenset(suffix))

    def allows(self, target: Target) -> bool:
        host = target.host
        if not host:
            return False
        if host in self.exact:
            return True
        if target.ip:
            return False
        i = host.find(".")
        while i >= 0:
            if host[i + 1 :] in self.suffix:
                return True
            i = host.find(".", i + 1)
        return False

    def redirect(self, target: Target) -> str | None:
        """The unlisted host an allowed URL forwards to through a URL in its query."""
        query = unquote(target.query) if "%" in target.query else target.query
        i = query.find("://")
        while i >= 0:
            j = i
            while j > 0 and query[j - 1].isalpha():
                j -= 1
            inner = resolve_url(query[j:].split("&", 1)[0])
            if inner is not None and inner.kind == "network" and not self.allows(inner):
                return inner.host or "(empty host)"
            i = query.find("://", i + 3)
        return None
