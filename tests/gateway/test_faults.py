"""Upstream faults become clear OpenAI-style errors; no unchecked text ever reaches the client."""

from __future__ import annotations

import socket
from typing import Any

import openai
import pytest

from saferail import Guard
from saferail.guard.decision import Decision
from saferail.targets import DEFAULT_REFUSAL
from tests.gateway.conftest import Gateway, StartGateway, Step, completion, sse_events

TAIL = "UNCHECKEDTAIL"


def ask(gw: Gateway, **kwargs: Any) -> Any:
    with gw.client() as client:
        return client.chat.completions.create(
            model="m", messages=[{"role": "user", "content": "hi"}], **kwargs
        )


def collect(gw: Gateway) -> tuple[list[str], BaseException | None]:
    """The streamed text pieces, and the error that ended the stream (if any)."""
    texts: list[str] = []
    with gw.client() as client:
        events = client.chat.completions.create(
            model="m", messages=[{"role": "user", "content": "hi"}], stream=True
        )
        with events:
            try:
                for chunk in events:
                    if chunk.choices:
                        texts.append(chunk.choices[0].delta.content or "")
            except openai.APIError as exc:
                return texts, exc
    return texts, None


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def error_of(exc: BaseException) -> dict[str, Any]:
    assert isinstance(exc, openai.APIStatusError)
    error = exc.response.json()["error"]
    assert set(error) == {"message", "type", "code", "param"}
    return dict(error)


@pytest.mark.parametrize("stream", [False, True])
def test_timeout_is_a_504(start_gateway: StartGateway, stream: bool) -> None:
    gw = start_gateway(timeout_s=0.2)
    gw.mock.script(Step(json=completion("late"), delay_s=1.0))
    with pytest.raises(openai.InternalServerError) as info:
        ask(gw, stream=stream)
    assert info.value.status_code == 504
    error = error_of(info.value)
    assert error["type"] == "upstream_error" and error["code"] == "saferail.upstream_timeout"


@pytest.mark.parametrize("stream", [False, True])
def test_connection_refused_is_a_502(start_gateway: StartGateway, stream: bool) -> None:
    gw = start_gateway(upstream_url=f"http://127.0.0.1:{closed_port()}")
    with pytest.raises(openai.InternalServerError) as info:
        ask(gw, stream=stream)
    assert info.value.status_code == 502
    assert error_of(info.value)["code"] == "saferail.upstream_unavailable"
    assert "127.0.0.1" not in info.value.response.text  # no internal addresses


@pytest.mark.parametrize("stream", [False, True])
def test_5xx_after_retries_is_a_502(start_gateway: StartGateway, stream: bool) -> None:
    gw = start_gateway(max_retries=1)
    gw.mock.script(Step(status=500, json={"error": {"message": "boom"}}), Step(status=503))
    with pytest.raises(openai.InternalServerError) as info:
        ask(gw, stream=stream)
    assert info.value.status_code == 502 and len(gw.mock.requests) == 2
    assert error_of(info.value)["code"] == "saferail.upstream_unavailable"


def test_malformed_json_is_a_502(start_gateway: StartGateway) -> None:
    gw = start_gateway()
    gw.mock.script(Step(body=b'{"choices": [{"message": '))
    with pytest.raises(openai.InternalServerError) as info:
        ask(gw)
    assert error_of(info.value)["code"] == "saferail.upstream_bad_response"


def test_upstream_rate_limit_and_rejection(start_gateway: StartGateway) -> None:
    gw = start_gateway(max_retries=0)
    gw.mock.script(Step(status=429, headers={"Retry-After": "3"}), Step(status=400))
    with pytest.raises(openai.RateLimitError) as limited:
        ask(gw)
    assert limited.value.response.headers["retry-after"] == "3"
    assert error_of(limited.value)["code"] == "saferail.upstream_rate_limited"
    with pytest.raises(openai.BadRequestError) as rejected:  # the client's own fault: 400
        ask(gw)
    assert rejected.value.status_code == 400
    assert error_of(rejected.value)["code"] == "saferail.upstream_rejected"
    assert "HTTP 400" in error_of(rejected.value)["message"]


@pytest.mark.parametrize("stream", [False, True])
def test_a_rejected_request_is_not_retried_by_the_openai_client(
    start_gateway: StartGateway, stream: bool
) -> None:
    # a 502 made the openai client (2 retries by default) send it 3 times, in vain
    gw = start_gateway(max_retries=0)
    gw.mock.script(*[Step(status=422, json={"error": {"message": "bad max_tokens"}})] * 3)
    client = openai.OpenAI(base_url=gw.url, api_key="sk-test", max_retries=2, timeout=5.0)
    with client, pytest.raises(openai.UnprocessableEntityError):
        client.chat.completions.create(
            model="m", messages=[{"role": "user", "content": "hi"}], stream=stream
        )
    assert len(gw.mock.requests) == 1


@pytest.mark.parametrize("status", [401, 403, 404])
def test_an_upstream_refusing_the_gateway_itself_is_a_502(
    start_gateway: StartGateway, status: int
) -> None:
    # a wrong upstream key or model is the gateway's configuration, not the client's request
    gw = start_gateway(max_retries=0)
    gw.mock.script(Step(status=status))
    with pytest.raises(openai.InternalServerError) as info:
        ask(gw)
    assert info.value.status_code == 502
    assert error_of(info.value)["code"] == "saferail.upstream_rejected"


def test_stream_cut_mid_way_ends_with_an_error_event(start_gateway: StartGateway) -> None:
    gw = start_gateway(hold_back_chars=16)
    events = sse_events(["alpha beta gamma delta ", "epsilon zeta ", TAIL], done=False)
    gw.mock.script(Step(sse=events[:-1], cut=True))  # no finish, no [DONE], connection dropped
    texts, error = collect(gw)
    emitted = "".join(texts)
    assert isinstance(error, openai.APIError)
    assert "malformed" in str(error.message) or "upstream" in str(error.message)
    assert TAIL not in emitted and "zeta" not in emitted  # the held-back window never leaks
    assert emitted.startswith("alpha")


def test_malformed_chunk_mid_stream(start_gateway: StartGateway) -> None:
    gw = start_gateway(hold_back_chars=4)
    events = sse_events(["one two three four five ", TAIL])
    gw.mock.script(Step(sse=[*events[:2], "{not json", *events[2:]]))
    texts, error = collect(gw)
    assert isinstance(error, openai.APIError)
    assert TAIL not in "".join(texts)


class _BrokenOutput(Guard):
    def check_output(self, text: str, **kwargs: Any) -> Decision:
        raise RuntimeError("detector crashed")


@pytest.mark.parametrize("stream", [False, True])
def test_output_check_errors_fail_closed_by_default(
    start_gateway: StartGateway, stream: bool
) -> None:
    guard = _BrokenOutput()
    gw = start_gateway(guard)
    step = Step(sse=sse_events(["secret ", "answer"])) if stream else Step(json=completion("x"))
    gw.mock.script(step)
    if stream:
        texts, error = collect(gw)
        assert error is None and "secret" not in "".join(texts)
        assert DEFAULT_REFUSAL in "".join(texts)
    else:
        out = ask(gw)
        assert out.choices[0].finish_reason == "content_filter"
        assert out.choices[0].message.content == DEFAULT_REFUSAL
    guard.close()


def test_output_check_errors_fail_open_when_configured(start_gateway: StartGateway) -> None:
    guard = _BrokenOutput()
    gw = start_gateway(guard, fail_open=True)
    gw.mock.script(Step(sse=sse_events(["unchecked ", "answer"])))
    texts, error = collect(gw)
    assert error is None and "".join(texts) == "unchecked answer"
    assert ask(gw).choices[0].message.content == "echo: hi"
    guard.close()
