"""Run the gateway with real uvicorn on a free loopback port, against the mock upstream.

``gateway(...)`` starts one in a background thread and stops it cleanly (``should_exit``)
when the test ends; the upstream ``OpenAITarget`` is closed by the app's lifespan, in the
server's own event loop. Clients are the real ``openai`` package, with retries off.
"""

from __future__ import annotations

import base64
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openai
import pytest
import uvicorn

from saferail import Guard, parse_policy
from saferail.gateway import GatewayConfig, create_app
from saferail.targets import OpenAITarget
from tests.gateway._redis import RedisServer
from tests.targets.conftest import MockServer, Step, completion, sse_events

__all__ = ["Gateway", "MockServer", "Step", "completion", "serve_in_thread", "sse_events"]

PSEUDONYMIZE = (
    "input:\n  checks:\n    pii:\n      action: redact\n      params:\n"
    "        operators: {default: {operator: pseudonymize}}\n"
)


@dataclass
class Gateway:
    url: str  # the OpenAI base URL: http://127.0.0.1:PORT/v1
    root: str  # http://127.0.0.1:PORT
    app: Any
    mock: MockServer

    def client(self, api_key: str = "sk-test", **kwargs: Any) -> openai.OpenAI:
        return openai.OpenAI(
            base_url=self.url, api_key=api_key, max_retries=0, timeout=5.0, **kwargs
        )

    def async_client(self, api_key: str = "sk-test", **kwargs: Any) -> openai.AsyncOpenAI:
        return openai.AsyncOpenAI(
            base_url=self.url, api_key=api_key, max_retries=0, timeout=5.0, **kwargs
        )


def serve_in_thread(app: Any) -> tuple[uvicorn.Server, threading.Thread, int]:
    config = uvicorn.Config(
        app, host="127.0.0.1", port=0, log_level="warning", lifespan="on", access_log=False
    )
    server = uvicorn.Server(config)  # no signal handlers off the main thread
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(500):
        if server.started or not thread.is_alive():
            break
        thread.join(0.01)
    assert server.started, "the gateway did not start"
    port = server.servers[0].sockets[0].getsockname()[1]
    return server, thread, port


@pytest.fixture
def mock_server() -> Iterator[MockServer]:
    server = MockServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def default_guard() -> Iterator[Guard]:
    """The bundled default policy, built once (the first Guard loads the data files)."""
    guard = Guard()
    yield guard
    guard.close()


@pytest.fixture
def pseudo_guard(monkeypatch: pytest.MonkeyPatch) -> Iterator[Guard]:
    monkeypatch.setenv("SAFERAIL_VAULT_KEY", base64.b64encode(os.urandom(32)).decode())
    guard = Guard(parse_policy(PSEUDONYMIZE))
    yield guard
    assert guard.vault is not None
    guard.vault.close()
    guard.close()


StartGateway = Callable[..., Gateway]


@pytest.fixture
def start_gateway(mock_server: MockServer, default_guard: Guard) -> Iterator[StartGateway]:
    """``start_gateway(guard=None, upstream_url=None, **config)``: a running gateway."""
    running: list[tuple[uvicorn.Server, threading.Thread]] = []

    def start(
        guard: Guard | None = None,
        *,
        upstream_url: str | None = None,
        timeout_s: float = 2.0,
        max_retries: int = 1,
        **config: Any,
    ) -> Gateway:
        guard = guard if guard is not None else default_guard
        config.setdefault("hold_back_chars", 8)
        upstream = OpenAITarget(
            upstream_url or mock_server.url,
            "mock-model",
            timeout_s=timeout_s,
            max_retries=max_retries,
            backoff_s=0.001,
        )
        app = create_app(guard, upstream, config=GatewayConfig(**config))
        server, thread, port = serve_in_thread(app)
        running.append((server, thread))
        root = f"http://127.0.0.1:{port}"
        return Gateway(f"{root}/v1", root, app, mock_server)

    try:
        yield start
    finally:
        for server, _ in running:
            server.should_exit = True
        for _, thread in running:
            thread.join(timeout=10)
            assert not thread.is_alive(), "the gateway did not stop"


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    """A private redis-server on a free loopback port (skips when redis-server is missing)."""
    server = RedisServer(tmp_path / "redis")
    server.start()
    try:
        yield server
    finally:
        server.stop()
