"""One busy stream does not hold up the rest of the gateway."""

from __future__ import annotations

import threading
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx

from saferail import Guard
from saferail.gateway import GatewayConfig, create_app
from saferail.targets import Chunk, Completion, Messages, TargetIdentity
from tests.gateway.conftest import serve_in_thread


class _Burst:
    """A target whose whole answer is ready at once: its stream never suspends."""

    def __init__(self, chunks: int) -> None:
        self.chunks = chunks
        self.finished_at: float | None = None

    @property
    def identity(self) -> TargetIdentity:
        return TargetIdentity("test", "burst")

    async def generate(self, messages: Messages, **params: Any) -> Completion:
        return Completion("unused")

    async def stream(self, messages: Messages, **params: Any) -> AsyncIterator[Chunk]:
        for i in range(self.chunks):
            yield Chunk(text=f"word{i} ")
        self.finished_at = time.perf_counter()
        yield Chunk(finish_reason="stop")


def test_a_stream_of_ready_chunks_lets_other_requests_in(default_guard: Guard) -> None:
    target = _Burst(500)
    app = create_app(default_guard, target, config=GatewayConfig(hold_back_chars=8))
    server, thread, port = serve_in_thread(app)
    root = f"http://127.0.0.1:{port}"
    started = threading.Event()
    body = {"model": "m", "messages": [{"role": "user", "content": "hi"}], "stream": True}

    def consume() -> None:
        with (
            httpx.Client(timeout=30) as http,
            http.stream("POST", f"{root}/v1/chat/completions", json=body) as r,
        ):
            for _ in r.iter_bytes():
                started.set()

    reader = threading.Thread(target=consume)
    try:
        reader.start()
        assert started.wait(20), "the stream did not start"
        assert httpx.get(f"{root}/healthz", timeout=30).status_code == 200
        answered_at = time.perf_counter()
        reader.join(60)
        assert target.finished_at is not None
        assert answered_at < target.finished_at  # served while the stream was still running
    finally:
        server.should_exit = True
        thread.join(timeout=10)
