"""Approval edge cases with real components: processes opening one new SQLite queue together,
requests left pending by a process that died, and a webhook that trickles its answer."""

from __future__ import annotations

import multiprocessing as mp
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from saferail.agents.approval import ApprovalRequest, WebhookApprover
from saferail.agents.approval_queue import ApprovalQueue

_SPAWN = mp.get_context("spawn")


def request() -> ApprovalRequest:
    return ApprovalRequest("wire_money", '{"amount": 10}', ("approval_required",))


def _open_queues(paths: list[str], barrier: Any, results: Any) -> None:
    for path in paths:
        barrier.wait()  # every process opens the same new file at the same moment
        try:
            ApprovalQueue(path).pending()
            results.put("ok")
        except Exception as exc:
            results.put(f"{type(exc).__name__}: {exc}")


def test_processes_opening_a_new_queue_together_all_succeed(tmp_path: Path) -> None:
    paths, n = [str(tmp_path / f"q{i}.db") for i in range(3)], 5
    barrier, results = _SPAWN.Barrier(n), _SPAWN.Queue()
    procs = [_SPAWN.Process(target=_open_queues, args=(paths, barrier, results)) for _ in range(n)]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=60) for _ in range(n * len(paths))]
    for p in procs:
        p.join(30)
    assert outcomes == ["ok"] * (n * len(paths))


def _submit_and_die(path: str, request_id: str) -> None:
    queue = ApprovalQueue(path, timeout_s=0.2)
    queue.submit(ApprovalRequest("wire_money", "{}", ("approval_required",), id=request_id))
    import os

    os._exit(1)  # crashed before it could wait for (and time out) its request


def test_a_request_left_pending_by_a_dead_process_reads_as_timed_out(tmp_path: Path) -> None:
    path = str(tmp_path / "q.db")
    proc = _SPAWN.Process(target=_submit_and_die, args=(path, "r1"))
    proc.start()
    proc.join(60)
    reviewer = ApprovalQueue(path)
    time.sleep(0.3)
    rec = reviewer.get("r1")
    assert (rec.status, rec.note, rec.decided_by) == ("denied", "timeout", "saferail")
    assert not reviewer.approve("r1")


class Trickle:
    """A loopback webhook that sends its headers, then its body one byte per ``delay_s``."""

    def __init__(self, body: bytes, delay_s: float) -> None:
        hook = self
        self.stop = threading.Event()

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers["Content-Length"]))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if not delay_s:
                    self.wfile.write(body)
                    return
                for i in range(len(body)):
                    if hook.stop.wait(delay_s):
                        return
                    try:
                        self.wfile.write(body[i : i + 1])
                        self.wfile.flush()
                    except OSError:
                        return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/approve"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)


@pytest.fixture
def trickle() -> Iterator[Trickle]:
    hook = Trickle(b" " * 40 + b'{"approved": true}', 0.05)  # about 3 s in all
    hook.thread.start()
    yield hook
    hook.stop.set()
    hook.server.shutdown()
    hook.server.server_close()


def test_a_webhook_trickling_its_answer_times_out(trickle: Trickle) -> None:
    start = time.monotonic()
    result = WebhookApprover(trickle.url, timeout_s=0.5).decide(request())
    assert result.status == "timeout" and not result.approved
    assert time.monotonic() - start < 1.5


def test_an_oversized_webhook_answer_is_an_error() -> None:
    body = b'{"approved": true, "pad": "' + b"x" * 100_000 + b'"}'
    hook = Trickle(body, 0)
    hook.thread.start()
    try:
        result = WebhookApprover(hook.url, timeout_s=5).decide(request())
    finally:
        hook.stop.set()
        hook.server.shutdown()
        hook.server.server_close()
    assert result.status == "error" and "too large" in result.note
