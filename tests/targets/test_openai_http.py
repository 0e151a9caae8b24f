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
from saferail.targets.openai_http import check_base_url
from tests.targets.conftest import (
    MockServer,
    RawServer,
    Step,
    answer,
    completion,
    half_headers,
    reset,
    sse_events,
)

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


def test_any_2xx_answer_is_a_success(mock_server: MockServer) -> None:
    mock_server.script(
        Step(status=201, json=completion("made")),
        Step(status=203, sse=sse_events(["str", "eamed"])),
        Step(status=204, body=b""),
    )
    assert run(mock_server.url, lambda t: t.generate(MESSAGES)).text == "made"
    assert "".join(c.text for c in run(mock_server.url, chunks_of)) == "streamed"
    with pytest.raises(TargetBadResponse, match="malformed JSON"):  # no content is no answer
        run(mock_server.url, lambda t: t.generate(MESSAGES))


def test_stream_events_with_several_data_lines_are_joined(mock_server: MockServer) -> None:
    """SSE joins the ``data:`` lines of one event with newlines (a proxy that pretty-prints
    its JSON sends one event over several lines), and skips comments and other fields."""

    def spread(event: str) -> str:
        if event == "[DONE]":
            return event
        lines = json.dumps(json.loads(event), indent=1).splitlines()
        return "\n: keep-alive\nevent: chunk\ndata:".join(lines)  # no space after ':' is fine

    mock_server.script(Step(sse=[spread(e) for e in sse_events(["Hel", "lo ", "there"])]))
    chunks = run(mock_server.url, chunks_of)
    assert "".join(c.text for c in chunks) == "Hello there"
    assert chunks[-1].finish_reason == "stop"


def test_stream_without_blank_lines_between_events_still_works(mock_server: MockServer) -> None:
    mock_server.script(Step(sse=["\ndata: ".join(sse_events(["Hel", "lo"]))]))
    chunks = run(mock_server.url, chunks_of)
    assert [c.text for c in chunks] == ["", "Hel", "lo", ""]
    assert chunks[-1].finish_reason == "stop"


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


def test_408_is_retried(mock_server: MockServer) -> None:
    mock_server.script(Step(status=408, json={"error": {"message": "request timeout"}}))
    out = run(mock_server.url, lambda t: t.generate(MESSAGES), backoff_s=0.0)
    assert out.text == "echo: Hi" and len(mock_server.requests) == 2


@pytest.mark.parametrize("status", [501, 505])
def test_5xx_that_cannot_change_is_not_retried(mock_server: MockServer, status: int) -> None:
    mock_server.script(Step(status=status, json={"error": {"message": "no such feature"}}))
    with pytest.raises(TargetRejected, match=rf"HTTP {status}"):
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


# -- edge cases: odd servers, odd requests ------------------------------------------------------


def bounded(seconds: float = 5.0) -> Callable[[OpenAITarget], Awaitable[Completion]]:
    """``generate`` under a time bound (a hang fails the test instead of stalling it)."""
    return lambda t: asyncio.wait_for(t.generate(MESSAGES), seconds)


def test_5xx_retry_after_beyond_the_cap_is_not_waited(mock_server: MockServer) -> None:
    mock_server.script(Step(status=503, headers={"Retry-After": "3600"}))
    with pytest.raises(TargetUnavailable, match=r"HTTP 503.*Retry-After 3600 s") as info:
        run(mock_server.url, bounded())
    assert info.value.status == 503 and len(mock_server.requests) == 1


def test_5xx_retry_after_as_an_http_date_is_waited(mock_server: MockServer) -> None:
    from email.utils import formatdate

    soon = formatdate(time.time() + 1.2, usegmt=True)  # whole seconds: 0.2 to 1.2 s away
    mock_server.script(Step(status=503, headers={"Retry-After": soon}))
    out = run(mock_server.url, bounded(), backoff_s=0.0)
    assert out.text == "echo: Hi"
    first, second = mock_server.request_times
    assert second - first >= 0.15


def test_a_connection_reset_before_the_answer_is_retried(
    raw_server: Callable[..., RawServer],
) -> None:
    server = raw_server(reset, answer("after the reset"))
    out = run(server.url, bounded())
    assert out.text == "after the reset" and server.connections == 2


def test_connection_resets_give_up_with_a_clear_message(
    raw_server: Callable[..., RawServer],
) -> None:
    server = raw_server(reset)
    with pytest.raises(TargetUnavailable, match="connection reset by peer"):
        run(server.url, bounded(), max_retries=1)
    assert server.connections == 2


def test_a_half_sent_answer_is_a_short_one_line_error(
    raw_server: Callable[..., RawServer],
) -> None:
    server = raw_server(half_headers)
    with pytest.raises(TargetUnavailable) as info:
        run(server.url, bounded(), max_retries=1)
    message = str(info.value)
    # the hang-up reads as a disconnect or, when the close races the read, as a reset
    assert "server disconnected" in message.lower() or "connection reset" in message.lower()
    assert "RawResponseMessage" not in message and len(message) < 150


def test_the_api_key_never_appears_in_errors(mock_server: MockServer) -> None:
    key = "sk-live-0123456789abcdef"
    mock_server.script(
        Step(status=401, json={"error": {"message": f"Incorrect API key provided: {key}"}}),
        Step(body=f"<html>bad key {key}</html>".encode()),
        Step(json={"error": {"message": f"key {key} is disabled"}}),
    )
    for _ in range(3):
        with pytest.raises((TargetRejected, TargetBadResponse)) as info:
            run(mock_server.url, bounded(), api_key=key)
        assert key not in str(info.value) and "***" in str(info.value)


def test_url_credentials_never_appear_in_errors() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://bob:hunter2pw@127.0.0.1:{port}/v1?api-key=topsecret&api-version=2024"
    with pytest.raises(TargetUnavailable) as info:
        run(url, bounded(), max_retries=0)
    message = str(info.value)
    assert "hunter2pw" not in message and "topsecret" not in message
    assert "bob:***@" in message and "api-version=2024" in message


@pytest.mark.parametrize(
    "messages",
    [
        "Hi",
        {"role": "user", "content": "Hi"},
        [None],
        ["Hi"],
        [{"role": "user", "content": {"a", "set"}}],
        [{"role": "user", "content": b"bytes"}],
    ],
    ids=["str", "dict", "none-item", "str-item", "set-content", "bytes-content"],
)
def test_malformed_messages_are_rejected_before_sending(
    mock_server: MockServer, messages: Any
) -> None:
    for action in ("generate", "collect"):
        with pytest.raises(TargetRejected) as info:
            run(mock_server.url, lambda t, a=action: getattr(t, a)(messages))
        assert "\n" not in str(info.value)
    assert mock_server.requests == []


def test_odd_completion_shapes(mock_server: MockServer) -> None:
    def reply(message: dict[str, Any]) -> Step:
        return Step(json={"choices": [{"message": message, "finish_reason": "stop"}]})

    parts = [{"type": "text", "text": "Hel"}, {"type": "image_url"}, {"type": "text", "text": "lo"}]
    mock_server.script(
        reply({"content": None}),
        reply({"content": parts}),
        reply({"content": 42}),
        reply({"content": None, "tool_calls": 5}),
        reply(
            {"content": None, "tool_calls": [{"function": {"name": "f", "arguments": {"a": 1}}}]}
        ),
        Step(json={"choices": []}),
    )
    assert run(mock_server.url, bounded()).text == ""
    assert run(mock_server.url, bounded()).text == "Hello"
    with pytest.raises(TargetBadResponse, match="not text"):
        run(mock_server.url, bounded())
    with pytest.raises(TargetBadResponse, match="tool_calls is not a list"):
        run(mock_server.url, bounded())
    [call] = run(mock_server.url, bounded()).tool_calls
    assert (call.id, call.name, call.parsed_arguments()) == ("call_0", "f", {"a": 1})
    with pytest.raises(TargetBadResponse, match="no choices"):
        run(mock_server.url, bounded())


def _tool_event(call: Any, reason: str | None = None) -> str:
    delta = {"tool_calls": [call]}
    return json.dumps({"choices": [{"index": 0, "delta": delta, "finish_reason": reason}]})


@pytest.mark.parametrize(
    "call",
    [
        {"index": None, "function": {"name": "f"}},
        {"index": "first", "function": {"name": "f"}},
        {"index": 0, "function": "f"},
        {"index": 0, "function": {"name": 5}},
        {"index": 0, "id": ["x"], "function": {"name": "f"}},
    ],
    ids=["null-index", "str-index", "str-function", "int-name", "list-id"],
)
def test_malformed_streamed_tool_calls_are_bad_responses(
    mock_server: MockServer, call: Any
) -> None:
    mock_server.script(Step(sse=[_tool_event(call, "tool_calls"), "[DONE]"]))
    with pytest.raises(TargetBadResponse, match="malformed tool call"):
        run(mock_server.url, lambda t: t.collect(MESSAGES))


def test_streamed_tool_call_arguments_as_an_object_are_json(mock_server: MockServer) -> None:
    call = {"index": 0, "id": "c1", "function": {"name": "f", "arguments": {"city": "Oslo"}}}
    mock_server.script(Step(sse=[_tool_event(call, "tool_calls"), "[DONE]"]))
    [out] = run(mock_server.url, lambda t: t.collect(MESSAGES)).tool_calls
    assert (out.name, out.parsed_arguments()) == ("f", {"city": "Oslo"})


def test_a_stream_answered_with_plain_json_is_one_chunk(mock_server: MockServer) -> None:
    mock_server.script(Step(json=completion("all at once", tool_calls=[TOOL_CALL])))
    chunks = run(mock_server.url, chunks_of)
    assert len(chunks) == 1 and chunks[0].text == "all at once"
    assert chunks[0].finish_reason == "tool_calls"
    assert chunks[0].tool_calls[0].name == "get_weather"


def test_empty_sse_data_lines_are_skipped(mock_server: MockServer) -> None:
    mock_server.script(Step(sse=["", *sse_events(["o", "k"])]))
    assert "".join(c.text for c in run(mock_server.url, chunks_of)) == "ok"


def test_full_endpoint_url_and_query_are_kept(mock_server: MockServer) -> None:
    url = mock_server.url.upper() + "/v1/chat/completions?api-version=2024-06-01"
    assert run(url, bounded()).text == "echo: Hi"
    assert mock_server.paths == ["/v1/chat/completions?api-version=2024-06-01"]


@pytest.mark.parametrize(
    "url",
    [
        "http://",
        "https://",
        "http://:80",
        "http://h:99999",
        "http://h:0",
        "http://h:abc",
        "http://[::1",
        "http://h st",
        "ftp://h",
        "h:8000",
    ],
)
def test_bad_base_urls_fail_each_request_with_a_typed_error(url: str) -> None:
    with pytest.raises(ValueError, match="base_url"):
        check_base_url(url)
    for action in ("generate", "collect"):
        with pytest.raises(TargetUnavailable, match="cannot send the request: base_url"):
            run(url, lambda t, a=action: asyncio.wait_for(getattr(t, a)(MESSAGES), 5))


@pytest.mark.parametrize("key", ["sk-SECRÉT-123", "sk-abc\ndef", "sk-abc def"])
def test_keys_no_header_can_carry_raise_value_error_without_the_key(key: str) -> None:
    with pytest.raises(ValueError, match="api_key") as info:
        OpenAITarget("http://127.0.0.1:1", "m", key)
    assert key not in str(info.value) and "SECR" not in str(info.value)


def test_a_padded_api_key_is_sent_trimmed(mock_server: MockServer) -> None:
    out = run(mock_server.url, bounded(), api_key="  sk-test-key\r\n")
    assert out.text == "echo: Hi"
    assert mock_server.headers[0]["Authorization"] == "Bearer sk-test-key"


# -- answers too large to hold ------------------------------------------------------------------


def chunked_forever(conn: socket.socket) -> None:
    """A 200 JSON answer of unannounced length that never ends (until the client hangs up)."""
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    piece = b"x" * 4096
    frame = b"%x\r\n%s\r\n" % (len(piece), piece)
    for _ in range(4096):  # at most 16 MiB: the test ends long before
        conn.sendall(frame)


def test_an_answer_past_max_response_bytes_is_not_read(mock_server: MockServer) -> None:
    mock_server.script(Step(json=completion("x" * 5000)))
    with pytest.raises(TargetBadResponse, match=r"larger than 1000 bytes .*max_response_bytes"):
        run(mock_server.url, bounded(), max_response_bytes=1000)
    assert len(mock_server.requests) == 1  # not retried: it would be as large again
    mock_server.script(Step(json=completion("x" * 500)))
    assert run(mock_server.url, bounded(), max_response_bytes=1000).text == "x" * 500


def test_an_endless_answer_of_unannounced_length_stops_at_the_cap(
    raw_server: Callable[..., RawServer],
) -> None:
    server = raw_server(chunked_forever)
    with pytest.raises(TargetBadResponse, match="larger than 65536 bytes"):
        run(server.url, bounded(), max_response_bytes=65536)
    assert server.connections == 1


def test_a_stream_past_max_response_bytes_ends_with_a_bad_response(
    mock_server: MockServer,
) -> None:
    mock_server.script(Step(sse=sse_events(["word "] * 400)))
    with pytest.raises(TargetBadResponse, match="larger than 4000 bytes"):
        run(mock_server.url, chunks_of, max_response_bytes=4000)
    mock_server.script(Step(sse=sse_events(["word "] * 4)))
    chunks = run(mock_server.url, chunks_of, max_response_bytes=4000)
    assert "".join(c.text for c in chunks) == "word " * 4


def test_max_response_bytes_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_response_bytes >= 1"):
        OpenAITarget("http://127.0.0.1:9", "m", max_response_bytes=0)


# -- audit: whole-call timeouts, secrets, fingerprints, usage ----------------------------------


def trickled_answer(conn: socket.socket) -> None:
    """A whole completion announced up front, then sent one byte every 50 ms (~15 s)."""
    body = json.dumps(completion("slowly " * 20)).encode()
    head = (
        f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    conn.sendall(head.encode())
    for byte in body:
        conn.sendall(bytes([byte]))
        time.sleep(0.05)


def keep_alive_forever(conn: socket.socket) -> None:
    """One real chunk, then only SSE comments and empty events, never an answer (~12 s)."""
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"
    conn.sendall(head + f"data: {sse_events(['Hel'])[1]}\n\n".encode())
    for i in range(120):
        conn.sendall(b": keep-alive\n\n" if i % 2 else b"data:\n\n")
        time.sleep(0.1)


def test_a_body_trickled_past_the_timeout_is_a_timeout(
    raw_server: Callable[..., RawServer],
) -> None:
    # every byte comes well within timeout_s, but the answer as a whole never does
    server = raw_server(trickled_answer)
    with pytest.raises(TargetTimeout, match=r"within 0\.5 s"):
        run(server.url, bounded(10.0), timeout_s=0.5, max_retries=0)


def test_a_stream_kept_alive_without_data_is_a_stalled_stream(
    raw_server: Callable[..., RawServer],
) -> None:
    server = raw_server(keep_alive_forever)
    seen: list[str] = []

    async def collect(target: OpenAITarget) -> None:
        async def go() -> None:
            async for chunk in target.stream(MESSAGES):
                seen.append(chunk.text)

        await asyncio.wait_for(go(), 10.0)

    with pytest.raises(TargetTimeout, match=r"stalled for more than 0\.5 s"):
        run(server.url, collect, timeout_s=0.5, max_retries=0)
    assert "Hel" in seen


def words_every_100_ms(conn: socket.socket) -> None:
    """A stream of 12 words, one every 100 ms: longer than a 0.5 s timeout as a whole."""
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"
    conn.sendall(head)
    for event in sse_events([f"w{i} " for i in range(12)]):
        conn.sendall(f"data: {event}\n\n".encode())
        time.sleep(0.1)


def test_a_slow_stream_that_keeps_sending_data_is_not_cut(
    raw_server: Callable[..., RawServer],
) -> None:
    # the stall clock restarts at every event: it bounds silence, not the whole stream
    server = raw_server(words_every_100_ms)
    chunks = run(server.url, chunks_of, timeout_s=0.5, max_retries=0)
    assert "".join(c.text for c in chunks) == "".join(f"w{i} " for i in range(12))


def test_query_secrets_echoed_by_the_server_are_masked(mock_server: MockServer) -> None:
    url = f"{mock_server.url}/v1?key=qs-SECRET-4242&api-version=2024"
    mock_server.script(
        Step(status=400, json={"error": {"message": "bad request to /v1?key=qs-SECRET-4242"}}),
        Step(status=404, body=b"no route for key=qs-SECRET-4242"),
    )
    for _ in range(2):
        with pytest.raises(TargetRejected) as info:
            run(url, bounded())
        assert "qs-SECRET-4242" not in str(info.value) and "***" in str(info.value)


@pytest.mark.parametrize("offset", [70, 185, 190])
def test_a_secret_cut_by_the_error_excerpt_does_not_show_its_head(
    mock_server: MockServer, offset: int
) -> None:
    key = "sk-live-0123456789abcdef"
    body = b"x" * offset + f" {key} trailing text".encode()
    mock_server.script(Step(status=400, body=body), Step(status=200, body=body))
    for expected in (TargetRejected, TargetBadResponse):
        with pytest.raises(expected) as info:
            run(mock_server.url, bounded(), api_key=key)
        assert key[:6] not in str(info.value)  # not even the head of the key


def test_the_endpoint_is_part_of_the_fingerprint() -> None:
    def fp(url: str, key: str | None = None) -> str:
        return OpenAITarget(url, "llama3", key).identity.fingerprint()

    a = fp("http://10.0.0.1:8000/v1")
    assert a != fp("http://10.0.0.2:8000/v1")  # another server: maybe another quantization
    assert a != fp("http://10.0.0.1:8000/v1?api-version=2")
    # the same endpoint spelled differently, or another key, is the same target
    assert a == fp("http://10.0.0.1:8000") == fp("http://10.0.0.1:8000/v1/chat/completions/")
    assert a == fp("http://10.0.0.1:8000/v1", "sk-one") == fp("http://10.0.0.1:8000/v1", "sk-two")
    keyed = OpenAITarget("http://u:pw-one@h:1/v1?key=k-one", "m").identity
    assert keyed == OpenAITarget("http://u:pw-two@h:1/v1?key=k-two", "m").identity
    assert "pw-one" not in keyed.canonical_json() and "k-one" not in keyed.canonical_json()
    # an explicit version still wins
    assert OpenAITarget("http://h:1", "m", version="v7").identity.version == "v7"


def test_usage_of_a_stream_reaches_the_collected_completion(mock_server: MockServer) -> None:
    usage = {"prompt_tokens": 4, "completion_tokens": 2, "total_tokens": 6}
    tail = json.dumps(
        {"id": "c1", "object": "chat.completion.chunk", "choices": [], "usage": usage}
    )
    mock_server.script(Step(sse=[*sse_events(["a", "b"], done=False), tail, "[DONE]"]))
    done = run(mock_server.url, lambda t: t.collect(MESSAGES))
    assert (done.text, done.finish_reason, done.usage) == ("ab", "stop", usage)


def test_a_usage_only_chunk_without_choices_ends_the_stream_cleanly(
    mock_server: MockServer,
) -> None:
    usage = {"prompt_tokens": 4, "completion_tokens": 2, "total_tokens": 6}
    tail = json.dumps({"id": "c1", "object": "chat.completion.chunk", "usage": usage})
    mock_server.script(Step(sse=[*sse_events(["a", "b"], done=False), tail, "[DONE]"]))
    done = run(mock_server.url, lambda t: t.collect(MESSAGES))
    assert (done.text, done.finish_reason, done.usage) == ("ab", "stop", usage)


def sse_headers_then_hang_up(conn: socket.socket) -> None:
    """Answer 200 with chunked stream headers, then close before the first event."""
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
    )


def whole_stream(conn: socket.socket) -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"
    conn.sendall(head + "".join(f"data: {e}\n\n" for e in sse_events(["ok"])).encode())


def test_a_stream_dropped_before_its_first_chunk_is_retried(
    raw_server: Callable[..., RawServer],
) -> None:
    server = raw_server(sse_headers_then_hang_up, whole_stream)
    chunks = run(server.url, chunks_of, max_retries=1)
    assert "".join(c.text for c in chunks) == "ok" and server.connections == 2
    # without retries left it is still the one-line error it was
    server = raw_server(sse_headers_then_hang_up)
    with pytest.raises(TargetBadResponse, match="cut mid-way") as info:
        run(server.url, chunks_of, max_retries=0)
    assert "\n" not in str(info.value)


def test_an_error_event_mid_stream_names_the_servers_reason(mock_server: MockServer) -> None:
    first = sse_events(["par"])[1]
    error = json.dumps({"message": "model overloaded", "type": "overloaded_error"})
    mock_server.script(Step(sse=[f"{first}\n\nevent: error\ndata: {error}"]))
    with pytest.raises(TargetBadResponse, match=r"error event from .*model overloaded"):
        run(mock_server.url, chunks_of)
    # an error event without a blank line before it is still an error event
    mock_server.script(Step(sse=[f"{first}\nevent: error\ndata: {error}"]))
    with pytest.raises(TargetBadResponse, match="model overloaded"):
        run(mock_server.url, chunks_of)
