"""The event store on SQLite and on the real PostgreSQL server: writes, role-checked
reads, aggregates, retention per field class, API keys and the audit log."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from saferail.telemetry.access import AccessDenied, AuthError, Principal
from saferail.telemetry.event import CapturedContent, SafetyEvent
from saferail.telemetry.query import EventQuery
from saferail.telemetry.store import EventStore, Retention, StoreError, open_event_store
from tests.telemetry.conftest import sample_events

VIEWER = Principal(name="vera", role="viewer")
ANALYST = Principal(name="ana", role="analyst")
ADMIN = Principal(name="adam", role="admin")


@pytest.fixture
def store(store_location: str) -> Iterator[EventStore]:
    s = open_event_store(store_location)
    yield s
    s.close()


def test_write_and_read_back_every_type(store: EventStore) -> None:
    events = sample_events()
    assert store.write(events) == len(events)
    store.write(events)  # a re-delivered batch is not stored twice
    assert store.count(VIEWER) == len(events)
    back = {e.event_id: e for e in store.events(ADMIN, include_content=True)}
    assert back == {e.event_id: e for e in events}


def test_the_schema_migrates_once(store_location: str) -> None:
    first = open_event_store(store_location)
    second = open_event_store(store_location)
    assert first.schema_version == second.schema_version == 4
    first.close()
    second.close()


def test_roles_limit_what_can_be_read(store: EventStore) -> None:
    store.write(sample_events())
    with pytest.raises(AccessDenied):
        store.events(VIEWER)
    with pytest.raises(AccessDenied):
        store.tail(VIEWER)
    with pytest.raises(AccessDenied):
        store.events(ANALYST, include_content=True)
    with pytest.raises(AccessDenied):
        store.audit_log(ANALYST)
    assert store.aggregate(VIEWER)[0].events == 4
    analyst_view = store.events(ANALYST)
    assert len(analyst_view) == 4 and all(e.content is None for e in analyst_view)
    assert all(e.content is None for e in store.events(ADMIN))  # only when asked for


def test_content_reads_are_audited(store: EventStore) -> None:
    events = sample_events()
    store.write(events)
    assert store.audit_log(ADMIN) == []
    store.events(ANALYST)
    store.events(ADMIN)
    assert store.audit_log(ADMIN) == []  # no content read yet
    got = store.events(ADMIN, EventQuery(types=["guard.decision"]), include_content=True)
    assert got[0].content is not None
    (entry,) = store.audit_log(ADMIN)
    assert (entry.principal, entry.role, entry.action) == ("adam", "admin", "read_content")
    assert entry.detail["events"] == 1
    assert entry.detail["event_ids"] == [events[0].event_id]
    assert entry.detail["query"] == {"types": ["guard.decision"]}


def test_filters(store: EventStore) -> None:
    store.write(sample_events())
    assert [e.type for e in store.events(ANALYST, EventQuery(category="pii"))] == ["guard.decision"]
    assert store.count(VIEWER, EventQuery(verdicts=["fail"])) == 2
    assert store.count(VIEWER, EventQuery(types=[])) == 0
    assert store.count(VIEWER, EventQuery(feature_flag="new-onboarding")) == 1
    assert store.count(VIEWER, EventQuery(run_id="rt-1")) == 1
    later = datetime.now(UTC) + timedelta(minutes=1)
    assert store.count(VIEWER, EventQuery(since=later)) == 0


def test_tail_follows_new_events_without_repeats(store: EventStore) -> None:
    store.write(sample_events()[:2])
    first, cursor = store.tail(ANALYST, 0)
    assert len(first) == 2
    assert store.tail(ANALYST, cursor) == ([], cursor)
    store.write(sample_events()[2:])
    more, cursor2 = store.tail(ANALYST, cursor, limit=1)
    assert len(more) == 1 and cursor2 > cursor
    rest, _ = store.tail(ANALYST, cursor2)
    assert [e.type for e in more + rest] == ["redteam.result", "telemetry.gap"]


def test_aggregate_by_group_category_and_bucket(store: EventStore) -> None:
    now = datetime.now(UTC)
    events = [
        SafetyEvent(type="guard.decision", surface="input", action="block", verdict="fail",
                    categories=["prompt_injection", "jailbreak"], latency_ms=2.0, time=now,
                    model_version="v1"),
        SafetyEvent(type="guard.decision", surface="input", action="allow", verdict="pass",
                    latency_ms=1.0, time=now, model_version="v1"),
        SafetyEvent(type="guard.decision", surface="output", action="warn", verdict="uncertain",
                    categories=["toxicity"], latency_ms=3.0, time=now - timedelta(hours=2),
                    model_version="v2"),
        SafetyEvent(type="telemetry.gap", source="telemetry", dropped=5, time=now),
    ]  # fmt: skip
    store.write(events)
    rows = {
        r.group["model_version"]: r for r in store.aggregate(VIEWER, group_by=["model_version"])
    }
    assert (rows["v1"].events, rows["v1"].blocked, rows["v1"].failed) == (2, 1, 1)
    assert rows["v1"].latency_ms_avg == 1.5 and rows["v1"].latency_ms_max == 2.0
    assert (rows["v2"].warned, rows["v2"].uncertain) == (1, 1)
    assert rows[None].dropped == 5
    cats = {
        r.group["category"]: r.events
        for r in store.aggregate(
            VIEWER, EventQuery(types=["guard.decision"]), group_by=["category"]
        )
    }
    assert cats == {"prompt_injection": 1, "jailbreak": 1, "toxicity": 1, None: 1}
    buckets = store.aggregate(
        VIEWER, EventQuery(types=["guard.decision"]), bucket=timedelta(hours=1)
    )
    assert [r.events for r in buckets] == [1, 2]
    assert buckets[0].bucket is not None and buckets[0].bucket < buckets[1].bucket  # type: ignore[operator]
    with pytest.raises(StoreError):
        store.aggregate(VIEWER, group_by=["content"])


def test_aggregate_reads_at_most_max_rows_plus_one(store: EventStore) -> None:
    now = datetime.now(UTC)
    store.write(
        [
            SafetyEvent(type="guard.decision", action="allow", model_version=f"v{i}", time=now)
            for i in range(7)
        ]
    )
    every = store.aggregate(VIEWER, group_by=["model_version"])
    assert len(every) == 7
    assert len(store.aggregate(VIEWER, group_by=["model_version"], max_rows=3)) == 4
    assert len(store.aggregate(VIEWER, group_by=["model_version"], max_rows=7)) == 7
    assert len(store.aggregate(VIEWER, max_rows=0)) == 1  # no groups: one row
    bucketed = store.aggregate(VIEWER, bucket=timedelta(hours=1), max_rows=0)
    assert len(bucketed) == 1  # one bucket: the cut shows there are more than 0
    with pytest.raises(StoreError, match="max_rows"):
        store.aggregate(VIEWER, group_by=["model_version"], max_rows=-1)


def test_purge_applies_retention_per_field_class(store: EventStore) -> None:
    now = datetime.now(UTC)

    def event(days: float) -> SafetyEvent:
        return SafetyEvent(
            type="guard.decision",
            time=now - timedelta(days=days),
            conversation_hash="hmac-sha256:" + "c" * 32,
            categories=["pii"],
            content=CapturedContent(input="<PERSON_1> asked"),
        )

    ages = {"fresh": 1, "old_content": 10, "old_identity": 40, "expired": 100}
    ids = {}
    for name, days in ages.items():
        e = event(days)
        ids[e.event_id] = name
        store.write([e])
    store.events(ADMIN, include_content=True)  # one audit entry, kept (young)
    report = store.purge(Retention(content_days=7, identity_days=30, event_days=90), now=now)
    assert report.model_dump() == {
        "content_cleared": 3,
        "identity_cleared": 2,
        "events_deleted": 1,
        "audit_deleted": 0,
    }
    left = {ids[e.event_id]: e for e in store.events(ADMIN, include_content=True)}
    assert sorted(left) == ["fresh", "old_content", "old_identity"]
    assert left["fresh"].content is not None and left["fresh"].conversation_hash
    assert left["old_content"].content is None and left["old_content"].conversation_hash
    assert left["old_identity"].content is None and left["old_identity"].conversation_hash is None
    assert store.aggregate(VIEWER, group_by=["category"])[0].events == 3  # categories purged too
    assert store.purge(now=now).model_dump()["events_deleted"] == 0  # idempotent


def test_retention_must_keep_content_no_longer_than_events() -> None:
    with pytest.raises(ValueError):
        Retention(content_days=100, event_days=90)


def test_api_keys_are_hashed_and_revocable(store: EventStore, store_location: str) -> None:
    key = store.create_api_key("dash-viewer", "viewer")
    assert key.startswith("srk_")
    assert store.authenticate(key) == Principal(name="dash-viewer", role="viewer")
    if not store_location.startswith("postgresql"):
        import sqlite3

        with sqlite3.connect(store_location) as db:
            dump = "\n".join(db.iterdump())
        secret = key.split("_", 2)[2]  # the token itself may hold "_"
        assert len(secret) >= 40 and key not in dump and secret not in dump
    with pytest.raises(AuthError):
        store.authenticate(key[:-1] + ("A" if key[-1] != "A" else "B"))
    with pytest.raises(AuthError):
        store.authenticate("not a key")
    with pytest.raises(StoreError):
        store.create_api_key("dash-viewer", "admin")  # names are unique
    assert store.revoke_api_key("dash-viewer") is True
    assert store.revoke_api_key("dash-viewer") is False
    with pytest.raises(AuthError):
        store.authenticate(key)
    (info,) = store.api_keys()
    assert info.name == "dash-viewer" and info.revoked_at is not None


def test_unreachable_postgres_is_a_one_line_store_error() -> None:
    with pytest.raises(StoreError) as err:
        open_event_store("postgresql://nobody@127.0.0.1:1/none?connect_timeout=1")
    assert "\n" not in str(err.value)
