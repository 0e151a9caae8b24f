"""The guarded, OpenAI-compatible gateway: ``saferail serve`` (docs/gateway.md)."""

from __future__ import annotations

from saferail.gateway.app import create_app
from saferail.gateway.config import GatewayConfig, hash_key
from saferail.gateway.stream import OutputStreamGuard, StreamBlocked

__all__ = ["GatewayConfig", "OutputStreamGuard", "StreamBlocked", "create_app", "hash_key"]
