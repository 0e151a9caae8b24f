"""A pseudonymization vault store in Redis, so that every gateway replica restores the
pseudonyms another one made. Select it in the policy: ``vault_path: redis://host:6379/0``
on the ``pii`` check (docs/scaling_gateway.md).

It stores exactly what :class:`~saferail.pii.vault.VaultStore` records carry: HMAC indexes
and AES-GCM ciphertexts, never a plaintext original. Keys under ``prefix`` (hex ids):

- ``{prefix}:i:{index}``: a hash of the record (``s`` surrogate index, ``c`` scope,
  ``e`` entity type, ``n`` nonce, ``x`` ciphertext, ``t`` expiry time or empty);
- ``{prefix}:s:{surrogate index}``: the record's index;
- ``{prefix}:c:{scope}``: the set of a session's indexes;
- ``{prefix}:m:{name}``: vault metadata (the key check).

Entries carry Redis expiries (``PEXPIRE``) matching the vault's TTL, so Redis deletes a
session's entries ``ttl_s`` after its last use; lookups also compare ``t`` with the vault's
clock. Inserts, touches and deletes are Lua scripts (atomic). Keys are named inside the
scripts, so use a single Redis server (or a Sentinel-managed primary), not Redis Cluster.
A Redis error is a :class:`~saferail.pii.vault.VaultError`: the check fails, and the
policy's ``fail_mode`` decides (closed by default: the request is refused).
"""

from __future__ import annotations

__all__ = ["RedisVaultStore"]

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from saferail.gateway.shared._redis import redact, sync_client
from saferail.pii.vault import VaultError, VaultRecord

if TYPE_CHECKING:
    import redis

_LIB = """
local p = ARGV[1]
local now = tonumber(ARGV[2])
local function ikey(h) return p .. ':i:' .. h end
local function skey(h) return p .. ':s:' .. h end
local function ckey(h) return p .. ':c:' .. h end
local function state(h)
  local t = redis.call('HGET', ikey(h), 't')
  if not t then return nil end
  if t == '' or tonumber(t) > now then return 1 end
  return 0
end
local function drop(h)
  local f = redis.call('HMGET', ikey(h), 's', 'c')
  if f[1] then redis.call('DEL', skey(f[1])) end
  if f[2] then redis.call('SREM', ckey(f[2]), h) end
  return redis.call('DEL', ikey(h))
end
local function expire(key, ttl)
  if ttl > 0 then redis.call('PEXPIRE', key, ttl) else redis.call('PERSIST', key) end
end
"""

# ARGV: prefix, now, index, surrogate index, scope, entity type, nonce, ciphertext,
# expiry ('' for none), ttl in ms (0 for none). 1: stored; 0: a live record holds the index
# or the surrogate.
_PUT = (
    _LIB
    + """
local ih, sh, ch = ARGV[3], ARGV[4], ARGV[5]
local ttl = tonumber(ARGV[10])
local st = state(ih)
if st == 1 then return 0 elseif st == 0 then drop(ih) end
local other = redis.call('GET', skey(sh))
if other then
  local so = state(other)
  if so == 1 then return 0 elseif so == 0 then drop(other) else redis.call('DEL', skey(sh)) end
end
redis.call('HSET', ikey(ih), 's', sh, 'c', ch, 'e', ARGV[6], 'n', ARGV[7], 'x', ARGV[8],
  't', ARGV[9])
redis.call('SET', skey(sh), ih)
redis.call('SADD', ckey(ch), ih)
expire(ikey(ih), ttl)
expire(skey(sh), ttl)
local left = redis.call('PTTL', ckey(ch))
if ttl <= 0 or left < ttl then expire(ckey(ch), ttl) end
return 1
"""
)

# ARGV: prefix, now, scope, expiry ('' for none), ttl in ms (0 for none).
_TOUCH = (
    _LIB
    + """
local ch, ttl = ARGV[3], tonumber(ARGV[5])
for _, h in ipairs(redis.call('SMEMBERS', ckey(ch))) do
  local s = redis.call('HGET', ikey(h), 's')
  if s then
    redis.call('HSET', ikey(h), 't', ARGV[4])
    expire(ikey(h), ttl)
    expire(skey(s), ttl)
  else
    redis.call('SREM', ckey(ch), h)
  end
end
if redis.call('EXISTS', ckey(ch)) == 1 then expire(ckey(ch), ttl) end
return 1
"""
)

# ARGV: prefix, now, scope. Returns how many records were deleted.
_DELETE_SCOPE = (
    _LIB
    + """
local n = 0
for _, h in ipairs(redis.call('SMEMBERS', ckey(ARGV[3]))) do n = n + drop(h) end
redis.call('DEL', ckey(ARGV[3]))
return n
"""
)


class RedisVaultStore:
    """Vault records in Redis with native expiry; thread-safe (redis-py's pool)."""

    def __init__(
        self,
        url_or_client: str | redis.Redis,
        *,
        prefix: str = "saferail:vault",
        clock: Callable[[], float] = time.time,
    ) -> None:
        if isinstance(url_or_client, str):
            self.location = redact(url_or_client)
            self._db = sync_client(url_or_client)
        else:
            self.location = "redis"
            self._db = url_or_client
        self.prefix = prefix
        self._clock = clock  # the vault's clock: expiries are relative to it
        self._put = self._db.register_script(_PUT)
        self._touch = self._db.register_script(_TOUCH)
        self._delete = self._db.register_script(_DELETE_SCOPE)

    @contextmanager
    def _errors(self) -> Iterator[None]:
        import redis

        try:
            yield
        except redis.RedisError as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise VaultError(f"vault store {self.location} unavailable: {first}") from None

    def _ttl_ms(self, expires_at: float | None) -> int:
        if expires_at is None:
            return 0
        return max(1, int((expires_at - self._clock()) * 1000))

    def _record(self, fields: dict[bytes, bytes], index_hex: str, now: float) -> VaultRecord | None:
        if not fields or b"s" not in fields:
            return None
        raw_t = fields.get(b"t", b"")
        expires = float(raw_t) if raw_t else None
        if expires is not None and expires <= now:
            return None
        return VaultRecord(
            index=bytes.fromhex(index_hex),
            surrogate_index=bytes.fromhex(fields[b"s"].decode()),
            scope=bytes.fromhex(fields[b"c"].decode()),
            entity_type=fields[b"e"].decode("utf-8"),
            nonce=fields[b"n"],
            ciphertext=fields[b"x"],
            expires_at=expires,
        )

    def get_by_index(self, index: bytes, now: float) -> VaultRecord | None:
        with self._errors():
            fields: dict[bytes, bytes] = self._db.hgetall(f"{self.prefix}:i:{index.hex()}")  # type: ignore[assignment]
        return self._record(fields, index.hex(), now)

    def get_by_surrogate(self, surrogate_index: bytes, now: float) -> VaultRecord | None:
        with self._errors():
            found: bytes | None = self._db.get(f"{self.prefix}:s:{surrogate_index.hex()}")  # type: ignore[assignment]
            if found is None:
                return None
            index_hex = found.decode()
            fields: dict[bytes, bytes] = self._db.hgetall(f"{self.prefix}:i:{index_hex}")  # type: ignore[assignment]
        return self._record(fields, index_hex, now)

    def list_scope(self, scope: bytes, now: float) -> list[VaultRecord]:
        with self._errors():
            members: set[bytes] = self._db.smembers(f"{self.prefix}:c:{scope.hex()}")  # type: ignore[assignment]
            hexes = sorted(m.decode() for m in members)
            pipe = self._db.pipeline(transaction=False)
            for h in hexes:
                pipe.hgetall(f"{self.prefix}:i:{h}")
            rows: list[Any] = pipe.execute()
        found = (self._record(f, h, now) for f, h in zip(rows, hexes, strict=True))
        return [r for r in found if r is not None]

    def put(self, record: VaultRecord, now: float) -> bool:
        r = record
        expiry = "" if r.expires_at is None else repr(r.expires_at)
        args: list[str | bytes | int] = [self.prefix, repr(now), r.index.hex()]
        args += [r.surrogate_index.hex(), r.scope.hex(), r.entity_type, r.nonce, r.ciphertext]
        args += [expiry, self._ttl_ms(r.expires_at)]
        with self._errors():
            return int(self._put(args=args)) == 1

    def touch(self, scope: bytes, expires_at: float | None) -> None:
        expiry = "" if expires_at is None else repr(expires_at)
        args: list[str | int] = [self.prefix, repr(self._clock()), scope.hex(), expiry]
        args.append(self._ttl_ms(expires_at))
        with self._errors():
            self._touch(args=args)

    def delete_scope(self, scope: bytes) -> int:
        with self._errors():
            return int(self._delete(args=[self.prefix, repr(self._clock()), scope.hex()]))

    def purge_expired(self, now: float) -> int:
        """Nothing to do: Redis deletes expired entries itself (lookups skip them meanwhile)."""
        return 0

    def get_meta(self, name: str) -> bytes | None:
        with self._errors():
            value: bytes | None = self._db.get(f"{self.prefix}:m:{name}")  # type: ignore[assignment]
        return value

    def set_meta(self, name: str, value: bytes) -> None:
        with self._errors():
            self._db.set(f"{self.prefix}:m:{name}", value, nx=True)  # the first writer wins

    def close(self) -> None:
        self._db.close()
