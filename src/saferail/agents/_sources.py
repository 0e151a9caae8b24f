"""Match a document's source (an id, a URL or a path) against a source allowlist.

Hosts are compared lowercased without a trailing dot; ``*.example.com`` matches every
subdomain of ``example.com`` but not ``example.com`` itself. Prefixes are compared after
normalization, on path-segment boundaries: percent-escapes are decoded and ``.``/``..``
segments resolved first, so ``/kb/public/../private/x`` does not pass as ``/kb/public/``
and ``/kb/public-old`` does not match the prefix ``/kb/public``.
"""

from __future__ import annotations

__all__ = ["host_matches", "normalize_source", "prefix_matches", "source_host"]

import posixpath
from urllib.parse import SplitResult, unquote, urlsplit


def source_host(source: str) -> str | None:
    """The lowercased host of a URL source, ``None`` for ids and paths (or unparsable URLs)."""
    if "://" not in source:
        return None
    parts = _split(source)
    host = parts.hostname if parts is not None else None
    return host.rstrip(".").lower() if host else None


def _split(url: str) -> SplitResult | None:
    """``urlsplit`` of a URL, ``None`` when it cannot be parsed or holds a backslash before
    its query: ``urlsplit`` keeps a backslash as text, browsers and HTTP clients read it as
    ``/``, so ``https://evil.example\\@docs.example.com/`` or ``/pub\\..\\private`` would be
    judged on a host or path they do not reach."""
    if "\\" in url.split("?", 1)[0].split("#", 1)[0]:
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError on a bad port)
    except ValueError:
        return None
    return parts


def host_matches(host: str, pattern: str) -> bool:
    """Whether ``host`` is ``pattern`` (or, for ``*.domain``, a subdomain of it)."""
    pattern = pattern.strip().rstrip(".").lower()
    if pattern.startswith("*."):
        return host.endswith(pattern[1:]) and len(host) > len(pattern) - 1
    return host == pattern


def normalize_source(source: str) -> str | None:
    """``scheme://host[:port]/path`` for URLs and a normalized path otherwise, without query
    or fragment; ``None`` when the URL cannot be parsed."""
    if "://" in source:
        parts = _split(source)
        if parts is None:
            return None
        host = (parts.hostname or "").rstrip(".").lower()
        netloc = f"{host}:{parts.port}" if parts.port is not None else host
        return f"{parts.scheme.lower()}://{netloc}{_path(parts.path or '/')}"
    return _path(source)


def prefix_matches(source: str, prefix: str) -> bool:
    """Whether ``source`` lies at or under ``prefix`` (both normalized)."""
    src, pre = normalize_source(source), normalize_source(prefix)
    if src is None or pre is None or not pre:
        return False
    src, pre = src.rstrip("/"), pre.rstrip("/")
    return src == pre or src.startswith(pre + "/")


def _path(path: str) -> str:
    normal = posixpath.normpath(unquote(path)) if path else ""
    if normal.startswith("//"):  # POSIX keeps a leading double slash; we do not
        normal = "/" + normal.lstrip("/")
    return normal
