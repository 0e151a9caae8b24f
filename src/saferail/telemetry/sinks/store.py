"""A sink that commits batches to an :class:`~saferail.telemetry.store.EventStore`."""

from __future__ import annotations

__all__ = ["StoreSink"]

import contextlib
import threading
from collections.abc import Callable, Sequence

from saferail.telemetry.event import SafetyEvent
from saferail.telemetry.store import EventStore


class StoreSink:
    """Commit each batch in one transaction. The store is opened on first write and
    re-opened after a failed write (a restarted database, a dropped connection)."""

    def __init__(self, opener: Callable[[], EventStore], *, name: str = "store") -> None:
        self.name = name
        self._open = opener
        self._store: EventStore | None = None
        self._lock = threading.Lock()

    @classmethod
    def of(cls, store: EventStore, *, name: str = "store") -> StoreSink:
        """A sink over an already open store (re-opened only through itself: never)."""
        sink = cls(lambda: store, name=name)
        sink._store = store
        return sink

    @property
    def store(self) -> EventStore:
        """The open store (opened now if needed), e.g. to read back what was written."""
        with self._lock:
            if self._store is None:
                self._store = self._open()
            return self._store

    def write(self, events: Sequence[SafetyEvent]) -> None:
        store = self.store
        try:
            store.write(events)
        except Exception:
            with self._lock:
                if self._store is store:
                    self._store = None
                    with contextlib.suppress(Exception):
                        store.close()
            raise

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None
