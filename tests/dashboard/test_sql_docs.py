"""Every SQL query in docs/telemetry/dashboard.md runs, and returns rows, on the seeded
SQLite store and on the same events in a real PostgreSQL store (a ``-- sqlite`` or
``-- postgresql`` first line limits a query to that back-end)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator

import pytest

from saferail.telemetry.access import Principal
from saferail.telemetry.query import EventQuery
from saferail.telemetry.store import open_event_store
from tests.conftest import REPO
from tests.dashboard.seed import World
from tests.pg import pg_schema_url

DOC = REPO / "docs" / "telemetry" / "dashboard.md"
FENCE = re.compile(r"^```sql\n(.*?)^```", re.S | re.M)
ADMIN = Principal(name="sql-docs", role="admin")


def queries(dialect: str) -> list[str]:
    found = []
    for m in FENCE.finditer(DOC.read_text(encoding="utf-8")):
        sql = m.group(1).strip()
        first = sql.splitlines()[0].strip()
        only = first[3:] if first.startswith("-- ") else None
        if only in ("sqlite", "postgresql") and only != dialect:
            continue
        found.append(sql)
    return found


def test_the_doc_has_queries_for_both() -> None:
    assert len(queries("sqlite")) >= 7 and len(queries("postgresql")) >= 7
    assert queries("sqlite") != queries("postgresql")


@pytest.mark.parametrize("sql", queries("sqlite"), ids=lambda s: s.splitlines()[0][:40])
def test_sqlite(world: World, sql: str) -> None:
    with open_event_store(world.events_path) as store:
        store.events(ADMIN, EventQuery(limit=1), include_content=True)  # an audited read
    db = sqlite3.connect(world.events_path)
    try:
        rows = db.execute(sql).fetchall()
    finally:
        db.close()
    assert rows and all(len(r) >= 2 for r in rows)


@pytest.fixture(scope="module")
def pg_url(world: World) -> Iterator[str]:
    with pg_schema_url() as url:
        with open_event_store(world.events_path) as source, open_event_store(url) as target:
            reader = Principal(name="copy", role="admin")
            target.write(source.events(reader, EventQuery(limit=100_000), include_content=True))
            target.events(ADMIN, EventQuery(limit=1), include_content=True)
        yield url


@pytest.mark.parametrize("sql", queries("postgresql"), ids=lambda s: s.splitlines()[0][:40])
def test_postgresql(pg_url: str, world: World, sql: str) -> None:
    import psycopg

    with psycopg.connect(pg_url) as conn:
        rows = conn.execute(sql).fetchall()  # type: ignore[arg-type]
    assert rows and all(len(r) >= 2 for r in rows)


def test_the_block_rate_query_agrees_with_the_store(world: World) -> None:
    sql = queries("sqlite")[0]
    db = sqlite3.connect(world.events_path)
    try:
        rows = db.execute(sql).fetchall()
    finally:
        db.close()
    by_version: dict[str, list[int]] = {}
    for version, _, decisions, blocked, *_ in rows:
        total = by_version.setdefault(version, [0, 0])
        total[0] += decisions
        total[1] += blocked
    assert by_version["v1"] == [276, 12]
    assert by_version["v2"] == [249, 43]
