"""Approval edge cases with real components: processes opening one new SQLite queue together,
requests left pending by a process that died, and a webhook that trickles its answer."""

from __future__ import annotations

import contextlib
import io
import json
import math
import multiprocessing as mp
import sqlite3
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from saferail.agents.approval import (
    ApprovalRequest,
    CliApprover,
    WebhookApprover,
    get_approver,
)
from saferail.agents.approval_queue import ApprovalQueue, ApprovalQueueError
from saferail.errors import SaferailError

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


# -- what the terminal approver shows -----------------------------------------------------------


def shown(arguments: str, reasons: tuple[str, ...], details: tuple[str, ...] = ()) -> str:
    out = io.StringIO()
    request = ApprovalRequest("wire_money", arguments, reasons, details)
    assert not CliApprover(io.StringIO("n\n"), out).decide(request).approved
    return out.getvalue()


@pytest.mark.parametrize(
    "arguments",
    [
        {"payment": {"memo": "x" * 2000, "iban": "ES9121000418450200051332"}},
        {"payments": [{"memo": "x" * 2000}, {"iban": "ES9121000418450200051332"}]},
        ["x" * 2000, "ES9121000418450200051332"],
    ],
    ids=["nested-object", "nested-list", "top-level-list"],
)
def test_cli_approver_shows_a_nested_value_after_a_long_one(arguments: Any) -> None:
    text = shown(json.dumps(arguments), ("approval_required",))
    assert "ES9121000418450200051332" in text and len(text) < 1000


def test_cli_approver_shows_a_key_given_twice_and_numbers_as_written() -> None:
    raw = '{"iban": "ES9121000418450200051332", "iban": "GB82WEST12345698765432", "amount": 1e2}'
    text = shown(raw + " ", ("approval_required",))
    assert "ES9121000418450200051332" in text and "GB82WEST12345698765432" in text
    assert '"amount": 1e2' in text
    assert '"amount": 10.000000000000000001' in shown(
        '{"amount": 10.000000000000000001}', ("approval_required",)
    )


def test_cli_approver_shows_every_reason_even_without_details() -> None:
    text = shown("{}", ("tainted_session", "untrusted_destination"), ("after web content",))
    assert "tainted_session: after web content" in text
    assert "untrusted_destination" in text


def test_cli_approver_survives_arguments_nested_deeper_than_python_recurses() -> None:
    deep = '{"a": ' + "[" * 50_000 + "]" * 50_000 + "}"
    assert "arguments:" in shown(deep, ("approval_required",))


# -- opening and configuring a queue --------------------------------------------------------------


def test_a_queue_refuses_another_stores_database_and_leaves_it_alone(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE safety_events (id INTEGER)")
        db.commit()
    with pytest.raises(ApprovalQueueError, match=r"is not an approvals queue: it holds an event"):
        ApprovalQueue(path)
    with contextlib.closing(sqlite3.connect(path)) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        mode = db.execute("PRAGMA journal_mode").fetchone()[0]
    assert tables == {"safety_events"} and mode == "delete"


def test_a_queue_that_cannot_be_opened_is_one_line(tmp_path: Path) -> None:
    text = tmp_path / "notes.db"
    text.write_text("these are notes, not a database\n" * 64, encoding="utf-8")
    with pytest.raises(ApprovalQueueError, match=r"^cannot open approvals queue .*notes\.db: "):
        ApprovalQueue(text)
    newer = tmp_path / "newer.db"
    ApprovalQueue(newer)
    with contextlib.closing(sqlite3.connect(newer)) as db:
        db.execute("PRAGMA user_version = 99")
    with pytest.raises(ApprovalQueueError, match="has schema 99, newer than this saferail"):
        ApprovalQueue(newer)


@pytest.mark.parametrize(
    "settings",
    [
        {"timeout_s": "300"},
        {"timeout_s": -1},
        {"timeout_s": math.nan},
        {"timeout_s": math.inf},
        {"poll_s": 0},
        {"poll_s": True},
    ],
    ids=["text", "negative", "nan", "infinite", "no-poll", "bool"],
)
def test_bad_queue_settings_are_one_line_errors(tmp_path: Path, settings: dict[str, Any]) -> None:
    name = next(iter(settings))
    with pytest.raises(ApprovalQueueError, match=rf"^approvals queue: {name} must be "):
        ApprovalQueue(tmp_path / "q.db", **settings)
    queue = ApprovalQueue(tmp_path / "q.db")
    if name == "timeout_s":
        with pytest.raises(ApprovalQueueError, match=r"^approvals queue: timeout_s must be "):
            queue.submit(request(), timeout_s=settings[name])
    assert queue.pending() == []


def test_unknown_approver_parameters_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(SaferailError, match=r"^approver 'queue': bad parameters: .*'pth'"):
        get_approver("queue", pth=str(tmp_path / "q.db"))
