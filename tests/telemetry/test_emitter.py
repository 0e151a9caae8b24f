"""The emitter never blocks or raises, counts every drop, and reports drops as gap events."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import pytest

from saferail.telemetry.emitter import Emitter
from saferail.telemetry.event import SafetyEvent


class ListSink:
    def __init__(self, name: str = "list") -> None:
        self.name = name
        self.batches: list[list[SafetyEvent]] = []
        self.closed = False

    def write(self, events: Sequence[SafetyEvent]) -> None:
        self.batches.append(list(events))

    def close(self) -> None:
        self.closed = True

    @property
    def events(self) -> list[SafetyEvent]:
        return [e for b in self.batches for e in b]


class GatedSink(ListSink):
    """Blocks in write() until the gate opens; optionally fails the first ``fail`` writes."""

    def __init__(self, fail: int = 0) -> None:
        super().__init__("gated")
        self.gate = threading.Event()
        self.entered = threading.Event()
        self.fail = fail

    def write(self, events: Sequence[SafetyEvent]) -> None:
        self.entered.set()
        self.gate.wait(10)
        if self.fail > 0:
            self.fail -= 1
            raise ConnectionError("database is gone")
        super().write(events)


def _event(n: int = 0) -> SafetyEvent:
    return SafetyEvent(type="guard.decision", request_id=f"r{n}")


def test_events_reach_every_sink_in_order() -> None:
    a, b = ListSink("a"), ListSink("b")
    emitter = Emitter([a, b], batch_size=7)
    sent = [_event(i) for i in range(50)]
    assert all(emitter.emit(e) for e in sent)
    assert emitter.flush()
    assert a.events == sent and b.events == sent
    assert max(len(x) for x in a.batches) <= 7
    assert emitter.stats["a"].written == 50 and emitter.stats["a"].dropped == 0
    emitter.close()
    assert a.closed and b.closed


def test_a_full_queue_drops_counts_and_reports_a_gap() -> None:
    sink = GatedSink()
    emitter = Emitter([sink], queue_size=5, batch_size=1, flush_interval_s=0.001)
    assert emitter.emit(_event(0))
    assert sink.entered.wait(5)  # the writer holds event 0, the queue is empty
    results = [emitter.emit(_event(i)) for i in range(1, 11)]
    assert results == [True] * 5 + [False] * 5
    assert emitter.stats["gated"].dropped_full == 5
    sink.gate.set()
    assert emitter.flush()
    gaps = [e for e in sink.events if e.type == "telemetry.gap"]
    assert [g.dropped for g in gaps] == [5]
    assert [e.request_id for e in sink.events if e.type != "telemetry.gap"] == [
        f"r{i}" for i in range(6)
    ]
    emitter.close()


def test_a_failing_sink_is_retried_and_never_raises() -> None:
    sink = GatedSink(fail=2)
    sink.gate.set()
    emitter = Emitter([sink], flush_interval_s=0.001)
    assert emitter.emit(_event(1))
    assert emitter.flush()
    assert [e.request_id for e in sink.events] == ["r1"]
    assert emitter.stats["gated"].failures == 2
    emitter.close()


def test_a_sink_that_keeps_failing_loses_the_batch_and_says_so_later() -> None:
    sink = GatedSink(fail=3)
    sink.gate.set()
    emitter = Emitter([sink], attempts=3, flush_interval_s=0.2)  # both in one batch
    emitter.emit(_event(1))
    emitter.emit(_event(2))
    assert emitter.flush()
    stats = emitter.stats["gated"]
    assert (stats.failures, stats.dropped_failed) == (3, 2)
    emitter.emit(_event(3))  # the sink is back: the next batch reports the loss
    assert emitter.flush()
    assert [(e.type, e.request_id, e.dropped) for e in sink.events] == [
        ("guard.decision", "r3", None),
        ("telemetry.gap", None, 2),
    ]
    emitter.close()


def test_a_builder_that_raises_is_a_counted_drop() -> None:
    sink = ListSink()
    emitter = Emitter([sink], flush_interval_s=0.001)

    def broken() -> SafetyEvent:
        raise ValueError("bad event")

    assert emitter.emit_later(broken)
    assert emitter.emit_later(_event, 7)
    assert emitter.flush()
    assert [(e.type, e.request_id, e.dropped) for e in sink.events] == [
        ("guard.decision", "r7", None),
        ("telemetry.gap", None, 1),
    ]
    emitter.close()


def test_a_deferred_event_is_built_once_for_all_sinks() -> None:
    a, b = ListSink("a"), ListSink("b")
    emitter = Emitter([a, b], flush_interval_s=0.001)
    calls: list[int] = []

    def build() -> SafetyEvent:
        calls.append(1)
        return _event(1)

    emitter.emit_later(build)
    assert emitter.flush()
    assert len(calls) == 1
    assert a.events[0].event_id == b.events[0].event_id
    emitter.close()


def test_after_close_emit_drops_instead_of_raising() -> None:
    sink = ListSink()
    emitter = Emitter([sink])
    emitter.emit(_event(1))
    emitter.close()
    emitter.close()
    assert [e.request_id for e in sink.events] == ["r1"]
    assert emitter.emit(_event(2)) is False


def test_bad_sizes_are_rejected() -> None:
    with pytest.raises(ValueError):
        Emitter([], queue_size=0)
