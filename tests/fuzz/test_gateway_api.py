"""schemathesis against the gateway's HTTP contract (``gateway_openapi.py``): generated
requests, valid and invalid, to a real gateway on loopback in front of the mock upstream.
Every answer must match the contract (status, content type, body) and none may be a 5xx
(the upstream is healthy, so a 5xx would be the gateway's own fault)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings

from saferail import Guard
from saferail.gateway import GatewayConfig, create_app
from saferail.targets import OpenAITarget
from tests.fuzz._profile import FUZZ
from tests.fuzz.gateway_openapi import GATEWAY_OPENAPI
from tests.gateway.conftest import serve_in_thread
from tests.targets.conftest import MockServer, Step, completion, sse_events

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")
from schemathesis import GenerationMode  # noqa: E402
from schemathesis import checks as st_checks  # noqa: E402

CHECKS = [
    st_checks.not_a_server_error,
    st_checks.status_code_conformance,
    st_checks.content_type_conformance,
    st_checks.response_schema_conformance,
]


class HealthyUpstream(MockServer):
    """Always a good answer: streamed when asked, else one JSON completion."""

    def next_step(self, body: dict[str, Any]) -> Step:
        if body.get("stream"):
            return Step(sse=sse_events(["A short, ", "harmless answer."]))
        return Step(json=completion("A short, harmless answer."))


@pytest.fixture(scope="module")
def live_gateway() -> Iterator[str]:
    mock = HealthyUpstream()
    mock.start()
    guard = Guard()
    upstream = OpenAITarget(mock.url, "mock-model", timeout_s=5.0, max_retries=0)
    app = create_app(guard, upstream, config=GatewayConfig(hold_back_chars=8))
    server, thread, port = serve_in_thread(app)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        mock.stop()
        guard.close()


SCHEMA = schemathesis.openapi.from_dict(GATEWAY_OPENAPI)
CASES = [
    ("POST", "/v1/chat/completions", "positive"),
    ("POST", "/v1/chat/completions", "negative"),  # bodies that break the schema
    ("GET", "/v1/models", "positive"),
    ("GET", "/healthz", "positive"),
    ("GET", "/readyz", "positive"),
]


@pytest.mark.parametrize(("method", "path", "mode"), CASES)
def test_gateway_keeps_its_http_contract(
    live_gateway: str, method: str, path: str, mode: str
) -> None:
    operation = SCHEMA[path][method]
    budget = min(FUZZ.max_examples, 60) if method == "POST" else 5
    strategy = operation.as_strategy(generation_mode=GenerationMode(mode))

    @settings(FUZZ, max_examples=budget)
    @given(case=strategy)
    def run(case: Any) -> None:
        case.call_and_validate(base_url=live_gateway, checks=CHECKS, timeout=10)

    run()
