"""Request admission: API keys (hashed), per-key token buckets, body size limits.

Token buckets live in this process unless a shared :class:`RateLimiter` is given (e.g.
``saferail.gateway.shared.RedisRateLimiter``: one bucket per key for every replica)."""

from __future__ import annotations

__all__ = ["Admission", "RateLimiter", "TokenBucket", "read_body"]

import hashlib
import hmac
import math
import threading
import time
from collections.abc import Callable
from typing import Protocol

from fastapi import Request

from saferail.gateway.config import GatewayConfig
from saferail.gateway.wire import RequestError

ANONYMOUS = "default"


class TokenBucket:
    """``rate`` tokens per second up to ``burst``; :meth:`take` spends one or says how long
    to wait. Thread-safe; the clock is injectable for tests."""

    def __init__(
        self, rate: float, burst: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._tokens = burst
        self._stamp = clock()
        self._lock = threading.Lock()

    def take(self) -> float:
        """0.0 when a token was spent; else the seconds until one is available."""
        with self._lock:
            now = self._clock()
            self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
            self._stamp = now
            if self._tokens >= 1.0:
                self._tokens -= 1.0
                return 0.0
            return (1.0 - self._tokens) / self.rate


class RateLimiter(Protocol):
    """Token buckets kept outside this process."""

    async def take(self, key: str, rate: float, burst: float) -> float:
        """Spend one token of ``key``'s bucket: 0.0, or the seconds until one is free."""
        ...


class Admission:
    """Authenticate a request (when keys are configured) and apply its key's rate limit."""

    def __init__(self, config: GatewayConfig, limiter: RateLimiter | None = None) -> None:
        self.config = config
        self.limiter = limiter
        self._buckets: dict[str, TokenBucket] = {}
        self._lock = threading.Lock()

    def key_id(self, request: Request) -> str:
        """The caller's key id (``"default"`` without keys); raises 401 for a bad key."""
        keys = self.config.api_keys
        if not keys:
            return ANONYMOUS
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise RequestError(
                401,
                "missing API key: send 'Authorization: Bearer <key>'",
                type="authentication_error",
                code="invalid_api_key",
            )
        digest = hashlib.sha256(token.encode("utf-8")).hexdigest()
        found = None
        for key_id, expected in keys.items():  # compare all, in constant time each
            if hmac.compare_digest(digest, expected):
                found = key_id
        if found is None:
            raise RequestError(
                401, "invalid API key", type="authentication_error", code="invalid_api_key"
            )
        return found

    def rate_limit(self, key_id: str) -> None:
        """Spend one token of ``key_id``'s bucket; raises 429 with Retry-After when empty."""
        rps = self.config.rate_limit_rps
        if rps is None:
            return
        with self._lock:
            bucket = self._buckets.get(key_id)
            if bucket is None:
                bucket = self._buckets[key_id] = TokenBucket(rps, self.config.burst)
        wait = bucket.take()
        if wait > 0:
            raise _too_many(rps, wait)

    async def acquire(self, key_id: str) -> None:
        """:meth:`rate_limit` through the shared limiter when there is one."""
        rps = self.config.rate_limit_rps
        if rps is None:
            return
        if self.limiter is None:
            self.rate_limit(key_id)
            return
        wait = await self.limiter.take(key_id, rps, self.config.burst)
        if wait > 0:
            raise _too_many(rps, wait)

    def admin(self, key_id: str) -> None:
        """Only configured admin keys may reload (anyone when no keys are configured)."""
        if self.config.api_keys and key_id not in self.config.admin_key_ids:
            raise RequestError(403, "this key may not use admin endpoints", type="permission_error")


def _too_many(rps: float, wait: float) -> RequestError:
    return RequestError(
        429,
        f"rate limit exceeded ({rps:g} requests per second); retry later",
        type="rate_limit_error",
        code="rate_limit_exceeded",
        headers={"Retry-After": str(max(1, math.ceil(wait)))},
    )


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, or 413 as soon as it exceeds ``limit`` bytes."""
    too_large = RequestError(
        413,
        f"request body exceeds {limit} bytes",
        type="invalid_request_error",
        code="request_too_large",
    )
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise too_large
    parts: list[bytes] = []
    size = 0
    async for part in request.stream():
        size += len(part)
        if size > limit:
            raise too_large
        parts.append(part)
    return b"".join(parts)
