import asyncio
from typing import Any

import pytest

from saferail.evals import RunStatus, SqlRunStore, StoreError, Suite
from saferail.evals.metrics import compute_metrics
from saferail.evals.runner import RunConfig, Runner
from saferail.targets import CallableTarget, OpenAITarget
from saferail.targets.base import TargetRejected, TargetUnavailable
from saferail.targets.spec import target_from_spec
from tests.evals.conftest import leak_suite
from tests.targets.conftest import MockServer, Step, completion


def _run(runner: Runner, resume: str | None = None) -> Any:
    return asyncio.run(runner.run(resume))


def test_run_scores_stores_and_manifests(store: SqlRunStore) -> None:
    suite = leak_suite(6)
    seen: list[tuple[int, int]] = []
    runner = Runner(
        suite,
        target_from_spec("echo"),
        store,
        target_spec="echo",
        progress=lambda d, t: seen.append((d, t)),
    )
    info = _run(runner)
    assert info.status is RunStatus.COMPLETED
    results = store.results(info.run_id)
    assert [r.case_id for r in results] == [f"c{i}" for i in range(6)]
    assert [r.passed for r in results] == [False, True] * 3
    assert all(r.score("canary") is not None for r in results)
    assert seen[-1] == (6, 6)
    manifest = info.manifest
    assert manifest["suite"]["version"] == suite.version
    assert manifest["target"]["fingerprint"] == info.target_fingerprint
    assert manifest["target"]["spec"] == "echo"
    assert {s["name"] for s in manifest["scorers"]} >= {"canary"}
    assert manifest["status"] == "completed" and manifest["finished_at"]
    assert "saferail" in manifest["packages"]
    metrics = compute_metrics(results)
    assert metrics.pass_rate.k == 3 and metrics.pass_rate.n == 6
    assert metrics.categories["even"].pass_rate.rate == 0.0
    assert metrics.categories["odd"].pass_rate.rate == 1.0


def test_second_run_replays_from_cache_exactly(store: SqlRunStore) -> None:
    calls: list[str] = []

    def model(messages: list[dict[str, Any]], **_: Any) -> str:
        calls.append(messages[-1]["content"])
        return f"{messages[-1]['content']} #{len(calls)}"

    suite = leak_suite(4)
    first = _run(Runner(suite, CallableTarget(model, name="m"), store))
    plan = Runner(suite, CallableTarget(model, name="m"), store).plan()
    assert (plan.cached, plan.calls) == (4, 0)
    second = _run(Runner(suite, CallableTarget(model, name="m"), store))
    assert len(calls) == 4
    old, new = store.results(first.run_id), store.results(second.run_id)
    assert [r.output for r in old] == [r.output for r in new]
    assert [r.passed for r in old] == [r.passed for r in new]
    assert all(r.cached for r in new) and not any(r.cached for r in old)
    nocache = _run(
        Runner(suite, CallableTarget(model, name="m"), store, RunConfig(use_cache=False))
    )
    assert len(calls) == 8 and nocache.status is RunStatus.COMPLETED


def test_interrupted_run_resumes_only_missing_cases(store: SqlRunStore) -> None:
    gate = {"open": False}
    answered: list[str] = []

    async def model(messages: list[dict[str, Any]], **_: Any) -> str:
        system = messages[0]["content"]
        if system.endswith("-3") and not gate["open"]:
            await asyncio.sleep(3600)
        answered.append(system)
        return "ok"

    suite = leak_suite(6)

    async def interrupted() -> str:
        runner = Runner(suite, CallableTarget(model, name="m"), store, RunConfig(concurrency=1))
        task = asyncio.ensure_future(runner.run())
        while len(answered) < 3:
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        (run,) = store.list_runs()
        return run.run_id

    run_id = asyncio.run(interrupted())
    assert store.get_run(run_id).status is RunStatus.INTERRUPTED
    assert store.finished_case_ids(run_id) == {"c0", "c1", "c2"}
    gate["open"] = True
    info = _run(Runner(suite, CallableTarget(model, name="m"), store), resume=run_id[:10])
    assert info.status is RunStatus.COMPLETED
    assert [r.case_id for r in store.results(run_id)] == [f"c{i}" for i in range(6)]
    assert len(answered) == 6  # no case answered twice


def test_resume_refuses_another_suite_or_target(store: SqlRunStore) -> None:
    info = _run(Runner(leak_suite(2), target_from_spec("echo"), store))
    with pytest.raises(StoreError, match="cannot resume"):
        _run(Runner(leak_suite(3), target_from_spec("echo"), store), resume=info.run_id)
    with pytest.raises(StoreError, match="another target"):
        _run(Runner(leak_suite(2), target_from_spec("refuse"), store), resume=info.run_id)
    with pytest.raises(StoreError, match="no run matches"):
        _run(Runner(leak_suite(2), target_from_spec("echo"), store), resume="nope")


def test_retries_timeouts_and_rejections_become_case_errors(store: SqlRunStore) -> None:
    failures = {"flaky": 2}

    async def model(messages: list[dict[str, Any]], **_: Any) -> str:
        prompt = messages[-1]["content"]
        if prompt == "flaky" and failures["flaky"]:
            failures["flaky"] -= 1
            raise TargetUnavailable("upstream 503")
        if prompt == "rejected":
            raise TargetRejected("HTTP 400 bad request", status=400)
        if prompt == "slow":
            await asyncio.sleep(30)
        return "fine"

    suite = Suite(
        name="faults",
        cases=[
            {"id": p, "prompt": p, "expected": "no_leak", "canary": "ZZZ"}
            for p in ("flaky", "rejected", "slow", "plain")
        ],
    )
    runner = Runner(
        suite,
        CallableTarget(model, name="f"),
        store,
        RunConfig(retries=2, timeout_s=2.0, concurrency=4),
    )
    info = _run(runner)
    by_id = {r.case_id: r for r in store.results(info.run_id)}
    assert by_id["flaky"].error is None and by_id["flaky"].attempts == 3
    assert by_id["rejected"].error == "HTTP 400 bad request" and by_id["rejected"].attempts == 1
    assert by_id["slow"].error == "timed out after 2 s" and by_id["slow"].passed is None
    assert by_id["plain"].passed is True
    metrics = compute_metrics(by_id.values())
    assert metrics.error_rate.k == 2
    # errored cases are not cached and re-run on resume
    assert store.finished_case_ids(info.run_id) == {"flaky", "plain"}


def test_concurrency_is_bounded(store: SqlRunStore) -> None:
    state = {"now": 0, "max": 0}

    async def model(messages: list[dict[str, Any]], **_: Any) -> str:
        state["now"] += 1
        state["max"] = max(state["max"], state["now"])
        await asyncio.sleep(0.01)
        state["now"] -= 1
        return "x"

    _run(Runner(leak_suite(20), CallableTarget(model, name="c"), store, RunConfig(concurrency=3)))
    assert state["max"] == 3


def test_limit_and_seeded_sample(store: SqlRunStore) -> None:
    suite = leak_suite(10)
    echo = target_from_spec("echo")
    assert [c.id for c in Runner(suite, echo, store, RunConfig(limit=3)).plan().cases] == [
        "c0",
        "c1",
        "c2",
    ]
    a = [c.id for c in Runner(suite, echo, store, RunConfig(sample=4, seed=7)).plan().cases]
    b = [c.id for c in Runner(suite, echo, store, RunConfig(sample=4, seed=7)).plan().cases]
    c = [c.id for c in Runner(suite, echo, store, RunConfig(sample=4, seed=8)).plan().cases]
    assert a == b and len(a) == 4 and a != c
    assert a == sorted(a, key=lambda x: int(x[1:]))


def test_failing_scorer_marks_the_case_errored(store: SqlRunStore) -> None:
    suite = Suite(
        name="j",
        cases=[{"id": "a", "prompt": "x", "expected": "comply"}],
        scorers=[{"name": "judge", "params": {"target": "refuse"}}],
    )
    info = _run(Runner(suite, target_from_spec("echo"), store))
    (result,) = store.results(info.run_id)
    assert result.error is not None and result.error.startswith("scorer judge failed")
    assert result.passed is None


def test_runs_against_an_openai_compatible_server_on_loopback(
    store: SqlRunStore, mock_server: MockServer
) -> None:
    mock_server.script(Step(status=503, json={"error": {"message": "busy"}}))

    async def go() -> Any:
        target = OpenAITarget(mock_server.url + "/v1", "mock-model", max_retries=0)
        try:
            return await Runner(leak_suite(4), target, store, RunConfig(retries=1)).run()
        finally:
            await target.aclose()

    info = asyncio.run(go())
    results = store.results(info.run_id)
    assert all(r.error is None for r in results)
    assert [r.passed for r in results] == [False, True, False, True]
    assert len(mock_server.requests) == 5  # one 503 retried
    assert mock_server.requests[0]["model"] == "mock-model"
    assert mock_server.requests[0]["temperature"] == 0


def test_default_scoring_adds_refusal_declared_scoring_does_not(store: SqlRunStore) -> None:
    from saferail.evals.scoring import build_scorers

    default = build_scorers(leak_suite(2))
    assert sorted(s.name for s in default.scorers) == ["canary", "refusal"]
    declared = Suite(
        name="d",
        cases=[{"id": "a", "prompt": "x", "expected": "comply"}],
        scorers=[{"name": "match", "params": {"contains": "x"}}],
    )
    assert [s.name for s in build_scorers(declared).scorers] == ["match"]
    info = _run(Runner(leak_suite(2), target_from_spec("refuse"), store))
    assert all(r.refused is True for r in store.results(info.run_id))


def test_runner_closes_judge_clients(store: SqlRunStore, mock_server: MockServer) -> None:
    mock_server.script(Step(json=completion("VERDICT: PASS\nSCORE: 9\nfine")))
    suite = Suite(
        name="j2",
        cases=[{"id": "a", "prompt": "x", "expected": "comply"}],
        scorers=[{"name": "judge", "params": {"target": mock_server.url + "/v1"}}],
    )
    runner = Runner(suite, target_from_spec("echo"), store)
    info = _run(runner)
    (result,) = store.results(info.run_id)
    assert result.passed is True and result.score("judge") is not None
    judge = runner.scorers.scorers[0]
    assert judge._target is None  # type: ignore[attr-defined]  # closed and released


def test_a_bug_in_a_python_target_is_not_retried_but_a_flaky_one_is(
    store: SqlRunStore,
) -> None:
    calls: dict[str, int] = {}

    def model(messages: list[dict[str, Any]], **_: Any) -> str:
        prompt = messages[-1]["content"]
        calls[prompt] = calls.get(prompt, 0) + 1
        if prompt == "bug":
            return {"text": "x"}["txet"]  # a KeyError: every call fails alike
        if prompt == "flaky":
            raise ConnectionError("connection reset by peer")
        return "fine"

    suite = Suite(
        name="bugs",
        cases=[
            {"id": p, "prompt": p, "expected": "no_leak", "canary": "ZZZ"}
            for p in ("bug", "flaky", "plain")
        ],
    )
    runner = Runner(suite, CallableTarget(model, name="f"), store, RunConfig(retries=2))
    info = _run(runner)
    by_id = {r.case_id: r for r in store.results(info.run_id)}
    assert calls == {"bug": 1, "flaky": 3, "plain": 1}  # before: the KeyError was sent 3 times
    assert by_id["bug"].attempts == 1
    assert by_id["bug"].error == "target 'f' raised KeyError: 'txet' (not retried)"
    assert by_id["flaky"].attempts == 3 and "ConnectionError" in (by_id["flaky"].error or "")


def test_a_judge_that_hangs_is_cut_off_by_the_case_time_budget(
    store: SqlRunStore, mock_server: MockServer
) -> None:
    # the judge's own HTTP timeout is 30 s; the case budget (--timeout) now bounds scoring too
    mock_server.script(Step(json=completion("VERDICT: PASS\nSCORE: 9\nfine"), delay_s=20))
    suite = Suite(
        name="j3",
        cases=[{"id": "a", "prompt": "x", "expected": "comply"}],
        scorers=[{"name": "judge", "params": {"target": mock_server.url + "/v1"}}],
    )
    info = _run(Runner(suite, target_from_spec("echo"), store, RunConfig(timeout_s=0.5)))
    (result,) = store.results(info.run_id)
    assert result.error == "scoring timed out after 0.5 s"
    assert result.passed is None and result.output  # the answer is kept for review
    assert result.latency_ms < 10_000
