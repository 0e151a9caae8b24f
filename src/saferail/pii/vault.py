"""A vault for reversible pseudonymization: original PII ↔ surrogate, per tenant and session.

The same original value (of the same entity type) in the same tenant and session always
gets the same surrogate; surrogates are unique within a session; nothing is shared across
sessions or tenants. Entries of a session expire ``ttl_s`` seconds after the session was
last used.

The backing store never sees plaintext originals. Each entry is stored as:

- ``index``: HMAC-SHA256 of (tenant, session, entity type, original), to find an original;
- ``surrogate_index``: HMAC-SHA256 of (tenant, session, surrogate), to find a surrogate;
- ``scope``: HMAC-SHA256 of (tenant, session), to list or forget a session;
- ``ciphertext``/``nonce``: the original and its surrogate, AES-256-GCM encrypted under a
  per-tenant key (HKDF-SHA256 from the master key), random 12-byte nonce, with tenant,
  session and entity type as associated data (an entry copied to another session or tenant
  does not decrypt).
"""

from __future__ import annotations

__all__ = [
    "ENV_KEY",
    "REMOTE_STORES",
    "MemoryVaultStore",
    "SQLiteVaultStore",
    "Vault",
    "VaultError",
    "VaultKeyError",
    "VaultRecord",
    "VaultStore",
    "env_key",
    "generate_key",
    "open_store",
]

import base64
import binascii
import contextlib
import hashlib
import hmac
import inspect
import itertools
import json
import math
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from saferail._sqlitekind import refuse_foreign, use_wal
from saferail.errors import SaferailError
from saferail.pii.surrogates import make_surrogate

ENV_KEY = "SAFERAIL_VAULT_KEY"
_KEY_CHECK = "key_check"
_SALT = b"saferail-vault-v1"
_POLLED_MAX = 4096  # scopes remembered for version()


class VaultError(SaferailError):
    """The vault could not do what was asked (bad input, undecryptable entry, ...)."""


class VaultKeyError(VaultError):
    """The master key is missing, malformed, or not the key the store was written with."""


def env_key(env_var: str = ENV_KEY) -> bytes:
    """The bytes of a base64 (standard or URL-safe) key in ``$env_var``; VaultKeyError if
    it is unset or not base64. Callers check the length they need."""
    if not isinstance(env_var, str) or not env_var:
        raise TypeError(f"env_var must be an environment variable name, not {env_var!r}")
    raw = os.environ.get(env_var, "").strip()
    if not raw:
        raise VaultKeyError(
            f"{env_var} is not set: give a base64-encoded 32-byte key "
            '(python -c "import base64,os;print(base64.b64encode(os.urandom(32)).decode())")'
        )
    body = raw.replace("-", "+").replace("_", "/").rstrip("=")
    try:  # padding restored: secrets.token_urlsafe() and many tools leave it out
        return base64.b64decode(body + "=" * (-len(body) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise VaultKeyError(f"{env_var} is not valid base64") from None


def generate_key() -> bytes:
    """A fresh random 32-byte master key (store it base64-encoded in ``SAFERAIL_VAULT_KEY``)."""
    return os.urandom(32)


@dataclass(frozen=True, slots=True)
class VaultRecord:
    """One stored entry. Nothing in it reveals the original value."""

    index: bytes
    surrogate_index: bytes
    scope: bytes
    entity_type: str
    nonce: bytes
    ciphertext: bytes
    expires_at: float | None


class VaultStore(Protocol):
    """Where vault records live. Lookups ignore records expired at ``now``."""

    def get_by_index(self, index: bytes, now: float) -> VaultRecord | None: ...

    def get_by_surrogate(self, surrogate_index: bytes, now: float) -> VaultRecord | None: ...

    def list_scope(self, scope: bytes, now: float) -> list[VaultRecord]: ...

    def put(self, record: VaultRecord, now: float) -> bool:
        """Insert ``record``; False if a live record has the same index or surrogate index."""
        ...

    def touch(self, scope: bytes, expires_at: float | None) -> None: ...

    def delete_scope(self, scope: bytes) -> int: ...

    def purge_expired(self, now: float) -> int: ...

    def get_meta(self, name: str) -> bytes | None: ...

    def set_meta(self, name: str, value: bytes) -> None:
        """Store ``value`` under ``name`` unless a value is there already (the first writer
        wins: two processes opening a new store at once must agree on one key check)."""
        ...

    def close(self) -> None: ...


def _live(record: VaultRecord | None, now: float) -> VaultRecord | None:
    if record is None or (record.expires_at is not None and record.expires_at <= now):
        return None
    return record


class MemoryVaultStore:
    """An in-process store (dicts). Lost when the process ends."""

    def __init__(self) -> None:
        self._by_index: dict[bytes, VaultRecord] = {}
        self._by_surrogate: dict[bytes, bytes] = {}
        self._by_scope: dict[bytes, set[bytes]] = {}
        self._meta: dict[str, bytes] = {}
        self._lock = threading.RLock()

    def get_by_index(self, index: bytes, now: float) -> VaultRecord | None:
        with self._lock:
            return _live(self._by_index.get(index), now)

    def get_by_surrogate(self, surrogate_index: bytes, now: float) -> VaultRecord | None:
        with self._lock:
            index = self._by_surrogate.get(surrogate_index)
            return _live(self._by_index.get(index) if index else None, now)

    def list_scope(self, scope: bytes, now: float) -> list[VaultRecord]:
        with self._lock:
            records = (self._by_index[i] for i in self._by_scope.get(scope, ()))
            return [r for r in records if _live(r, now)]

    def put(self, record: VaultRecord, now: float) -> bool:
        with self._lock:
            old_index = self._by_surrogate.get(record.surrogate_index)
            for index in (record.index, old_index):
                existing = self._by_index.get(index) if index else None
                if existing is not None:
                    if _live(existing, now):
                        return False
                    self._remove(existing)
            self._by_index[record.index] = record
            self._by_surrogate[record.surrogate_index] = record.index
            self._by_scope.setdefault(record.scope, set()).add(record.index)
            return True

    def touch(self, scope: bytes, expires_at: float | None, now: float | None = None) -> None:
        """Set the expiry of the scope's records (with ``now``: of those still live at ``now``
        only, so an expired record that was not purged yet stays expired)."""
        with self._lock:
            for index in self._by_scope.get(scope, ()):
                record = self._by_index[index]
                if now is None or _live(record, now):
                    self._by_index[index] = replace(record, expires_at=expires_at)

    def delete_scope(self, scope: bytes) -> int:
        with self._lock:
            records = [self._by_index[i] for i in self._by_scope.get(scope, set()).copy()]
            for r in records:
                self._remove(r)
            return len(records)

    def purge_expired(self, now: float) -> int:
        with self._lock:
            dead = [r for r in self._by_index.values() if not _live(r, now)]
            for r in dead:
                self._remove(r)
            return len(dead)

    def get_meta(self, name: str) -> bytes | None:
        with self._lock:
            return self._meta.get(name)

    def set_meta(self, name: str, value: bytes) -> None:
        with self._lock:
            self._meta.setdefault(name, value)

    def close(self) -> None:
        """Nothing to release."""

    def _remove(self, record: VaultRecord) -> None:
        self._by_index.pop(record.index, None)
        self._by_surrogate.pop(record.surrogate_index, None)
        members = self._by_scope.get(record.scope)
        if members is not None:
            members.discard(record.index)
            if not members:
                del self._by_scope[record.scope]


_SCHEMA = """
CREATE TABLE IF NOT EXISTS vault_entries (
    idx BLOB PRIMARY KEY,
    sidx BLOB NOT NULL UNIQUE,
    scope BLOB NOT NULL,
    entity_type TEXT NOT NULL,
    nonce BLOB NOT NULL,
    ciphertext BLOB NOT NULL,
    expires_at REAL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS vault_entries_scope ON vault_entries (scope);
CREATE INDEX IF NOT EXISTS vault_entries_expiry ON vault_entries (expires_at);
CREATE TABLE IF NOT EXISTS vault_meta (name TEXT PRIMARY KEY, value BLOB NOT NULL);
"""
_COLUMNS = "idx, sidx, scope, entity_type, nonce, ciphertext, expires_at"
_LIVE = "(expires_at IS NULL OR expires_at > ?)"


class SQLiteVaultStore:
    """A store in one SQLite file (WAL mode); safe to share between threads."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        if not isinstance(path, str | os.PathLike) or not isinstance(os.fspath(path), str):
            raise TypeError(f"path must be a str or os.PathLike, not {type(path).__name__}")
        self.path = os.fspath(path)
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                Path(self.path).touch(mode=0o600, exist_ok=True)
            db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        except (OSError, ValueError, UnicodeError, sqlite3.Error) as exc:
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            raise VaultError(f"cannot open vault database {self.path!r}: {why}") from None
        self._lock = threading.RLock()
        self._db = db
        try:
            self._db.execute("PRAGMA busy_timeout = 5000")
            refuse_foreign(self._db, "vault_entries", "a pseudonym vault", VaultError, self.path)
            use_wal(self._db)
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._db.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            self._db.close()
            raise VaultError(f"cannot open vault database {self.path!r}: {exc}") from exc

    def __enter__(self) -> SQLiteVaultStore:
        return self

    def __exit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _one(self, where: str, args: tuple[object, ...]) -> VaultRecord | None:
        with self._lock, self._errors():
            row = self._db.execute(
                f"SELECT {_COLUMNS} FROM vault_entries WHERE {where} AND {_LIVE}", args
            ).fetchone()
        return _row(row) if row else None

    def get_by_index(self, index: bytes, now: float) -> VaultRecord | None:
        return self._one("idx = ?", (index, now))

    def get_by_surrogate(self, surrogate_index: bytes, now: float) -> VaultRecord | None:
        return self._one("sidx = ?", (surrogate_index, now))

    def list_scope(self, scope: bytes, now: float) -> list[VaultRecord]:
        with self._lock, self._errors():
            rows = self._db.execute(
                f"SELECT {_COLUMNS} FROM vault_entries WHERE scope = ? AND {_LIVE}", (scope, now)
            ).fetchall()
        return [_row(r) for r in rows]

    def put(self, record: VaultRecord, now: float) -> bool:
        r = record
        with self._lock, self._errors():
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute(
                    "DELETE FROM vault_entries WHERE (idx = ? OR sidx = ?) AND expires_at <= ?",
                    (r.index, r.surrogate_index, now),
                )
                cur = self._db.execute(
                    f"INSERT OR IGNORE INTO vault_entries ({_COLUMNS}) VALUES (?,?,?,?,?,?,?)",
                    (r.index, r.surrogate_index, r.scope, r.entity_type, r.nonce, r.ciphertext,
                     r.expires_at),
                )  # fmt: skip
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            return cur.rowcount == 1

    def touch(self, scope: bytes, expires_at: float | None, now: float | None = None) -> None:
        """Set the expiry of the scope's records (with ``now``: of those still live at ``now``
        only, so an expired record that was not purged yet stays expired)."""
        with self._lock, self._errors():
            if now is None:
                self._db.execute(
                    "UPDATE vault_entries SET expires_at = ? WHERE scope = ?", (expires_at, scope)
                )
            else:
                self._db.execute(
                    f"UPDATE vault_entries SET expires_at = ? WHERE scope = ? AND {_LIVE}",
                    (expires_at, scope, now),
                )

    def delete_scope(self, scope: bytes) -> int:
        with self._lock, self._errors():
            return self._db.execute("DELETE FROM vault_entries WHERE scope = ?", (scope,)).rowcount

    def purge_expired(self, now: float) -> int:
        with self._lock, self._errors():
            cur = self._db.execute("DELETE FROM vault_entries WHERE expires_at <= ?", (now,))
            return cur.rowcount

    def get_meta(self, name: str) -> bytes | None:
        with self._lock, self._errors():
            row = self._db.execute(
                "SELECT value FROM vault_meta WHERE name = ?", (name,)
            ).fetchone()
        return bytes(row[0]) if row else None

    def set_meta(self, name: str, value: bytes) -> None:
        with self._lock, self._errors():
            self._db.execute(
                "INSERT OR IGNORE INTO vault_meta (name, value) VALUES (?, ?)", (name, value)
            )

    def close(self) -> None:
        with self._lock, self._errors():
            self._db.close()

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        """A SQLite error (database locked, disk full, file damaged) as a VaultError."""
        try:
            yield
        except sqlite3.Error as exc:
            raise VaultError(f"vault database {self.path!r}: {exc}") from exc


def _row(row: tuple[bytes, bytes, bytes, str, bytes, bytes, float | None]) -> VaultRecord:
    return VaultRecord(bytes(row[0]), bytes(row[1]), bytes(row[2]), row[3], row[4], row[5], row[6])


def _pack(*parts: str) -> bytes:
    """An unambiguous encoding of several strings (each length-prefixed)."""
    out = bytearray()
    for p in parts:
        b = p.encode("utf-8", "surrogatepass")
        out += len(b).to_bytes(4, "big") + b
    return bytes(out)


@dataclass(frozen=True, slots=True)
class _TenantKeys:
    aead: AESGCM
    index: bytes
    seed: bytes


class Vault:
    """Reversible pseudonymization: per-tenant, per-session original ↔ surrogate mappings.

    ``key`` is the 32-byte master key. ``ttl_s`` (None: never) is how long a session's
    entries live after the session was last used; ``clock`` returns the current time in
    seconds (inject a fake one in tests). Every method is thread-safe.
    """

    def __init__(
        self,
        key: bytes,
        store: VaultStore | None = None,
        *,
        ttl_s: float | None = 86400.0,
        clock: Callable[[], float] = time.time,
        max_attempts: int = 64,
        purge_interval_s: float = 60.0,
    ) -> None:
        if not isinstance(key, bytes | bytearray) or len(key) != 32:
            raise VaultKeyError("the vault master key must be exactly 32 bytes")
        if ttl_s is not None and (
            isinstance(ttl_s, bool)
            or not isinstance(ttl_s, int | float)
            or math.isnan(ttl_s)
            or ttl_s <= 0
        ):
            raise VaultError(
                f"ttl_s must be a positive number (or None for no expiry), not {ttl_s!r}"
            )
        if store is not None and not all(
            callable(getattr(store, m, None)) for m in ("get_meta", "set_meta", "put", "close")
        ):
            raise TypeError(
                f"store must be a VaultStore (MemoryVaultStore(), SQLiteVaultStore(path), ...), "
                f"not {type(store).__name__}"
            )
        if isinstance(max_attempts, bool) or not isinstance(max_attempts, int) or max_attempts < 1:
            raise ValueError(f"max_attempts must be at least 1, not {max_attempts!r}")
        self._master = bytes(key)
        self.closed = False
        self.store: VaultStore = store if store is not None else MemoryVaultStore()
        self.ttl_s = ttl_s
        self._clock = clock
        self._max_attempts = max_attempts
        self._purge_interval = purge_interval_s
        self._lock = threading.RLock()
        self._tenants: dict[str, _TenantKeys] = {}
        self._counter = itertools.count(1)
        self._versions: dict[bytes, int] = {}
        self._polled: dict[tuple[str, str], bytes] = {}  # (tenant, session) -> scope
        self._purge_version = 0
        self._touched: dict[bytes, float] = {}  # scope -> when this vault last touched it
        self._touch_slack = 0.0 if ttl_s is None else min(1.0, ttl_s / 1000)
        self._touch_takes_now = _accepts_now(self.store.touch)
        self._last_purge = clock()
        self._check_key()

    @classmethod
    def from_env(
        cls,
        store: VaultStore | None = None,
        *,
        env_var: str = ENV_KEY,
        ttl_s: float | None = 86400.0,
        clock: Callable[[], float] = time.time,
    ) -> Vault:
        """A vault whose master key is the base64 value of ``$SAFERAIL_VAULT_KEY``."""
        key = env_key(env_var)
        if len(key) != 32:
            raise VaultKeyError(f"{env_var} must decode to 32 bytes, not {len(key)}")
        return cls(key, store, ttl_s=ttl_s, clock=clock)

    def __enter__(self) -> Vault:
        return self

    def __exit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the backing store; the vault refuses every later call (closing again is fine)."""
        if self.closed:
            return
        self.closed = True
        self.store.close()

    def _open_check(self) -> None:
        if self.closed:
            raise VaultError("the vault is closed")

    # ------------------------------------------------------------------ public API

    def pseudonymize(self, tenant: str, session: str, entity_type: str, value: str) -> str:
        """The session's surrogate for ``value``, creating it on first use."""
        _require(tenant=tenant, session=session, entity_type=entity_type, value=value)
        with self._lock:
            self._open_check()
            now = self._clock()
            self._maybe_purge(now)
            keys = self._keys(tenant)
            scope = self._scope(keys, tenant, session)
            index = self._index(keys, tenant, session, entity_type, value)
            found = self.store.get_by_index(index, now)
            if found is not None:
                self._touch(scope, now)
                return self._open(keys, found, tenant, session)[1]
            seed = hmac.new(keys.seed, _pack(tenant, session), hashlib.sha256).digest()
            for attempt in range(self._max_attempts):
                surrogate = make_surrogate(entity_type, value, seed, attempt)
                if surrogate == value:
                    continue
                sidx = self._surrogate_index(keys, tenant, session, surrogate)
                taken = self.store.get_by_surrogate(sidx, now) or self.store.get_by_index(
                    self._index(keys, tenant, session, entity_type, surrogate), now
                )
                if taken is not None:  # a surrogate, or a real value, of this session
                    continue
                record = self._seal(keys, tenant, session, entity_type, value, surrogate)
                expires = None if self.ttl_s is None else now + self.ttl_s
                record = replace(
                    record, index=index, surrogate_index=sidx, scope=scope, expires_at=expires
                )
                if self.store.put(record, now):
                    self._touch(scope, now)
                    self._versions[scope] = next(self._counter)
                    return surrogate
                found = self.store.get_by_index(index, now)  # another writer got there first
                if found is not None:
                    return self._open(keys, found, tenant, session)[1]
            raise VaultError(
                f"no unique {entity_type} surrogate after {self._max_attempts} attempts"
            )

    def original(self, tenant: str, session: str, surrogate: str) -> str | None:
        """The original value behind ``surrogate`` in this session, or None."""
        _require(tenant=tenant, session=session)
        if not isinstance(surrogate, str):
            raise VaultError(f"surrogate must be a string, not {type(surrogate).__name__}")
        with self._lock:
            self._open_check()
            now = self._clock()
            self._maybe_purge(now)
            keys = self._keys(tenant)
            sidx = self._surrogate_index(keys, tenant, session, surrogate)
            found = self.store.get_by_surrogate(sidx, now)
            if found is None:
                return None
            original, stored = self._open(keys, found, tenant, session)
            if stored != surrogate:  # pragma: no cover - an HMAC collision
                return None
            self._touch(self._scope(keys, tenant, session), now)
            return original

    def surrogates(self, tenant: str, session: str) -> dict[str, str]:
        """Every live surrogate of the session, mapped to its original."""
        _require(tenant=tenant, session=session)
        with self._lock:
            self._open_check()
            now = self._clock()
            self._maybe_purge(now)
            keys = self._keys(tenant)
            scope = self._scope(keys, tenant, session)
            out: dict[str, str] = {}
            for record in self.store.list_scope(scope, now):
                original, surrogate = self._open(keys, record, tenant, session)
                out[surrogate] = original
            if out:
                self._touch(scope, now)
            return out

    def forget(self, tenant: str, session: str) -> int:
        """Delete every entry of the session; returns how many there were."""
        _require(tenant=tenant, session=session)
        with self._lock:
            self._open_check()
            scope = self._scope(self._keys(tenant), tenant, session)
            n = self.store.delete_scope(scope)
            self._versions[scope] = next(self._counter)
            return n

    def purge_expired(self) -> int:
        """Delete every expired entry now; returns how many."""
        with self._lock:
            self._open_check()
            now = self._clock()
            self._last_purge = now
            n = self.store.purge_expired(now)
            if n:
                self._purge_version = next(self._counter)
                self._versions.clear()  # the purge version now dominates every session's
            return n

    def version(self, tenant: str, session: str) -> int:
        """A number that changes whenever this vault changes the session's mapping.

        Cheap (no store access): the streaming de-anonymizer polls it. Only changes made
        through this ``Vault`` object are seen.
        """
        _require(tenant=tenant, session=session)
        with self._lock:
            self._open_check()
            scope = self._polled.get((tenant, session))
            if scope is None:  # the HMAC costs more than a stream chunk: remember it
                if len(self._polled) >= _POLLED_MAX:
                    self._polled.clear()
                scope = self._polled[tenant, session] = self._scope(
                    self._keys(tenant), tenant, session
                )
            return max(self._versions.get(scope, 0), self._purge_version)

    # ------------------------------------------------------------------ internals

    def _keys(self, tenant: str) -> _TenantKeys:
        keys = self._tenants.get(tenant)
        if keys is None:
            t = tenant.encode("utf-8", "surrogatepass")
            keys = _TenantKeys(
                aead=AESGCM(self._derive(b"enc\x00" + t)),
                index=self._derive(b"index\x00" + t),
                seed=self._derive(b"surrogate\x00" + t),
            )
            self._tenants[tenant] = keys
        return keys

    def _derive(self, info: bytes) -> bytes:
        hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT, info=info)
        return hkdf.derive(self._master)

    def _check_key(self) -> None:
        check = self._derive(b"key-check")
        stored = self.store.get_meta(_KEY_CHECK)
        if stored is None:  # a new store; another process may be claiming it right now
            self.store.set_meta(_KEY_CHECK, check)
            stored = self.store.get_meta(_KEY_CHECK)
        if stored is None or not hmac.compare_digest(stored, check):
            raise VaultKeyError("the vault key is not the key this store was written with")

    @staticmethod
    def _mac(keys: _TenantKeys, *parts: str) -> bytes:
        return hmac.new(keys.index, _pack(*parts), hashlib.sha256).digest()

    def _scope(self, keys: _TenantKeys, tenant: str, session: str) -> bytes:
        return self._mac(keys, "scope", tenant, session)

    def _index(self, keys: _TenantKeys, tenant: str, session: str, et: str, value: str) -> bytes:
        return self._mac(keys, "original", tenant, session, et, value)

    def _surrogate_index(self, keys: _TenantKeys, tenant: str, session: str, s: str) -> bytes:
        return self._mac(keys, "surrogate", tenant, session, s)

    def _seal(
        self, keys: _TenantKeys, tenant: str, session: str, et: str, value: str, surrogate: str
    ) -> VaultRecord:
        nonce = os.urandom(12)
        plain = json.dumps([value, surrogate], ensure_ascii=False).encode("utf-8", "surrogatepass")
        ct = keys.aead.encrypt(nonce, plain, _pack("saferail-vault-v1", tenant, session, et))
        return VaultRecord(b"", b"", b"", et, nonce, ct, None)

    def _open(
        self, keys: _TenantKeys, record: VaultRecord, tenant: str, session: str
    ) -> tuple[str, str]:
        aad = _pack("saferail-vault-v1", tenant, session, record.entity_type)
        try:
            plain = keys.aead.decrypt(record.nonce, record.ciphertext, aad)
        except InvalidTag:
            raise VaultError(
                "a vault entry failed to decrypt: wrong key, or the store was tampered with"
            ) from None
        original, surrogate = json.loads(plain.decode("utf-8", "surrogatepass"))
        return str(original), str(surrogate)

    def _touch(self, scope: bytes, now: float) -> None:
        """Extend the session's live entries to ``now + ttl_s``.

        Rewriting every entry of the session costs O(session size), so a session is
        re-touched at most once per ``_touch_slack`` seconds (min(1 s, ttl_s / 1000)):
        without that, pseudonymizing n new values in one session costs O(n^2). Entries
        may expire up to that slack earlier than ``ttl_s`` after the last use, never later.
        """
        if self.ttl_s is None:
            return
        last = self._touched.get(scope)
        if last is not None and 0 <= now - last < self._touch_slack:
            return
        if len(self._touched) >= _POLLED_MAX:
            self._touched.clear()
        self._touched[scope] = now
        if self._touch_takes_now:
            self.store.touch(scope, now + self.ttl_s, now=now)  # type: ignore[call-arg]
        else:  # a store written to the original protocol (e.g. Redis expires keys itself)
            self.store.touch(scope, now + self.ttl_s)

    def _maybe_purge(self, now: float) -> None:
        if now - self._last_purge >= self._purge_interval:
            self.purge_expired()


def _accepts_now(touch: Callable[..., None]) -> bool:
    """Whether a store's ``touch`` takes ``now`` (to leave expired records expired)."""
    try:
        return "now" in inspect.signature(touch).parameters
    except (TypeError, ValueError):
        return False


def _require(**values: str) -> None:
    for name, value in values.items():
        if not isinstance(value, str) or not value:
            raise VaultError(f"{name} must be a non-empty string")


# prefixes of a vault_path that names a Redis server rather than a SQLite file
REMOTE_STORES = ("redis://", "rediss://", "unix://")


def open_store(path: str | os.PathLike[str] | None) -> VaultStore:
    """The store a ``vault_path`` names: in memory (``None`` or empty), Redis
    (:data:`REMOTE_STORES`: shared by gateway replicas) or a SQLite file."""
    if not path:
        return MemoryVaultStore()
    text = os.fspath(path)
    if text.startswith(REMOTE_STORES):
        from saferail.gateway.shared.redis_vault import RedisVaultStore

        return RedisVaultStore(text)
    return SQLiteVaultStore(text)
