"""URLs fit to show in errors, manifests and documents: three levels of cutting.

- :func:`redact_url` keeps the path and the harmless query values and masks the userinfo
  password and every secret-looking query value (a model API's base URL: the path tells the
  reader which API).
- :func:`without_credentials` drops user, password and the whole query (store and exporter
  locations, target specs in a system card).
- :func:`url_origin` keeps scheme, host and port only (incoming-webhook URLs of Slack, Teams
  or Discord carry their secret in the path).
"""

from __future__ import annotations

__all__ = ["MALFORMED", "redact_url", "url_origin", "without_credentials"]

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MALFORMED = "<malformed URL>"
_SECRET_PARAM = re.compile(r"key|token|secret|sig|password|passwd|auth|credential", re.IGNORECASE)


def redact_url(url: str) -> str:
    """``url`` with the userinfo password and secret-looking query values masked (``***``)."""
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


def without_credentials(spec: str) -> str:
    """A URL-like ``spec`` without user, password and query; a spec that is not a URL with a
    host (``openai:gpt-4o``, a file path) unchanged."""
    try:
        parts = urlsplit(spec)
    except ValueError:
        return spec.partition("?")[0].rpartition("@")[2]
    if not parts.scheme or not parts.netloc:
        return spec
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def url_origin(url: str) -> str:
    """``scheme://host[:port]`` followed by ``/...`` when anything was cut, or
    :data:`MALFORMED` for a string that is not an absolute URL."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port is not None else ""
    except ValueError:
        return MALFORMED
    if not parts.scheme or not host:
        return MALFORMED
    host = f"[{host}]" if ":" in host else host
    rest = "/..." if (parts.path not in ("", "/") or parts.query or parts.fragment) else "/"
    return f"{parts.scheme}://{host}{port}{rest}"
