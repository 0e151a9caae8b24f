"""Append events as JSON lines (one object per line, the SafetyEvent v1 schema), for log
shippers. Each batch is written and flushed to the OS before ``write`` returns (``fsync``:
also forced to disk), so acknowledged lines survive the process being killed."""

from __future__ import annotations

__all__ = ["JsonlSink"]

import os
import threading
from collections.abc import Sequence
from pathlib import Path

from saferail.telemetry.event import SafetyEvent


class JsonlSink:
    """Events appended to ``path``."""

    def __init__(self, path: str | Path, *, fsync: bool = False) -> None:
        self.name = "jsonl"
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fsync = fsync
        self._lock = threading.Lock()
        self._file = self.path.open("ab")

    def write(self, events: Sequence[SafetyEvent]) -> None:
        data = b"".join(e.model_dump_json(exclude_none=True).encode() + b"\n" for e in events)
        with self._lock:
            self._file.write(data)
            self._file.flush()
            if self._fsync:
                os.fsync(self._file.fileno())

    def close(self) -> None:
        with self._lock:
            self._file.close()
