"""Dashboard errors and how they are answered: structured JSON under ``/api/``, a plain page
(or a redirect to the login form) for the HTML pages."""

from __future__ import annotations

__all__ = [
    "BadRequest",
    "DashboardError",
    "NotAuthenticated",
    "NotFound",
    "error_body",
    "is_api",
]

from typing import Any

from starlette.requests import Request

from saferail.errors import SaferailError


class DashboardError(SaferailError):
    """An expected failure of a dashboard request, with its HTTP status and error code."""

    status = 400
    code = "bad_request"


class BadRequest(DashboardError):
    """A query parameter is missing or malformed."""


class NotAuthenticated(DashboardError):
    """No session or API key, or one that is no longer valid."""

    status = 401
    code = "unauthenticated"


class NotFound(DashboardError):
    """The run, report or page does not exist."""

    status = 404
    code = "not_found"


def is_api(request: Request) -> bool:
    """Whether the request is for the JSON API (errors as JSON) rather than a page."""
    path = request.url.path
    return path == "/api" or path.startswith("/api/")


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    """The JSON every API error answers with."""
    return {"error": {"status": status, "code": code, "message": message}}
