"""Gateway state shared across replicas through Redis (``pip install 'saferail[redis]'``).

Without it every replica keeps its own in-process state (the default). With
``saferail serve --state redis://...`` (``GatewayConfig.state_url``) the replicas share their
per-key rate limits and tool-call sessions (usage and taint) and follow one announced policy
version; a ``pii`` check with ``vault_path: redis://...`` shares pseudonyms. See
docs/scaling_gateway.md.
"""

from __future__ import annotations

from saferail.gateway.shared._redis import SharedStateError
from saferail.gateway.shared.redis_state import PolicyBroadcast, RedisRateLimiter, SharedState
from saferail.gateway.shared.redis_vault import RedisVaultStore
from saferail.gateway.shared.sessions import MemorySessionStore, RedisSessionStore, SessionStore

__all__ = [
    "MemorySessionStore",
    "PolicyBroadcast",
    "RedisRateLimiter",
    "RedisSessionStore",
    "RedisVaultStore",
    "SessionStore",
    "SharedState",
    "SharedStateError",
]
