"""One object to switch telemetry on: :class:`Telemetry` opens the sinks named in a
:class:`TelemetryConfig`, runs the emitter, and hands out the gateway hook and instrumented
guards. ``Telemetry.from_specs(["sqlite:events.db", "prometheus"])`` is the short form."""

from __future__ import annotations

__all__ = ["Telemetry", "TelemetryConfig"]

import contextlib
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from saferail.guard.pipeline import Guard
from saferail.telemetry.content import ContentCapture
from saferail.telemetry.emitter import Emitter, Sink
from saferail.telemetry.hashing import Hasher
from saferail.telemetry.instrumentation import GatewayHook, InstrumentedGuard
from saferail.telemetry.record import EventContext
from saferail.telemetry.retention import PurgeJob
from saferail.telemetry.sinks import open_sink
from saferail.telemetry.sinks.prometheus import PrometheusSink
from saferail.telemetry.sinks.store import StoreSink
from saferail.telemetry.store import EventStore, Retention


class TelemetryConfig(BaseModel):
    """Where events go and what they may carry."""

    model_config = ConfigDict(extra="forbid")

    sinks: list[str] = Field(
        default_factory=list,
        description="Sink specs: sqlite:PATH, postgresql://..., jsonl:PATH, otlp[:URL], "
        "prometheus.",
    )
    queue_size: int = Field(10_000, ge=1, description="Events held per sink before dropping.")
    batch_size: int = Field(500, ge=1, description="Events per sink write (one transaction).")
    flush_interval_s: float = Field(0.05, gt=0, description="Longest wait before a write.")
    attempts: int = Field(5, ge=1, description="Tries per batch before it is dropped.")
    capture_content: bool = Field(
        False, description="Opt in: store prompts/responses, PII-redacted (dropped if that fails)."
    )
    content_max_chars: int = Field(2000, ge=1)
    retention: Retention = Field(default_factory=lambda: Retention())
    purge_interval_s: float | None = Field(
        None, gt=0, description="Purge the first store sink this often (None: never here)."
    )
    model: str | None = None
    provider: str | None = None
    model_version: str | None = None
    prompt_version: str | None = None
    feature_flag: str | None = None


def _open_all(specs: Sequence[str]) -> list[Sink]:
    """The sinks of ``specs``; when one fails to open, those opened before it are closed."""
    opened: list[Sink] = []
    try:
        for spec in specs:
            opened.append(open_sink(spec))
    except BaseException:
        for sink in opened:
            with contextlib.suppress(Exception):
                sink.close()
        raise
    return opened


class Telemetry:
    """Sinks + emitter + hashing key + content capture, closed together."""

    def __init__(
        self,
        config: TelemetryConfig | None = None,
        *,
        sinks: Sequence[Sink] = (),
        hasher: Hasher | None = None,
    ) -> None:
        self.config = cfg = config or TelemetryConfig()
        opened = _open_all(cfg.sinks)
        self.sinks: list[Sink] = [*opened, *sinks]
        self.hasher = hasher if hasher is not None else Hasher()
        self.capture = ContentCapture(enabled=cfg.capture_content, max_chars=cfg.content_max_chars)
        self.emitter = Emitter(
            self.sinks,
            queue_size=cfg.queue_size,
            batch_size=cfg.batch_size,
            flush_interval_s=cfg.flush_interval_s,
            attempts=cfg.attempts,
        )
        for sink in self.sinks:
            if isinstance(sink, PrometheusSink):
                sink.watch(self.emitter)
        self.purge_job: PurgeJob | None = None
        store_sink = next((s for s in self.sinks if isinstance(s, StoreSink)), None)
        if cfg.purge_interval_s is not None and store_sink is not None:
            self.purge_job = PurgeJob(
                lambda: store_sink.store, cfg.retention, interval_s=cfg.purge_interval_s
            )

    @classmethod
    def from_specs(cls, specs: Sequence[str], **config: Any) -> Telemetry:
        return cls(TelemetryConfig(sinks=list(specs), **config))

    def context(self, source: str = "library", **fields: Any) -> EventContext:
        """An :class:`EventContext` with this config's model/version/flag and hasher."""
        cfg = self.config
        base: dict[str, Any] = {
            "model": cfg.model,
            "provider": cfg.provider,
            "model_version": cfg.model_version,
            "prompt_version": cfg.prompt_version,
            "feature_flag": cfg.feature_flag,
        }
        base.update(fields)
        return EventContext(source=source, hasher=self.hasher, **base)  # type: ignore[arg-type]

    def gateway_hook(self, *, policy_id: str | None = None) -> GatewayHook:
        return GatewayHook(self.emitter, self.context("gateway", policy_id=policy_id))

    def instrument(self, guard: Guard, **fields: Any) -> InstrumentedGuard:
        ctx = self.context("library", policy_id=guard.policy.name, **fields)
        return InstrumentedGuard(guard, self.emitter, ctx, capture=self.capture)

    @property
    def prometheus(self) -> PrometheusSink | None:
        return next((s for s in self.sinks if isinstance(s, PrometheusSink)), None)

    @property
    def store(self) -> EventStore | None:
        """The first store sink's store (to read back what was written)."""
        sink = next((s for s in self.sinks if isinstance(s, StoreSink)), None)
        return sink.store if sink is not None else None

    def flush(self, timeout_s: float = 10.0) -> bool:
        return self.emitter.flush(timeout_s)

    def close(self) -> None:
        if self.purge_job is not None:
            self.purge_job.stop()
        self.emitter.close()
        self.capture.close()
