"""OpenAITarget against the loopback mock server: replies, streams, retries and faults."""

from __future__ import annotations

import asyncio
import json
import socket
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeVar

import httpx
import pytest

from saferail.targets import (
    Chunk,
    Completion,
    OpenAITarget,
    Target,
    TargetBadResponse,
    TargetRateLimited,
    TargetRejected,
    TargetTimeout,
    TargetUnavailable,
)
from saferail.targets._http import _LineSplitter
from tests.targets.conftest import MockServer, Step, completion, sse_events

T = TypeVar("T")
MESSAGES = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}]
TOOL_CALL = {
    "id": "call_7",
    "type": "function",
    "function": {"name": "get_weather", "arguments": '{"city": "Oslo"}'},
}


BACKEND = {"name": "aiohttp"}


@pytest.fixture(autouse=True, params=["aiohttp", "httpx"])
def http_backend(request: pytest.FixtureRequest) -> Iterator[str]:
    """Every test runs over both HTTP backends."""
    BACKEND["name"] = request.param
    yield request.param
    BACKEND["name"] = "aiohttp"


def run(url: str, action: Callable[[OpenAITarget], Awaitable[T]], **kwargs: Any) -> T:
    options: dict[str, Any] = {"backoff_s": 0.001, "timeout_s": 2.0, **kwargs}
    if "transport" not in options:
        options.setdefault("http_backend", BACKEND["name"])

    async def main() -> T:
        async with OpenAITarget(url, "mock-model", **options) as target:
            return await action(target)

    return asyncio.run(main())


async def chunks_of(target: OpenAITarget) -> list[Chunk]:
    return [c async for c in target.stream(MESSAGES)]


def test_is_a_target() -> None:
    assert isinstance(OpenAITarget("http://127.0.0.1:1", "m"), Target)


def test_generate_sends_openai_request_and_parses_reply(mock_server: MockServer) -> None:
    params = {"temperature": 0.0}
    out = run(
        mock_server.url + "/v1/",
        lambda t: t.generate(MESSAGES, max_tokens=5),
        api_key="sk-test",
        default_params=params,
    )
    assert out.text == "echo: Hi"
    assert out.finish_reason == "stop"
    assert out.usage == {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5}
    assert out.latency_ms > 0 and out.raw["id"] == "chatcmpl-1"
    body = mock_server.requests[0]
    assert body == {
        "model": "mock-model",
        "messages": MESSAGES,
        "temperature": 0.0,
        "max_tokens": 5,
        "stream": False,
    }
    assert mock_server.headers[0]["Authorization"] == "Bearer sk-test"


def test_tool_calls_are_parsed(mock_server: MockServer) -> None:
    mock_server.script(Step(json=completion("", tool_calls=[TOOL_CALL])))
    out = run(mock_server.url, lambda t: t.generate(MESSAGES))
    assert out.finish_reason == "tool_calls" and out.text == ""
    [call] = out.tool_calls
    assert (call.id, call.name, call.parsed_arguments()) == (
        "call_7",
        "get_weather",
        {"city": "Oslo"},
    )
    assert call.to_dict() == TOOL_CALL


def test_stream_parses_sse_until_done(mock_server: MockServer) -> None:
    mock_server.script(Step(sse=sse_events(["Hel", "lo ", "there"])))
    chunks = run(mock_server.url, chunks_of)
    assert "".join(c.text for c in chunks) == "Hello there"
    assert chunks[-1].finish_reason == "stop"
    assert mock_server.requests[0]["stream"] is True


def test_streamed_tool_call_deltas_are_merged(mock_server: MockServer) -> None:
    def event(delta: dict[str, Any], reason: str | None = None) -> str:
        return json.dumps({"choices": [{"index": 0, "delta": delta, "finish_reason": reason}]})

    fn = {"name": "get_weather", "arguments": ""}
    events = [
        event({"tool_calls": [{"index": 0, "id": "call_7", "type": "function", "function": fn}]}),
        event({"tool_calls": [{"index": 0, "function": {"arguments": '{"city": '}}]}),
        event({"tool_calls": [{"index": 0, "function": {"arguments": '"Oslo"}'}}]}),
        event({}, "tool_calls"),
        "[DONE]",
    ]
    mock_server.script(Step(sse=events))
    out = run(mock_server.url, lambda t: t.collect(MESSAGES))
    assert out.finish_reason == "tool_calls"
    assert [c.to_dict() for c in out.tool_calls] == [TOOL_CALL]


def test_429_waits_retry_after_then_succeeds(mock_server: MockServer) -> None:
    mock_server.script(
        Step(status=429, json={"error": {"message": "slow down"}}, headers={"Retry-After": "0.3"})
    )
    out = run(mock_server.url, lambda t: t.generate(MESSAGES), backoff_s=0.0)
    assert out.text == "echo: Hi"
    first, second = mock_server.request_times
    assert second - first >= 0.28


def test_500_twice_then_success(mock_server: MockServer) -> None:
    mock_server.script(Step(status=500), Step(status=503))
    out = run(mock_server.url, lambda t: t.generate(MESSAGES))
    assert out.text == "echo: Hi" and len(mock_server.requests) == 3


def test_always_500_gives_up_after_max_retries(mock_server: MockServer) -> None:
    mock_server.script(*[Step(status=500, json={"error": {"message": "boom"}})] * 5)
    with pytest.raises(TargetUnavailable) as info:
        run(mock_server.url, lambda t: t.generate(MESSAGES), max_retries=2)
    assert len(mock_server.requests) == 3
    assert info.value.status == 500
    assert "HTTP 500" in str(info.value) and "boom" in str(info.value)
    assert "\n" not in str(info.value)


def test_always_429_raises_rate_limited(mock_server: MockServer) -> None:
    mock_server.script(*[Step(status=429, headers={"Retry-After": "0"})] * 3)
    with pytest.raises(TargetRateLimited) as info:
        run(mock_server.url, lambda t: t.generate(MESSAGES), max_retries=1)
    assert info.value.retry_after == 0.0 and len(mock_server.requests) == 2


def test_retry_after_beyond_the_cap_is_not_waited(mock_server: MockServer) -> None:
    mock_server.script(Step(status=429, headers={"Retry-After": "120"}))
    with pytest.raises(TargetRateLimited) as info:
        run(mock_server.url, lambda t: t.generate(MESSAGES))
    assert info.value.retry_after == 120.0 and len(mock_server.requests) == 1


def test_other_4xx_is_not_retried(mock_server: MockServer) -> None:
    mock_server.script(Step(status=400, json={"error": {"message": "bad model"}}))
    with pytest.raises(TargetRejected, match=r"HTTP 400.*bad model"):
        run(mock_server.url, lambda t: t.generate(MESSAGES))
    assert len(mock_server.requests) == 1


def test_malformed_json_is_a_bad_response(mock_server: MockServer) -> None:
    mock_server.script(Step(body=b"{not json"))
    with pytest.raises(TargetBadResponse, match="malformed JSON"):
        run(mock_server.url, lambda t: t.generate(MESSAGES))


def test_reply_without_choices_is_a_bad_response(mock_server: MockServer) -> None:
    mock_server.script(Step(json={"id": "x"}))
    with pytest.raises(TargetBadResponse, match="no choices"):
        run(mock_server.url, lambda t: t.generate(MESSAGES))


def test_stream_cut_mid_way_is_a_bad_response(mock_server: MockServer) -> None:
    mock_server.script(Step(sse=sse_events(["Hel", "lo"], done=False)[:2], cut=True))
    seen: list[str] = []

    async def consume(target: OpenAITarget) -> None:
        async for chunk in target.stream(MESSAGES):
            seen.append(chunk.text)

    with pytest.raises(TargetBadResponse, match="cut mid-way"):
        run(mock_server.url, consume)
    assert "".join(seen) == "Hel"


def test_stream_ending_without_done_or_finish_is_a_bad_response(
    mock_server: MockServer,
) -> None:
    mock_server.script(Step(sse=sse_events(["Hel", "lo"], done=False)[:3]))
    with pytest.raises(TargetBadResponse, match=r"ended before \[DONE\]"):
        run(mock_server.url, chunks_of)


def test_malformed_sse_payload_is_a_bad_response(mock_server: MockServer) -> None:
    mock_server.script(Step(sse=["{oops", "[DONE]"]))
    with pytest.raises(TargetBadResponse, match="malformed JSON"):
        run(mock_server.url, chunks_of)


def test_stream_retries_500_before_the_first_chunk(mock_server: MockServer) -> None:
    mock_server.script(Step(status=502), Step(sse=sse_events(["ok"])))
    chunks = run(mock_server.url, chunks_of)
    assert "".join(c.text for c in chunks) == "ok" and len(mock_server.requests) == 2


def test_slow_reply_times_out(mock_server: MockServer) -> None:
    mock_server.script(Step(delay_s=1.0, json=completion("late")))
    t0 = time.perf_counter()
    with pytest.raises(TargetTimeout, match=r"within 0\.2 s"):
        run(mock_server.url, lambda t: t.generate(MESSAGES), timeout_s=0.2)
    assert time.perf_counter() - t0 < 0.9
    assert len(mock_server.requests) == 1  # a read timeout is not retried


def test_refused_connection_is_unavailable() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(TargetUnavailable, match=r"cannot reach .*: connection refused"):
        run(f"http://127.0.0.1:{port}", lambda t: t.generate(MESSAGES), max_retries=2)


def test_concurrency_limit(mock_server: MockServer) -> None:
    mock_server.script(*[Step(delay_s=0.08, json=completion("x"))] * 6)

    async def many(target: OpenAITarget) -> list[Completion]:
        return await asyncio.gather(*(target.generate(MESSAGES) for _ in range(6)))

    outs = run(mock_server.url, many, max_concurrency=2)
    assert [o.text for o in outs] == ["x"] * 6
    assert mock_server.max_inflight == 2


def test_transport_is_the_test_seam() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/v1/chat/completions"
        return httpx.Response(200, json=completion("from transport"))

    out = run(
        "http://upstream", lambda t: t.generate(MESSAGES), transport=httpx.MockTransport(handler)
    )
    assert out.text == "from transport"


def test_identity_names_model_and_default_params() -> None:
    target = OpenAITarget("http://x", "m1", default_params={"temperature": 0})
    ident = target.identity
    assert (ident.provider, ident.model, dict(ident.params)) == (
        "openai-compatible",
        "m1",
        {"temperature": 0},
    )
    other = OpenAITarget("http://x", "m1", default_params={"temperature": 1}).identity
    assert ident.fingerprint() != other.fingerprint()


def test_sse_lines_split_on_any_newline_across_reads(mock_server: MockServer) -> None:
    pieces = ["Grüß", "e ", "dich"]
    mock_server.script(Step(sse=sse_events(pieces)))
    chunks = run(mock_server.url, chunks_of)
    assert "".join(c.text for c in chunks) == "Grüße dich"


def test_line_splitter_handles_crlf_cr_and_split_utf8() -> None:
    splitter = _LineSplitter()
    data = "data: a\r\n\r\ndata: é\rdata: b\n\ndata: c".encode()
    out: list[str] = []
    for i in range(len(data)):  # one byte at a time: \r\n and UTF-8 split across reads
        out += splitter.feed(data[i : i + 1])
    out += splitter.close()
    assert out == ["data: a", "", "data: é", "data: b", "", "data: c"]


def test_backend_names_are_checked() -> None:
    with pytest.raises(ValueError, match="unknown http_backend"):
        OpenAITarget("http://x", "m", http_backend="curl")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="needs http_backend='httpx'"):
        OpenAITarget("http://x", "m", http_backend="aiohttp", transport=httpx.MockTransport(id))


def test_a_new_event_loop_gets_a_new_connection_pool(mock_server: MockServer) -> None:
    target = OpenAITarget(mock_server.url, "m", http_backend=BACKEND["name"])

    async def once() -> str:
        return (await target.generate(MESSAGES)).text

    async def once_and_close() -> str:
        try:
            return await once()
        finally:
            await target.aclose()

    assert asyncio.run(once_and_close()) == "echo: Hi"
    assert asyncio.run(once_and_close()) == "echo: Hi"
