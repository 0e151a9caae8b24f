"""A strict URL parser for server-side fetches.

Lenient parsers disagree with each other about tricky URLs (``http://good.com@evil.com``,
``http://evil.com\\@good.com``, ``http://0x7f.1/``), and an SSRF check is only as good as the
agreement between the parser that checks and the client that connects. So this parser
refuses anything ambiguous instead of guessing, and :mod:`saferail.agents.fetch` connects to
exactly what it returns (the checked IP, the port, and the request target), never re-parsing.

Refused (reason ``bad_url``): whitespace, control and invisible format characters and lone
surrogates (not encodable, so no client could send them) anywhere,
backslashes anywhere, a missing ``scheme://``, a bad or empty port, an empty host, an
over-long URL. Refused (``userinfo_not_allowed``): any ``@`` in the authority. Refused
(``bad_host``): percent signs (encoded hosts, IPv6 zone ids), characters a DNS name cannot
hold, names IDNA (UTS #46) cannot encode, and hosts that end in a number but are not a valid
IPv4 address (WHATWG rule).

Accepted IPv4 notations are normalized to dotted quads the way ``inet_aton`` and browsers
read them: ``2130706433``, ``0x7f000001``, ``0177.0.0.1``, ``0x7f.1``, ``127.1``,
``127.0.0.1.`` and full-width digits all become ``127.0.0.1``.
"""

from __future__ import annotations

__all__ = ["DEFAULT_PORTS", "ParsedUrl", "UrlError", "normalize_host", "parse_url"]

import ipaddress
import re
import unicodedata
from dataclasses import dataclass

import idna

from saferail.agents._addresses import IPAddress

DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443, "ftp": 21}

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")
_PORT = re.compile(r"[0-9]{1,5}")
_LABEL = re.compile(r"[a-z0-9_-]{1,63}")
_NUMERIC_LABEL = re.compile(r"0x[0-9a-f]*|[0-9]+")
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})  # control, format, surrogate


class UrlError(ValueError):
    """A URL the parser refuses; ``reason`` is a stable reason code."""

    def __init__(self, reason: str, detail: str) -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(f"{reason}: {detail}")


@dataclass(frozen=True)
class ParsedUrl:
    """One URL after strict parsing: the parts a fetch uses, in normal form."""

    scheme: str
    host: str  # a lowercase ASCII name, a dotted-quad IPv4 or a compressed IPv6 (no brackets)
    ip: IPAddress | None  # set when the host is an IP literal
    port: int | None  # None: no explicit port and no default for the scheme
    target: str  # path and query as given ("/" when empty); the fragment is dropped

    @property
    def host_for_url(self) -> str:
        """The host as written in a URL or a Host header (IPv6 in brackets)."""
        return f"[{self.host}]" if ":" in self.host else self.host

    @property
    def netloc(self) -> str:
        """``host[:port]``, the port written only when it is not the scheme's default."""
        if self.port is None or self.port == DEFAULT_PORTS.get(self.scheme):
            return self.host_for_url
        return f"{self.host_for_url}:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.netloc}{self.target}"


def parse_url(url: str, *, max_length: int = 4096) -> ParsedUrl:
    """Parse ``url`` strictly; :class:`UrlError` explains any refusal."""
    if len(url) > max_length:
        raise UrlError("bad_url", f"URL longer than {max_length} characters")
    for ch in url:
        if ch.isspace() or ch == "\\" or unicodedata.category(ch) in _REFUSED_CATEGORIES:
            raise UrlError("bad_url", f"URL contains the character U+{ord(ch):04X}")
    m = _SCHEME.match(url)
    if m is None:
        raise UrlError("bad_url", "URL does not start with scheme://")
    scheme = m.group(1).lower()
    rest = url[m.end() :]
    cut = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
    authority, tail = rest[:cut], rest[cut:]
    if "@" in authority:
        raise UrlError("userinfo_not_allowed", "URL carries userinfo (user@host)")
    raw_host, port = _split_authority(authority)
    host, ip = normalize_host(raw_host)
    target = tail.split("#", 1)[0]
    if not target.startswith("/"):
        target = "/" + target
    return ParsedUrl(
        scheme, host, ip, port if port is not None else DEFAULT_PORTS.get(scheme), target
    )


def _split_authority(authority: str) -> tuple[str, int | None]:
    if authority.startswith("["):
        end = authority.find("]")
        if end < 0:
            raise UrlError("bad_url", "unclosed '[' in host")
        host, after = authority[: end + 1], authority[end + 1 :]
        if after and not after.startswith(":"):
            raise UrlError("bad_url", "unexpected text after ']'")
        port_text = after[1:] if after else None
    elif authority.count(":") > 1:
        raise UrlError("bad_url", "IPv6 host without brackets")
    else:
        host, sep, port_text_ = authority.partition(":")
        port_text = port_text_ if sep else None
    if not host:
        raise UrlError("bad_url", "URL has no host")
    if port_text is None:
        return host, None
    if not _PORT.fullmatch(port_text) or not 0 < int(port_text) < 65536:
        raise UrlError("bad_url", f"bad port {port_text!r}")
    return host, int(port_text)


def normalize_host(host: str) -> tuple[str, IPAddress | None]:
    """``host`` in normal form, and its address when it is an IP literal (any notation)."""
    if "%" in host:
        raise UrlError("bad_host", "percent sign in host")
    if host.startswith("["):
        if not host.endswith("]"):
            raise UrlError("bad_host", "unbalanced brackets in host")
        try:
            v6 = ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            raise UrlError("bad_host", "bad IPv6 literal") from None
        return v6.compressed, v6
    if not host.isascii():
        try:
            host = idna.encode(host, uts46=True).decode("ascii")
        except (idna.IDNAError, UnicodeError) as exc:
            raise UrlError("bad_host", f"host fails IDNA: {exc}") from None
    host = host.lower()
    name = host[:-1] if host.endswith(".") else host
    labels = name.split(".")
    if _NUMERIC_LABEL.fullmatch(labels[-1]):
        v4 = _ipv4(labels)
        if v4 is None:
            raise UrlError("bad_host", "host ends in a number but is not an IPv4 address")
        return str(v4), v4
    if len(name) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        raise UrlError("bad_host", "host is not a valid DNS name")
    for label in labels:
        if label.startswith("xn--"):
            try:
                idna.decode(label)
            except (idna.IDNAError, UnicodeError):
                raise UrlError("bad_host", f"bad punycode label {label!r}") from None
    return name, None


def _ipv4(labels: list[str]) -> ipaddress.IPv4Address | None:
    """The address ``inet_aton`` reads from 1 to 4 dot-separated numbers, or ``None``."""
    if len(labels) > 4:
        return None
    if not all(_NUMERIC_LABEL.fullmatch(label) for label in labels):
        return None
    try:
        values = [_number(label) for label in labels]
    except ValueError:  # a leading-zero part with an 8 or 9 in it
        return None
    if any(n > 255 for n in values[:-1]) or values[-1] >= 256 ** (5 - len(values)):
        return None
    total = values[-1]
    for i, n in enumerate(values[:-1]):
        total += n << (8 * (3 - i))
    return ipaddress.IPv4Address(total)


def _number(label: str) -> int:
    """One part of an IPv4 address (already matched by ``_NUMERIC_LABEL``): ``0x`` hex,
    leading-zero octal, or decimal."""
    if label.startswith("0x"):
        return int(label[2:] or "0", 16)
    if len(label) > 1 and label.startswith("0"):
        return int(label[1:], 8)
    return int(label, 10)
