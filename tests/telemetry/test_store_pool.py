"""The PostgreSQL event store's connection pool: its size bounds the server connections,
an unreachable server or a closed store fails with one typed line, and the store recovers by
itself after PostgreSQL restarts (a crash of a throw-away cluster where the machine allows
it, else the server terminating the store's connections)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator

import pytest

from saferail._pgpool import PoolConfig
from saferail.telemetry.access import Principal
from saferail.telemetry.query import EventQuery
from saferail.telemetry.store import StoreError, open_event_store
from saferail.telemetry.store_pg import PostgresEventStore
from tests.gateway._postgres import restartable_postgres
from tests.gateway._redis import free_port
from tests.pg import pg_schema_url
from tests.telemetry.conftest import sample_events

ADMIN = Principal(name="pool", role="admin")


@pytest.fixture
def app_url() -> Iterator[tuple[str, str]]:
    """A fresh schema's URL whose connections carry their own application_name."""
    app = "saferail_pool_" + uuid.uuid4().hex[:10]
    with pg_schema_url() as url:
        yield f"{url}&application_name={app}", app


def backends(store: PostgresEventStore, app: str) -> int:
    rows = store._rows("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?", (app,))
    return int(rows[0][0])


def test_the_pool_bounds_concurrent_connections(app_url: tuple[str, str]) -> None:
    url, app = app_url
    config = PoolConfig(min_size=1, max_size=2, timeout_s=30)
    seen: list[int] = []
    with PostgresEventStore(url, pool=config) as store:
        assert store.pool.config == config

        def call() -> None:
            rows = store._rows(
                "SELECT (SELECT count(*) FROM pg_stat_activity WHERE application_name = ?) "
                "FROM pg_sleep(0.3)",
                (app,),
            )
            seen.append(int(rows[0][0]))

        threads = [threading.Thread(target=call) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(seen) == 6 and max(seen) == 2  # two in use at once, never a third
        assert store.pool.stats()["pool_max"] == 2
    with pg_schema_url() as other, open_event_store(other) as probe:
        assert backends(probe, app) == 0  # close() closed every pooled connection


def test_a_closed_store_says_so(app_url: tuple[str, str]) -> None:
    store = PostgresEventStore(app_url[0])
    store.close()
    with pytest.raises(StoreError, match="the store is closed") as info:
        store.count(ADMIN)
    assert "\n" not in str(info.value)
    store.close()  # twice is fine


def test_an_unreachable_server_is_one_typed_line_without_password() -> None:
    url = f"postgresql://me:hunter2@127.0.0.1:{free_port()}/postgres"
    with pytest.raises(StoreError) as info:
        PostgresEventStore(url, pool=PoolConfig(connect_timeout_s=2))
    text = str(info.value)
    assert text.startswith("cannot open event store postgresql://me:***@127.0.0.1:")
    assert "hunter2" not in text and "\n" not in text


def test_pool_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFERAIL_PG_POOL_MAX_SIZE", "7")
    monkeypatch.setenv("SAFERAIL_PG_POOL_TIMEOUT_S", "2.5")
    assert PoolConfig.from_env() == PoolConfig(max_size=7, timeout_s=2.5)
    assert PoolConfig.from_env({}) == PoolConfig()
    monkeypatch.setenv("SAFERAIL_PG_POOL_MIN_SIZE", "9")
    with pytest.raises(StoreError, match=r"pool settings: .*max_size must be at least min_size"):
        PostgresEventStore("postgresql://nobody@127.0.0.1:1/none")
    monkeypatch.setenv("SAFERAIL_PG_POOL_MIN_SIZE", "many")
    with pytest.raises(StoreError, match="SAFERAIL_PG_POOL_MIN_SIZE: Input should be"):
        open_event_store("postgresql://nobody@127.0.0.1:1/none")
    with pytest.raises(ValueError, match="max_size must be at least min_size"):
        PoolConfig(min_size=3, max_size=2)


def test_the_store_recovers_after_postgresql_restarts() -> None:
    events = sample_events()
    with restartable_postgres() as pg:
        config = PoolConfig(min_size=2, max_size=3, timeout_s=30)
        with PostgresEventStore(pg.url, pool=config) as store:
            store.write(events[:2])
            assert store.count(ADMIN) == 2
            pg.restart()
            # Every pooled connection died with the server; none of that reaches a caller.
            assert store.count(ADMIN) == 2
            store.write(events[2:])
            assert len(store.events(ADMIN, EventQuery())) == len(events)
            pg.restart()
            store.write(events)  # a write first after the restart: also no error
            assert store.count(ADMIN) == len(events)
            assert store.pool.stats().get("connections_lost", 0) >= 1


def test_calls_while_postgresql_is_down_fail_typed_then_recover() -> None:
    with restartable_postgres() as pg:
        if pg.kind != "cluster":
            pytest.skip("needs a throw-away cluster (root, initdb) to stop the server")
        stop, start = pg.stop, pg.start  # type: ignore[attr-defined]
        config = PoolConfig(timeout_s=1.0, connect_timeout_s=2)
        with PostgresEventStore(pg.url, pool=config) as store:
            store.write(sample_events())
            stop("immediate")
            try:
                with pytest.raises(StoreError) as info:
                    store.count(ADMIN)
                assert "\n" not in str(info.value)
                assert str(info.value).startswith("event store postgresql://")
                assert "refused" in str(info.value) or "shut" in str(info.value)
                with pytest.raises(StoreError):
                    store.write(sample_events())
            finally:
                start()
            assert store.count(ADMIN) == 4
