"""The gateway's OpenAPI document: request and answer models of every route.

The models describe the wire format; they are **not** used to parse or validate requests
(``saferail.gateway.wire`` does that, with OpenAI-style 400 errors), so documenting them
costs nothing per request. ``POST /v1/chat/completions`` is served by a plain route (no
FastAPI dependency solving); :func:`chat_route` is a documentation-only twin of it that
:func:`gateway_openapi` adds to the schema. The document is built on the first
``GET /openapi.json`` and cached.
"""

from __future__ import annotations

__all__ = [
    "ChatCompletion",
    "ChatCompletionChunk",
    "ChatCompletionRequest",
    "ErrorResponse",
    "HealthStatus",
    "Model",
    "ModelList",
    "ReadyStatus",
    "ReloadStatus",
    "chat_route",
    "error_responses",
    "gateway_openapi",
]

from typing import Any, Literal

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field

# -- requests --------------------------------------------------------------------------------


class ContentPart(BaseModel):
    """A text content part; the gateway joins a message's parts into one string."""

    model_config = ConfigDict(extra="allow")

    type: Literal["text"]
    text: str


class ChatMessage(BaseModel):
    """One message. User and tool messages with text go through the input checks."""

    model_config = ConfigDict(extra="allow")

    role: str = Field(description="system, developer, user, assistant, tool...")
    content: str | list[ContentPart] | None = Field(
        None, description="Text, or text content parts (other part types are refused: 400)."
    )
    name: str | None = None
    tool_call_id: str | None = None
    tool_calls: list[dict[str, Any]] | None = None


class ChatCompletionRequest(BaseModel):
    """An OpenAI chat completion request. Fields not listed are forwarded to the upstream
    unchanged; ``model`` is replaced by the gateway's upstream model."""

    model_config = ConfigDict(extra="allow")

    model: str | None = Field(None, description="Ignored: the gateway serves one model.")
    messages: list[ChatMessage] = Field(min_length=1)
    stream: bool = Field(False, description="Answer with server-sent events.")
    stream_options: dict[str, Any] | None = Field(
        None,
        description="With stream: forwarded upstream; include_usage: true adds a last chunk "
        "with no choices and the upstream's usage.",
    )
    n: Literal[1] | None = Field(None, description="Only one choice is supported.")
    max_tokens: int | None = None
    temperature: float | None = None
    top_p: float | None = None
    stop: str | list[str] | None = None
    seed: int | None = None
    user: str | None = None
    tools: list[dict[str, Any]] | None = None
    tool_choice: str | dict[str, Any] | None = None


# -- answers ---------------------------------------------------------------------------------


class ToolCallFunction(BaseModel):
    name: str
    arguments: str = Field(description="JSON text of the arguments.")


class ToolCallOut(BaseModel):
    id: str
    type: Literal["function"] = "function"
    function: ToolCallFunction


class AssistantMessage(BaseModel):
    role: Literal["assistant"]
    content: str | None
    tool_calls: list[ToolCallOut] | None = None


class Choice(BaseModel):
    index: int
    message: AssistantMessage
    finish_reason: str | None = Field(
        description="stop, length, tool_calls..., or content_filter for a blocked answer."
    )


class ChatCompletion(BaseModel):
    """A checked answer (a blocked one is a refusal with ``finish_reason: content_filter``
    and the ``X-Saferail-Action: block`` header)."""

    id: str
    object: Literal["chat.completion"]
    created: int
    model: str
    choices: list[Choice] = Field(min_length=1, max_length=1)
    usage: dict[str, Any] | None = Field(None, description="The upstream's token counts.")


class ChunkDelta(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: Literal["assistant"] | None = None
    content: str | None = None
    tool_calls: list[dict[str, Any]] | None = None


class ChunkChoice(BaseModel):
    index: int
    delta: ChunkDelta
    finish_reason: str | None


class ChatCompletionChunk(BaseModel):
    """One server-sent event of a streamed answer (``data: {...}``); the stream ends with
    ``data: [DONE]``. An upstream fault mid-stream is an ``ErrorResponse`` event."""

    id: str
    object: Literal["chat.completion.chunk"]
    created: int
    model: str
    choices: list[ChunkChoice] = Field(
        description="One choice; none in the usage chunk (stream_options.include_usage)."
    )
    usage: dict[str, Any] | None = Field(
        None, description="The upstream's token counts, in the usage chunk only."
    )


class ErrorDetail(BaseModel):
    message: str
    type: str = Field(
        description="invalid_request_error, authentication_error, permission_error, "
        "rate_limit_error, content_filter, upstream_error, server_error, not_found_error"
    )
    code: str | None = Field(
        description="e.g. saferail.input_blocked.<reason>, saferail.upstream_timeout, "
        "invalid_api_key, rate_limit_exceeded, request_too_large"
    )
    param: str | None


class ErrorResponse(BaseModel):
    """An OpenAI-style error; never carries the offending content."""

    error: ErrorDetail


class Model(BaseModel):
    id: str
    object: Literal["model"]
    created: int
    owned_by: str


class ModelList(BaseModel):
    object: Literal["list"]
    data: list[Model]


class HealthStatus(BaseModel):
    status: Literal["ok"]


class ReadyStatus(BaseModel):
    status: Literal["ready", "not ready"]
    policy: str
    policy_version: str
    upstream: Literal["reachable", "unreachable", "in-process"]
    shared_state: dict[str, Any] | None = Field(None, description="With --state only.")


class ReloadStatus(BaseModel):
    status: Literal["reloaded"]
    policy_version: str


# -- the document ----------------------------------------------------------------------------

_STATUS_TEXT = {
    400: "Invalid request, or blocked by the input policy (type content_filter)",
    401: "Missing or invalid API key",
    403: "This key may not use admin endpoints",
    404: "Not configured",
    413: "Request body too large",
    429: "Rate limited (this gateway's limit, or the upstream's after retries)",
    500: "The input check failed (fail-closed)",
    502: "Upstream unavailable, rejected the request, or sent a malformed answer",
    504: "Upstream timeout",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """FastAPI ``responses=`` entries: an :class:`ErrorResponse` for each status."""
    return {s: {"model": ErrorResponse, "description": _STATUS_TEXT[s]} for s in statuses}


async def _chat_completions_doc(body: ChatCompletionRequest) -> ChatCompletion:
    raise NotImplementedError("documentation only: the gateway serves this route itself")


def chat_route() -> APIRoute:
    """The documentation twin of ``POST /v1/chat/completions`` (never routed)."""
    sse = {"schema": _SSE_EVENT}
    return APIRoute(
        "/v1/chat/completions",
        _chat_completions_doc,
        methods=["POST"],
        response_model=ChatCompletion,
        summary="Guarded chat completion",
        description="Input checks before the upstream call, output checks before anything "
        "reaches the client. With `stream: true` the answer is server-sent events "
        "(`text/event-stream`): `ChatCompletionChunk` objects, then `data: [DONE]`.",
        operation_id="create_chat_completion",
        responses={
            200: {
                "description": "A checked completion, or a stream of checked chunks",
                "content": {"text/event-stream": sse},
            },
            **error_responses(400, 401, 413, 429, 500, 502, 504),
        },
    )


# One server-sent event (OpenAPI 3.1: the schema of a text/event-stream describes each
# event): a chunk, an error (an upstream fault mid-stream), or the final [DONE].
_SSE_EVENT: dict[str, Any] = {
    "type": "object",
    "required": ["data"],
    "properties": {
        "event": {"type": "string"},
        "data": {
            "anyOf": [
                {"type": "string", "const": "[DONE]"},
                {
                    "type": "string",
                    "contentMediaType": "application/json",
                    "contentSchema": {
                        "anyOf": [
                            {"$ref": "#/components/schemas/ChatCompletionChunk"},
                            {"$ref": "#/components/schemas/ErrorResponse"},
                        ]
                    },
                },
            ]
        },
    },
    "description": "data: <ChatCompletionChunk JSON> events, then data: [DONE]",
}


def gateway_openapi(app: FastAPI, *, bearer: bool) -> dict[str, Any]:
    """The OpenAPI document of the gateway ``app`` (``bearer``: API keys are configured)."""
    if app.openapi_schema is not None:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title,
        version=app.version,
        summary="saferail's guarded, OpenAI-compatible gateway",
        routes=[chat_route(), *app.routes],
    )
    # the gateway parses the body itself and answers 400, never FastAPI's 422
    schema["paths"]["/v1/chat/completions"]["post"]["responses"].pop("422", None)
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    schemas["ChatCompletionChunk"] = ChatCompletionChunk.model_json_schema(
        ref_template="#/components/schemas/{model}"
    )
    for name, sub in schemas["ChatCompletionChunk"].pop("$defs", {}).items():
        schemas.setdefault(name, sub)
    if bearer:
        components["securitySchemes"] = {"apiKey": {"type": "http", "scheme": "bearer"}}
        for path, ops in schema.get("paths", {}).items():
            if path.startswith(("/v1/", "/admin/")):
                for op in ops.values():
                    op["security"] = [{"apiKey": []}]
    app.openapi_schema = schema
    return schema
