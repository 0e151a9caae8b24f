"""Joining streamed tool-call pieces: names in pieces, names repeated in every delta."""

from __future__ import annotations

from saferail.targets import ChunkAccumulator
from saferail.targets.base import Chunk, ToolCallDelta


def _join(*deltas: ToolCallDelta) -> list[tuple[str, str, str]]:
    acc = ChunkAccumulator()
    for delta in deltas:
        acc.add(Chunk("", [delta]))
    return [(c.id, c.name, c.arguments) for c in acc.tool_calls()]


def test_the_usual_openai_stream() -> None:
    assert _join(
        ToolCallDelta(0, "call_1", "get_weather", ""),
        ToolCallDelta(0, "", "", '{"city": '),
        ToolCallDelta(0, "", "", '"Oslo"}'),
    ) == [("call_1", "get_weather", '{"city": "Oslo"}')]


def test_a_name_streamed_in_pieces_is_joined() -> None:
    assert _join(
        ToolCallDelta(0, "call_1", "get_", ""),
        ToolCallDelta(0, "", "weather", ""),
        ToolCallDelta(0, "", "", "{}"),
    ) == [("call_1", "get_weather", "{}")]


def test_a_name_repeated_in_every_delta_is_not_doubled() -> None:
    # some OpenAI-compatible servers send the whole name with each argument piece; it came
    # out as "get_weatherget_weatherget_weather", which no tool allowlist knows
    assert _join(
        ToolCallDelta(0, "call_1", "get_weather", ""),
        ToolCallDelta(0, "call_1", "get_weather", '{"city": '),
        ToolCallDelta(0, "call_1", "get_weather", '"Oslo"}'),
    ) == [("call_1", "get_weather", '{"city": "Oslo"}')]


def test_two_calls_keep_their_own_names() -> None:
    assert _join(
        ToolCallDelta(0, "a", "search", '{"q": 1}'),
        ToolCallDelta(1, "b", "search", '{"q": 2}'),
        ToolCallDelta(1, "b", "search", ""),
    ) == [("a", "search", '{"q": 1}'), ("b", "search", '{"q": 2}')]
