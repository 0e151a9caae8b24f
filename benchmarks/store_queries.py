"""The dashboard's store queries before and after migrations 2 and 3, and PostgreSQL pooling.

1. Dashboard queries on ``--events`` synthetic events spread over 30 days (built from real
   ``SafetyEvent`` rows: 95% guard decisions, a quarter of them with one or two finding
   categories, every event with hashed user and conversation ids, captured content on 10% of
   the last 7 days' events as a store with the default retention has), SQLite and
   PostgreSQL, each timed as the store runs it over the last day and the last 7 days, median
   of ``--passes`` interleaved passes:

   - *before*: schema 1 and the statements saferail ran before migration 2 (category join
     and category filter not bounded to the window);
   - *schema 1, new SQL*: the current statements on the old indexes (what the query change
     alone does);
   - *after*: the same store upgraded in place to the latest schema (the upgrade is timed
     too), the current statements.

   PostgreSQL tables are ANALYZEd after loading and after the upgrade (what autovacuum
   does); SQLite is not (saferail never runs ANALYZE there). Also the hourly retention purge
   (default retention: nothing is due but the scan), the newest-first run list on
   ``--runs`` runs, and ``store.write`` events/s (batches of 500, hashed ids on every event)
   on schema 1 vs the latest (the cost of the extra indexes).

2. PostgreSQL pooled vs unpooled from 1 and 4 threads: the window count (a 4-8 ms query),
   and ``store.write`` of 100-event batches; one shared connection behind a lock (the store
   before pooling), a new connection per call, and the pool (max 4) with and without the
   check on lending. Median of ``--pool-passes``.

    nice .venv/bin/python benchmarks/store_queries.py [--events 200000] [--passes 5]
        [--runs 5000] [--pg postgresql://postgres@127.0.0.1:5432/postgres] [--no-pg]
        [--only-write]

Results: ``benchmarks/results/store_queries.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from saferail._pgpool import PoolConfig
from saferail.evals import store as run_sqlite
from saferail.evals._sqlstore import list_runs_sql
from saferail.evals.results import RunInfo, RunStatus
from saferail.evals.store import open_store
from saferail.telemetry import store as event_store
from saferail.telemetry import store_pg, store_sqlite
from saferail.telemetry._sql import COLUMNS, event_rows, iso
from saferail.telemetry.event import CapturedContent, SafetyEvent
from saferail.telemetry.query import EventQuery
from saferail.telemetry.store import (
    EventStore,
    Retention,
    aggregate_sql,
    count_sql,
    events_sql,
    open_event_store,
)

RESULTS = Path(__file__).parent / "results" / "store_queries.json"
PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432/postgres"
DAY_MS = 86_400_000
CATEGORIES = ("pii", "prompt_injection", "jailbreak", "secret", "toxicity", "banned_topic")

# -- synthetic events ---------------------------------------------------------------------


def templates() -> list[tuple[tuple[Any, ...], list[str]]]:
    """Stored rows of real events (one per kind) and their categories."""
    now = datetime.now(UTC)
    out = []
    kinds: list[tuple[str, str, list[str]]] = [("allow", "pass", [])]
    for i, c in enumerate(CATEGORIES):
        kinds.append((("block", "redact", "warn")[i % 3], "fail", [c]))
        kinds.append(("block", "fail", [c, CATEGORIES[(i + 1) % len(CATEGORIES)]]))
    for surface in ("input", "output"):
        for action, verdict, cats in kinds:
            for version in ("v1", "v2", "v3"):
                event = SafetyEvent(
                    type="guard.decision", source="gateway", time=now, surface=surface,
                    check=cats[0] if cats else None, verdict=verdict, action=action,
                    categories=cats, score=0.8 if cats else None, latency_ms=0.6,
                    model="m", model_version=version, prompt_version="p1",
                    policy_id="default", tenant="t1",
                )  # fmt: skip
                rows, _ = event_rows([event])
                out.append((rows[0], cats))
    evals = SafetyEvent(type="eval.result", source="eval", time=now, verdict="pass", suite="s")
    out.append((event_rows([evals])[0][0], []))
    return out


_COL = {name: i for i, name in enumerate(COLUMNS)}
_CAPTURED = CapturedContent(input="my email is <EMAIL_ADDRESS_1>").model_dump_json(
    exclude_defaults=True
)


def synthetic(n: int, end_ms: int, days: int = 30, seed: int = 7) -> Iterator[tuple[Any, ...]]:
    """``(event row, category rows)`` for n events evenly over ``days`` before ``end_ms``."""
    rng = random.Random(seed)
    user = "hmac-sha256:" + "b" * 32
    temps = templates()
    plain = [t for t in temps if not t[1] and t[0][3] == "guard.decision"]
    found = [t for t in temps if t[1]]
    evals = [t for t in temps if t[0][3] == "eval.result"]
    span = days * DAY_MS
    for i in range(n):
        r = rng.random()
        row, cats = rng.choice(evals if r < 0.05 else plain if r < 0.77 else found)
        ts = end_ms - span + (i * span) // n
        event_id = uuid.UUID(int=rng.getrandbits(128), version=4).hex
        body = row[-1].replace(row[0], event_id).replace(row[2], iso(ts))
        out = [event_id, ts, iso(ts), *row[3:-1], body]
        out[_COL["conversation_hash"]] = out[_COL["user_hash"]] = user
        if ts > end_ms - 7 * DAY_MS and rng.random() < 0.1:
            out[_COL["content"]] = _CAPTURED
        yield tuple(out), [(event_id, ts, c) for c in cats]


def load(store: EventStore, n: int, end_ms: int) -> float:
    """Insert n synthetic events with the store's own statements; seconds taken."""
    t0 = time.perf_counter()
    rows: list[tuple[Any, ...]] = []
    cats: list[tuple[Any, ...]] = []
    for row, found in synthetic(n, end_ms):
        rows.append(row)
        cats.extend(found)
        if len(rows) == 5000:
            store._transaction(
                [(event_store._INSERT_EVENTS, rows), (event_store._INSERT_CATS, cats)]
            )
            rows, cats = [], []
    if rows:
        store._transaction([(event_store._INSERT_EVENTS, rows), (event_store._INSERT_CATS, cats)])
    return time.perf_counter() - t0


# -- the queries --------------------------------------------------------------------------

_JOIN_BOUND = re.compile(r" AND c\.ts_ms = e\.ts_ms( AND c\.ts_ms (>=|<) \?)*")
_FILTER_BOUND = re.compile(r"(WHERE category = \?)((?: AND ts_ms (?:>=|<) \?)*)\)")


def before_migration_2(sql: str, args: list[Any]) -> tuple[str, list[Any]]:
    """The statement as saferail ran it before migration 2: the category join and the
    category filter not bounded to the window."""
    args = list(args)
    m = _JOIN_BOUND.search(sql)
    if m:
        del args[: m.group(0).count("?")]  # the join's bounds come first
        sql = sql.replace(m.group(0), "")
    m = _FILTER_BOUND.search(sql)
    if m:
        marks_before = sql[: m.start(2)].count("?")
        del args[marks_before : marks_before + m.group(2).count("?")]
        sql = sql[: m.start(2)] + sql[m.end(2) :]
    return sql, args


def queries(end_ms: int) -> dict[str, tuple[str, list[Any]]]:
    until = datetime.fromtimestamp(end_ms / 1000, UTC)
    out: dict[str, tuple[str, list[Any]]] = {}
    for label, days in (("day", 1), ("7d", 7)):
        q = EventQuery(since=until - timedelta(days=days), until=until, types=["guard.decision"])
        hour = timedelta(hours=1)
        out[f"count_{label}"] = count_sql(q)
        out[f"totals_{label}"] = aggregate_sql(q)[:2]
        out[f"hourly_by_model_version_{label}"] = aggregate_sql(q, ["model_version"], hour)[:2]
        out[f"by_category_{label}"] = aggregate_sql(q, ["category"])[:2]
        pii = q.model_copy(update={"category": "pii"})
        out[f"category_pii_hourly_{label}"] = aggregate_sql(pii, [], hour)[:2]
        out[f"events_page_{label}"] = events_sql(q.model_copy(update={"limit": 100}))
    out["events_page_category_any_time"] = events_sql(EventQuery(category="secret", limit=100))
    return out


def time_once(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


@contextmanager
def schema_1(*modules: Any) -> Iterator[None]:
    saved = [m._MIGRATIONS for m in modules]
    for m in modules:
        m._MIGRATIONS = m._MIGRATIONS[:1]
    try:
        yield
    finally:
        for m, old in zip(modules, saved, strict=True):
            m._MIGRATIONS = old


def analyze(store: Any) -> None:
    """What autovacuum does on a live PostgreSQL (nothing on SQLite)."""
    if "Postgres" not in type(store).__name__:
        return
    if isinstance(store, EventStore):
        store._transaction([("ANALYZE", [()])])
    else:
        store._exec("ANALYZE")


def plan(store: EventStore, sql: str, args: list[Any]) -> list[str]:
    return [line.strip() for line in store._explain(sql, args)]


def dashboard(kind: str, fresh: Callable[[], str], args: argparse.Namespace) -> dict[str, Any]:
    """Part 1 for one back-end: two stores loaded with the same events, one left at schema 1
    and one upgraded in place; every query timed on both in turn, pass after pass."""
    module = store_sqlite if kind == "sqlite" else store_pg
    latest = len(module._MIGRATIONS)
    end_ms = int(time.time() * 1000)
    where = [fresh(), fresh()]
    with schema_1(module):
        for location in where:
            with open_event_store(location) as store:
                loaded = load(store, args.events, end_ms)
    t0 = time.perf_counter()
    with open_event_store(where[1]):
        upgrade_s = time.perf_counter() - t0
    with open_event_store(where[1]) as new, schema_1(module), open_event_store(where[0]) as old:
        assert old.schema_version == 1 and new.schema_version == latest
        analyze(old)
        analyze(new)
        qs = queries(end_ms)
        before: dict[str, list[float]] = {k: [] for k in qs}
        mixed: dict[str, list[float]] = {k: [] for k in qs}
        after: dict[str, list[float]] = {k: [] for k in qs}
        purge_before: list[float] = []
        purge_after: list[float] = []
        for _ in range(args.passes):
            for name, (sql, a) in qs.items():
                legacy = before_migration_2(sql, a)
                before[name].append(time_once(lambda s=legacy: old._rows(*s)))
                mixed[name].append(time_once(lambda s=sql, a=a: old._rows(s, a)))
                after[name].append(time_once(lambda s=sql, a=a: new._rows(s, a)))
            purge_before.append(time_once(lambda: old.purge(Retention())))
            purge_after.append(time_once(lambda: new.purge(Retention())))
        shown = ("by_category_day", "category_pii_hourly_day")
        plans_before = {k: plan(old, *before_migration_2(*qs[k])) for k in shown}
        plans_after = {k: plan(new, *qs[k]) for k in shown}
    med = statistics.median
    table = {
        name: {
            "before_ms": round(med(before[name]), 2),
            "schema1_new_sql_ms": round(med(mixed[name]), 2),
            "after_ms": round(med(after[name]), 2),
        }
        for name in qs
    }
    table["hourly_purge_default_retention"] = {
        "before_ms": round(med(purge_before), 2),
        "after_ms": round(med(purge_after), 2),
    }
    for name, row in table.items():
        print(f"  {kind} {name:34s} " + "  ".join(f"{k} {v:8.2f}" for k, v in row.items()))
    return {
        "events": args.events,
        "load_s": round(loaded, 1),
        "upgrade_to_latest_schema_s": round(upgrade_s, 2),
        "latest_schema": latest,
        "queries_ms_median": table,
        "plans_before": plans_before,
        "plans_after": plans_after,
    }


def run_list(kind: str, location: str, args: argparse.Namespace) -> dict[str, Any]:
    module: Any = run_sqlite
    if kind != "sqlite":
        from saferail.evals import store_pg as module  # type: ignore[no-redef]
    with schema_1(module), open_store(location) as old:
        for i in range(args.runs):
            old.create_run(
                RunInfo(
                    run_id=f"r{i:06d}",
                    suite_name=f"suite-{i % 50}",
                    suite_version="1",
                    target_fingerprint="fp",
                    status=RunStatus.COMPLETED,
                    created_at=iso(1_700_000_000_000 + i * 60_000 * 7919 % (400 * DAY_MS)),
                    manifest={"suite": {"cases": 100}, "target": {"spec": "echo"}},
                )
            )
        analyze(old)
        before = [
            time_once(lambda: old._rows(*list_runs_sql(None, 50))) for _ in range(args.passes)
        ]
    with open_store(location) as new:
        analyze(new)
        after = [time_once(lambda: new._rows(*list_runs_sql(None, 50))) for _ in range(args.passes)]
        shown = new._explain(*list_runs_sql(None, 50))
    result = {
        "runs": args.runs,
        "newest_50_before_ms": round(statistics.median(before), 2),
        "newest_50_after_ms": round(statistics.median(after), 2),
        "plan_after": [line.strip() for line in shown],
    }
    print(
        f"  {kind} runs list: {result['newest_50_before_ms']} -> {result['newest_50_after_ms']} ms"
    )
    return result


def write_cost(
    kind: str, new_location: Callable[[], str], args: argparse.Namespace
) -> dict[str, Any]:
    """store.write events/s (batches of 500, hashed ids on every event) on schema 1 vs the
    latest schema."""
    now = datetime.now(UTC)
    events = [
        SafetyEvent(type="guard.decision", source="gateway", time=now - timedelta(seconds=i),
                    surface="input", verdict="fail" if i % 4 == 0 else "pass",
                    action="block" if i % 4 == 0 else "allow",
                    categories=[CATEGORIES[i % 6]] if i % 4 == 0 else [], latency_ms=0.5,
                    user_hash="hmac-sha256:" + "b" * 32,
                    conversation_hash="hmac-sha256:" + "c" * 32)
        for i in range(args.write_events)
    ]  # fmt: skip
    module = store_sqlite if kind == "sqlite" else store_pg
    rates: dict[str, list[float]] = {"schema_1": [], "latest_schema": []}
    wal: dict[str, list[float]] = {k: [] for k in rates}
    for _ in range(args.passes):
        for label in rates:
            opener = schema_1(module) if label == "schema_1" else _nothing()
            with opener, open_event_store(new_location()) as store:
                lsn = _wal_lsn(store)
                t0 = time.perf_counter()
                for i in range(0, len(events), 500):
                    store.write(events[i : i + 500])
                rates[label].append(len(events) / (time.perf_counter() - t0))
                if lsn is not None:
                    done = store._rows("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), ?)", [lsn])
                    wal[label].append(float(done[0][0]) / len(events))
    out: dict[str, Any] = {
        "events": args.write_events,
        "events_per_s_median": {k: round(statistics.median(v)) for k, v in rates.items()},
    }
    if kind != "sqlite":
        # WAL written per event: the work the indexes add, less exposed to CPU noise than a
        # rate; the minimum over passes (other sessions on the server only add WAL).
        out["wal_bytes_per_event_min"] = {k: round(min(v)) for k, v in wal.items()}
    print(f"  {kind} store.write: {out}")
    return out


def _wal_lsn(store: EventStore) -> str | None:
    if "Postgres" not in type(store).__name__:
        return None
    return str(store._rows("SELECT pg_current_wal_lsn()::text")[0][0])


@contextmanager
def _nothing() -> Iterator[None]:
    yield


# -- pooled vs unpooled -------------------------------------------------------------------


class OneConnectionStore(EventStore):
    """The PostgreSQL event store as it was before pooling: one connection, one lock."""

    def __init__(self, url: str) -> None:
        import psycopg

        self.location = url
        self._lock = threading.Lock()
        self._db = psycopg.connect(url, autocommit=True)

    @property
    def schema_version(self) -> int:
        return 2

    def close(self) -> None:
        self._db.close()

    def _transaction(self, steps: Sequence[tuple[str, Sequence[Sequence[Any]]]]) -> list[int]:
        counts = []
        with self._lock, self._db.transaction(), self._db.cursor() as cur:
            for sql, rows in steps:
                cur.executemany(store_pg.PostgresEventStore._pg(sql), rows)
                counts.append(max(cur.rowcount, 0))
        return counts

    def _rows(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(store_pg.PostgresEventStore._pg(sql), args).fetchall()


class ConnectPerCallStore(OneConnectionStore):
    """No pool at all: a new connection for every call."""

    def __init__(self, url: str) -> None:
        self.location = url
        self._lock = threading.Lock()
        self._url = url

    def close(self) -> None:
        return None

    def _transaction(self, steps: Sequence[tuple[str, Sequence[Sequence[Any]]]]) -> list[int]:
        import psycopg

        counts = []
        with (
            psycopg.connect(self._url, autocommit=True) as db,
            db.transaction(),
            db.cursor() as cur,
        ):
            for sql, rows in steps:
                cur.executemany(store_pg.PostgresEventStore._pg(sql), rows)
                counts.append(max(cur.rowcount, 0))
        return counts

    def _rows(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        import psycopg

        with psycopg.connect(self._url, autocommit=True) as db:
            return db.execute(store_pg.PostgresEventStore._pg(sql), args).fetchall()


def hammer(threads: int, ops: int, op: Callable[[int], None]) -> float:
    """ops/s of ``ops`` calls shared by ``threads`` threads."""
    counter = iter(range(ops))
    lock = threading.Lock()

    def worker() -> None:
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            op(i)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    t0 = time.perf_counter()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return ops / (time.perf_counter() - t0)


def pooling(url: str, fresh: Callable[[], str], args: argparse.Namespace) -> dict[str, Any]:
    """Part 2: window counts on the loaded store and 100-event writes into fresh ones."""

    def write_url() -> str:
        target = fresh()
        store_pg.PostgresEventStore(target, pool=PoolConfig(min_size=0)).close()  # migrate
        return target

    end_ms = int(time.time() * 1000)
    count = queries(end_ms)["count_day"]
    now = datetime.now(UTC)
    batches = [
        [SafetyEvent(type="guard.decision", source="gateway", time=now, surface="input",
                     verdict="pass", action="allow") for _ in range(100)]
        for _ in range(args.pool_ops)
    ]  # fmt: skip
    modes: dict[str, Callable[[str], EventStore]] = {
        "one_connection_locked": OneConnectionStore,
        "connection_per_call": ConnectPerCallStore,
        "pool_max4": lambda u: store_pg.PostgresEventStore(u, pool=PoolConfig(max_size=4)),
        "pool_max4_no_check": lambda u: store_pg.PostgresEventStore(
            u, pool=PoolConfig(max_size=4, check=False)
        ),
    }
    out: dict[str, Any] = {}
    for workload in ("count_day_query", "write_100_events"):
        for threads in (1, 4):
            cell: dict[str, list[float]] = {m: [] for m in modes}
            for _ in range(args.pool_passes):
                for mode, make in modes.items():  # interleaved, each pass
                    target = url if workload == "count_day_query" else write_url()
                    store = make(target)
                    try:
                        if workload == "count_day_query":
                            rate = hammer(
                                threads, args.pool_ops, lambda i, s=store: s._rows(*count)
                            )
                        else:
                            rate = hammer(
                                threads, args.pool_ops, lambda i, s=store: s.write(batches[i])
                            )
                    finally:
                        store.close()
                    cell[mode].append(rate)
            key = f"{workload}_threads_{threads}"
            out[key] = {m: round(statistics.median(v), 1) for m, v in cell.items()}
            print(f"  pg {key} ops/s: {out[key]}")
    out["ops_per_cell"] = args.pool_ops
    return out


# -- main ---------------------------------------------------------------------------------


class Schemas:
    def __init__(self, pg: str) -> None:
        self.pg = pg
        self.names: list[str] = []

    def new(self) -> str:
        import psycopg

        name = "sq_bench_" + uuid.uuid4().hex[:10]
        with psycopg.connect(self.pg, autocommit=True) as db:
            db.execute(f"CREATE SCHEMA {name}")
        self.names.append(name)
        sep = "&" if "?" in self.pg else "?"
        return f"{self.pg}{sep}options=-csearch_path%3D{name}"

    def cleanup(self) -> None:
        import psycopg

        with psycopg.connect(self.pg, autocommit=True) as db:
            for name in self.names:
                db.execute(f"DROP SCHEMA {name} CASCADE")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--runs", type=int, default=5000)
    parser.add_argument("--write-events", type=int, default=20_000)
    parser.add_argument("--pool-ops", type=int, default=200)
    parser.add_argument("--pool-passes", type=int, default=3)
    parser.add_argument("--pg", default=os.environ.get("SAFERAIL_TEST_PG", PG_DEFAULT))
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument(
        "--only-write", action="store_true", help="re-measure the write cost only (merged)"
    )
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # still drop the schemas
    tmp = tempfile.TemporaryDirectory()
    files = iter(range(1_000_000))

    def sqlite_path() -> str:
        return str(Path(tmp.name) / f"s{next(files)}.db")

    results: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d"),
        "command": "benchmarks/store_queries.py " + " ".join(sys.argv[1:]),
        "machine": f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start",
    }
    schemas = None if args.no_pg else Schemas(args.pg)
    try:
        kinds = [("sqlite", sqlite_path)]
        if schemas is not None:
            kinds.append(("postgresql", schemas.new))
        if args.only_write:
            results = json.loads(RESULTS.read_text())
            for kind, fresh in kinds:
                results[kind]["write_cost"] = write_cost(kind, fresh, args)
                results[kind]["write_cost"]["command"] = "benchmarks/store_queries.py " + " ".join(
                    sys.argv[1:]
                )
            kinds = []
        for kind, fresh in kinds:
            print(f"{kind}: dashboard queries on {args.events:,} events")
            results[kind] = {
                "dashboard": dashboard(kind, fresh, args),
                "run_list": run_list(kind, fresh(), args),
                "write_cost": write_cost(kind, fresh, args),
            }
        if schemas is not None and not args.only_write:
            loaded = schemas.new()
            with open_event_store(loaded) as store:
                load(store, args.events, int(time.time() * 1000))
                analyze(store)
            print("postgresql: pooled vs unpooled")
            results["postgresql_pooling"] = pooling(loaded, schemas.new, args)
    finally:
        if schemas is not None:
            schemas.cleanup()
        tmp.cleanup()
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
