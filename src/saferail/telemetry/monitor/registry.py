"""The detector registry: the built-in ``ewma``, ``cusum`` and ``binomial`` detectors, the
:func:`register_detector` hook and entry points.

A third-party package adds a detector by declaring an entry point in the
``saferail.monitor_detectors`` group whose value is a :class:`DetectorSpec` (or a module that
calls :func:`register_detector` on import). Rules then name it like a built-in; its ``params``
are validated by the spec's pydantic model. Discovery runs once, on first use.
"""

from __future__ import annotations

__all__ = [
    "DetectorSpec",
    "MonitorError",
    "available_detectors",
    "build_detector",
    "detector_spec",
    "register_detector",
    "unregister_detector",
]

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any

from pydantic import BaseModel

from saferail.errors import SaferailError
from saferail.telemetry.monitor.detectors import (
    BernoulliCusum,
    BinomialParams,
    BinomialWindowTest,
    CusumParams,
    Detector,
    EwmaChart,
    EwmaParams,
)

ENTRY_POINT_GROUP = "saferail.monitor_detectors"
_log = logging.getLogger(__name__)


class MonitorError(SaferailError):
    """A monitoring rule, detector or alert sink is misconfigured."""


@dataclass(frozen=True)
class DetectorSpec:
    """A detector as rules see it: its name, params model and how to build one."""

    name: str
    params: type[BaseModel]
    factory: Callable[[Any, str], Detector]
    description: str = ""


_registry: dict[str, DetectorSpec] = {}
_state = {"entry_points": False}


def register_detector(spec: DetectorSpec) -> DetectorSpec:
    """Add ``spec`` to the registry (a name may be registered once)."""
    if not spec.name.isidentifier():
        raise MonitorError(f"detector name {spec.name!r} must be an identifier")
    existing = _registry.get(spec.name)
    if existing is not None and existing != spec:
        raise MonitorError(f"detector {spec.name!r} is already registered")
    _registry[spec.name] = spec
    return spec


for _spec in (
    DetectorSpec("ewma", EwmaParams, EwmaChart, "EWMA chart of a rate, L-sigma limits"),
    DetectorSpec("cusum", CusumParams, BernoulliCusum, "Bernoulli CUSUM for rare events"),
    DetectorSpec("binomial", BinomialParams, BinomialWindowTest, "exact binomial window test"),
):
    register_detector(_spec)


def unregister_detector(name: str) -> None:
    """Remove detector ``name`` (no error when it is not registered)."""
    _registry.pop(name, None)


def _discover() -> None:
    if _state["entry_points"]:
        return
    _state["entry_points"] = True
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            value = ep.load()
            if isinstance(value, DetectorSpec):
                register_detector(value)
        except Exception as exc:  # a broken plugin must not break monitoring
            _log.warning("detector entry point %s failed to load: %s", ep.name, exc)


def available_detectors() -> list[str]:
    """Names of every registered detector."""
    _discover()
    return sorted(_registry)


def detector_spec(name: str) -> DetectorSpec:
    """The spec of detector ``name``; :class:`MonitorError` when none is registered."""
    _discover()
    spec = _registry.get(name)
    if spec is None:
        known = ", ".join(sorted(_registry))
        raise MonitorError(f"unknown detector {name!r} (known: {known})")
    return spec


def build_detector(name: str, params: Mapping[str, Any] | BaseModel | None = None) -> Detector:
    """A fresh detector ``name`` with validated ``params``."""
    spec = detector_spec(name)
    model = params if isinstance(params, BaseModel) else spec.params.model_validate(params or {})
    return spec.factory(model, name)
