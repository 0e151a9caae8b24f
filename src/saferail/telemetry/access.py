"""Who may read what: roles, principals and API keys.

- ``viewer`` sees aggregates only (:meth:`EventStore.aggregate`);
- ``analyst`` also reads events, never their captured content;
- ``admin`` may read captured (redacted) content; every such read is written to the audit
  log, and only admins manage API keys and read the audit log.

API keys look like ``srk_<key id>_<secret>``; the store keeps only the sha256 of the whole key
(the secret has 256 random bits, so a fast hash is safe) and compares in constant time.
"""

from __future__ import annotations

__all__ = [
    "ROLES",
    "AccessDenied",
    "ApiKeyInfo",
    "AuditEntry",
    "AuthError",
    "Principal",
    "Role",
    "hash_api_key",
    "new_api_key",
    "parse_api_key",
    "require",
    "valid_name",
]

import hashlib
import re
import secrets
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from saferail.errors import SaferailError

Role = Literal["viewer", "analyst", "admin"]
ROLES: tuple[Role, ...] = ("viewer", "analyst", "admin")
_RANK = {r: i for i, r in enumerate(ROLES)}
_KEY = re.compile(r"^srk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$")
_NAME = r"^[^\x00-\x1f\x7f]+$"
"""A principal name: any text but control characters (a NUL byte cannot be stored in
PostgreSQL, a newline would forge lines in an exported audit log)."""


class AccessDenied(SaferailError):
    """The principal's role does not allow this read."""


class AuthError(SaferailError):
    """An API key is malformed, unknown or revoked."""


class Principal(BaseModel):
    """Who is asking: a name (for the audit log) and a role."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=200, pattern=_NAME)
    role: Role


class ApiKeyInfo(BaseModel):
    """An API key as listed (never the key or its hash)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key_id: str
    name: str
    role: Role
    created_at: datetime
    revoked_at: datetime | None = None


class AuditEntry(BaseModel):
    """One audited action: who, when, what (e.g. ``read_content``) and its details."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    time: datetime
    principal: str
    role: Role
    action: str
    detail: dict[str, Any] = Field(default_factory=dict)


def valid_name(name: str) -> bool:
    """Whether ``name`` can be a principal's (and so an API key's) name."""
    try:
        name.encode("utf-8")  # a lone surrogate cannot be stored (pydantic rejects it too)
    except UnicodeEncodeError:
        return False
    return 1 <= len(name) <= 200 and re.match(_NAME, name) is not None


def require(principal: Principal, role: Role, what: str) -> None:
    """Raise :class:`AccessDenied` unless ``principal`` has at least ``role``."""
    if _RANK[principal.role] < _RANK[role]:
        raise AccessDenied(f"{principal.role} {principal.name!r} may not {what} (needs {role})")


def new_api_key() -> tuple[str, str]:
    """A fresh ``(key id, key)``; show the key once, store :func:`hash_api_key` of it."""
    key_id = secrets.token_hex(6)
    return key_id, f"srk_{key_id}_{secrets.token_urlsafe(32)}"


def parse_api_key(key: str) -> str:
    """The key id of a well-formed key; :class:`AuthError` otherwise."""
    match = _KEY.match(key.strip())
    if match is None:
        raise AuthError("malformed API key")
    return match.group(1)


def hash_api_key(key: str) -> str:
    """The sha256 hex digest stored for a key."""
    return hashlib.sha256(key.strip().encode("utf-8")).hexdigest()
