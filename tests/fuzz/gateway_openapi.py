"""The gateway's HTTP contract as an OpenAPI 3.0 document, for schemathesis.

The gateway serves no schema itself (``openapi_url=None``, and the chat route is a plain
Starlette route for speed), so this document states the contract the fuzzer holds it to:
request bodies an OpenAI client sends, and every answer being a completion, a server-sent
event stream, or an OpenAI-style error object.
"""

from __future__ import annotations

from typing import Any

__all__ = ["GATEWAY_OPENAPI"]

_ERROR: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["message", "type", "code", "param"],
            "properties": {
                "message": {"type": "string"},
                "type": {"type": "string"},
                "code": {"type": "string", "nullable": True},
                "param": {"type": "string", "nullable": True},
            },
        }
    },
}
_ERRORS = {
    str(status): {"description": "error", "content": {"application/json": {"schema": _ERROR}}}
    for status in (400, 401, 413, 429, 502, 504)
}
_PART = {
    "type": "object",
    "required": ["type", "text"],
    "properties": {"type": {"type": "string", "enum": ["text"]}, "text": {"type": "string"}},
}
_MESSAGE = {
    "type": "object",
    "required": ["role", "content"],
    "properties": {
        "role": {"type": "string", "enum": ["system", "user", "assistant", "tool"]},
        "content": {
            "oneOf": [{"type": "string"}, {"type": "array", "items": _PART, "maxItems": 3}]
        },
        "name": {"type": "string"},
    },
}
_REQUEST = {
    "type": "object",
    "required": ["model", "messages"],
    "properties": {
        "model": {"type": "string"},
        "messages": {"type": "array", "items": _MESSAGE, "minItems": 1, "maxItems": 4},
        "stream": {"type": "boolean"},
        "temperature": {"type": "number", "minimum": 0, "maximum": 2},
        "max_tokens": {"type": "integer", "minimum": 1, "maximum": 4096},
        "n": {"type": "integer", "enum": [1]},
        "user": {"type": "string"},
    },
}
_COMPLETION = {
    "type": "object",
    "required": ["id", "object", "model", "choices"],
    "properties": {
        "id": {"type": "string"},
        "object": {"type": "string", "enum": ["chat.completion"]},
        "model": {"type": "string"},
        "choices": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["index", "message", "finish_reason"],
                "properties": {
                    "message": {
                        "type": "object",
                        "required": ["role", "content"],
                        "properties": {"role": {"type": "string", "enum": ["assistant"]}},
                    },
                    "finish_reason": {"type": "string"},
                },
            },
        },
    },
}
_EVENT = {  # one server-sent event, as schemathesis parses a stream
    "type": "object",
    "required": ["data"],
    "properties": {"data": {"type": "string", "minLength": 1}},
}
_JSON_OK = {"application/json": {"schema": {"type": "object"}}}

GATEWAY_OPENAPI: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "saferail gateway", "version": "1"},
    "paths": {
        "/v1/chat/completions": {
            "post": {
                "operationId": "chat",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _REQUEST}},
                },
                "responses": {
                    "200": {
                        "description": "a checked completion, or a stream of them",
                        "content": {
                            "application/json": {"schema": _COMPLETION},
                            "text/event-stream": {"schema": _EVENT},
                        },
                    },
                    **_ERRORS,
                },
            }
        },
        "/v1/models": {
            "get": {
                "operationId": "models",
                "responses": {"200": {"description": "models", "content": _JSON_OK}},
            }
        },
        "/healthz": {
            "get": {
                "operationId": "healthz",
                "responses": {"200": {"description": "alive", "content": _JSON_OK}},
            }
        },
        "/readyz": {
            "get": {
                "operationId": "readyz",
                "responses": {
                    "200": {"description": "ready", "content": _JSON_OK},
                    "503": {"description": "not ready", "content": _JSON_OK},
                },
            }
        },
    },
}
