"""The red team's call budget on the Ray executor holds exactly when a worker dies mid-chunk
(a local two-CPU Ray cluster started here). The target books every call it gets in a
ledger file (``tests/evals/ray_ledger.py``), so the test counts the calls the model really
got, the ones a dead worker made included, and compares them with the budget."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from saferail.evals import RunStatus, RunStore, Suite
from saferail.evals.executors.ray_executor import LOST, RayExecutor
from saferail.evals.executors.redteam import BudgetMeter, ExecutorRedTeam
from saferail.evals.runner import RunConfig, Runner
from saferail.redteam.budget import Budget
from saferail.redteam.engine import RedTeamConfig
from saferail.redteam.strategies import registry
from saferail.targets.spec import target_from_spec
from tests.evals.conftest import start_local_ray
from tests.evals.ray_ledger import LEDGER_ENV, calls_booked
from tests.redteam.test_engine import GOALS, TEST_STRATEGIES

LEDGER_TARGET = "python:tests.evals.ray_ledger:ledger_echo"


@pytest.fixture(scope="module")
def ledger_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ledger")


@pytest.fixture(scope="module")
def ray_cluster(ledger_root: Path) -> Iterator[Any]:
    """Two CPUs; the workers inherit the ledger folder from the environment."""
    before = os.environ.get(LEDGER_ENV)
    os.environ[LEDGER_ENV] = str(ledger_root)
    ray = start_local_ray()
    try:
        yield ray
    finally:
        ray.shutdown()
        if before is None:
            os.environ.pop(LEDGER_ENV, None)
        else:
            os.environ[LEDGER_ENV] = before


@pytest.fixture
def ledger(ledger_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh ledger (the folder is the cluster's; its files are reset per test)."""
    for name in ("calls", "died", "die_at"):
        (ledger_root / name).unlink(missing_ok=True)
    (ledger_root / "driver").write_text(str(os.getpid()))
    monkeypatch.setenv(LEDGER_ENV, str(ledger_root))
    return ledger_root


def _metered_run(budget: Budget, cases: list[dict[str, Any]], store: RunStore) -> list[Any]:
    suite = Suite(name="metered", cases=cases)
    executor = RayExecutor(chunk_size=4, workers=2, meter=BudgetMeter(budget))
    runner = Runner(
        suite,
        target_from_spec(LEDGER_TARGET),
        store,
        RunConfig(concurrency=1, retries=0),
        target_spec=LEDGER_TARGET,
        executor=executor,
    )
    info = asyncio.run(runner.run())
    assert info.status is RunStatus.COMPLETED
    return store.results(info.run_id)


def _cases(n: int, die: int) -> list[dict[str, Any]]:
    return [
        {"id": f"c{i}", "prompt": "die" if i == die else f"hello {i}", "expected": "comply"}
        for i in range(n)
    ]


def test_a_dead_worker_cannot_overspend_a_tight_budget(
    ray_cluster: Any, ledger: Path, tmp_path: Path
) -> None:
    # 8 calls for 8 cases in two chunks of 4: the first chunk's worker dies on its 4th call
    budget = Budget(8)
    with RunStore(tmp_path / "runs.db") as store:
        results = _metered_run(budget, _cases(8, die=3), store)
    assert (ledger / "died").exists()
    made = calls_booked(ledger)
    # before: Ray re-ran the chunk on a second share nobody booked (12 calls, 8 booked)
    assert made <= budget.total
    assert budget.used == budget.total and budget.spent[LOST] == 4
    assert made <= budget.used  # every call the model got is booked
    # the re-run had no calls left: its cases fail as they would in-process
    first, second = results[:4], results[4:]
    assert all(r.error is not None and "budget exhausted" in r.error for r in first)
    assert all(r.error is None and r.output.startswith("You said: ") for r in second)


def test_a_dead_workers_chunk_reruns_on_the_spare_calls(
    ray_cluster: Any, ledger: Path, tmp_path: Path
) -> None:
    # 12 calls: 4 per chunk and 4 spare, which the re-run of the dead worker's chunk gets
    budget = Budget(12)
    with RunStore(tmp_path / "runs.db") as store:
        results = _metered_run(budget, _cases(8, die=3), store)
    assert (ledger / "died").exists()
    made = calls_booked(ledger)
    assert made == 12 and budget.used == 12
    assert dict(budget.spent) == {"attack": 8, LOST: 4}
    assert [r.case_id for r in results] == [f"c{i}" for i in range(8)]
    assert all(r.error is None and r.output.startswith("You said: ") for r in results)


@pytest.fixture
def engine_strategies() -> Iterator[None]:
    for cls in TEST_STRATEGIES:
        registry.register_strategy(cls)
    yield
    for cls in TEST_STRATEGIES:
        registry.unregister_strategy(cls.name)


@pytest.mark.parametrize("budget", [9, 24])
def test_red_team_calls_stay_within_budget_when_a_worker_dies(
    ray_cluster: Any, engine_strategies: None, ledger: Path, tmp_path: Path, budget: int
) -> None:
    (ledger / "die_at").write_text("3")
    names = tuple(c.name for c in TEST_STRATEGIES)
    config = RedTeamConfig(strategies=names, budget=budget, round_size=8, concurrency=2)
    target = target_from_spec(LEDGER_TARGET)
    executor = RayExecutor(chunk_size=2, workers=2)
    with RunStore(tmp_path / "runs.db") as store:
        team = ExecutorRedTeam(
            target, store, config, goals=GOALS, target_spec=LEDGER_TARGET, executor=executor
        )
        result = asyncio.run(team.run())
    assert (ledger / "died").exists()
    made = calls_booked(ledger)
    assert made <= budget, f"the model got {made} calls on a budget of {budget}"
    assert made <= result.calls_used <= budget
    assert result.calls.get(LOST, 0) >= 1
