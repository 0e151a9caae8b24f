"""Opening Redis clients for the shared state, and the error they raise.

``redis`` is an optional dependency (``pip install 'saferail[redis]'``); it is imported here,
only when a ``redis://`` URL is configured, and a missing package is one clear error.
"""

from __future__ import annotations

__all__ = ["SharedStateError", "async_client", "check_url", "redact", "sync_client"]

from typing import TYPE_CHECKING, Any

from saferail.errors import SaferailError

if TYPE_CHECKING:
    import redis
    import redis.asyncio

_SCHEMES = ("redis://", "rediss://", "unix://")
# Short timeouts and one immediate retry (a pooled connection broken by a Redis restart is
# replaced at once), not redis-py's default of ten retries with back-off: a request waits on
# Redis at most about a second before the fallback (or the fail-closed check) applies.
_TIMEOUTS: dict[str, Any] = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}


class SharedStateError(SaferailError):
    """The shared state is misconfigured or its Redis client is missing."""


def check_url(url: str) -> str:
    """``url`` if it names a Redis server (``redis://``, ``rediss://``, ``unix://``)."""
    if not url.startswith(_SCHEMES):
        raise SharedStateError(
            f"shared state URL must start with {', '.join(_SCHEMES)}: got {redact(url)!r}"
        )
    return url


def redact(url: str) -> str:
    """The URL without its password, for messages and /readyz."""
    scheme, sep, rest = url.partition("://")
    creds, at, host = rest.rpartition("@")
    if not at:
        return url
    user = creds.split(":", 1)[0]
    return f"{scheme}{sep}{user}:***@{host}" if ":" in creds else f"{scheme}{sep}***@{host}"


def _module() -> Any:
    try:
        import redis
    except ImportError:
        raise SharedStateError(
            "shared state in Redis needs the redis package: pip install 'saferail[redis]'"
        ) from None
    return redis


def sync_client(url: str) -> redis.Redis:
    """A blocking client (no connection is opened until the first command)."""
    module = _module()
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    retry = Retry(NoBackoff(), 1)
    client: redis.Redis = module.Redis.from_url(check_url(url), retry=retry, **_TIMEOUTS)
    return client


def async_client(url: str) -> redis.asyncio.Redis:
    """An asyncio client; use it from one event loop only (the app's)."""
    _module()
    import redis.asyncio
    from redis.asyncio.retry import Retry
    from redis.backoff import NoBackoff

    retry = Retry(NoBackoff(), 1)
    client: redis.asyncio.Redis = redis.asyncio.Redis.from_url(
        check_url(url), retry=retry, **_TIMEOUTS
    )
    return client
