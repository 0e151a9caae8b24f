"""The guarded, OpenAI-compatible gateway: ``saferail serve`` (docs/gateway.md). Names resolve
lazily, so a submodule such as ``saferail.gateway.config`` imports without the web stack."""

from __future__ import annotations

from typing import TYPE_CHECKING

from saferail._lazy import lazy_getattr

if TYPE_CHECKING:
    from saferail.gateway.app import create_app
    from saferail.gateway.config import GatewayConfig, hash_key
    from saferail.gateway.stream import OutputStreamGuard, StreamBlocked

_LAZY = {
    "create_app": "saferail.gateway.app",
    **dict.fromkeys(("GatewayConfig", "hash_key"), "saferail.gateway.config"),
    **dict.fromkeys(("OutputStreamGuard", "StreamBlocked"), "saferail.gateway.stream"),
}

__getattr__ = lazy_getattr(__name__, _LAZY, globals())

__all__ = ["GatewayConfig", "OutputStreamGuard", "StreamBlocked", "create_app", "hash_key"]
