"""CallableTarget: sync and async functions, Completion results, streaming, errors."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

from saferail.targets import (
    CallableTarget,
    ChunkAccumulator,
    Completion,
    Target,
    TargetBadResponse,
    TargetError,
    TargetRejected,
    ToolCall,
)
from saferail.targets.base import Messages

MESSAGES = [{"role": "user", "content": "ping"}]


def echo(messages: Messages, **params: Any) -> str:
    return f"{messages[-1]['content']}|{sorted(params.items())}"


async def async_echo(messages: Messages, **params: Any) -> str:
    await asyncio.sleep(0)
    return echo(messages, **params)


@pytest.mark.parametrize("fn", [echo, async_echo])
def test_sync_and_async_functions(fn: Any) -> None:
    target = CallableTarget(fn)
    assert isinstance(target, Target)
    out = asyncio.run(target.generate(MESSAGES, temperature=0))
    assert out.text == "ping|[('temperature', 0)]"
    assert out.finish_reason == "stop" and out.latency_ms >= 0
    assert target.identity.model == fn.__qualname__
    assert target.identity.provider == "callable"


def test_completion_results_pass_through_with_tool_calls() -> None:
    call = ToolCall("c1", "lookup", '{"q": 1}')
    target = CallableTarget(lambda m, **p: Completion("", [call], "tool_calls"), name="tools")
    out = asyncio.run(target.generate(MESSAGES))
    assert out.tool_calls == [call] and out.finish_reason == "tool_calls"

    async def collect() -> Completion:
        acc = ChunkAccumulator()
        async for chunk in target.stream(MESSAGES):
            acc.add(chunk)
        return acc.completion()

    streamed = asyncio.run(collect())
    assert streamed.tool_calls == [call] and streamed.finish_reason == "tool_calls"


def test_stream_yields_the_answer_in_a_few_chunks() -> None:
    target = CallableTarget(lambda m, **p: "abcdefg", name="split", stream_chunks=3)

    async def collect() -> list[Any]:
        return [c async for c in target.stream(MESSAGES)]

    chunks = asyncio.run(collect())
    assert [c.text for c in chunks] == ["abc", "def", "g"]
    assert [c.finish_reason for c in chunks] == [None, None, "stop"]


def test_blocking_function_can_run_in_a_thread() -> None:
    both_running = threading.Barrier(2)

    def slow(messages: Messages, **params: Any) -> str:
        # returns only once the other call is running too: calls made one after the other
        # would break the barrier after its timeout instead
        both_running.wait(timeout=10)
        return "done"

    target = CallableTarget(slow, run_in_thread=True)

    async def both() -> list[Completion]:
        return await asyncio.gather(target.generate(MESSAGES), target.generate(MESSAGES))

    outs = asyncio.run(both())
    assert [o.text for o in outs] == ["done", "done"]
    assert not both_running.broken


def test_exceptions_become_target_errors() -> None:
    def broken(messages: Messages, **params: Any) -> str:
        raise ValueError("no model\nloaded")

    with pytest.raises(TargetError, match="'broken' raised ValueError: no model loaded") as info:
        asyncio.run(CallableTarget(broken, name="broken").generate(MESSAGES))
    assert isinstance(info.value.__cause__, ValueError)


@pytest.mark.parametrize(
    ("exc", "rejected"),
    [
        (TypeError("model() got an unexpected keyword argument 'tools'"), True),
        (KeyError("choices"), True),
        (AttributeError("'NoneType' object has no attribute 'text'"), True),
        (ZeroDivisionError("division by zero"), True),
        (ValueError("bad JSON from the service"), False),
        (ConnectionError("reset by peer"), False),
        (TimeoutError("read timed out"), False),
        (RuntimeError("server busy"), False),
    ],
)
def test_bugs_in_the_function_are_rejections_other_failures_retryable(
    exc: Exception, rejected: bool
) -> None:
    def failing(messages: Messages, **params: Any) -> str:
        raise exc

    with pytest.raises(TargetError) as info:
        asyncio.run(CallableTarget(failing, name="fn").generate(MESSAGES))
    assert isinstance(info.value, TargetRejected) is rejected
    assert info.value.__cause__ is exc
    assert f"raised {type(exc).__name__}" in str(info.value)


def test_wrong_return_type_is_a_bad_response() -> None:
    target = CallableTarget(lambda m, **p: 42, name="num")
    with pytest.raises(TargetBadResponse, match="returned int"):
        asyncio.run(target.generate(MESSAGES))


def test_identity_carries_version_and_params() -> None:
    a = CallableTarget(echo, name="bot", version="1", params={"temperature": 0})
    b = CallableTarget(echo, name="bot", version="2", params={"temperature": 0})
    assert a.identity.version == "1"
    assert a.identity.fingerprint() != b.identity.fingerprint()
