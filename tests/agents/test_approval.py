"""Approvers: registry and entry points, CLI prompt, webhook (loopback server), SQLite queue."""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from saferail import Guard, parse_policy
from saferail.agents import approval
from saferail.agents.approval import (
    ApprovalRequest,
    ApprovalResult,
    CliApprover,
    DenyApprover,
    WebhookApprover,
    available_approvers,
    get_approver,
    register_approver,
)
from saferail.agents.approval_queue import ApprovalQueue
from saferail.errors import SaferailError
from saferail.targets.base import ToolCall


def request(tool: str = "wire_money") -> ApprovalRequest:
    return ApprovalRequest(
        tool, '{"amount": 10}', ("approval_required",), ("needs approval",), "s1", "ops"
    )


# -- registry -----------------------------------------------------------------------------------


def test_builtins_are_registered_and_unknown_names_fail() -> None:
    assert {"cli", "deny", "queue", "webhook"} <= set(available_approvers())
    assert isinstance(get_approver("deny"), DenyApprover)
    assert not get_approver("deny").decide(request()).approved
    with pytest.raises(SaferailError, match="unknown approver 'nope'"):
        get_approver("nope")
    with pytest.raises(SaferailError, match="already registered"):
        register_approver("deny", lambda: DenyApprover())


def test_entry_points_add_approvers(monkeypatch: pytest.MonkeyPatch) -> None:
    class Always:
        name = "always"

        def decide(self, req: ApprovalRequest) -> ApprovalResult:
            return ApprovalResult("approved", self.name)

    class EP:
        name = "always"

        def load(self) -> Any:
            return Always

    class Broken(EP):
        name = "broken"

        def load(self) -> Any:
            raise ImportError("missing module")

    monkeypatch.setattr(approval, "entry_points", lambda group: [EP(), Broken()])
    monkeypatch.setitem(approval._loaded, "entry_points", False)
    monkeypatch.setattr(approval, "_registry", dict(approval._registry))
    assert "always" in available_approvers() and "broken" not in available_approvers()
    assert get_approver("always").decide(request()).approved


# -- CLI ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "approved"),
    [("y\n", True), ("YES\n", True), ("n\n", False), ("\n", False), ("", False)],
)
def test_cli_approver_reads_one_answer(answer: str, approved: bool) -> None:
    out = io.StringIO()
    result = CliApprover(io.StringIO(answer), out).decide(request())
    assert result.approved is approved and result.approver == "cli"
    shown = out.getvalue()
    assert "wire_money" in shown and "approval_required: needs approval" in shown


def test_cli_approver_denies_without_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    result = CliApprover().decide(request())
    assert result.status == "denied" and "no terminal" in result.note


# -- webhook ------------------------------------------------------------------------------------


class Hook:
    def __init__(self) -> None:
        self.bodies: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.reply: tuple[int, bytes] = (200, b'{"approved": true, "note": "ok by ana"}')
        self.stall = threading.Event()
        self.stop = threading.Event()
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                n = int(self.headers.get("Content-Length") or 0)
                hook.bodies.append(json.loads(self.rfile.read(n)))
                hook.headers.append(dict(self.headers))
                if hook.stall.is_set():
                    hook.stop.wait(10)
                    return
                status, body = hook.reply
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/approve"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)


@pytest.fixture
def hook() -> Iterator[Hook]:
    h = Hook()
    h.thread.start()
    yield h
    h.stop.set()
    h.server.shutdown()
    h.server.server_close()


def test_webhook_posts_the_request_and_reads_the_answer(hook: Hook) -> None:
    approver = WebhookApprover(hook.url, timeout_s=5, headers={"X-Token": "t0k"})
    result = approver.decide(request())
    assert result.approved and result.note == "ok by ana"
    [body] = hook.bodies
    assert body["tool"] == "wire_money" and body["reasons"] == ["approval_required"]
    assert body["session"] == "s1" and body["role"] == "ops" and body["id"]
    assert hook.headers[0]["X-Token"] == "t0k"


@pytest.mark.parametrize(
    ("reply", "status"),
    [
        ((200, b'{"approved": false}'), "denied"),
        ((200, b'{"approved": "yes"}'), "denied"),
        ((200, b"not json"), "error"),
        ((500, b'{"approved": true}'), "error"),
    ],
)
def test_webhook_anything_but_a_clear_yes_denies(
    hook: Hook, reply: tuple[int, bytes], status: str
) -> None:
    hook.reply = reply
    result = WebhookApprover(hook.url, timeout_s=5).decide(request())
    assert not result.approved and result.status == status


def test_webhook_timeout_and_unreachable_deny(hook: Hook) -> None:
    hook.stall.set()
    assert WebhookApprover(hook.url, timeout_s=0.2).decide(request()).status == "timeout"
    closed = WebhookApprover("http://127.0.0.1:9/approve", timeout_s=2).decide(request())
    assert closed.status == "error" and "unreachable" in closed.note


def test_webhook_approver_from_the_policy_decides_escalations(hook: Hook) -> None:
    policy = parse_policy(
        "tools:\n  approver:\n    name: webhook\n"
        f"    params: {{url: '{hook.url}', timeout_s: 5}}\n"
        "  catalog:\n    wire_money: {action: escalate}\n"
    )
    guard = Guard(policy)
    try:
        call = ToolCall("c", "wire_money", '{"amount": 10}')
        assert guard.check_tool_call(call).allowed
        hook.reply = (200, b'{"approved": false}')
        d = guard.check_tool_call(call)
        assert d.blocked and d.findings[-1].entity_type == "approval_denied"
    finally:
        guard.close()
    assert len(hook.bodies) == 2


# -- queue --------------------------------------------------------------------------------------


def test_queue_states_and_final_decisions(tmp_path: Path) -> None:
    queue = ApprovalQueue(tmp_path / "approvals.db", timeout_s=300)
    a, b = request("a"), request("b")
    queue.submit(a)
    queue.submit(b)
    assert [r.tool for r in queue.pending()] == ["a", "b"]
    assert queue.approve(a.id, by="ana", note="fine")
    assert not queue.deny(a.id)  # already decided
    assert queue.deny(b.id, by="ben")
    assert not queue.approve(b.id)
    assert queue.pending() == []
    rec = queue.get(a.id)
    assert (rec.status, rec.decided_by, rec.note) == ("approved", "ana", "fine")
    assert rec.reasons == ("approval_required",) and rec.arguments == '{"amount": 10}'
    assert queue.get(b.id).status == "denied"
    with pytest.raises(KeyError):
        queue.get("missing")
    again = ApprovalQueue(tmp_path / "approvals.db")  # reopening keeps the rows
    assert again.get(a.id).status == "approved"


def test_queue_timeout_denies(tmp_path: Path) -> None:
    queue = ApprovalQueue(tmp_path / "q.db", timeout_s=0)
    result = queue.decide(request())
    assert result.status == "timeout" and not result.approved
    [rec] = [queue.get(r) for r in _ids(tmp_path / "q.db")]
    assert rec.status == "denied" and rec.note == "timeout" and rec.decided_by == "saferail"
    late = request()
    queue.submit(late)
    assert not queue.approve(late.id)  # expired: can no longer be approved
    assert queue.pending() == [] and queue.get(late.id).note == "timeout"


def test_queue_decide_waits_for_a_reviewer(tmp_path: Path) -> None:
    path = tmp_path / "q.db"
    queue = ApprovalQueue(path, timeout_s=30, poll_s=0.01)
    reviewer = ApprovalQueue(path)
    done = threading.Event()

    def review() -> None:
        while not done.is_set():
            for rec in reviewer.pending():
                reviewer.approve(rec.id, by="reviewer")
                return
            done.wait(0.01)

    thread = threading.Thread(target=review)
    thread.start()
    try:
        result = queue.decide(request())
    finally:
        done.set()
        thread.join(5)
    assert result.approved and result.approver == "queue"


def test_queue_from_the_policy(tmp_path: Path) -> None:
    db = tmp_path / "policy-q.db"
    policy = parse_policy(
        f"tools:\n  approver: {{name: queue, params: {{path: '{db}', timeout_s: 0}}}}\n"
        "  catalog:\n    wire_money: {action: escalate}\n"
    )
    guard = Guard(policy)
    try:
        d = guard.check_tool_call(ToolCall("c", "wire_money", "{}"))
    finally:
        guard.close()
    assert d.blocked and d.findings[-1].entity_type == "approval_timeout"
    assert len(_ids(db)) == 1


def _ids(path: Path) -> list[str]:
    import sqlite3

    db = sqlite3.connect(path)
    try:
        return [r[0] for r in db.execute("SELECT id FROM approvals")]
    finally:
        db.close()
