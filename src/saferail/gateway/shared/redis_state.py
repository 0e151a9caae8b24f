"""Gateway state shared by replicas through Redis: rate limits and the policy version.

- :class:`RedisRateLimiter`: one token bucket per API key for all replicas, refilled and
  spent by a Lua script in one atomic step, on Redis's clock (replicas' clocks may differ).
  A bucket key expires once it would be full again. When Redis cannot be reached the
  replica falls back, for ``retry_s``, to an in-process bucket of the same rate: during an
  outage the limit holds per replica (at most replicas x the limit in total), and requests
  are neither failed nor let through unlimited.
- :class:`PolicyBroadcast`: the policy version (the policy's content hash) announced under
  one key. A replica that reloads (``POST /admin/reload``, ``SIGHUP``) announces its new
  version; every replica polls the key every ``poll_s`` and, when it differs from its own,
  re-reads its policy (``config.reload_guard``). A reload that ends on another version is
  retried at most every ``10 * poll_s``; ``/readyz`` reports whether the replica is in sync.
- :class:`SharedState`: both, opened from ``GatewayConfig.state_url``.
"""

from __future__ import annotations

__all__ = ["PolicyBroadcast", "RedisRateLimiter", "SharedState"]

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from saferail.gateway.limits import TokenBucket
from saferail.gateway.shared._redis import async_client, redact
from saferail.gateway.shared.sessions import RedisSessionStore

if TYPE_CHECKING:
    import redis.asyncio

    from saferail.gateway.config import GatewayConfig
    from saferail.gateway.exchange import GatewayState

log = logging.getLogger("saferail.gateway")

# KEYS[1]: the bucket (a hash of tokens and stamp); ARGV: rate per second, burst.
# Returns the seconds to wait as a string ("0" when a token was spent): Lua numbers
# would come back truncated to integers.
_TOKEN_BUCKET = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local saved = redis.call('HMGET', KEYS[1], 'tokens', 'stamp')
local tokens = tonumber(saved[1])
local stamp = tonumber(saved[2])
if tokens == nil or stamp == nil then
  tokens = burst
  stamp = now
end
tokens = math.min(burst, tokens + math.max(0, now - stamp) * rate)
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = (1 - tokens) / rate
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'stamp', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return tostring(wait)
"""


class _Complainer:
    """Log a Redis failure at most once a minute per kind (an outage is not a log flood)."""

    def __init__(self) -> None:
        self._last: dict[str, float] = {}

    def __call__(self, kind: str, exc: BaseException) -> None:
        now = time.monotonic()
        if now - self._last.get(kind, -1e9) >= 60.0:
            self._last[kind] = now
            log.warning("saferail gateway: shared state (%s) unavailable: %s", kind, exc)


class RedisRateLimiter:
    """Token buckets in Redis shared by every replica (see the module docstring)."""

    def __init__(
        self,
        client: redis.asyncio.Redis,
        prefix: str = "saferail",
        *,
        retry_s: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.prefix = prefix
        self.retry_s = retry_s
        self.fallbacks = 0  # requests limited by the in-process bucket
        self._script = client.register_script(_TOKEN_BUCKET)
        self._clock = clock
        self._down_until = 0.0
        self._local: dict[str, TokenBucket] = {}
        self._complain = _Complainer()

    async def take(self, key: str, rate: float, burst: float) -> float:
        """Spend one token of ``key``'s bucket: 0.0, or the seconds until one is free."""
        import redis

        if self._clock() >= self._down_until:
            try:
                wait = await self._script(keys=[f"{self.prefix}:rl:{key}"], args=[rate, burst])
                return float(wait)
            except redis.RedisError as exc:
                self._down_until = self._clock() + self.retry_s
                self._complain("rate limits", exc)
        self.fallbacks += 1
        bucket = self._local.get(key)
        if bucket is None or bucket.rate != rate or bucket.burst != burst:
            bucket = self._local[key] = TokenBucket(rate, burst)
        return bucket.take()


class PolicyBroadcast:
    """The announced policy version, and the watcher that follows it (module docstring)."""

    def __init__(
        self, client: redis.asyncio.Redis, prefix: str = "saferail", *, poll_s: float = 1.0
    ) -> None:
        self.key = f"{prefix}:policy:version"
        self.poll_s = poll_s
        self.announced: str | None = None  # last value read or written
        self.reloads = 0  # reloads started by an announcement
        self._client = client
        self._local: str | None = None  # our version when we last synced with Redis
        self._tried: tuple[str, float] | None = None
        self._complain = _Complainer()

    async def announce(self, version: str) -> None:
        """Tell every replica that ``version`` is the policy to run."""
        await self._client.set(self.key, version)
        self.announced = self._local = version

    async def fetch(self) -> str | None:
        raw = await self._client.get(self.key)
        if isinstance(raw, bytes):
            raw = raw.decode("utf-8", "replace")
        self.announced = None if raw is None else str(raw)
        return self.announced

    async def watch(self, gateway: GatewayState) -> None:
        """Follow the announced version until cancelled (one step every ``poll_s``)."""
        self._local = gateway.guard.policy_version
        while True:
            try:
                await self.step(gateway)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self._complain("policy version", exc)
            await asyncio.sleep(self.poll_s)

    async def step(self, gateway: GatewayState) -> None:
        """One poll: announce a local reload, or follow another replica's."""
        current = gateway.guard.policy_version
        if current != self._local:  # reloaded here (admin endpoint or SIGHUP)
            await self.announce(current)
            return
        announced = await self.fetch()
        if announced is None:  # a new (or restarted) Redis learns the running version
            if await self._client.set(self.key, current, nx=True):
                self.announced = current
            return
        if announced == current:
            return
        now = time.monotonic()
        tried = self._tried
        if tried is not None and tried[0] == announced and now - tried[1] < 10 * self.poll_s:
            return
        self._tried = (announced, now)
        await self._reload(gateway, announced)

    async def _reload(self, gateway: GatewayState, announced: str) -> None:
        loader = gateway.config.reload_guard
        if loader is None:
            return
        try:
            new = await asyncio.to_thread(loader)
        except Exception as exc:
            log.error("saferail gateway: reload for policy %s failed: %s", announced, exc)
            return
        gateway.guard = new  # atomic: requests in flight keep theirs
        self._local = new.policy_version
        self.reloads += 1
        if new.policy_version != announced:
            log.warning(
                "saferail gateway: another replica runs policy %s, this one reloaded %s",
                announced,
                new.policy_version,
            )


class SharedState:
    """Rate limits and the policy version of a gateway, shared through Redis at ``url``."""

    def __init__(
        self,
        url: str,
        *,
        prefix: str = "saferail",
        poll_s: float = 1.0,
        retry_s: float = 1.0,
        session_ttl_s: float = 86_400.0,
    ) -> None:
        self.location = redact(url)
        self._client = async_client(url)
        self.limiter = RedisRateLimiter(self._client, prefix, retry_s=retry_s)
        self.policy = PolicyBroadcast(self._client, prefix, poll_s=poll_s)
        self.sessions = RedisSessionStore.from_url(url, prefix, ttl_s=session_ttl_s)
        self._task: asyncio.Task[None] | None = None

    @classmethod
    def from_config(cls, config: GatewayConfig) -> SharedState | None:
        """The shared state a config asks for (``None`` without ``state_url``)."""
        if config.state_url is None:
            return None
        return cls(
            config.state_url,
            prefix=config.state_prefix,
            poll_s=config.state_poll_s,
            session_ttl_s=config.session_ttl_s,
        )

    async def start(self, gateway: GatewayState) -> None:
        """Start following the policy version (in the app's event loop); the gateway's
        tool-call sessions go to Redis."""
        gateway.sessions = self.sessions
        if self._task is None:
            self._task = asyncio.create_task(self.policy.watch(gateway))

    async def announce(self, version: str) -> None:
        """Announce a reload; when Redis is down the watcher announces it later."""
        try:
            await self.policy.announce(version)
        except Exception as exc:
            log.warning("saferail gateway: could not announce policy %s yet: %s", version, exc)

    async def status(self, gateway: GatewayState) -> dict[str, Any]:
        """For ``/readyz``: whether Redis answers and this replica runs the announced policy."""
        try:
            await asyncio.wait_for(self._client.ping(), 1.0)
            reachable = True
        except Exception:
            reachable = False
        announced = self.policy.announced
        return {
            "backend": "redis",
            "location": self.location,
            "reachable": reachable,
            "announced_policy_version": announced,
            "policy_in_sync": announced is None or announced == gateway.guard.policy_version,
            "rate_limit_fallbacks": self.limiter.fallbacks,
        }

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
            self._task = None
        with contextlib.suppress(Exception):
            await self._client.aclose()
        with contextlib.suppress(Exception):
            self.sessions.client.close()
