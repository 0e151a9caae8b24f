"""Audit of the runner and the run store: defects found running large evals in CI.

Each test names the behaviour it pins down; they run on the real SQLite store and on the
local PostgreSQL (the ``store`` fixture) where the store is involved.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from saferail.evals import Case, CaseResult, RunInfo, SqlRunStore, StoreError, Suite
from saferail.evals.runner import RunConfig, Runner
from saferail.targets import CallableTarget
from saferail.targets.spec import target_from_spec
from tests.evals.conftest import leak_suite

RUN_ID = "20260101T000000-abcdef12"


def _info(run_id: str = RUN_ID) -> RunInfo:
    return RunInfo(
        run_id=run_id,
        suite_name="s",
        suite_version="v" * 64,
        target_fingerprint="f" * 64,
        created_at="2026-01-01T00:00:00Z",
    )


# -- the response cache ----------------------------------------------------------------------


def test_execute_hashes_each_case_by_its_content_not_by_its_id(store: SqlRunStore) -> None:
    """``Runner.execute`` runs cases that are not the suite's (the red team's): two cases with
    the same id and different prompts must each get their own answer and content hash, not the
    first one's cached answer."""
    runner = Runner(leak_suite(1), target_from_spec("echo"), store)
    run_id = runner.open().run_id

    async def go() -> tuple[CaseResult, CaseResult]:
        (first,) = await runner.execute(run_id, [Case(id="q", prompt="one", expected="comply")], 0)
        (second,) = await runner.execute(run_id, [Case(id="q", prompt="two", expected="comply")], 1)
        return first, second

    first, second = asyncio.run(go())
    assert first.output == "You said: one"
    assert second.output == "You said: two" and not second.cached
    assert second.case_hash == Case(id="q", prompt="two", expected="comply").content_hash()
    assert first.case_hash != second.case_hash


# -- results reach the store during the run ----------------------------------------------------


def test_finished_results_are_stored_while_the_run_is_still_going(store: SqlRunStore) -> None:
    """A run of fewer cases than ``flush_every`` used to write its results only when it ended:
    a CI job killed mid-run (SIGKILL, a runner timeout) lost every answer. Results must reach
    the store while later cases are still in flight."""
    answered: list[str] = []
    release = asyncio.Event()

    async def model(messages: list[dict[str, Any]], **_: Any) -> str:
        if messages[-1]["content"] == "say hello" and len(answered) == 3:
            await release.wait()  # c3 hangs until the test has looked at the store
        answered.append(messages[-1]["content"])
        return "ok"

    runner = Runner(leak_suite(6), CallableTarget(model, name="m"), store, RunConfig(concurrency=1))

    async def go() -> set[str]:
        task = asyncio.ensure_future(runner.run())
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 30.0
        seen: set[str] = set()
        while loop.time() < deadline:
            await asyncio.sleep(0.05)
            if runner.run_id is not None:
                seen = store.finished_case_ids(runner.run_id)
                if len(seen) == 3:
                    break
        release.set()
        await task
        return seen

    assert asyncio.run(go()) == {"c0", "c1", "c2"}


# -- the run store -----------------------------------------------------------------------------


def test_run_id_prefixes_match_case_sensitively_on_both_back_ends(store: SqlRunStore) -> None:
    """SQLite's LIKE ignores ASCII case, PostgreSQL's does not: ``get_run("...t")`` found the
    run ``...T...`` on SQLite only. Exact ids are case-sensitive on both, and so are prefixes."""
    store.create_run(_info())
    store.create_run(_info("20260101t000000-00000000"))
    assert store.get_run("20260101T").run_id == RUN_ID
    assert store.get_run("20260101t").run_id == "20260101t000000-00000000"
    with pytest.raises(StoreError, match="no run matches"):
        store.get_run("20260101TX")
    with pytest.raises(StoreError, match="more than one run"):
        store.get_run("2026")
    store.create_run(_info("a%b_c"))  # LIKE wildcards in a prefix are plain characters
    assert store.get_run("a%b").run_id == "a%b_c"
    with pytest.raises(StoreError, match="no run matches"):
        store.get_run("a_b")


def test_an_error_message_with_a_nul_byte_is_stored_on_both_back_ends(
    store: SqlRunStore,
) -> None:
    """A proxy's binary error page (HTTP 400 body with a NUL byte) became the case's error;
    PostgreSQL text cannot hold NUL, so the whole run crashed with psycopg's DataError there
    while SQLite stored it. The result, with its exact message, must be stored on both."""
    store.create_run(_info())
    message = "HTTP 400 from proxy: \x00\x01garbage"
    store.add_results(
        RUN_ID,
        [
            (
                0,
                CaseResult(
                    case_id="a", case_hash="h", category="c", expected="comply", error=message
                ),
            )
        ],
    )
    (result,) = store.results(RUN_ID)
    assert result.error == message and result.passed is None
    assert store.finished_case_ids(RUN_ID) == set()  # still an errored case


# -- the executor's time budget (saferail/evals/executors/local.py) --------------------------


def test_waiting_for_the_rate_limit_does_not_time_a_case_out(store: SqlRunStore) -> None:
    async def model(messages: list[dict[str, Any]], **_: Any) -> str:
        return "ok"

    suite = Suite(
        name="paced",
        cases=[{"id": f"c{i}", "prompt": f"p{i}", "expected": "comply"} for i in range(6)],
    )
    config = RunConfig(concurrency=6, rate_limit_rps=4.0, timeout_s=0.6)
    info = asyncio.run(Runner(suite, CallableTarget(model, name="m"), store, config).run())
    assert [r.error for r in store.results(info.run_id)] == [None] * 6


def test_a_case_id_or_category_with_a_nul_byte_is_refused_when_the_suite_loads(
    tmp_path: Path,
) -> None:
    """The id and category are text columns of the store: with a NUL byte a suite ran on
    SQLite and crashed mid-run on PostgreSQL with psycopg's DataError. Refused up front."""
    from saferail.evals.suite import SuiteError, load_suite

    for field in ("id", "category"):
        row = {"id": "a", "prompt": "p", "expected": "comply", field: "x\u0000y"}
        path = tmp_path / f"{field}.jsonl"
        path.write_text(json.dumps(row) + "\n", encoding="utf-8")
        with pytest.raises(SuiteError, match=rf"{field}.jsonl:1: {field}: .*NUL"):
            load_suite(path)
