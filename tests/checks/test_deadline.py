import contextvars
import threading
import time
from collections.abc import Iterator

import pytest

from saferail import CheckInput, Finding, Guard, parse_policy
from saferail.checks import Check, checkpoint, register_check, time_budget, unregister_check
from saferail.checks.base import CheckInput as _CheckInput
from saferail.checks.canonical import canonicalize
from saferail.checks.pii import Pii
from saferail.errors import CheckTimeout

_CAP_S = 20.0  # a loop that never meets its checkpoint gives up here and reports it


def _spin() -> str:
    """Call checkpoint() until it stops us (returns "stopped") or the cap runs out."""
    end = time.monotonic() + _CAP_S
    try:
        while time.monotonic() < end:
            checkpoint()
    except CheckTimeout:
        return "stopped"
    return "ran out"


class Spinning(Check):
    name = "t_spinning"
    categories = ("toxicity",)
    surfaces = frozenset({"input"})
    cost = "expensive"

    def run(self, data: CheckInput) -> list[Finding]:
        end = time.monotonic() + _CAP_S
        while time.monotonic() < end:
            checkpoint()
        return [self.finding(0.9)]  # only when checkpoint() never stopped the loop


class SpinningInThread(Check):
    name = "t_spinning_thread"
    categories = ("toxicity",)
    surfaces = frozenset({"input"})
    cost = "expensive"
    run_in_thread = True
    stopped = threading.Event()

    def run(self, data: CheckInput) -> list[Finding]:
        if _spin() == "stopped":
            type(self).stopped.set()
        return []


@pytest.fixture
def spinning() -> Iterator[None]:
    for cls in (Spinning, SpinningInThread):
        register_check(cls)
    yield
    for cls in (Spinning, SpinningInThread):
        unregister_check(cls.name)


def test_checkpoint_without_a_budget_does_nothing() -> None:
    checkpoint()  # no budget in force: must not raise


def test_a_spent_budget_stops_the_work_with_its_size_in_the_message() -> None:
    with time_budget(0.0), pytest.raises(CheckTimeout, match="stopped at its 0 ms budget"):
        time.sleep(0.001)
        checkpoint()
    checkpoint()  # the budget ended with its block


def test_an_inner_budget_keeps_the_earlier_deadline() -> None:
    with time_budget(0.0), time_budget(60.0), pytest.raises(CheckTimeout, match="0 ms budget"):
        time.sleep(0.001)
        checkpoint()
    with time_budget(60.0), time_budget(0.0), pytest.raises(CheckTimeout):
        time.sleep(0.001)
        checkpoint()


def test_a_negative_budget_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot be negative"), time_budget(-1.0):
        pass


def test_the_budget_reaches_a_thread_through_a_copied_context() -> None:
    result: list[str] = []
    with time_budget(0.01):
        ctx = contextvars.copy_context()
    thread = threading.Thread(target=lambda: result.append(ctx.run(_spin)))
    thread.start()
    thread.join()
    assert result == ["stopped"]


def test_the_pipeline_stops_a_cooperating_check_at_its_budget(spinning: None) -> None:
    guard = Guard(parse_policy("input:\n  checks:\n    t_spinning: {timeout_ms: 30}\n"))
    d = guard.check_input("hello")
    assert d.action == "block"  # fail_mode closed by default
    assert d.findings == []  # the loop was stopped, it never reached its finding
    run = d.checks[0]
    assert (run.status, run.error) == ("timeout", "stopped at its 30 ms budget")


def test_an_abandoned_thread_check_stops_itself_too(spinning: None) -> None:
    SpinningInThread.stopped.clear()
    policy = "input:\n  checks:\n    t_spinning_thread: {timeout_ms: 30, fail_mode: open}\n"
    guard = Guard(parse_policy(policy))
    d = guard.check_input("hello")
    assert d.action == "allow" and d.checks[0].status == "timeout"
    # the worker thread saw the budget too and left its loop instead of spinning on
    assert SpinningInThread.stopped.wait(_CAP_S / 2)
    guard.close()


def _long_text() -> str:
    line = "Contact Anna Kowalska at +44 20 7946 0958 or 221B Baker Street, London.\n"
    return line * 400


def test_pii_stops_at_a_spent_budget_and_runs_whole_without_one() -> None:
    text = _long_text()
    data = _CheckInput(text=text, canonical=canonicalize(text), surface="input")
    check = Pii()
    assert len(check.run(data)) >= 400 * 2  # no budget: the whole text is scanned
    with time_budget(0.0), pytest.raises(CheckTimeout):
        time.sleep(0.001)
        check.run(data)
