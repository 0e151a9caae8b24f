"""Edge cases of the gateway's HTTP surface: every refusal is an OpenAI-style error object
(unknown routes, wrong methods, unexpected failures), request fields of the wrong type are
400s naming the field, and ``stream_options.include_usage`` gets its usage chunk."""

from __future__ import annotations

import json
from typing import Any

import httpx
import openai
import pytest
from fastapi.testclient import TestClient
from starlette.middleware.base import BaseHTTPMiddleware

from saferail import Guard, parse_policy
from saferail.gateway import create_app
from saferail.targets import CallableTarget, OpenAITarget
from tests.gateway.conftest import StartGateway, Step, sse_events

CHAT = "/v1/chat/completions"
HI: list[Any] = [{"role": "user", "content": "hi"}]
OUTPUT_BLOCK = (
    "output:\n  checks:\n    banned_topic:\n      action: block\n      params:\n"
    "        topics:\n          weapons: [build a bomb]\n"
)
USAGE = {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5}


def bot() -> CallableTarget:
    return CallableTarget(lambda messages, **params: "Water boils at 100 C.", name="bot")


def assert_error(reply: Any, status: int, code: str | None) -> dict[str, Any]:
    """The error object of ``reply`` (an httpx or TestClient response)."""
    assert reply.status_code == status, reply.text
    assert reply.headers["content-type"].startswith("application/json")
    error = reply.json()["error"]
    assert set(error) == {"message", "type", "code", "param"}
    assert error["code"] == code and error["message"]
    return dict(error)


# -- the router's own answers and unexpected failures ----------------------------------------


@pytest.mark.parametrize("middleware", [False, True])
def test_unknown_routes_and_methods_are_openai_errors(
    default_guard: Guard, middleware: bool
) -> None:
    app = create_app(default_guard, bot())
    if middleware:  # requests then take the ordinary route, not the fast path
        app.add_middleware(
            BaseHTTPMiddleware, dispatch=lambda request, call_next: call_next(request)
        )
    with TestClient(app) as http:
        error = assert_error(http.get("/v1/embeddings"), 404, "unknown_url")
        assert error["type"] == "invalid_request_error"
        assert "GET /v1/embeddings" in error["message"]
        reply = http.get(CHAT)
        error = assert_error(reply, 405, "method_not_allowed")
        assert reply.headers["allow"] == "POST" and "GET /v1/chat/completions" in error["message"]
        assert_error(http.options(CHAT), 405, "method_not_allowed")
        assert_error(http.post("/v1/models"), 405, "method_not_allowed")
        assert_error(http.delete("/healthz"), 405, "method_not_allowed")


def test_probes_answer_head_without_a_body(default_guard: Guard) -> None:
    with TestClient(create_app(default_guard, bot())) as http:
        for path in ("/healthz", "/readyz"):
            reply = http.head(path)
            assert reply.status_code in (200, 503) and reply.content == b"", path
            assert reply.headers["content-type"].startswith("application/json")
        assert http.head("/healthz").status_code == 200
        assert http.get("/healthz").json() == {"status": "ok"}


def test_an_unexpected_failure_of_a_route_is_an_openai_500(default_guard: Guard) -> None:
    app = create_app(default_guard, bot())

    @app.get("/v1/boom")
    async def boom() -> None:
        raise RuntimeError("not for the client's eyes")

    with TestClient(app, raise_server_exceptions=False) as http:
        reply = http.get("/v1/boom")
    error = assert_error(reply, 500, "saferail.internal")
    assert error["type"] == "server_error" and "eyes" not in reply.text


def test_readyz_with_an_upstream_port_out_of_range_is_not_ready(default_guard: Guard) -> None:
    upstream = OpenAITarget("http://127.0.0.1:99999/v1", "m", max_retries=0)
    app = create_app(default_guard, upstream)
    with TestClient(app, raise_server_exceptions=False) as http:
        reply = http.get("/readyz")
    assert reply.status_code == 503
    assert reply.json()["status"] == "not ready" and reply.json()["upstream"] == "unreachable"


# -- request fields of the wrong type ------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"messages": HI, "stream": "false"}, "stream"),  # bool("false") is True
        ({"messages": HI, "stream": 1}, "stream"),
        ({"messages": HI, "n": True}, "n"),  # True == 1
        ({"messages": HI, "n": 2}, "n"),
        ({"messages": HI, "stream": True, "stream_options": "usage"}, "stream_options"),
        ({"messages": "hi"}, "messages"),
        ({"messages": ["hi"]}, "messages[0]"),
        ({"messages": [{"role": "user", "content": 5}]}, "messages[0].content"),
        (
            {"messages": [{"role": "user", "content": [{"type": "text", "text": 5}]}]},
            "messages[0].content",
        ),
        (
            {"messages": [{"role": "user", "content": [{"type": "text"}]}]},
            "messages[0].content",
        ),
    ],
)
def test_fields_of_the_wrong_type_are_400s_naming_the_field(
    start_gateway: StartGateway, body: dict[str, Any], param: str
) -> None:
    gw = start_gateway()
    with httpx.Client(base_url=gw.root, timeout=5.0) as http:
        reply = http.post(CHAT, json=body)
    error = assert_error(reply, 400, None)
    assert error["type"] == "invalid_request_error" and error["param"] == param
    assert gw.mock.requests == []  # nothing reached the upstream


def test_stream_false_and_null_answer_in_one_piece(start_gateway: StartGateway) -> None:
    gw = start_gateway()
    with httpx.Client(base_url=gw.root, timeout=5.0) as http:
        for stream in (False, None):
            reply = http.post(CHAT, json={"messages": HI, "stream": stream})
            assert reply.status_code == 200 and reply.json()["object"] == "chat.completion"
    assert [r["stream"] for r in gw.mock.requests] == [False, False]


def test_invalid_json_says_why(start_gateway: StartGateway) -> None:
    gw = start_gateway()
    with httpx.Client(base_url=gw.root, timeout=5.0) as http:
        # Python's json.dumps writes a lone surrogate as an escape; orjson refuses it
        lone = b'{"messages": [{"role": "user", "content": "a\\ud800b"}]}'
        error = assert_error(http.post(CHAT, content=lone), 400, None)
        assert error["message"].startswith("request body is not valid JSON: ")
        assert "surrogate" in error["message"]
        error = assert_error(http.post(CHAT, content=b""), 400, None)
        assert "empty" in error["message"]
    assert gw.mock.requests == []


# -- stream_options.include_usage ------------------------------------------------------------


def usage_events(pieces: list[str]) -> list[str]:
    events = sse_events(pieces)[:-1]  # without [DONE]
    usage = {"id": "c1", "object": "chat.completion.chunk", "choices": [], "usage": USAGE}
    return [*events, json.dumps(usage), "[DONE]"]


def test_include_usage_ends_the_stream_with_the_upstreams_usage(
    start_gateway: StartGateway,
) -> None:
    gw = start_gateway()
    gw.mock.script(Step(sse=usage_events(["Water boils ", "at 100 C."])))
    with gw.client() as client:
        events = client.chat.completions.create(
            model="m", messages=HI, stream=True, stream_options={"include_usage": True}
        )
        with events:
            chunks = list(events)
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == (
        "Water boils at 100 C."
    )
    last = chunks[-1]
    assert last.choices == [] and last.usage is not None and last.usage.total_tokens == 5
    assert all(c.usage is None for c in chunks[:-1])
    assert chunks[-2].choices[0].finish_reason == "stop"
    assert gw.mock.requests[0]["stream_options"] == {"include_usage": True}


def test_no_usage_chunk_unless_asked(start_gateway: StartGateway) -> None:
    gw = start_gateway()
    gw.mock.script(Step(sse=usage_events(["Water boils at 100 C."])))
    with gw.client() as client:
        events = client.chat.completions.create(model="m", messages=HI, stream=True)
        with events:
            chunks = list(events)
    assert all(c.choices for c in chunks) and all(c.usage is None for c in chunks)
    assert "stream_options" not in gw.mock.requests[0]


def test_a_blocked_stream_still_ends_with_the_usage_chunk(start_gateway: StartGateway) -> None:
    gw = start_gateway(Guard(parse_policy(OUTPUT_BLOCK)))
    gw.mock.script(Step(sse=usage_events(["Sure. Here is how to ", "build a bomb", " now."])))
    with gw.client() as client:
        events = client.chat.completions.create(
            model="m", messages=HI, stream=True, stream_options={"include_usage": True}
        )
        with events:
            chunks = list(events)
    assert chunks[-2].choices[0].finish_reason == "content_filter"
    assert chunks[-1].choices == []  # usage unknown: the upstream was cut off at the block
    assert "bomb" not in "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)


def test_openai_client_sees_typed_errors(start_gateway: StartGateway) -> None:
    gw = start_gateway()
    with gw.client() as client:
        with pytest.raises(openai.NotFoundError) as missing:
            client.embeddings.create(model="m", input="hi")
        assert missing.value.code == "unknown_url"
        with pytest.raises(openai.BadRequestError) as bad:
            client.chat.completions.create(model="m", messages=HI, n=2)
        assert bad.value.param == "n"
