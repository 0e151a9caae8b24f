"""The run store at scale: migration 2's index on ``runs (created_at)`` serves the
newest-first run lists (plans read back from SQLite and PostgreSQL), a schema-1 store is
upgraded in place, and the PostgreSQL store's connection pool recovers by itself after the
server restarts."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from saferail._pgpool import PoolConfig
from saferail.evals import RunStore, SqlRunStore, StoreError, open_store
from saferail.evals import store as sqlite_module
from saferail.evals._sqlstore import list_runs_sql
from saferail.evals.results import CaseResult, RunInfo, RunStatus
from tests.gateway._postgres import restartable_postgres
from tests.pg import pg_schema_url

RUNS = 3000


def info(i: int, suite: str | None = None) -> RunInfo:
    return RunInfo(
        run_id=f"run-{i:05d}",
        suite_name=suite or f"suite-{i % 40}",
        suite_version="1",
        target_fingerprint="fp",
        status=RunStatus.COMPLETED,
        created_at=f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:00:{i % 60:02d}.{i:06d}Z",
        manifest={"n": i},
    )


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def many_runs(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SqlRunStore]:
    def fill(store: SqlRunStore) -> SqlRunStore:
        for i in range(RUNS):
            store.create_run(info(i))
        return store

    if request.param == "sqlite":
        with RunStore(tmp_path_factory.mktemp("runs") / "runs.db") as s:
            yield fill(s)
        return
    with pg_schema_url() as url, open_store(url) as s:
        fill(s)
        s._exec("ANALYZE")  # what autovacuum does on a live server
        yield s


def test_the_newest_runs_come_from_the_created_at_index(many_runs: SqlRunStore) -> None:
    shown = "\n".join(many_runs._explain(*list_runs_sql(None, 50)))
    assert "runs_created" in shown, shown
    assert "TEMP B-TREE" not in shown and "Sort" not in shown, shown  # no sort of every run
    newest = many_runs.list_runs(limit=50)
    want = sorted((info(i) for i in range(RUNS)), key=lambda r: r.created_at, reverse=True)
    assert [r.run_id for r in newest] == [r.run_id for r in want[:50]]


def test_one_suites_runs_still_use_the_suite_index(many_runs: SqlRunStore) -> None:
    shown = "\n".join(many_runs._explain(*list_runs_sql("suite-7", 20)))
    assert "runs_suite" in shown, shown
    got = many_runs.list_runs("suite-7", limit=20)
    assert len(got) == 20 and {r.suite_name for r in got} == {"suite-7"}


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_a_schema_1_run_store_is_upgraded_in_place(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def check(location: str) -> None:
        module = sqlite_module
        if kind == "postgres":
            from saferail.evals import store_pg as module  # type: ignore[no-redef]
        with monkeypatch.context() as m:
            m.setattr(module, "_MIGRATIONS", module._MIGRATIONS[:1])
            with open_store(location) as old:
                assert old.schema_version == 1
                old.create_run(info(1))
        with open_store(location) as new:
            assert new.schema_version == 2 and new.get_run("run-00001").manifest == {"n": 1}

    if kind == "sqlite":
        check(str(tmp_path / "runs.db"))
        return
    with pg_schema_url() as url:
        check(url)


def test_the_pooled_run_store_serves_threads_and_survives_a_restart() -> None:
    result = CaseResult(case_id="c0", case_hash="h", category="x", expected="comply", passed=True)
    with restartable_postgres() as pg, open_store(pg.url) as store:
        assert isinstance(store.pool.config, PoolConfig)  # type: ignore[attr-defined]
        errors: list[BaseException] = []

        def worker(k: int) -> None:
            try:
                for i in range(k * 20, k * 20 + 20):
                    store.create_run(info(i, suite="threads"))
                    store.add_results(info(i).run_id, [(0, result)])
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == [] and len(store.list_runs("threads", limit=500)) == 80
        pg.restart()
        store.create_run(info(500, suite="threads"))  # no error after the restart
        assert len(store.list_runs("threads", limit=500)) == 81
        assert store.results("run-00500") == []
        store.add_results("run-00500", [(0, result)])
        assert [r.case_id for r in store.results("run-00500")] == ["c0"]


def test_run_store_pool_settings_and_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFERAIL_PG_POOL_MAX_SIZE", "0")
    with pytest.raises(StoreError, match="run store pool settings: SAFERAIL_PG_POOL_MAX_SIZE"):
        open_store("postgresql://nobody@127.0.0.1:1/none")
    monkeypatch.delenv("SAFERAIL_PG_POOL_MAX_SIZE")
    with pg_schema_url() as url:
        store = open_store(url)
        store.close()
        with pytest.raises(StoreError, match="the store is closed"):
            store.list_runs()
