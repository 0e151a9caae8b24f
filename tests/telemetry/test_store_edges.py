"""Edge cases of the event store that SQLite and PostgreSQL must answer alike: float
precision, NULL group ordering, values no event can hold, out-of-range cursors and limits,
"keep forever" retention, a closed store, and the PostgreSQL upgrade of older schemas."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from saferail.telemetry import store_pg, store_sqlite
from saferail.telemetry.access import Principal
from saferail.telemetry.event import CapturedContent, SafetyEvent
from saferail.telemetry.query import EventQuery
from saferail.telemetry.store import EventStore, Retention, StoreError, open_event_store
from tests.pg import pg_schema_url

ADMIN = Principal(name="adam", role="admin")
NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def store(store_location: str) -> Iterator[EventStore]:
    s = open_event_store(store_location)
    yield s
    s.close()


def test_latencies_and_scores_keep_double_precision(store: EventStore) -> None:
    store.write(
        [
            SafetyEvent(type="guard.decision", time=NOW, latency_ms=1234.5678, score=0.12345678),
            SafetyEvent(type="guard.decision", time=NOW, latency_ms=1234.5678, score=0.12345678),
        ]
    )
    (row,) = store.aggregate(ADMIN)
    assert row.latency_ms_max == 1234.5678
    assert row.latency_ms_avg == 1234.5678
    assert row.score_avg == 0.1235


def test_groups_without_a_value_come_first_on_both_back_ends(store: EventStore) -> None:
    store.write(
        [
            SafetyEvent(type="guard.decision", time=NOW, model="b"),
            SafetyEvent(type="guard.decision", time=NOW, model="B"),
            SafetyEvent(type="guard.decision", time=NOW),
            SafetyEvent(type="guard.decision", time=NOW, model="a"),
        ]
    )
    rows = store.aggregate(ADMIN, group_by=["model"])
    assert [r.group["model"] for r in rows] == [None, "B", "a", "b"]
    bucketed = store.aggregate(ADMIN, group_by=["model"], bucket=timedelta(hours=1))
    assert [r.group["model"] for r in bucketed] == [None, "B", "a", "b"]


@pytest.mark.parametrize("field", ["check", "category", "model", "tenant", "run_id"])
@pytest.mark.parametrize("value", ["a\x00b", "a\ud800", "two words"])
def test_filter_values_no_event_can_hold_are_a_typed_error(field: str, value: str) -> None:
    with pytest.raises(ValidationError):
        EventQuery.model_validate({field: value})
    with pytest.raises(ValidationError):
        EventQuery(surfaces=[value])


def test_valid_filter_values_still_match(store: EventStore) -> None:
    store.write([SafetyEvent(type="guard.decision", time=NOW, check="pii", model="gpt-4o:v1/x")])
    assert store.count(ADMIN, EventQuery(check="pii", model="gpt-4o:v1/x")) == 1
    assert store.count(ADMIN, EventQuery(check="PII")) == 0  # case-sensitive on both


def test_a_cursor_beyond_any_sequence_number_is_a_typed_error(store: EventStore) -> None:
    with pytest.raises(ValidationError):
        store.tail(ADMIN, 2**63)
    events, cursor = store.tail(ADMIN, 2**63 - 1)
    assert (events, cursor) == ([], 2**63 - 1)


def test_audit_log_rejects_a_negative_limit(store: EventStore) -> None:
    store.write([SafetyEvent(type="guard.decision", time=NOW)])
    store.events(ADMIN, include_content=True)
    with pytest.raises(ValueError, match="limit") as err:
        store.audit_log(ADMIN, limit=-1)
    assert "\n" not in str(err.value)
    assert store.audit_log(ADMIN, limit=0) == []
    assert len(store.audit_log(ADMIN, limit=5)) == 1


@pytest.mark.parametrize("name", ["x\x00", "x\ny", "x\ud800"])
def test_principal_names_cannot_hold_control_characters(name: str) -> None:
    with pytest.raises(ValidationError):
        Principal(name=name, role="admin")


def test_revoking_a_name_no_key_can_have_is_false(store: EventStore) -> None:
    assert store.revoke_api_key("x\x00") is False


def test_retention_none_keeps_events_from_before_1970(store: EventStore) -> None:
    old = SafetyEvent(
        type="guard.decision",
        time=datetime(1969, 12, 31, 23, 59, 59, tzinfo=UTC),
        user_hash="hmac-sha256:" + "b" * 32,
        content=CapturedContent(input="<PERSON_1> asked"),
    )
    store.write([old])
    forever = Retention(content_days=None, identity_days=None, event_days=None, audit_days=None)
    report = store.purge(forever, now=NOW)
    assert report.model_dump() == {
        "content_cleared": 0,
        "identity_cleared": 0,
        "events_deleted": 0,
        "audit_deleted": 0,
    }
    (back,) = store.events(ADMIN, include_content=True)
    assert back == old


def test_an_event_exactly_at_the_cutoff_is_kept(store: EventStore) -> None:
    at = SafetyEvent(type="guard.decision", time=NOW - timedelta(days=90))
    before = SafetyEvent(type="guard.decision", time=NOW - timedelta(days=90, milliseconds=1))
    store.write([at, before])
    assert store.purge(now=NOW).events_deleted == 1
    assert [e.event_id for e in store.events(ADMIN)] == [at.event_id]


def test_a_closed_store_is_a_one_line_store_error(store_location: str) -> None:
    s = open_event_store(store_location)
    s.close()
    with pytest.raises(StoreError) as read:
        s.count(ADMIN)
    with pytest.raises(StoreError) as write:
        s.write([SafetyEvent(type="guard.decision", time=NOW)])
    for err in (read, write):
        assert "closed" in str(err.value) and "\n" not in str(err.value)


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_schema_3_store_upgrades_and_keeps_precision(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = store_sqlite if kind == "sqlite" else store_pg
    first = SafetyEvent(type="guard.decision", time=NOW, latency_ms=2.5)
    later = SafetyEvent(type="guard.decision", time=NOW, latency_ms=4321.8765)

    def check(location: str) -> None:
        with monkeypatch.context() as m:
            m.setattr(module, "_MIGRATIONS", module._MIGRATIONS[:3])
            with open_event_store(location) as old:
                assert old.schema_version == 3
                old.write([first])
        with open_event_store(location) as new:
            assert new.schema_version == 4
            new.write([later])
            (row,) = new.aggregate(ADMIN)
            assert (row.events, row.latency_ms_max) == (2, 4321.8765)
            assert {e.event_id for e in new.events(ADMIN)} == {first.event_id, later.event_id}

    if kind == "sqlite":
        check(str(tmp_path / "old.db"))
        return
    with pg_schema_url() as url:
        check(url)


def test_postgres_tail_misses_no_event_of_an_overlapping_writer() -> None:
    """Sequence numbers are drawn at insert: a writer that drew its number and committed
    after a later one was never returned by tail (the cursor had passed its number). Event
    writers now hold one advisory lock until they commit; a second writer waits for it."""
    import threading

    import psycopg

    from saferail.telemetry._sql import event_rows
    from saferail.telemetry.store import _INSERT_EVENTS

    first, second = SafetyEvent(type="guard.decision"), SafetyEvent(type="guard.decision")
    with pg_schema_url() as url, open_event_store(url) as store, psycopg.connect(url) as other:
        # another saferail process in the middle of its write: lock taken, row inserted
        other.execute("SELECT pg_advisory_xact_lock(%s)", (store_pg.WRITE_LOCK_KEY,))
        rows, _ = event_rows([first])
        other.execute(_INSERT_EVENTS.replace("?", "%s"), rows[0])
        writer = threading.Thread(target=store.write, args=([second],))
        writer.start()
        writer.join(timeout=0.5)
        assert writer.is_alive()  # waits for the other writer to commit
        seen, cursor = store.tail(ADMIN, 0)
        assert seen == []
        other.commit()
        writer.join(timeout=30)
        more, _ = store.tail(ADMIN, cursor)
        assert [e.event_id for e in seen + more] == [first.event_id, second.event_id]
