"""The OpenAI wire format the gateway speaks: request parsing, answers, chunks, errors."""

from __future__ import annotations

__all__ = [
    "ChatRequest",
    "FastJSONResponse",
    "RequestError",
    "chunk_body",
    "completion_body",
    "error_body",
    "error_response",
    "json_bytes",
    "legacy_function_call",
    "parse_chat_request",
    "sse",
    "usage_chunk_body",
]

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson
from fastapi.responses import JSONResponse

from saferail.guard.roles import input_checked
from saferail.targets.base import Message, ToolCall
from saferail.targets.messages import join_text_parts

# Request fields the gateway handles itself instead of forwarding upstream.
_OWN_FIELDS = frozenset({"model", "messages", "stream", "stream_options", "n"})


def json_bytes(data: Any) -> bytes:
    """Compact UTF-8 JSON (orjson: ~9% less gateway CPU per request than the json module;
    what orjson refuses, e.g. integers beyond 64 bits, goes through json)."""
    try:
        return orjson.dumps(data)
    except TypeError:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class FastJSONResponse(JSONResponse):
    """A ``JSONResponse`` rendered with :func:`json_bytes`."""

    def render(self, content: Any) -> bytes:
        return json_bytes(content)


class RequestError(Exception):
    """A request the gateway refuses before calling anything (HTTP 4xx)."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type: str = "invalid_request_error",
        code: str | None = None,
        headers: Mapping[str, str] | None = None,
        param: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type
        self.code = code
        self.headers = dict(headers or {})
        self.param = param

    def response(self) -> FastJSONResponse:
        return error_response(
            self.status, self.message, self.type, self.code, self.headers, param=self.param
        )


def error_body(
    message: str, type: str, code: str | None = None, *, param: str | None = None
) -> dict[str, Any]:
    """An OpenAI-style error object: ``{"error": {message, type, code, param}}`` (``param``
    names the offending request field, when there is one)."""
    return {"error": {"message": message, "type": type, "code": code, "param": param}}


def error_response(
    status: int,
    message: str,
    type: str,
    code: str | None = None,
    headers: Mapping[str, str] | None = None,
    *,
    param: str | None = None,
) -> FastJSONResponse:
    body = error_body(message, type, code, param=param)
    return FastJSONResponse(body, status_code=status, headers=headers)


@dataclass(slots=True)
class ChatRequest:
    """A parsed ``POST /v1/chat/completions`` body."""

    messages: list[Message]
    params: dict[str, Any] = field(default_factory=dict)
    stream: bool = False
    model: str | None = None
    include_usage: bool = False  # stream_options.include_usage: a final usage chunk

    @property
    def checkable(self) -> bool:
        """Whether any untrusted turn (not system, developer or assistant) has text to check."""
        return any(input_checked(m) for m in self.messages)


def parse_chat_request(raw: bytes) -> ChatRequest:
    """Decode and validate a chat request; text content parts are joined into one string."""
    try:
        body = orjson.loads(raw)
    except ValueError as exc:  # orjson.JSONDecodeError: invalid UTF-8, lone surrogates...
        # orjson's reason names the position, never the content
        raise RequestError(400, f"request body is not valid JSON: {exc}") from None
    if not isinstance(body, dict):
        raise RequestError(400, "request body must be a JSON object")
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise RequestError(400, "'messages' must be a non-empty list", param="messages")
    n = body.get("n")
    if isinstance(n, bool) or n not in (None, 1):
        raise RequestError(400, "only n=1 is supported", param="n")
    stream = body.get("stream")
    if stream is not None and not isinstance(stream, bool):
        # bool("false") is True: a string would silently turn streaming on
        raise RequestError(400, "'stream' must be true or false", param="stream")
    options = body.get("stream_options")
    if options is not None and not isinstance(options, dict):
        raise RequestError(400, "'stream_options' must be an object", param="stream_options")
    flat = [_flatten(m, i) for i, m in enumerate(messages)]
    params = {k: v for k, v in body.items() if k not in _OWN_FIELDS}
    if stream is True and options is not None:
        params["stream_options"] = options  # the upstream then reports usage at the end
    model = body.get("model")
    named = model if isinstance(model, str) else None
    usage = stream is True and options is not None and options.get("include_usage") is True
    return ChatRequest(flat, params, stream is True, named, usage)


def _flatten(message: Any, index: int) -> Message:
    if not isinstance(message, dict) or not isinstance(message.get("role"), str):
        msg = f"messages[{index}] must be an object with a 'role'"
        raise RequestError(400, msg, param=f"messages[{index}]")
    out = dict(message)
    content = out.get("content")
    param = f"messages[{index}].content"
    if isinstance(content, list):
        joined = join_text_parts(content)
        if joined is None:
            msg = f"messages[{index}]: only text content parts are supported"
            raise RequestError(400, msg, param=param)
        if not all(isinstance(part.get("text"), str) for part in content):
            msg = f"messages[{index}]: every text content part needs a 'text' string"
            raise RequestError(400, msg, param=param)
        out["content"] = joined
    elif content is not None and not isinstance(content, str):
        msg = f"messages[{index}].content must be a string or a list"
        raise RequestError(400, msg, param=param)
    return out


def completion_body(
    request_id: str,
    model: str,
    text: str,
    finish_reason: str | None,
    tool_calls: list[ToolCall] | None = None,
    usage: dict[str, Any] | None = None,
    function_call: ToolCall | None = None,
) -> dict[str, Any]:
    """A non-streaming ``chat.completion`` object with one choice (``function_call``: the
    legacy ``functions`` form of a call)."""
    message: dict[str, Any] = {"role": "assistant", "content": text}
    if tool_calls:
        message["tool_calls"] = [c.to_dict() for c in tool_calls]
    if function_call is not None:
        message["function_call"] = function_call_body(function_call)
    body: dict[str, Any] = {
        "id": request_id,
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
    }
    if usage is not None:
        body["usage"] = usage
    return body


def legacy_function_call(raw: Any, part: str) -> ToolCall | None:
    """The legacy ``function_call`` (requests with ``functions``) of an upstream answer
    (``part="message"``) or of a piece of one in a chunk (``part="delta"``): the upstream
    target parses only ``tool_calls``, so it is read from the raw JSON."""
    choices = raw.get("choices") if isinstance(raw, dict) else None
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        return None
    body = choices[0].get(part)
    call = body.get("function_call") if isinstance(body, dict) else None
    if not isinstance(call, dict):
        return None
    name, args = call.get("name"), call.get("arguments")
    if args is not None and not isinstance(args, str):  # some servers send an object
        args = json.dumps(args)
    return ToolCall("", name if isinstance(name, str) else "", args or "")


def function_call_body(call: ToolCall) -> dict[str, str]:
    """The wire form of a legacy ``function_call``."""
    return {"name": call.name, "arguments": call.arguments}


def chunk_body(
    request_id: str,
    model: str,
    delta: dict[str, Any],
    finish_reason: str | None = None,
) -> dict[str, Any]:
    """One ``chat.completion.chunk`` object with one choice."""
    return {
        "id": request_id,
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}],
    }


def usage_chunk_body(request_id: str, model: str, usage: dict[str, Any] | None) -> dict[str, Any]:
    """The last chunk of a stream asked for with ``stream_options.include_usage``: no
    choices, the upstream's token counts (``None`` when it reported none)."""
    return {
        "id": request_id,
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [],
        "usage": usage,
    }


def sse(data: dict[str, Any] | str) -> bytes:
    """One server-sent event carrying ``data`` (a JSON object, or ``[DONE]``)."""
    payload = data.encode() if isinstance(data, str) else json_bytes(data)
    return b"data: " + payload + b"\n\n"
