"""Targets: the models that evals, the red team and the gateway talk to.

Every target implements the async :class:`Target` protocol (``generate``, ``stream``,
``identity``); :func:`guarded` wraps any of them with a Guard. :class:`LocalTarget` (the
bundled SmolLM2 model) needs the ``local`` extra only when it is constructed.
"""

from __future__ import annotations

from saferail.targets.base import (
    Chunk,
    ChunkAccumulator,
    Completion,
    Message,
    Messages,
    Target,
    TargetBadResponse,
    TargetError,
    TargetIdentity,
    TargetRateLimited,
    TargetRejected,
    TargetTimeout,
    TargetUnavailable,
    ToolCall,
    ToolCallDelta,
)
from saferail.targets.callable import CallableTarget, TargetFn
from saferail.targets.guarded import DEFAULT_REFUSAL, GuardedTarget, guarded
from saferail.targets.local import LocalModelUnavailable, LocalTarget
from saferail.targets.openai_http import OpenAITarget

__all__ = [
    "DEFAULT_REFUSAL",
    "CallableTarget",
    "Chunk",
    "ChunkAccumulator",
    "Completion",
    "GuardedTarget",
    "LocalModelUnavailable",
    "LocalTarget",
    "Message",
    "Messages",
    "OpenAITarget",
    "Target",
    "TargetBadResponse",
    "TargetError",
    "TargetFn",
    "TargetIdentity",
    "TargetRateLimited",
    "TargetRejected",
    "TargetTimeout",
    "TargetUnavailable",
    "ToolCall",
    "ToolCallDelta",
    "guarded",
]
