from pathlib import Path

import pytest

from saferail.evals import CaseResult, RunInfo, RunStatus, RunStore, SqlRunStore, StoreError
from saferail.evals.store import default_store_path, open_store
from tests.pg import pg_schema_url


def _info(run_id: str, suite: str = "s", created: str = "2026-01-01T00:00:00Z") -> RunInfo:
    return RunInfo(
        run_id=run_id,
        suite_name=suite,
        suite_version="v" * 64,
        target_fingerprint="f" * 64,
        created_at=created,
        manifest={"k": [1, "ü"]},
    )


def _result(case_id: str, passed: bool | None, error: str | None = None) -> CaseResult:
    return CaseResult(
        case_id=case_id,
        case_hash="h",
        category="c",
        expected="refuse",
        passed=passed,
        error=error,
        output="answer <b>ü</b> 100%",
    )


def test_runs_roundtrip_prefix_and_listing(store: SqlRunStore) -> None:
    assert store.schema_version == 2
    store.create_run(_info("20260101-aaaa"))
    store.create_run(_info("20260102-bbbb", suite="t", created="2026-01-02T00:00:00Z"))
    store.create_run(_info("20260102-bbcc", suite="t", created="2026-01-03T00:00:00Z"))
    got = store.get_run("20260101")
    assert got.run_id == "20260101-aaaa" and got.manifest == {"k": [1, "ü"]}
    assert got.status is RunStatus.RUNNING
    with pytest.raises(StoreError, match="more than one run matches '20260102-bb'"):
        store.get_run("20260102-bb")
    with pytest.raises(StoreError, match="no run matches '%'"):
        store.get_run("%")
    assert [r.run_id for r in store.list_runs()] == [
        "20260102-bbcc",
        "20260102-bbbb",
        "20260101-aaaa",
    ]
    assert [r.run_id for r in store.list_runs("t", limit=1)] == ["20260102-bbcc"]
    store.update_run(
        "20260101-aaaa", status=RunStatus.COMPLETED, finished_at="x", manifest={"done": True}
    )
    done = store.get_run("20260101-aaaa")
    assert (done.status, done.finished_at, done.manifest) == (
        RunStatus.COMPLETED,
        "x",
        {"done": True},
    )
    store.update_run("20260101-aaaa", status=RunStatus.FAILED)
    assert store.get_run("20260101-aaaa").manifest == {"done": True}


def test_results_in_order_replaced_on_rerun(store: SqlRunStore) -> None:
    store.create_run(_info("r1"))
    store.add_results("r1", [(2, _result("b", True)), (0, _result("a", None, "boom"))])
    store.add_results("r1", [(1, _result("c", False))])
    assert [r.case_id for r in store.results("r1")] == ["a", "c", "b"]
    assert store.finished_case_ids("r1") == {"b", "c"}
    store.add_results("r1", [(0, _result("a", True))])
    assert store.finished_case_ids("r1") == {"a", "b", "c"}
    assert store.results("r1")[0].output == "answer <b>ü</b> 100%"
    store.add_results("r1", [])


def test_cache_roundtrip(store: SqlRunStore) -> None:
    keys = [f"k{i}" for i in range(1203)]
    store.cache_put_many((k, {"text": k, "n": 1}) for k in keys)
    store.cache_put_many([("k0", {"text": "new"})])
    got = store.cache_get_many([*keys, "missing"])
    assert len(got) == 1203 and got["k0"] == {"text": "new"} and got["k7"]["text"] == "k7"


def test_sqlite_store_errors_and_defaults(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match="cannot open run store"):
        RunStore(tmp_path / "file" / "runs.db")
    assert default_store_path().parent.name == "saferail-home"  # isolated by conftest
    with open_store() as s:
        assert isinstance(s, RunStore) and s.path == default_store_path()


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "runs.db"
    RunStore(path).close()
    import sqlite3

    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 99")
    with pytest.raises(StoreError, match="newer than this saferail"):
        RunStore(path)


def test_postgres_url_opens_the_same_store_and_migrates_once() -> None:
    with pg_schema_url() as url:
        with open_store(url) as first:
            first.create_run(_info("p1"))
        with open_store(url) as again:
            assert again.schema_version == 2 and again.get_run("p1").run_id == "p1"


def test_postgres_errors_are_one_line_without_password() -> None:
    pytest.importorskip("psycopg")
    with pytest.raises(StoreError) as info:
        open_store("postgresql://me:hunter2@127.0.0.1:1/nodb")
    assert "hunter2" not in str(info.value) and "me:***@" in str(info.value)
    assert "\n" not in str(info.value)
