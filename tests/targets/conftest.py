"""A scriptable mock OpenAI-compatible server on loopback.

Each test queues :class:`Step` replies with ``mock.script(...)``; once the queue is empty the
server answers a normal completion echoing the last user message. Requests are recorded.
TCP_NODELAY is set (``disable_nagle_algorithm``) so keep-alive clients do not stall.
"""

from __future__ import annotations

import json
import socket
import struct
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass
class Step:
    """One scripted reply: a JSON body, raw bytes, or SSE events (``sse``)."""

    status: int = 200
    json: Any = None
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    sse: list[str] | None = None  # payloads of ``data:`` lines, "[DONE]" included if wanted
    cut: bool = False  # stop the chunked SSE body without its final chunk


def completion(text: str = "Hello!", *, tool_calls: list[dict[str, Any]] | None = None) -> Any:
    message: dict[str, Any] = {"role": "assistant", "content": text}
    if tool_calls:
        message["tool_calls"] = tool_calls
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "model": "mock",
        "choices": [
            {
                "index": 0,
                "message": message,
                "finish_reason": "tool_calls" if tool_calls else "stop",
            }
        ],
        "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5},
    }


def sse_events(pieces: list[str], *, finish: str = "stop", done: bool = True) -> list[str]:
    def chunk(delta: dict[str, Any], reason: str | None) -> str:
        choice = {"index": 0, "delta": delta, "finish_reason": reason}
        return json.dumps({"id": "c1", "object": "chat.completion.chunk", "choices": [choice]})

    events = [chunk({"role": "assistant", "content": ""}, None)]
    events += [chunk({"content": p}, None) for p in pieces]
    events.append(chunk({}, finish))
    return [*events, "[DONE]"] if done else events


class MockServer:
    def __init__(self) -> None:
        self.steps: deque[Step] = deque()
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.paths: list[str] = []
        self.request_times: list[float] = []
        self.inflight = 0
        self.max_inflight = 0
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        handler = type("Handler", (_Handler,), {"mock": self})
        self.httpd = _Server(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def script(self, *steps: Step) -> None:
        self.steps.extend(steps)

    def next_step(self, body: dict[str, Any]) -> Step:
        with self.lock:
            if self.steps:
                return self.steps.popleft()
        last = next((m for m in reversed(body.get("messages", [])) if m["role"] == "user"), {})
        return Step(json=completion(f"echo: {last.get('content', '')}"))

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # clients hanging up are fine
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    mock: MockServer
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        mock = self.mock
        with mock.lock:
            mock.requests.append(body)
            mock.headers.append(dict(self.headers))
            mock.paths.append(self.path)
            mock.request_times.append(time.perf_counter())
            mock.inflight += 1
            mock.max_inflight = max(mock.max_inflight, mock.inflight)
        try:
            self._reply(mock.next_step(body))
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            with mock.lock:
                mock.inflight -= 1

    def _reply(self, step: Step) -> None:
        if step.delay_s and self.mock.stopping.wait(step.delay_s):
            self.close_connection = True
            return
        if step.sse is not None:
            self._stream(step)
            return
        raw = step.body if step.body is not None else json.dumps(step.json or {}).encode()
        self.send_response(step.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        for key, value in step.headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(raw)

    def _stream(self, step: Step) -> None:
        assert step.sse is not None
        self.send_response(step.status)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for event in step.sse:
            data = f"data: {event}\n\n".encode()
            self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            self.wfile.flush()
        if step.cut:
            self.close_connection = True
            return
        self.wfile.write(b"0\r\n\r\n")


@pytest.fixture
def mock_server() -> Iterator[MockServer]:
    server = MockServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def mock_url(mock_server: MockServer) -> str:
    """The base URL of a running mock server (script it through ``mock_server``)."""
    return mock_server.url


class RawServer:
    """A loopback TCP server for faults the HTTP server cannot make (resets, half answers).

    Each connection reads the request, then runs the next of ``behaviours`` on the socket
    (the last one repeats); ``connections`` counts them.
    """

    def __init__(self, *behaviours: Callable[[socket.socket], None]) -> None:
        self.behaviours = list(behaviours)
        self.connections = 0
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            behaviour = self.behaviours[min(self.connections, len(self.behaviours) - 1)]
            self.connections += 1
            with conn:
                try:
                    conn.recv(65536)
                    behaviour(conn)
                except OSError:
                    pass

    def close(self) -> None:
        self.sock.close()


def reset(conn: socket.socket) -> None:
    """Abort the connection with a TCP RST (no answer at all)."""
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def half_headers(conn: socket.socket) -> None:
    """Start the response headers, then hang up."""
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Le")


def answer(text: str) -> Callable[[socket.socket], None]:
    """A whole completion, then close."""

    def send(conn: socket.socket) -> None:
        body = json.dumps(completion(text)).encode()
        head = (
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        conn.sendall(head.encode() + body)

    return send


@pytest.fixture
def raw_server() -> Iterator[Callable[..., RawServer]]:
    servers: list[RawServer] = []

    def make(*behaviours: Callable[[socket.socket], None]) -> RawServer:
        servers.append(RawServer(*behaviours))
        return servers[-1]

    yield make
    for server in servers:
        server.close()
