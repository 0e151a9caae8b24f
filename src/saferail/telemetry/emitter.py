"""The emitter: hands events to sinks without ever slowing or failing the caller.

:meth:`Emitter.emit` appends the event to one bounded in-memory queue per sink and returns;
a background thread per sink takes batches off its queue and calls ``sink.write(batch)``.
When a queue is full the event is dropped and counted; a sink that raises is retried with
back-off, then its batch is dropped and counted. Drops are reported to the sink itself as a
``telemetry.gap`` event, so the store can tell how complete it is. A batch counts as
*acknowledged* once ``write`` returns: store sinks commit before returning, so acknowledged
events survive the process being killed.
"""

from __future__ import annotations

__all__ = ["Deferred", "Emitter", "Sink", "SinkStats"]

import atexit
import logging
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from saferail._unique import unique_name
from saferail.telemetry.event import SafetyEvent

log = logging.getLogger("saferail.telemetry")


@runtime_checkable
class Sink(Protocol):
    """Where events go. ``write`` must commit the whole batch or raise."""

    name: str

    def write(self, events: Sequence[SafetyEvent]) -> None: ...

    def close(self) -> None: ...


@dataclass(slots=True)
class SinkStats:
    """Counters of one sink's queue (read them; the worker updates them)."""

    queued: int = 0
    written: int = 0  # acknowledged: write() returned
    dropped_full: int = 0  # the queue was full
    dropped_failed: int = 0  # the sink kept failing
    failures: int = 0  # write() calls that raised

    @property
    def dropped(self) -> int:
        return self.dropped_full + self.dropped_failed


class Deferred:
    """An event to build later, in the writer thread: ``build(*args, **kwargs)`` runs once
    however many sinks there are, and keeps the building cost off the caller's path."""

    __slots__ = ("args", "build", "event", "kwargs")

    def __init__(
        self, build: Callable[..., SafetyEvent], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> None:
        self.build = build
        self.args = args
        self.kwargs = kwargs
        self.event: SafetyEvent | None = None


_BUILD_LOCK = threading.Lock()


def _materialize(item: SafetyEvent | Deferred) -> SafetyEvent | None:
    if isinstance(item, SafetyEvent):
        return item
    with _BUILD_LOCK:
        if item.event is None:
            try:
                item.event = item.build(*item.args, **item.kwargs)
            except Exception:
                log.exception("saferail telemetry: building an event failed")
                item.build = _failed
                return None
            item.args, item.kwargs = (), {}
        return item.event


def _failed(*args: Any, **kwargs: Any) -> SafetyEvent:
    raise RuntimeError("this event could not be built")


class _Worker:
    def __init__(
        self,
        sink: Sink,
        queue_size: int,
        batch_size: int,
        interval_s: float,
        attempts: int,
        on_ack: Callable[[str, Sequence[SafetyEvent]], None] | None,
    ) -> None:
        self.sink = sink
        self.queue: deque[SafetyEvent | Deferred] = deque()
        self.queue_size = queue_size
        self.batch_size = batch_size
        self.interval_s = interval_s
        self.attempts = attempts
        self.on_ack = on_ack
        self.stats = SinkStats()
        self.wake = threading.Event()
        self.stopping = False
        self.busy = False
        self._reported = 0  # drops already reported as a gap event
        self._writing = 0  # events in the write under way
        self._abandoned = 0  # of those, counted as dropped by abandon()
        self._drop_lock = threading.Lock()
        self._last_log = 0.0
        self._retry_at = 0.0
        self.thread = threading.Thread(
            target=self._run, name=f"saferail-telemetry-{sink.name}", daemon=True
        )
        self.thread.start()

    def put(self, event: SafetyEvent | Deferred) -> bool:
        q = self.queue
        if len(q) >= self.queue_size or self.stopping:
            with self._drop_lock:
                self.stats.dropped_full += 1
            return False
        q.append(event)
        if len(q) == self.batch_size:
            self.wake.set()
        return True

    def abandon(self) -> int:
        """Count what is still queued as dropped and forget it (the sink never finished)."""
        n = 0
        while self.queue:
            self.queue.popleft()
            n += 1
        with self._drop_lock:
            self._abandoned = self._writing
            self.stats.dropped_failed += n + self._abandoned
        return n + self._abandoned

    def _run(self) -> None:
        while True:
            self.wake.wait(self.interval_s)
            self.wake.clear()
            stop = self.stopping
            self.busy = True
            while self.queue:
                self._write(self._take())
            self.busy = False
            if self._gap() and time.monotonic() >= self._retry_at:
                self._write(self._take(), attempts=1)  # drops but no events: report them
            if stop:
                return

    def _gap(self) -> bool:
        return self.stats.dropped > self._reported

    def _take(self) -> list[SafetyEvent]:
        q = self.queue
        batch: list[SafetyEvent] = []
        for _ in range(min(self.batch_size, len(q))):
            event = _materialize(q.popleft())
            if event is not None:
                batch.append(event)
            else:
                with self._drop_lock:
                    self.stats.dropped_failed += 1
        lost = self.stats.dropped - self._reported
        if lost > 0:
            self._reported += lost
            batch.append(SafetyEvent(type="telemetry.gap", source="telemetry", dropped=lost))
        return batch

    def _write(self, batch: list[SafetyEvent], attempts: int | None = None) -> None:
        delay = 0.05
        attempts = attempts or self.attempts
        self._writing = sum(1 for e in batch if e.type != "telemetry.gap")
        for attempt in range(1, attempts + 1):
            try:
                self.sink.write(batch)
            except Exception as exc:
                self.stats.failures += 1
                self._complain(exc)
                if attempt == attempts or self.stopping:
                    break
                time.sleep(delay)
                delay = min(delay * 4, 2.0)
                continue
            self.stats.written += len(batch)
            with self._drop_lock:  # a hung write that finished after all
                self.stats.dropped_failed -= self._abandoned
                self._writing = self._abandoned = 0
            if self.on_ack is not None:
                try:
                    self.on_ack(self.sink.name, batch)
                except Exception:
                    log.exception("saferail telemetry: the on_ack callback failed")
            return
        self._retry_at = time.monotonic() + 1.0  # a failing sink: gap-only retries wait
        lost = sum(1 for e in batch if e.type != "telemetry.gap")
        unreported = sum(e.dropped or 0 for e in batch if e.type == "telemetry.gap")
        with self._drop_lock:
            self.stats.dropped_failed += lost - self._abandoned
            self._writing = self._abandoned = 0
        self._reported -= unreported  # its gap event was lost too: report it again

    def _complain(self, exc: Exception) -> None:
        now = time.monotonic()
        if now - self._last_log > 60.0:
            self._last_log = now
            log.warning("saferail telemetry: sink %s failed: %s", self.sink.name, exc)


class Emitter:
    """Fan events out to sinks through bounded queues and background writers.

    ``emit(event)`` never raises and never blocks; it returns ``False`` when some sink's
    queue was full. ``flush()`` waits for what is queued; ``close()`` flushes, stops the
    writers and closes the sinks (also run at interpreter exit).
    """

    def __init__(
        self,
        sinks: Sequence[Sink],
        *,
        queue_size: int = 10_000,
        batch_size: int = 500,
        flush_interval_s: float = 0.05,
        attempts: int = 5,
        on_ack: Callable[[str, Sequence[SafetyEvent]], None] | None = None,
    ) -> None:
        if queue_size < 1 or batch_size < 1:
            raise ValueError("queue_size and batch_size must be positive")
        self.sinks = list(sinks)
        self._names = _unique_names([s.name for s in self.sinks])
        self._workers = [
            _Worker(s, queue_size, batch_size, flush_interval_s, attempts, on_ack)
            for s in self.sinks
        ]
        self.closed = False
        atexit.register(_close_at_exit, weakref.ref(self))

    def emit(self, event: SafetyEvent) -> bool:
        """Queue ``event`` for every sink; False if some queue was full (it was dropped)."""
        ok = True
        for w in self._workers:
            ok = w.put(event) and ok
        return ok

    __call__ = emit

    def emit_later(self, build: Callable[..., SafetyEvent], *args: Any, **kwargs: Any) -> bool:
        """Queue ``build(*args, **kwargs)``, called in a writer thread; pass what must be
        taken now (the time, trace ids) as arguments. A builder that raises is counted as a
        drop, never seen by the caller."""
        item = Deferred(build, args, kwargs)
        ok = True
        for w in self._workers:
            ok = w.put(item) and ok
        return ok

    @property
    def stats(self) -> dict[str, SinkStats]:
        """Counters per sink name (a repeated name gets ``#2``, ``#3``... in sink order)."""
        for w in self._workers:
            w.stats.queued = len(w.queue)
        return dict(zip(self._names, (w.stats for w in self._workers), strict=True))

    def flush(self, timeout_s: float = 10.0) -> bool:
        """Wait until every queued event was written or dropped; False on timeout."""
        deadline = time.monotonic() + timeout_s
        for w in self._workers:
            w.wake.set()
        while any(w.queue or w.busy for w in self._workers if w.thread.is_alive()):
            if time.monotonic() > deadline:
                return False
            for w in self._workers:
                w.wake.set()
            time.sleep(0.002)
        return True

    def close(self, timeout_s: float = 10.0) -> None:
        """Flush, stop the writers and close the sinks (idempotent). A sink still writing
        after ``timeout_s`` (hung) is left open and what it had queued counts as dropped."""
        if self.closed:
            return
        self.closed = True
        deadline = time.monotonic() + timeout_s
        for w in self._workers:
            w.stopping = True
            w.wake.set()
        for w in self._workers:
            w.thread.join(max(0.0, deadline - time.monotonic()))
            if w.thread.is_alive():  # a hung write: closing the sink could hang as well
                lost = w.abandon()
                log.warning(
                    "saferail telemetry: sink %s did not finish; %d unwritten events dropped",
                    w.sink.name,
                    lost,
                )
                continue
            try:
                w.sink.close()
            except Exception:
                log.exception("saferail telemetry: closing sink %s failed", w.sink.name)


def _unique_names(names: list[str]) -> list[str]:
    """``names`` with each repeat suffixed ``#2``, ``#3``... (stats must not merge sinks)."""
    taken: set[str] = set()
    return [unique_name(name, taken, "#") for name in names]


def _close_at_exit(ref: weakref.ReferenceType[Emitter]) -> None:
    emitter = ref()
    if emitter is not None:
        emitter.close(timeout_s=2.0)
