"""Guard pipeline edge cases: unbounded budgets, unusable redaction spans, many threads, and
vectorized checks that answer for the wrong number of texts."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from saferail import CheckInput, Finding, Guard, parse_policy
from saferail.checks import Check, register_check, unregister_check


class _Threaded(Check):
    name = "t_audit_threaded"
    categories = ("toxicity",)
    surfaces = frozenset({"input"})
    run_in_thread = True

    def run(self, data: CheckInput) -> list[Finding]:
        time.sleep(0.02)  # still running when the guard starts waiting for it
        return [self.finding(0.9, 0, 1)] if data.text.startswith("!") else []


class _Spans(Check):
    """Findings whose span comes from the text: ``start:end`` (``-`` for None)."""

    name = "t_audit_spans"
    categories = ("pii",)
    surfaces = frozenset({"input"})

    def run(self, data: CheckInput) -> list[Finding]:
        a, b = data.text.split(" ", 1)[0].split(":")
        start = None if a == "-" else int(a)
        end = None if b == "-" else int(b)
        return [self.finding(0.9, start, end, entity_type="SPAN")]


class _ShortBatch(Check):
    """A vectorized check that drops the last text of every batch (a plugin bug)."""

    name = "t_audit_short_batch"
    categories = ("toxicity",)
    surfaces = frozenset({"input"})

    def run(self, data: CheckInput) -> list[Finding]:
        return [self.finding(0.9)] if "bad" in data.text else []

    def run_batch(self, datas: list[CheckInput]) -> list[list[Finding]]:
        return [self.run(d) for d in datas[:-1]]


_CHECKS: tuple[type[Check], ...] = (_Threaded, _Spans, _ShortBatch)


@pytest.fixture(autouse=True)
def audit_checks() -> Iterator[None]:
    for cls in _CHECKS:
        register_check(cls)
    yield
    for cls in _CHECKS:
        unregister_check(cls.name)


def _guard(check: str, options: str, settings: str = "") -> Guard:
    text = f"settings: {{{settings}}}\n" if settings else ""
    text += f"input:\n  checks:\n    {check}: {{{options}}}\n"
    return Guard(parse_policy(text))


@pytest.mark.parametrize(
    ("options", "settings"),
    [("timeout_ms: .inf", ""), ("timeout_ms: 1e13", ""), ("", "timeout_ms: .inf")],
)
def test_an_unbounded_budget_lets_a_thread_check_finish(options: str, settings: str) -> None:
    # .inf (or a budget longer than the OS can wait for) means "no limit"; it used to fail
    # every call with OverflowError, so fail-closed blocked everything
    guard = _guard(_Threaded.name, options, settings)
    clean = guard.check("hello")
    assert clean.action == "allow", clean.errors
    assert clean.checks[0].status == "ok"
    assert guard.check("!hello").action == "block"


@pytest.mark.parametrize("span", ["2:-", "4:2", "-3:2", "2:99"])
def test_a_redaction_that_cannot_be_applied_blocks(span: str) -> None:
    # the text used to pass on unredacted (or mangled) under a "redact" verdict
    guard = _guard(_Spans.name, "action: redact")
    d = guard.check(f"{span} secret value")
    assert d.action == "block"


def test_a_usable_redaction_span_still_redacts() -> None:
    guard = _guard(_Spans.name, "action: redact")
    d = guard.check("0:3 secret value")
    assert d.action == "redact"
    assert d.text == "[SPAN] secret value"


def test_concurrent_first_calls_share_one_worker_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[Any] = []

    class SlowToStart(ThreadPoolExecutor):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            time.sleep(0.05)  # widen the window between "no pool yet" and "pool set"
            made.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr("saferail.guard.pipeline.ThreadPoolExecutor", SlowToStart)
    guard = _guard(_Threaded.name, "timeout_ms: 5000")
    start = threading.Barrier(8)
    actions: list[str] = []

    def call() -> None:
        start.wait()
        actions.append(guard.check("hello").action)

    threads = [threading.Thread(target=call) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    guard.close()
    assert actions == ["allow"] * 8
    assert len(made) == 1  # not one pool per racing thread, all but one never shut down


def test_a_vectorized_check_answering_for_too_few_texts_falls_back() -> None:
    guard = _guard(_ShortBatch.name, "action: block")
    texts = ["fine", "bad one", "also bad"]
    decisions = guard.check_batch(texts)
    assert [d.action for d in decisions] == [guard.check(t).action for t in texts]
    assert [d.action for d in decisions] == ["allow", "block", "block"]
