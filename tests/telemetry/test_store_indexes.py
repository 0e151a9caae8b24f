"""Migrations 2 and 3 of the event store: the indexes the dashboard's queries and the
retention purge need, on SQLite and PostgreSQL. The plans are read back from the database
(SQLite ``EXPLAIN QUERY PLAN``, PostgreSQL ``EXPLAIN`` after ``ANALYZE``) for the statements
the store really runs, over enough events spread over 30 days that a scan would be the
wrong choice."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from saferail.telemetry import store_pg, store_sqlite
from saferail.telemetry.access import Principal
from saferail.telemetry.event import SafetyEvent
from saferail.telemetry.query import EventQuery
from saferail.telemetry.store import (
    PURGE_SQL,
    EventStore,
    aggregate_sql,
    count_sql,
    events_sql,
    open_event_store,
)
from tests.pg import pg_schema_url

ADMIN = Principal(name="ix", role="admin")
CATEGORIES = ("pii", "prompt_injection", "jailbreak", "secret", "toxicity")
NEW_INDEXES = {
    "safety_event_categories_time",
    "safety_event_categories_cat",
    "safety_events_content_ts",
    "safety_events_identity_ts",
}
END = datetime(2026, 11, 1, tzinfo=UTC)


def spread_events(n: int, days: int = 30, seed: int = 3) -> list[SafetyEvent]:
    """Guard decisions evenly over ``days`` before END; about a third with findings."""
    rng = random.Random(seed)
    span = timedelta(days=days)
    out = []
    for i in range(n):
        r = rng.random()
        cats = [] if r < 0.65 else rng.sample(CATEGORIES, 1 if r < 0.9 else 2)
        out.append(
            SafetyEvent(
                type="guard.decision",
                source="gateway",
                time=END - span + span * i / n,
                surface="input" if i % 2 else "output",
                verdict="fail" if cats else "pass",
                action="block" if "prompt_injection" in cats else "allow",
                categories=cats,
                model_version=f"v{i % 3}",
                latency_ms=0.5,
            )
        )
    return out


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def filled(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[EventStore, list[SafetyEvent]]]:
    events = spread_events(20_000)

    def fill(location: str) -> Iterator[tuple[EventStore, list[SafetyEvent]]]:
        with open_event_store(location) as store:
            for i in range(0, len(events), 2000):
                store.write(events[i : i + 2000])
            store._transaction([("ANALYZE", [()])])  # what autovacuum does on a live server
            yield store, events

    if request.param == "sqlite":
        # No ANALYZE on SQLite: saferail never runs it, so plans must not depend on it.
        path = tmp_path_factory.mktemp("ix") / "events.db"
        with open_event_store(path) as store:
            for i in range(0, len(events), 2000):
                store.write(events[i : i + 2000])
            yield store, events
        return
    with pg_schema_url() as url:
        yield from fill(url)


def day_query(**extra: object) -> EventQuery:
    return EventQuery(since=END - timedelta(days=1), until=END, types=["guard.decision"], **extra)


def plan(store: EventStore, sql: str, args: list[object]) -> str:
    return "\n".join(store._explain(sql, args))


def test_the_schema_is_at_migration_3_with_the_new_indexes(
    filled: tuple[EventStore, list[SafetyEvent]],
) -> None:
    store, _ = filled
    assert store.schema_version == 4
    if "sqlite" in type(store).__name__.lower():
        sql = "SELECT name FROM sqlite_master WHERE type = 'index'"
    else:
        sql = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
    names = {r[0] for r in store._rows(sql)}
    assert names >= NEW_INDEXES
    assert "safety_event_categories_ts" not in names  # replaced by ..._cat


def test_category_breakdown_reads_only_the_window_through_the_index(
    filled: tuple[EventStore, list[SafetyEvent]],
) -> None:
    store, events = filled
    q = day_query()
    sql, args, _ = aggregate_sql(q, ["category"])
    shown = plan(store, sql, args)
    assert "safety_event_categories_time" in shown, shown
    assert "Seq Scan on safety_event_categories" not in shown, shown
    # ... and the answer is what the events say.
    assert q.since is not None and q.until is not None
    inside = [e for e in events if q.since <= e.time < q.until]
    want = Counter(c for e in inside for c in (e.categories or [None]))
    got = {r.group["category"]: r.events for r in store.aggregate(ADMIN, q, group_by=["category"])}
    assert got == dict(want) and sum(got.values()) > 500


def test_category_filter_reads_only_the_window_through_the_index(
    filled: tuple[EventStore, list[SafetyEvent]],
) -> None:
    store, events = filled
    q = day_query(category="pii")
    sql, args, _ = aggregate_sql(q, [], timedelta(hours=1))
    shown = plan(store, sql, args)
    assert "safety_event_categories_cat" in shown or "safety_event_categories_time" in shown
    assert "Seq Scan on safety_event_categories" not in shown, shown
    assert q.since is not None and q.until is not None
    want = sum(1 for e in events if q.since <= e.time < q.until and "pii" in e.categories)
    rows = store.aggregate(ADMIN, q, bucket=timedelta(hours=1))
    assert sum(r.events for r in rows) == want > 0
    assert store.count(ADMIN, q) == want
    assert len(store.events(ADMIN, q.model_copy(update={"limit": 10_000}))) == want


def test_window_counts_and_pages_use_the_time_index_or_the_key(
    filled: tuple[EventStore, list[SafetyEvent]],
) -> None:
    store, _ = filled
    counted = plan(store, *count_sql(day_query()))
    assert "safety_events_ts" in counted, counted
    paged = plan(store, *events_sql(day_query(limit=100)))
    assert "safety_events_ts" in paged or "safety_events_pkey" in paged, paged
    assert "Seq Scan on safety_events" not in paged


def test_the_retention_purge_reads_only_what_is_due(
    filled: tuple[EventStore, list[SafetyEvent]],
) -> None:
    store, _ = filled
    content, identity, categories = (
        plan(store, sql, [int((END - timedelta(days=days)).timestamp() * 1000)])
        for sql, days in zip(PURGE_SQL, (7, 30, 90), strict=False)  # the default Retention
    )
    # Partial indexes: only rows still carrying content / hashed ids, not every old event.
    assert "safety_events_content_ts" in content, content
    assert "safety_events_identity_ts" in identity, identity
    assert "safety_event_categories_time" in categories, categories


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_schema_1_store_is_upgraded_in_place(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = spread_events(300)
    module = store_sqlite if kind == "sqlite" else store_pg

    def check(location: str) -> None:
        with monkeypatch.context() as m:
            m.setattr(module, "_MIGRATIONS", module._MIGRATIONS[:1])
            with open_event_store(location) as old:
                assert old.schema_version == 1
                old.write(events)
                before = old.aggregate(ADMIN, EventQuery(), group_by=["category"])
        with open_event_store(location) as new:
            assert new.schema_version == 4
            assert new.aggregate(ADMIN, EventQuery(), group_by=["category"]) == before
            assert new.count(ADMIN) == len(events)

    if kind == "sqlite":
        check(str(tmp_path / "old.db"))
        return
    with pg_schema_url() as url:
        check(url)
