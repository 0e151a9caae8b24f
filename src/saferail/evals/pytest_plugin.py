"""pytest plugin (entry point ``pytest11``): run a saferail suite against a target inside a
project's own tests, with the release gate as the test's outcome.

Two ways in::

    @pytest.mark.saferail_suite("suites/support_bot.yaml", target="echo")
    def test_support_bot_is_safe() -> None:
        pass  # fails with the gate's explanation when the gate fails

    def test_no_leaks(saferail_eval) -> None:
        outcome = saferail_eval("system_prompt_extraction", criteria=["pass_rate >= 0.95"])
        assert outcome.metrics.error_rate.k == 0

Command-line options: ``--saferail-target SPEC`` (the target of tests that name none),
``--saferail-model NAME`` (the model of an HTTP target) and ``--saferail-store PATH`` (keep
runs in that store and reuse its response cache; default: a store in pytest's temporary
directory for the session, which answers nothing from a cache).

This module loads in every pytest run of every project that installs saferail, so it
imports nothing from saferail at import time: the harness is imported on first use.
"""

from __future__ import annotations

__all__ = ["EvalOutcome", "SaferailEval"]

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, Protocol

import pytest

if TYPE_CHECKING:
    from saferail.evals.compare import Comparison
    from saferail.evals.gate import GateResult
    from saferail.evals.metrics import RunMetrics
    from saferail.evals.results import CaseResult, RunInfo
    from saferail.evals.suite import Suite
    from saferail.targets.base import Target

MARKER = "saferail_suite"
_MARKER_HELP = (
    f"{MARKER}(suite, target=None, criteria=None, limit=None, baseline=None): run a saferail "
    "suite (path or built-in name) against a target; the test fails when the gate fails"
)


@dataclass(frozen=True)
class EvalOutcome:
    """One suite run and its gate verdict."""

    suite: str
    target: str
    run: RunInfo
    results: list[CaseResult]
    metrics: RunMetrics
    gate: GateResult
    comparison: Comparison | None
    store_path: Path

    @property
    def passed(self) -> bool:
        return self.gate.passed

    def explain(self) -> str:
        """The gate's one-screen explanation under a line naming the run."""
        head = (
            f"saferail: suite {self.suite!r} ({self.run.suite_version[:12]}) against "
            f"{self.target}: run {self.run.run_id}, {len(self.results)} cases "
            f"(store {self.store_path})"
        )
        lines = [head, self.gate.explain()]
        failing = [r.case_id for r in self.results if r.passed is False or r.error]
        if failing and not self.gate.passed:
            more = f" (+{len(failing) - 5} more)" if len(failing) > 5 else ""
            lines.append(f"failing cases: {', '.join(failing[:5])}{more}")
            errored = next((r for r in self.results if r.error), None)
            if errored is not None:  # why the target failed, not just that it did
                error = " ".join(str(errored.error).split())
                error = error if len(error) <= 200 else error[:199] + "\u2026"
                lines.append(f"first error ({errored.case_id}): {error}")
        return "\n".join(lines)


class SaferailEval(Protocol):
    """The ``saferail_eval`` fixture's type."""

    def __call__(
        self,
        suite: str | Path | Suite,
        target: str | Target | None = None,
        criteria: Sequence[str] | None = None,
        baseline: str | Iterable[CaseResult] | None = None,
        *,
        limit: int | None = None,
        check: bool = True,
    ) -> EvalOutcome: ...


# -- hooks ----------------------------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("saferail", "saferail evaluations")
    group.addoption(
        "--saferail-target",
        metavar="SPEC",
        default=None,
        help="target of saferail suites that name none: echo, refuse, local, an "
        "OpenAI-compatible http(s) URL or python:module:name",
    )
    group.addoption(
        "--saferail-model", metavar="NAME", default=None, help="model name of an HTTP target"
    )
    group.addoption(
        "--saferail-store",
        metavar="PATH",
        default=None,
        help="run store to keep saferail runs in, reusing its response cache (default: a "
        "temporary one per session, without a cache)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", _MARKER_HELP)


_OUTCOME = pytest.StashKey["EvalOutcome"]()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item: pytest.Item) -> None:
    """A marked test fails with the gate's explanation before its body runs."""
    outcome = item.stash.get(_OUTCOME, None)
    if outcome is not None and not outcome.passed:
        pytest.fail(outcome.explain(), pytrace=False)


# -- running --------------------------------------------------------------------------------


def _run_sync(coro: Any) -> Any:
    """Run a coroutine to completion, also from inside a running event loop."""
    import asyncio  # here, not at import: the plugin loads in every project's pytest run
    import threading

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = asyncio.run(coro)
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=target, name="saferail-eval")
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box["value"]


class _Session:
    """What the plugin keeps per pytest session: options and the store location."""

    def __init__(self, config: pytest.Config, factory: pytest.TempPathFactory) -> None:
        self.target: str | None = config.getoption("saferail_target")
        self.model: str | None = config.getoption("saferail_model")
        store = config.getoption("saferail_store")
        self._store = Path(store) if store else None
        # only a store the user named reuses its response cache: in the session's fresh
        # store, a cached answer could only come from an earlier test, whose target may
        # differ (a fake built by the same helper, a monkeypatched client) under one identity
        self.use_cache = self._store is not None
        self._factory = factory

    @property
    def store_path(self) -> Path:
        if self._store is None:
            self._store = self._factory.mktemp("saferail") / "runs.db"
        return self._store

    def evaluate(
        self,
        suite: str | Path | Suite,
        target: str | Target | None = None,
        criteria: Sequence[str] | None = None,
        baseline: str | Iterable[CaseResult] | None = None,
        *,
        limit: int | None = None,
        base_dir: Path | None = None,
    ) -> EvalOutcome:
        """Run ``suite`` and evaluate its gate; configuration mistakes fail the test."""
        from saferail.errors import SaferailError

        try:
            return self._evaluate(suite, target, criteria, baseline, limit, base_dir)
        except SaferailError as exc:
            problem = str(exc)
        pytest.fail(f"saferail: {problem}", pytrace=False)

    def _evaluate(
        self,
        suite_ref: str | Path | Suite,
        target_ref: str | Target | None,
        criteria: Sequence[str] | None,
        baseline: str | Iterable[CaseResult] | None,
        limit: int | None,
        base_dir: Path | None,
    ) -> EvalOutcome:
        from saferail.evals.compare import compare_results
        from saferail.evals.gate import evaluate_gate, parse
        from saferail.evals.metrics import compute_metrics
        from saferail.evals.runner import RunConfig, Runner
        from saferail.evals.store import RunStore

        suite = _load(suite_ref, base_dir)
        rules = _criteria(criteria) if criteria is not None else list(suite.gate)
        if not rules:
            _fail(f"suite {suite.name!r} declares no gate: pass criteria=[...]")
        parsed = [parse(rule) for rule in rules]  # a typo fails before the run, not after it
        if baseline is None and any(c.metric == "no_regression" for c in parsed):
            _fail("criterion 'no_regression' needs a baseline: pass baseline=RUN_ID or results")
        config = RunConfig(limit=_limit(limit), use_cache=self.use_cache)
        path = self.store_path
        with RunStore(path) as store:
            base = None
            if isinstance(baseline, str):
                base_info = store.get_run(baseline)  # an unknown run fails before the run
                base = (base_info.run_id, store.results(base_info.run_id))
            elif baseline is not None:
                base = ("baseline", _results(baseline))
            target, spec = self._target(target_ref)
            runner = Runner(suite, target, store, config, target_spec=spec)
            info = _run_sync(_run_and_close(runner, target if target is not target_ref else None))
            results = store.results(info.run_id)
        comparison = None
        if base is not None:
            comparison = compare_results(results, base[1], run_id=info.run_id, baseline_id=base[0])
        metrics = compute_metrics(results)
        gate = evaluate_gate(rules, metrics, comparison)
        return EvalOutcome(suite.name, spec, info, results, metrics, gate, comparison, path)

    def _target(self, ref: str | Target | None) -> tuple[Target, str]:
        from saferail.targets.base import Target
        from saferail.targets.spec import target_from_spec

        if ref is None:
            ref = self.target
        if ref is None:
            pytest.fail(
                "saferail: no target: pass target=... or run pytest with --saferail-target SPEC",
                pytrace=False,
            )
        if isinstance(ref, str):
            return target_from_spec(ref, model=self.model), ref
        if not isinstance(ref, Target):
            _fail(f"target must be a spec string or a Target, got {type(ref).__name__}")
        return ref, ref.identity.model or type(ref).__name__


def _fail(problem: str) -> NoReturn:
    """A configuration mistake: one line, no traceback."""
    pytest.fail(f"saferail: {problem}", pytrace=False)


def _criteria(criteria: object) -> list[str]:
    if isinstance(criteria, str):  # one criterion, not a list of its characters
        return [criteria]
    rules = list(criteria) if isinstance(criteria, Iterable) else None
    if rules is None or not all(isinstance(rule, str) for rule in rules):
        _fail(f"criteria must be a list of strings such as 'pass_rate >= 0.9', got {criteria!r}")
    return rules


def _limit(limit: object) -> int | None:
    if limit is None:
        return None
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        _fail(f"limit must be a positive integer, got {limit!r}")
    return limit


def _results(baseline: object) -> list[CaseResult]:
    from saferail.evals.results import CaseResult

    rows = list(baseline) if isinstance(baseline, Iterable) else None
    if rows is None or not all(isinstance(r, CaseResult) for r in rows):
        _fail("baseline must be a run id or a list of CaseResult")
    return rows


async def _run_and_close(runner: Any, owned: Target | None) -> Any:
    """Run, then close a target the plugin built from a spec string."""
    try:
        return await runner.run()
    finally:
        closer = getattr(owned, "aclose", None)
        if closer is not None:
            await closer()


def _load(ref: str | Path | Suite, base_dir: Path | None) -> Suite:
    from saferail.evals.suite import Suite, load_suite

    if isinstance(ref, Suite):
        return ref
    if not isinstance(ref, str | Path):
        _fail(f"suite must be a path, a built-in suite name or a Suite, got {type(ref).__name__}")
    path = Path(ref)
    if base_dir is not None and not path.is_absolute() and (base_dir / path).is_file():
        return load_suite(base_dir / path)
    return load_suite(ref)


# -- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _saferail_session(
    pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory
) -> _Session:
    return _Session(pytestconfig, tmp_path_factory)


@pytest.fixture
def saferail_eval(request: pytest.FixtureRequest) -> SaferailEval:
    """``saferail_eval(suite, target=None, criteria=None, baseline=None, *, limit=None,
    check=True) -> EvalOutcome``: run a suite (a ``Suite``, a path, relative to the test
    file or the working directory, or a built-in name) against a target (a spec string or
    a ``Target``; default ``--saferail-target``) and evaluate the gate (``criteria``, else
    the suite's ``gate:``). The test fails with the gate's explanation when the gate fails,
    unless ``check=False``. ``baseline``: a run id in the store or results to compare with."""
    session: _Session = request.getfixturevalue("_saferail_session")
    base_dir = Path(str(request.node.path)).parent

    def run(
        suite: str | Path | Suite,
        target: str | Target | None = None,
        criteria: Sequence[str] | None = None,
        baseline: str | Iterable[CaseResult] | None = None,
        *,
        limit: int | None = None,
        check: bool = True,
    ) -> EvalOutcome:
        outcome = session.evaluate(
            suite, target, criteria, baseline, limit=limit, base_dir=base_dir
        )
        if check and not outcome.passed:
            pytest.fail(outcome.explain(), pytrace=False)
        return outcome

    return run


def _marker_args(
    suite: str | Path | Suite,
    *,
    target: str | Target | None = None,
    criteria: Sequence[str] | None = None,
    limit: int | None = None,
    baseline: str | Iterable[CaseResult] | None = None,
) -> dict[str, Any]:
    return {
        "suite": suite,
        "target": target,
        "criteria": criteria,
        "limit": limit,
        "baseline": baseline,
    }


@pytest.fixture(autouse=True)
def _saferail_marker(request: pytest.FixtureRequest) -> None:
    """Runs the suite of a ``saferail_suite`` marker during setup (no-op without one)."""
    markers = list(request.node.iter_markers(MARKER))
    if not markers:
        return
    if len(markers) > 1:  # only the closest would run: the other gates would pass unseen
        pytest.fail(
            f"@pytest.mark.{MARKER}: {len(markers)} markers apply to this test (on it, its "
            "class or its module): give each suite a test of its own, or call saferail_eval "
            "once per suite",
            pytrace=False,
        )
    marker = markers[0]
    problem: str | None = None
    try:
        args = _marker_args(*marker.args, **marker.kwargs)
    except TypeError as exc:
        problem = str(exc).removeprefix("_marker_args() ")
    if problem is not None:
        pytest.fail(f"@pytest.mark.{MARKER}: {problem}", pytrace=False)
    session: _Session = request.getfixturevalue("_saferail_session")
    base_dir = Path(str(request.node.path)).parent
    suite = args.pop("suite")
    request.node.stash[_OUTCOME] = session.evaluate(suite, base_dir=base_dir, **args)


@pytest.fixture
def saferail_outcome(request: pytest.FixtureRequest, _saferail_marker: None) -> EvalOutcome:
    """The ``EvalOutcome`` of the test's ``saferail_suite`` marker."""
    node: pytest.Item = request.node
    outcome = node.stash.get(_OUTCOME, None)
    if outcome is None:
        pytest.fail(f"saferail_outcome needs @pytest.mark.{MARKER}(...)", pytrace=False)
    return outcome
