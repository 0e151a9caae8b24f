"""Entry-point discovery runs once; a thread asking for the checks while another thread is
still loading the entry points waits for them instead of getting a partial registry (and a
policy naming a plugin check failing with "unknown check")."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from saferail import CheckInput, Finding
from saferail.checks import Check, available_checks, reset_discovery

loading = threading.Event()
others: list[set[str]] = []


class _Late(Check):
    name = "t_late_plugin"
    categories = ("toxicity",)
    surfaces = frozenset({"input"})

    def run(self, data: CheckInput) -> list[Finding]:
        return []


class _EntryPoint:
    name = "late"
    value = "tests:_Late"

    def load(self) -> type[Check]:
        other = threading.Thread(target=lambda: others.append(set(available_checks())))
        other.start()
        other.join(timeout=0.5)  # a registry that makes it wait keeps it waiting past this
        return _Late


@pytest.fixture
def slow_plugin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    def entry_points(group: str) -> list[Any]:
        return [_EntryPoint()] if group == "saferail.checks" else []

    available_checks()  # built-ins imported first
    monkeypatch.setattr("saferail._plugins.entry_points", entry_points)
    reset_discovery()
    others.clear()
    yield
    monkeypatch.undo()
    reset_discovery()


def test_a_second_thread_waits_for_discovery_in_progress(slow_plugin: None) -> None:
    assert "t_late_plugin" in available_checks()
    for _ in range(100):  # the other thread finishes once discovery is done
        if others:
            break
        threading.Event().wait(0.05)
    assert others and "t_late_plugin" in others[0]
