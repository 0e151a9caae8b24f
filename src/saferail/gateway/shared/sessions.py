"""Tool-call sessions of the gateway: kept in this process, or shared by replicas in Redis.

A request naming a session (the session header) has its tool calls judged against that
session's state: what the agent has seen (taint, trusted values, sensitive fingerprints;
a :class:`~saferail.agents.taint.FlowTracker`) and what it has spent (calls and cost per
tool, for rate and cost limits). A :class:`SessionStore` gives the gateway that session:

- :class:`MemorySessionStore` (the default): the Guard's tool firewall keeps its sessions in
  this process (least recently used forgotten past 10,000), as without a store.
- :class:`RedisSessionStore` (``saferail serve --state redis://...``): every replica sees
  the same session.

  *Usage* is kept in Redis and counted there, atomically (Lua scripts, on Redis's clock):
  per tool a sorted set of call times (for ``rate_limit.per_seconds`` windows) and, in a
  hash, the session's call count and cost. Booking a call re-checks its limits in the
  same script, so two requests of one session racing on two replicas cannot both take the
  last free call (the loser is blocked as ``rate_limited`` or ``cost_exceeded``).

  *What the agent has seen* is an append-only log: each observation (the content and how
  it was observed) is pushed once (a set of digests dedupes it across replicas) and every
  replica replays the entries it has not applied into its own tracker before judging a
  call, so fingerprints and matching stay local and exact. The log holds what the tracker
  holds in memory (user, system and tool texts) for ``ttl_s`` after the session's last
  use; past ``max_entries`` new content is not logged and replicas treat the session as
  tainted and overflowed (any payload may carry untrusted data).

  All of a session's keys expire ``ttl_s`` after its last use; a session that expired (or
  a Redis restart) starts again empty on every replica alike (each keeps an *epoch*, and a
  replica whose cached copy has another epoch rebuilds it from the log). When Redis cannot
  be reached the replica falls back, for ``retry_s``, to its in-process session (limits per
  replica during an outage, like the rate limiter); a Redis error while a call is judged
  (counting or booking usage) blocks that call (fail closed).

Sessions survive a policy reload here (the in-process store starts them again with the new
Guard); they take the new policy's ``tools`` section.
"""

from __future__ import annotations

__all__ = ["MemorySessionStore", "RedisSession", "RedisSessionStore", "SessionStore"]

import hashlib
import json
import logging
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from saferail.agents.taint import FlowTracker, TaintSource
from saferail.agents.toolpolicy.session import Session
from saferail.gateway.shared._redis import sync_client

if TYPE_CHECKING:
    import redis

    from saferail.guard.pipeline import Guard
    from saferail.policy.models import RateLimit, ToolsPolicy

log = logging.getLogger("saferail.gateway")


class SessionStore(Protocol):
    """Where the gateway's tool-call sessions live."""

    def session(self, guard: Guard, key: str, *, role: str | None = None) -> Session:
        """The session ``key`` (created on first use) for checks by ``guard``; ``role`` set."""
        ...


class MemorySessionStore:
    """Sessions in this process, kept by the Guard's tool firewall (the default)."""

    def session(self, guard: Guard, key: str, *, role: str | None = None) -> Session:
        from saferail.agents.toolpolicy.firewall import firewall_of

        return firewall_of(guard).session(key, role=role)


# KEYS: seen digests, log, meta; ARGV: digest, entry, ttl ms, most entries.
# Returns 1 when the entry was new, 0 when some replica had logged it already.
_PUSH = """
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then
  return 0
end
if redis.call('LLEN', KEYS[2]) >= tonumber(ARGV[4]) then
  redis.call('HSET', KEYS[3], 'overflow', '1')
else
  redis.call('RPUSH', KEYS[2], ARGV[2])
end
for i = 1, 3 do
  redis.call('PEXPIRE', KEYS[i], ARGV[3])
end
return 1
"""

# KEYS: the tool's call times, usage hash, meta; ARGV: tool, cost, ttl ms, member, keep s,
# most calls (-1: no limit), their window s (-1: the whole session), most cost (-1: none).
# Returns 0, counting nothing, when the call would pass a limit, else 1.
_RECORD = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local most = tonumber(ARGV[6])
if most >= 0 then
  local per = tonumber(ARGV[7])
  local used
  if per >= 0 then
    used = redis.call('ZCOUNT', KEYS[1], '(' .. tostring(now - per), '+inf')
  else
    used = tonumber(redis.call('HGET', KEYS[2], 'n:' .. ARGV[1]) or '0')
  end
  if used >= most then
    return 0
  end
end
local budget = tonumber(ARGV[8])
if budget >= 0 then
  local spent = tonumber(redis.call('HGET', KEYS[2], 'c:' .. ARGV[1]) or '0')
  if spent + tonumber(ARGV[2]) > budget then
    return 0
  end
end
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[5]))
redis.call('HINCRBY', KEYS[2], 'n:' .. ARGV[1], 1)
redis.call('HINCRBYFLOAT', KEYS[2], 'c:' .. ARGV[1], ARGV[2])
for i = 1, 3 do
  redis.call('PEXPIRE', KEYS[i], ARGV[3])
end
return 1
"""

# KEYS: the tool's call times; ARGV: window s. Calls strictly inside the window.
_WINDOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
return redis.call('ZCOUNT', KEYS[1], '(' .. tostring(now - tonumber(ARGV[1])), '+inf')
"""


class _SharedFlow(FlowTracker):
    """A flow tracker that logs what it observes to its session's Redis log first."""

    def __init__(self, session: RedisSession) -> None:
        super().__init__()
        self._session = session

    def observe(self, content: Any, **options: Any) -> None:
        self._session._log(content, options)
        super().observe(content, **options)

    def replay(self, content: Any, options: dict[str, Any]) -> None:
        super().observe(content, **options)


class RedisSession(Session):
    """A :class:`~saferail.agents.toolpolicy.session.Session` whose usage counters live in
    Redis and whose observations are logged there for the other replicas (see the module
    docstring). Get one from :meth:`RedisSessionStore.session`."""

    def __init__(
        self, store: RedisSessionStore, id: str, base: str, *, tools: ToolsPolicy | None = None
    ) -> None:
        super().__init__(id, tools=tools)
        self.store = store
        self.base = base  # "{prefix}:ts:{hash}" (a hash tag: one Redis Cluster slot)
        self.epoch: str | None = None
        self.applied = 0  # log entries replayed into the tracker
        self.known: set[str] = set()  # digests of the observations the tracker has
        self.shared_flow = _SharedFlow(self)
        self.flow = self.shared_flow
        self.sync_lock = threading.Lock()

    def key(self, part: str) -> str:
        return f"{self.base}:{part}"

    def _tool_key(self, tool: str) -> str:
        return self.key("t:" + hashlib.sha256(tool.encode()).hexdigest()[:24])

    # -- observations ----------------------------------------------------------------------

    def _log(self, content: Any, options: dict[str, Any]) -> None:
        entry = json.dumps({"c": content, "o": options}, sort_keys=True, default=_jsonable)
        digest = hashlib.sha256(entry.encode()).hexdigest()
        if digest in self.known:
            return
        self.known.add(digest)
        keys = [self.key("seen"), self.key("log"), self.key("meta")]
        try:
            self.store.push(
                keys=keys, args=[digest, entry, self.store.ttl_ms, self.store.max_entries]
            )
        except Exception as exc:  # this replica still judges with it; the others miss it
            self.store.complain("session log", exc)

    def apply(self, raw: list[bytes], overflow: bool) -> None:
        """Replay log entries this replica has not applied."""
        for item in raw:
            self.applied += 1
            digest = hashlib.sha256(item).hexdigest()
            if digest in self.known:
                continue
            self.known.add(digest)
            data = json.loads(item)
            self.shared_flow.replay(data["c"], data["o"])
        if overflow and not self.flow.overflowed:
            self.flow.overflowed = True
            self.flow.sources.append(TaintSource("tool_output", "shared session log full", 0, ""))

    # -- usage -----------------------------------------------------------------------------

    def calls(self, tool: str, per_seconds: float | None = None) -> int:
        if per_seconds is None:
            raw = self.store.client.hget(self.key("usage"), f"n:{tool}")
            return int(raw or 0)
        return int(self.store.window(keys=[self._tool_key(tool)], args=[per_seconds]))

    def spent(self, tool: str) -> float:
        raw = self.store.client.hget(self.key("usage"), f"c:{tool}")
        return float(raw or 0.0)

    def record_call(
        self,
        tool: str,
        cost: float = 0.0,
        *,
        limit: RateLimit | None = None,
        max_cost: float | None = None,
    ) -> bool:
        keys = [self._tool_key(tool), self.key("usage"), self.key("meta")]
        member = uuid.uuid4().hex
        most = limit.max_calls if limit is not None else -1
        per = limit.per_seconds if limit is not None and limit.per_seconds is not None else -1
        budget = max_cost if max_cost is not None else -1
        store = self.store
        args: list[str | int | float] = [tool, repr(float(cost)), store.ttl_ms, member]
        args += [store.ttl_s, most, per, budget]
        return bool(store.record(keys=keys, args=args))


class RedisSessionStore:
    """Tool-call sessions shared by gateway replicas through Redis (module docstring).

    ``client`` is a blocking client (sessions are judged in worker threads); ``ttl_s`` is
    how long a session lives after its last use; ``cache`` how many sessions a replica
    keeps built; ``max_entries`` bounds a session's observation log."""

    def __init__(
        self,
        client: redis.Redis,
        prefix: str = "saferail",
        *,
        ttl_s: float = 86_400.0,
        cache: int = 10_000,
        max_entries: int = 10_000,
        retry_s: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self.prefix = prefix
        self.ttl_s = ttl_s
        self.ttl_ms = max(1, int(ttl_s * 1000))
        self.cache = cache
        self.max_entries = max_entries
        self.retry_s = retry_s
        self.fallbacks = 0  # sessions served from this process while Redis was down
        self.push = client.register_script(_PUSH)
        self.record = client.register_script(_RECORD)
        self.window = client.register_script(_WINDOW)
        self._memory = MemorySessionStore()
        self._sessions: OrderedDict[str, RedisSession] = OrderedDict()
        self._lock = threading.Lock()
        self._clock = clock
        self._down_until = 0.0
        self._complained: dict[str, float] = {}

    @classmethod
    def from_url(cls, url: str, prefix: str = "saferail", **options: Any) -> RedisSessionStore:
        return cls(sync_client(url), prefix, **options)

    def complain(self, kind: str, exc: BaseException) -> None:
        """Log a Redis failure at most once a minute per kind."""
        now = time.monotonic()
        if now - self._complained.get(kind, -1e9) >= 60.0:
            self._complained[kind] = now
            log.warning("saferail gateway: shared sessions (%s) unavailable: %s", kind, exc)

    def base(self, key: str) -> str:
        return f"{self.prefix}:ts:{{{hashlib.sha256(key.encode()).hexdigest()[:32]}}}"

    def session(self, guard: Guard, key: str, *, role: str | None = None) -> Session:
        import redis

        if self._clock() >= self._down_until:
            try:
                sess = self._shared(guard, key)
            except redis.RedisError as exc:
                self._down_until = self._clock() + self.retry_s
                self.complain("sessions", exc)
            else:
                if role is not None:
                    sess.role = role
                return sess
        self.fallbacks += 1
        return self._memory.session(guard, key, role=role)

    def _shared(self, guard: Guard, key: str) -> RedisSession:
        tools = guard.policy.tools
        with self._lock:
            sess = self._sessions.get(key)
            if sess is None:
                sess = self._sessions[key] = RedisSession(self, key, self.base(key), tools=tools)
                while len(self._sessions) > self.cache:
                    self._sessions.popitem(last=False)
            self._sessions.move_to_end(key)
        with sess.sync_lock:
            epoch, overflow, raw = self._fetch(sess, sess.applied)
            if epoch != sess.epoch:
                if sess.epoch is not None or sess.applied:  # expired or Redis restarted
                    fresh = RedisSession(self, key, sess.base, tools=tools)
                    with self._lock:
                        self._sessions[key] = fresh
                    sess = fresh
                    epoch, overflow, raw = self._fetch(sess, 0)
                sess.epoch = epoch
            sess.apply(raw, overflow)
        sess.tools = tools
        return sess

    def _fetch(self, sess: RedisSession, start: int) -> tuple[str, bool, list[bytes]]:
        """(epoch, overflowed, log entries from ``start``) in one transaction; refreshes
        the session's expiry and gives a new session its epoch."""
        meta, log_key = sess.key("meta"), sess.key("log")
        pipe = self.client.pipeline(transaction=True)
        pipe.hsetnx(meta, "epoch", uuid.uuid4().hex)
        pipe.hmget(meta, ["epoch", "overflow"])
        pipe.lrange(log_key, start, -1)
        for part in ("meta", "log", "seen", "usage"):
            pipe.pexpire(sess.key(part), self.ttl_ms)
        _, (epoch, overflow), raw, *_ = pipe.execute()
        text = epoch.decode() if isinstance(epoch, bytes) else str(epoch)
        return text, overflow is not None, list(raw)


def _jsonable(value: Any) -> Any:
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    return str(value)
