"""What a demanding operator does to the sinks: bad JSONL paths, a full disk, log rotation,
several writers on one file, sinks sharing a name, a sink that hangs at exit."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import textwrap
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.parser import text_string_to_metric_families

from saferail.errors import SaferailError
from saferail.telemetry.emitter import Emitter
from saferail.telemetry.event import SafetyEvent
from saferail.telemetry.setup import Telemetry
from saferail.telemetry.sinks import SinkError, open_sink
from saferail.telemetry.sinks.jsonl import JsonlSink
from saferail.telemetry.sinks.prometheus import PrometheusSink


def _event(request_id: str) -> SafetyEvent:
    return SafetyEvent(type="guard.decision", request_id=request_id)


def _lines(path: Path) -> list[dict[str, object]]:
    data = path.read_bytes()
    assert data == b"" or data.endswith(b"\n"), "the file ends in a cut line"
    return [json.loads(line) for line in data.splitlines()]


def _run(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("where", ["under_a_file", "a_folder"])
def test_a_jsonl_path_that_cannot_be_a_file_is_one_typed_line(tmp_path: Path, where: str) -> None:
    (tmp_path / "plain").write_text("x")
    path = tmp_path / "plain" / "events.jsonl" if where == "under_a_file" else tmp_path
    with pytest.raises(SinkError) as info:
        open_sink(f"jsonl:{path}")
    message = str(info.value)
    assert str(path) in message and "\n" not in message
    with pytest.raises(SaferailError):
        Telemetry.from_specs([f"jsonl:{path}"])


@pytest.mark.parametrize("where", ["under_a_file", "a_folder"])
def test_a_sqlite_path_that_cannot_be_a_file_fails_at_setup(tmp_path: Path, where: str) -> None:
    (tmp_path / "plain").write_text("x")
    path = tmp_path / "plain" / "events.db" if where == "under_a_file" else tmp_path
    with pytest.raises(SinkError) as info:
        open_sink(f"sqlite:{path}")
    assert str(path) in str(info.value) and "\n" not in str(info.value)


def _fds_on(path: Path) -> int:
    fds = Path("/proc/self/fd")
    n = 0
    for fd in fds.iterdir():
        with contextlib.suppress(OSError):
            n += os.readlink(fd) == str(path)
    return n


def test_a_sink_that_fails_to_open_closes_those_opened_before_it(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    with pytest.raises(SinkError):
        Telemetry.from_specs([f"jsonl:{good}", f"jsonl:{tmp_path}"])
    assert _fds_on(good) == 0


_FULL_DISK = """
    import json, resource, signal, sys
    from saferail.telemetry.event import SafetyEvent
    from saferail.telemetry.sinks.jsonl import JsonlSink

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    sink = JsonlSink(sys.argv[1])
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (3000, hard))
    acked = []
    for i in range(100):
        batch = [SafetyEvent(type="guard.decision", request_id=f"r{i}-{j}") for j in range(3)]
        try:
            sink.write(batch)
        except OSError:
            for _ in range(3):  # the emitter retries while the disk is full
                try:
                    sink.write(batch)
                except OSError:
                    pass
            break
        acked += [e.request_id for e in batch]
    else:
        sys.exit("the file size limit never hit")
    resource.setrlimit(resource.RLIMIT_FSIZE, (hard, hard))  # space again: the retry works
    sink.write(batch)
    acked += [e.request_id for e in batch]
    sink.close()
    print(json.dumps(acked))
"""


def test_a_full_disk_leaves_neither_cut_nor_duplicate_lines(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    done = _run(_FULL_DISK, str(path))
    assert done.returncode == 0, done.stderr
    acked = json.loads(done.stdout)
    assert [line["request_id"] for line in _lines(path)] == acked


def test_a_rotated_jsonl_file_is_reopened_at_its_path(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    sink = JsonlSink(path)
    sink.write([_event("before")])
    path.rename(tmp_path / "events.jsonl.1")
    sink.write([_event("after-move")])
    (tmp_path / "events.jsonl.1").unlink()
    path.unlink()
    sink.write([_event("after-delete")])
    sink.close()
    assert [line["request_id"] for line in _lines(path)] == ["after-delete"]


_WRITER = """
    import sys
    from saferail.telemetry.event import CheckRecord, SafetyEvent
    from saferail.telemetry.sinks.jsonl import JsonlSink

    sink = JsonlSink(sys.argv[1])
    for k in range(8):
        checks = [CheckRecord(check="c" * 150) for _ in range(10)]
        sink.write(
            [SafetyEvent(type="guard.decision", request_id=f"{sys.argv[2]}-{k}-{i}", checks=checks)
             for i in range(30)]
        )
    sink.close()
"""


def test_threads_and_processes_appending_never_cut_lines(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    procs = [
        subprocess.Popen([sys.executable, "-c", textwrap.dedent(_WRITER), str(path), f"p{n}"])
        for n in range(2)
    ]
    sink = JsonlSink(path)

    def write(tag: str) -> None:
        for k in range(8):
            sink.write([_event(f"{tag}-{k}-{i}") for i in range(30)])

    threads = [threading.Thread(target=write, args=(f"t{n}",)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    sink.close()
    ids = [str(line["request_id"]) for line in _lines(path)]
    assert sorted(ids) == sorted(
        f"{tag}-{k}-{i}" for tag in ("p0", "p1", "t0", "t1") for k in range(8) for i in range(30)
    )


class _Named:
    def __init__(self, name: str, fail: bool = False) -> None:
        self.name = name
        self.fail = fail

    def write(self, events: Sequence[SafetyEvent]) -> None:
        if self.fail:
            raise OSError("disk full")

    def close(self) -> None:
        return None


def test_sinks_with_the_same_name_keep_their_own_counters() -> None:
    registry = CollectorRegistry()
    prom = PrometheusSink(registry)
    emitter = Emitter(
        [prom, _Named("jsonl"), _Named("jsonl", fail=True)], flush_interval_s=0.001, attempts=1
    )
    prom.watch(emitter)
    emitter.emit(_event("r1"))
    assert emitter.flush()
    stats = emitter.stats
    assert (stats["jsonl"].written, stats["jsonl"].dropped) == (1, 0)
    assert stats["jsonl#2"].dropped_failed == 1
    families = text_string_to_metric_families(generate_latest(registry).decode())
    dropped = {
        s.labels["sink"]: s.value
        for f in families
        if f.name == "saferail_telemetry_sink_dropped"
        for s in f.samples
        if s.labels["reason"] == "sink_failed"
    }
    assert dropped == {"prometheus": 0.0, "jsonl": 0.0, "jsonl#2": 1.0}
    emitter.close()


class _HungSink:
    """write() blocks (holding the sink's lock, as the JSONL sink does) until released."""

    name = "hung"

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entered = threading.Event()
        self.release = threading.Event()

    def write(self, events: Sequence[SafetyEvent]) -> None:
        with self.lock:
            self.entered.set()
            self.release.wait(60)

    def close(self) -> None:
        with self.lock:
            pass


def test_a_hung_sink_does_not_hang_close_and_its_events_count_as_dropped() -> None:
    sink = _HungSink()
    emitter = Emitter([sink], flush_interval_s=0.001)
    try:
        emitter.emit(_event("in-flight"))
        assert sink.entered.wait(10)
        for n in range(5):
            assert emitter.emit(_event(f"queued-{n}"))
        assert emitter.stats["hung"].queued == 5
        closer = threading.Thread(target=emitter.close, kwargs={"timeout_s": 0.05})
        closer.start()
        closer.join(30)
        assert not closer.is_alive(), "close() hung on the hung sink"
        stats = emitter.stats["hung"]
        assert (stats.written, stats.dropped_failed, stats.queued) == (0, 6, 0)
    finally:
        sink.release.set()


_EXIT_WITH_HUNG_SINK = """
    import sys, threading
    from saferail.telemetry.emitter import Emitter
    from saferail.telemetry.event import SafetyEvent
    from saferail.telemetry.sinks.jsonl import JsonlSink

    class Hung:
        name = "hung"
        lock = threading.Lock()
        def write(self, events):
            with self.lock:
                threading.Event().wait()
        def close(self):
            with self.lock:
                pass

    emitter = Emitter([JsonlSink(sys.argv[1]), Hung()], flush_interval_s=60)
    for i in range(300):
        emitter.emit(SafetyEvent(type="guard.decision", request_id=f"r{i}"))
    # no close(): the interpreter exits with events queued
"""


def test_the_interpreter_exits_with_a_hung_sink_and_flushes_the_others(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    done = _run(_EXIT_WITH_HUNG_SINK, str(path))
    assert done.returncode == 0, done.stderr
    assert [line["request_id"] for line in _lines(path)] == [f"r{i}" for i in range(300)]
