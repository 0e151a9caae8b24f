"""Prometheus counters and histograms from events, plus the emitter's own health.

Metrics (label values are ids and names, never content):

- ``saferail_safety_events_total{type,source,surface,action,verdict}``
- ``saferail_safety_findings_total{surface,category}``: events per finding category
- ``saferail_guard_latency_seconds{surface}``: guard decision latency (histogram)
- ``saferail_telemetry_gap_events_total``: events the emitter reported dropped
- with :meth:`PrometheusSink.watch`: ``saferail_telemetry_sink_written_total{sink}``,
  ``..._dropped_total{sink,reason}`` and ``..._failures_total{sink}``
"""

from __future__ import annotations

__all__ = ["PrometheusSink"]

from collections.abc import Iterator, Sequence

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import CounterMetricFamily
from prometheus_client.registry import Collector

from saferail.telemetry.emitter import Emitter
from saferail.telemetry.event import SafetyEvent

_BUCKETS = (0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0)


class PrometheusSink:
    """Updates its metrics as batches arrive; :meth:`register` them on a registry."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.name = "prometheus"
        self.events = Counter(
            "saferail_safety_events",
            "Safety events by type, source, surface, action and verdict.",
            ["type", "source", "surface", "action", "verdict"],
            registry=None,
        )
        self.findings = Counter(
            "saferail_safety_findings",
            "Safety events with a finding of each category, by surface.",
            ["surface", "category"],
            registry=None,
        )
        self.latency = Histogram(
            "saferail_guard_latency_seconds",
            "Guard decision latency by surface.",
            ["surface"],
            buckets=_BUCKETS,
            registry=None,
        )
        self.gaps = Counter(
            "saferail_telemetry_gap_events",
            "Events the telemetry emitter reported as dropped.",
            registry=None,
        )
        self._collectors: list[Collector] = [self.events, self.findings, self.latency, self.gaps]
        self._registries: list[CollectorRegistry] = []
        if registry is not None:
            self.register(registry)

    def register(self, registry: CollectorRegistry) -> None:
        """Expose these metrics on ``registry`` (e.g. the gateway's ``/metrics``)."""
        for c in self._collectors:
            registry.register(c)
        self._registries.append(registry)

    def watch(self, emitter: Emitter) -> None:
        """Also expose the emitter's per-sink written/dropped/failure counters."""
        collector = _EmitterCollector(emitter)
        self._collectors.append(collector)
        for registry in self._registries:
            registry.register(collector)

    def write(self, events: Sequence[SafetyEvent]) -> None:
        for e in events:
            if e.type == "telemetry.gap":
                self.gaps.inc(e.dropped or 0)
                continue
            surface = e.surface or ""
            self.events.labels(e.type, e.source, surface, e.action or "", e.verdict).inc()
            for category in e.categories:
                self.findings.labels(surface, category).inc()
            if e.type == "guard.decision" and e.latency_ms is not None:
                self.latency.labels(surface).observe(e.latency_ms / 1000.0)

    def close(self) -> None:
        return None


class _EmitterCollector(Collector):
    def __init__(self, emitter: Emitter) -> None:
        self._emitter = emitter

    def collect(self) -> Iterator[CounterMetricFamily]:
        written = CounterMetricFamily(
            "saferail_telemetry_sink_written", "Events acknowledged by each sink.", labels=["sink"]
        )
        dropped = CounterMetricFamily(
            "saferail_telemetry_sink_dropped",
            "Events a sink lost (queue full, or the sink kept failing).",
            labels=["sink", "reason"],
        )
        failures = CounterMetricFamily(
            "saferail_telemetry_sink_failures", "Failed sink writes.", labels=["sink"]
        )
        for name, s in self._emitter.stats.items():
            written.add_metric([name], s.written)
            dropped.add_metric([name, "queue_full"], s.dropped_full)
            dropped.add_metric([name, "sink_failed"], s.dropped_failed)
            failures.add_metric([name], s.failures)
        yield written
        yield dropped
        yield failures
