"""Append events as JSON lines (one object per line, the SafetyEvent v1 schema), for log
shippers. Each batch is written and flushed to the OS before ``write`` returns (``fsync``:
also forced to disk), so acknowledged lines survive the process being killed.

A batch goes to the file whole or not at all: it is appended under an exclusive ``flock``
(threads and processes sharing the file never interleave), and a write that fails midway (a
full disk) is cut back off, so a retry neither duplicates lines nor glues onto a cut one. A
file moved or deleted by a log rotator is noticed at the next batch, which goes to a new file
at ``path``.

A file the sink creates is readable and writable by its owner only (0600): events carry
hashed user ids and, when content capture is on, redacted text. A file that already exists
keeps its mode (create it first, or let the rotator create it, to share it with a log
shipper running as another user)."""

from __future__ import annotations

__all__ = ["JsonlSink"]

import contextlib
import fcntl
import os
import threading
from collections.abc import Sequence
from pathlib import Path

from saferail.telemetry.event import SafetyEvent
from saferail.telemetry.sinks import SinkError


class JsonlSink:
    """Events appended to ``path``; :class:`~saferail.telemetry.sinks.SinkError` when it
    cannot be created or opened for writing."""

    def __init__(self, path: str | Path, *, fsync: bool = False) -> None:
        self.name = "jsonl"
        self.path = Path(path)
        self._fsync = fsync
        self._lock = threading.Lock()
        self._fd: int | None = self._open()

    def _open(self) -> int:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC
            return os.open(self.path, flags, 0o600)
        except OSError as exc:
            why = exc.strerror or type(exc).__name__
            if isinstance(exc, FileExistsError):  # from mkdir: a file where a folder must be
                why = f"{exc.filename} is not a folder"
            raise SinkError(f"jsonl sink: cannot write {self.path}: {why}") from exc

    def _current(self) -> int:
        """The open file, re-opened when ``path`` no longer names it (rotated away)."""
        if self._fd is None:
            raise ValueError("write to a closed jsonl sink")
        try:
            here, mine = os.stat(self.path), os.fstat(self._fd)
            if (here.st_dev, here.st_ino) == (mine.st_dev, mine.st_ino):
                return self._fd
        except FileNotFoundError:
            pass
        fd = self._open()
        os.close(self._fd)
        self._fd = fd
        return fd

    def write(self, events: Sequence[SafetyEvent]) -> None:
        data = b"".join(e.model_dump_json(exclude_none=True).encode() + b"\n" for e in events)
        with self._lock:
            fd = self._current()
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                _append(fd, data)
                if self._fsync:
                    os.fsync(fd)
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)

    def close(self) -> None:
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None


def _append(fd: int, data: bytes) -> None:
    """Append all of ``data`` or, on failure, cut the file back to where it ended."""
    start = os.fstat(fd).st_size
    view = memoryview(data)
    try:
        while view:
            view = view[os.write(fd, view) :]
    except BaseException:
        with contextlib.suppress(OSError):
            os.ftruncate(fd, start)
        raise
