"""Admission: request size (413), API keys (401), per-key rate limits (429), bad requests."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import openai
import pydantic
import pytest

from saferail.gateway import GatewayConfig, hash_key
from saferail.gateway.limits import TokenBucket
from tests.gateway.conftest import Gateway, StartGateway

KEYS = {"team-a": hash_key("sk-alpha"), "team-b": hash_key("sk-beta")}


def ask(gw: Gateway, api_key: str = "sk-test", text: str = "hi") -> Any:
    with gw.client(api_key=api_key) as client:
        return client.chat.completions.create(
            model="m", messages=[{"role": "user", "content": text}]
        )


def test_oversized_body_is_a_413(start_gateway: StartGateway) -> None:
    gw = start_gateway(max_body_bytes=2_000)
    assert ask(gw, text="x" * 100).choices[0].message.content == "echo: " + "x" * 100
    with pytest.raises(openai.APIStatusError) as info:
        ask(gw, text="x" * 5_000)
    assert info.value.status_code == 413
    error = info.value.response.json()["error"]
    assert error["code"] == "request_too_large" and "x" * 20 not in info.value.response.text
    assert len(gw.mock.requests) == 1


def test_oversized_chunked_body_is_a_413(start_gateway: StartGateway) -> None:
    gw = start_gateway(max_body_bytes=2_000)

    def body() -> Iterator[bytes]:  # no Content-Length: the limit applies while reading
        yield b'{"model": "m", "messages": [{"role": "user", "content": "'
        for _ in range(10):
            yield b"y" * 500
        yield b'"}]}'

    with httpx.Client(base_url=gw.root, timeout=5.0) as http:
        reply = http.post("/v1/chat/completions", content=body())
    assert reply.status_code == 413 and gw.mock.requests == []


def test_malformed_requests_are_400s(start_gateway: StartGateway) -> None:
    gw = start_gateway()
    with httpx.Client(base_url=gw.root, timeout=5.0) as http:
        cases = [
            b"not json",
            b"[1, 2]",
            b'{"messages": []}',
            b'{"messages": [{"content": "no role"}]}',
            b'{"messages": [{"role": "user", "content": "hi"}], "n": 2}',
            json.dumps(
                {"messages": [{"role": "user", "content": [{"type": "image_url"}]}]}
            ).encode(),
        ]
        for raw in cases:
            reply = http.post("/v1/chat/completions", content=raw)
            assert reply.status_code == 400, raw
            assert reply.json()["error"]["type"] == "invalid_request_error"
    assert gw.mock.requests == []


def test_api_keys_are_required_when_configured(start_gateway: StartGateway) -> None:
    events: list[dict[str, Any]] = []
    gw = start_gateway(api_keys=KEYS, on_event=events.append)
    with pytest.raises(openai.AuthenticationError) as info:
        ask(gw, api_key="sk-wrong")
    assert info.value.status_code == 401
    assert info.value.response.json()["error"]["code"] == "invalid_api_key"
    assert "sk-wrong" not in info.value.response.text
    with gw.client(api_key="sk-wrong") as client, pytest.raises(openai.AuthenticationError):
        client.models.list()
    with httpx.Client(base_url=gw.root, timeout=5.0) as http:
        no_header = http.post("/v1/chat/completions", json={"messages": []})
        assert no_header.status_code == 401
        assert http.get("/healthz").status_code == 200  # probes stay open
    assert ask(gw, api_key="sk-alpha").choices[0].message.content == "echo: hi"
    assert gw.mock.requests and "sk-alpha" not in json.dumps(gw.mock.headers)
    assert events[-1]["tenant"] == "team-a"


def test_config_refuses_plaintext_keys() -> None:
    with pytest.raises(pydantic.ValidationError, match="sha256"):
        GatewayConfig(api_keys={"team-a": "sk-alpha"})
    upper = GatewayConfig(api_keys={"t": hash_key("k").upper()})
    assert upper.api_keys == {"t": hash_key("k")}


def test_rate_limit_is_per_key_with_retry_after(start_gateway: StartGateway) -> None:
    gw = start_gateway(api_keys=KEYS, rate_limit_rps=0.2, rate_limit_burst=2)
    ask(gw, "sk-alpha")
    ask(gw, "sk-alpha")
    with pytest.raises(openai.RateLimitError) as info:
        ask(gw, "sk-alpha")
    assert info.value.status_code == 429
    assert int(info.value.response.headers["retry-after"]) >= 1
    assert info.value.response.json()["error"]["code"] == "rate_limit_exceeded"
    assert ask(gw, "sk-beta").choices[0].message.content == "echo: hi"  # its own bucket
    assert len(gw.mock.requests) == 3
    with httpx.Client(base_url=gw.root, timeout=5.0) as http:
        metrics = http.get("/metrics").text
    assert 'saferail_gateway_requests_total{outcome="rejected_429",stream="false"} 1.0' in metrics


def test_token_bucket_refills() -> None:
    now = [0.0]
    bucket = TokenBucket(rate=2.0, burst=2.0, clock=lambda: now[0])
    assert bucket.take() == 0.0 and bucket.take() == 0.0
    assert bucket.take() == pytest.approx(0.5)
    now[0] = 0.5
    assert bucket.take() == 0.0 and bucket.take() == pytest.approx(0.5)
    now[0] = 100.0
    assert [bucket.take() for _ in range(3)] == [0.0, 0.0, pytest.approx(0.5)]


def test_admin_reload_needs_an_admin_key(start_gateway: StartGateway) -> None:
    gw = start_gateway(
        api_keys=KEYS, admin_key_ids=frozenset({"team-b"}), reload_guard=lambda: 1 / 0
    )
    with httpx.Client(base_url=gw.root, timeout=5.0) as http:
        assert http.post("/admin/reload").status_code == 401
        user = http.post("/admin/reload", headers={"Authorization": "Bearer sk-alpha"})
        assert user.status_code == 403
        admin = http.post("/admin/reload", headers={"Authorization": "Bearer sk-beta"})
    assert admin.status_code == 400  # the loader failed: the current policy stays
    assert admin.json()["error"]["code"] == "saferail.reload_failed"
    assert ask(gw, "sk-alpha").choices[0].finish_reason == "stop"
