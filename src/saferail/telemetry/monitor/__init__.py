"""Monitoring of safety KPIs: streaming anomaly detectors (EWMA, Bernoulli CUSUM, exact
binomial window test). See docs/telemetry/monitoring.md."""

from __future__ import annotations

__all__ = [
    "Alarm",
    "BernoulliCusum",
    "BinomialParams",
    "BinomialWindowTest",
    "CusumParams",
    "Detector",
    "EwmaChart",
    "EwmaParams",
]

from saferail.telemetry.monitor.detectors import (
    Alarm,
    BernoulliCusum,
    BinomialParams,
    BinomialWindowTest,
    CusumParams,
    Detector,
    EwmaChart,
    EwmaParams,
)
