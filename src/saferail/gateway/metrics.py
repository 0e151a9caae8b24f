"""Prometheus metrics of one gateway app (its own registry, never the global one)."""

from __future__ import annotations

__all__ = ["GatewayMetrics"]

from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


class GatewayMetrics:
    """Requests by outcome, blocks by surface and category, upstream errors, latency."""

    content_type = CONTENT_TYPE_LATEST

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "saferail_gateway_requests",
            "Chat completion requests by outcome.",
            ["outcome", "stream"],
            registry=self.registry,
        )
        self.blocked = Counter(
            "saferail_gateway_blocked",
            "Guard blocks by surface and finding category.",
            ["surface", "category"],
            registry=self.registry,
        )
        self.upstream_errors = Counter(
            "saferail_gateway_upstream_errors",
            "Upstream faults by kind.",
            ["kind"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "saferail_gateway_request_seconds",
            "Time to answer a chat completion request (a stream: until its end).",
            ["stream"],
            buckets=_BUCKETS,
            registry=self.registry,
        )

        # labelled children, looked up once (labels() takes a lock and validates each call)
        self._counted: dict[tuple[str, bool], Any] = {}
        self._timed = {s: self.latency.labels("true" if s else "false") for s in (False, True)}

    def observe(self, outcome: str, stream: bool, seconds: float) -> None:
        counter = self._counted.get((outcome, stream))
        if counter is None:
            counter = self.requests.labels(outcome, "true" if stream else "false")
            self._counted[(outcome, stream)] = counter
        counter.inc()
        self._timed[stream].observe(seconds)

    def render(self) -> bytes:
        return generate_latest(self.registry)
