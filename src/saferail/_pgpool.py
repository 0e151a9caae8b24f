"""The connection pool behind saferail's PostgreSQL stores (event store and run store).

Each store opens one :class:`PgPool`: migrations run first on a connection of their own (so
an unreachable or misconfigured server fails at once, with the server's own message), then a
``psycopg_pool.ConnectionPool`` keeps between ``min_size`` and ``max_size`` connections for
the store's calls. Threads share it: a call borrows a connection for one statement or one
transaction and gives it back. A connection the server dropped (a restart, a failover, an
idle timeout) is noticed when it is lent (``check``) and replaced, so the store recovers by
itself once PostgreSQL is back; calls made while it is down fail with the store's own error
in one line.
"""

from __future__ import annotations

__all__ = [
    "ENV_PREFIX",
    "Migrations",
    "PgPool",
    "PgStore",
    "PoolConfig",
    "first_line",
    "redact",
]

import os
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from saferail.errors import SaferailError

if TYPE_CHECKING:
    import psycopg
    from psycopg_pool import ConnectionPool

T = TypeVar("T")

ENV_PREFIX = "SAFERAIL_PG_POOL_"
"""``SAFERAIL_PG_POOL_MIN_SIZE``, ``..._MAX_SIZE``, ``..._TIMEOUT_S``: the pool settings a
store uses when it is given none (e.g. by the CLI)."""


class PoolConfig(BaseModel):
    """Connection pool settings of a PostgreSQL store."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    min_size: int = Field(1, ge=0, le=1000, description="Connections kept open when idle.")
    max_size: int = Field(4, ge=1, le=1000, description="Connections open at most at once.")
    timeout_s: float = Field(
        10.0, gt=0, description="How long a call waits for a free (or new) connection."
    )
    connect_timeout_s: int = Field(10, ge=1, description="libpq connect_timeout per attempt.")
    max_idle_s: float = Field(
        600.0, gt=0, description="Connections above min_size idle this long are closed."
    )
    max_lifetime_s: float = Field(
        3600.0, gt=0, description="Connections are replaced after this long (spreads load "
        "after a failover)."
    )  # fmt: skip
    check: bool = Field(
        True,
        description="Test a connection (an empty query) before lending it, so that one the "
        "server dropped is replaced instead of failing the call.",
    )

    @model_validator(mode="after")
    def _sizes(self) -> PoolConfig:
        if self.max_size < self.min_size:
            raise ValueError("max_size must be at least min_size")
        return self

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> PoolConfig:
        """Defaults overridden by ``SAFERAIL_PG_POOL_<FIELD>`` variables (e.g.
        ``SAFERAIL_PG_POOL_MAX_SIZE=8``); a bad value raises ``ValueError`` in one line."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for name in cls.model_fields:
            raw = env.get(ENV_PREFIX + name.upper())
            if raw is not None and raw.strip():
                values[name] = raw.strip()
        try:
            return cls.model_validate(values)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ENV_PREFIX + ".".join(str(p) for p in err["loc"]).upper()
            raise ValueError(f"{where or ENV_PREFIX + '*'}: {err['msg']}") from None


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    scheme, sep, rest = url.partition("://")
    creds, at, host = rest.rpartition("@")
    if not at or ":" not in creds:
        return url
    return f"{scheme}{sep}{creds.split(':', 1)[0]}:***@{host}"


class PgPool:
    """A store's connections: migrate on a connection of its own, then pool the rest.

    ``error`` is the store's exception type; every connection-level failure (server
    unreachable, connection lost, no connection free within ``timeout_s``, store closed)
    becomes one of those with a one-line message naming ``what`` and the redacted URL.

    When a call finds the server gone, the store is marked *down*: later calls first try
    one direct connection, failing at once with the server's reason while it is still down,
    and once it answers again, start a fresh pool (the old one may be waiting out its
    reconnection back-off) before going on.
    """

    def __init__(
        self,
        url: str,
        config: PoolConfig,
        *,
        what: str,
        error: type[SaferailError],
        migrate: Callable[[psycopg.Connection[Any]], None],
    ) -> None:
        try:
            import psycopg
            import psycopg_pool  # noqa: F401  (only to fail here when it is missing)
        except ImportError:
            raise error(
                f"the PostgreSQL {what} needs psycopg and psycopg-pool: "
                "pip install 'saferail[postgres]'"
            ) from None
        self.config = config
        self.location = redact(url)
        self._url = url
        self._what = what
        self._error = error
        self._closed = False
        self._down = False
        self._swap = threading.Lock()
        self._kwargs: dict[str, Any] = {
            "autocommit": True,
            "connect_timeout": config.connect_timeout_s,
        }
        try:
            with psycopg.connect(url, **self._kwargs) as conn:
                migrate(conn)
        except (psycopg.Error, SaferailError) as exc:
            raise self._fail(exc, opening=True) from None
        self._pool = self._new_pool(wait=config.min_size > 0)

    def _new_pool(self, *, wait: bool) -> ConnectionPool[Any]:
        from psycopg_pool import ConnectionPool

        pool: ConnectionPool[Any] = ConnectionPool(
            self._url,
            kwargs=self._kwargs,
            min_size=self.config.min_size,
            max_size=self.config.max_size,
            open=False,
            check=ConnectionPool.check_connection if self.config.check else None,
            name=f"saferail-{self._what.replace(' ', '-')}",
            timeout=self.config.timeout_s,
            max_idle=self.config.max_idle_s,
            max_lifetime=self.config.max_lifetime_s,
            reconnect_timeout=max(30.0, self.config.timeout_s),
            num_workers=1,
        )
        try:
            pool.open(wait=wait, timeout=self.config.timeout_s)
        except Exception as exc:
            pool.close(timeout=1.0)
            raise self._fail(exc, opening=True) from None
        return pool

    def _fail(self, exc: BaseException, *, opening: bool = False) -> SaferailError:
        from psycopg_pool import PoolClosed, PoolTimeout

        if self._closed or isinstance(exc, PoolClosed):
            reason = "the store is closed"
        elif isinstance(exc, PoolTimeout):
            reason = f"no connection free within {self.config.timeout_s:g}s"
        else:
            reason = first_line(exc)
        verb = "cannot open " if opening else ""
        return self._error(f"{verb}{self._what} {self.location}: {reason}")

    def _probe(self) -> BaseException | None:
        """Why a direct connection fails now (``None``: the server answers)."""
        import psycopg

        try:
            psycopg.connect(self._url, **self._kwargs).close()
        except psycopg.Error as exc:
            return exc
        return None

    def _revive(self) -> None:
        """After the server was found gone: fail at once while it still is, else replace
        the pool (its connections and its reconnection back-off belong to the outage)."""
        with self._swap:
            if not self._down or self._closed:
                return
            reason = self._probe()
            if reason is not None:
                raise self._fail(reason)
            old, self._pool = self._pool, self._new_pool(wait=False)
            self._down = False
        old.close(timeout=1.0)

    def _gone(self) -> BaseException | None:
        """Why the server is unreachable, if it is (then the store is marked down)."""
        reason = self._probe()
        if reason is not None:
            with self._swap:
                self._down = True
        return reason

    def run(self, work: Callable[[psycopg.Connection[Any]], T], *, idempotent: bool = False) -> T:
        """``work(conn)`` on a pooled connection. A connection the server dropped under a
        running server (a restart that is over, a terminated backend) is replaced and an
        ``idempotent`` call tried once more; a server that is gone raises at once."""
        import psycopg
        from psycopg_pool import PoolClosed, PoolTimeout

        retried = False
        while True:
            if self._closed:
                raise self._fail(PoolClosed())
            if self._down:
                self._revive()
            pool = self._pool
            used: psycopg.Connection[Any] | None = None
            try:
                with pool.connection() as conn:
                    used = conn
                    return work(conn)
            except PoolClosed as exc:
                if self._closed or pool is self._pool:
                    raise self._fail(exc) from None
                continue  # the pool was replaced meanwhile: use the new one
            except PoolTimeout as exc:
                raise self._fail(self._gone() or exc) from None
            except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
                if used is None or not used.broken or self._closed:
                    raise self._fail(exc) from None
                if self._gone() is not None:
                    raise self._fail(exc) from None
                pool.check()  # drop the other connections the restart broke
                if not idempotent or retried:
                    raise self._fail(exc) from None
                retried = True

    def stats(self) -> dict[str, int]:
        """The pool's counters (``pool_size``, ``pool_available``, ``requests_num``, ...)."""
        return dict(self._pool.get_stats())

    def close(self, timeout_s: float = 1.0) -> None:
        """Close every connection (idempotent); later calls raise the store's error."""
        with self._swap:
            self._closed = True
        self._pool.close(timeout=timeout_s)


@dataclass(frozen=True)
class Migrations:
    """A store's numbered schema scripts, recorded one row per script in ``table``.

    :meth:`apply` runs the missing ones in one transaction under a PostgreSQL advisory lock
    (``lock_id``), so stores opening at once migrate once; a schema newer than the scripts
    raises ``error``."""

    table: str
    scripts: tuple[str, ...]
    lock_id: int
    error: type[SaferailError]

    def __getitem__(self, scripts: slice) -> Migrations:
        """The same migrations cut to ``scripts`` (e.g. ``[:1]`` for an older schema)."""
        return replace(self, scripts=self.scripts[scripts])

    def version(self, conn: Any) -> int:
        """The schema version of the database (0: none)."""
        row = conn.execute(f"SELECT max(version) FROM {self.table}").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def apply(self, conn: Any) -> None:
        """Bring the schema up to date (see the class docstring)."""
        with conn.transaction():
            conn.execute(f"SELECT pg_advisory_xact_lock({self.lock_id})")
            conn.execute(f"CREATE TABLE IF NOT EXISTS {self.table} (version INTEGER NOT NULL)")
            version = self.version(conn)
            if version > len(self.scripts):
                raise self.error(f"schema {version} is newer than this saferail")
            for number, script in enumerate(self.scripts[version:], version + 1):
                conn.execute(script.encode())
                conn.execute(f"INSERT INTO {self.table} VALUES (%s)", (number,))


class PgStore:
    """What the PostgreSQL stores share about their pool, mixed in before the store's base
    class (``class PostgresRunStore(PgStore, SqlRunStore)``): the store's ``__init__`` calls
    :meth:`_open_pool`; ``schema_version``, ``pool``, ``close``, ``_rows`` and ``_explain``
    come from here, and :meth:`_pg` turns the stores' SQL (``?`` placeholders) into psycopg's."""

    location: str
    _lock: threading.Lock
    _pool: PgPool
    _migrations: Migrations

    def _open_pool(
        self,
        url: str,
        pool: PoolConfig | None,
        *,
        what: str,
        migrations: Migrations,
        connect_timeout_s: int | None = None,
    ) -> None:
        """Open the pool with ``pool`` (default: :meth:`PoolConfig.from_env`; a bad setting
        raises ``migrations.error``, the store's exception type) and migrate the schema."""
        error = migrations.error
        try:
            config = pool if pool is not None else PoolConfig.from_env()
            if connect_timeout_s is not None:
                config = config.model_copy(update={"connect_timeout_s": int(connect_timeout_s)})
        except ValueError as exc:
            raise error(f"{what} pool settings: {exc}") from None
        self._lock = threading.Lock()
        self._migrations = migrations
        self._pool = PgPool(url, config, what=what, error=error, migrate=migrations.apply)
        self.location = self._pool.location

    @property
    def schema_version(self) -> int:
        return self._pool.run(self._migrations.version, idempotent=True)

    @property
    def pool(self) -> PgPool:
        """The connection pool (its ``config`` and ``stats()``)."""
        return self._pool

    def close(self) -> None:
        self._pool.close()

    @staticmethod
    def _pg(sql: str) -> bytes:
        return sql.replace("%", "%%").replace("?", "%s").encode()

    def _rows(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        query = self._pg(sql)
        return self._pool.run(lambda conn: conn.execute(query, args).fetchall(), idempotent=True)

    def _explain(self, sql: str, args: Sequence[Any] = ()) -> list[str]:
        """PostgreSQL's plan for one of the store's statements (``EXPLAIN``, not run)."""
        return [str(r[0]) for r in self._rows("EXPLAIN " + sql, args)]
