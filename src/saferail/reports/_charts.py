"""Geometry of the HTML report's inline SVG bar charts (the template draws them, so every
label goes through Jinja's autoescaping)."""

from __future__ import annotations

__all__ = ["Bar", "BarSpec", "Chart", "bar_chart"]

import math
from collections.abc import Sequence
from dataclasses import dataclass

from saferail.evals.metrics import Rate
from saferail.reports._view import finite_rate

LABEL_W = 190
PLOT_W = 380
VALUE_W = 150
ROW_H = 26
TOP = 24
_MAX_LABEL = 28


@dataclass(frozen=True)
class Bar:
    """One row: the bar, its Wilson interval and an optional baseline tick (x in pixels)."""

    label: str
    full_label: str
    y: float
    width: float
    low: float
    high: float
    baseline: float | None
    value: str
    tone: str
    empty: bool


@dataclass(frozen=True)
class Chart:
    title: str
    width: int
    height: int
    label_w: int
    plot_w: int
    row_h: int
    top: int
    bars: tuple[Bar, ...]
    ticks: tuple[tuple[float, str], ...]


@dataclass(frozen=True)
class BarSpec:
    label: str
    rate: Rate | None
    baseline: float | None = None
    tone: str = "neutral"


def _x(value: float) -> float:
    return round(LABEL_W + max(0.0, min(1.0, value)) * PLOT_W, 1)


def _short(label: str) -> str:
    return label if len(label) <= _MAX_LABEL else label[: _MAX_LABEL - 1] + "…"


def bar_chart(title: str, rows: Sequence[BarSpec]) -> Chart:
    """Horizontal bars of rates in 0..1 with their 95% intervals as error bars (a rate
    without cases, or with a NaN or infinite figure, as "no data")."""
    bars = []
    for i, row in enumerate(rows):
        rate = row.rate if finite_rate(row.rate) else None
        baseline = (
            row.baseline if row.baseline is not None and math.isfinite(row.baseline) else None
        )
        bars.append(
            Bar(
                label=_short(row.label),
                full_label=row.label,
                y=TOP + i * ROW_H,
                width=0.0 if rate is None else round(_x(rate.rate) - LABEL_W, 1),
                low=_x(0.0 if rate is None else rate.low),
                high=_x(0.0 if rate is None else rate.high),
                baseline=None if baseline is None else _x(baseline),
                value="no data" if rate is None else f"{rate.rate:.1%} ({rate.k}/{rate.n})",
                tone=row.tone,
                empty=rate is None,
            )
        )
    ticks = tuple((_x(t / 4), f"{t * 25}%") for t in range(5))
    return Chart(
        title=title,
        width=LABEL_W + PLOT_W + VALUE_W,
        height=TOP + len(bars) * ROW_H + 8,
        label_w=LABEL_W,
        plot_w=PLOT_W,
        row_h=ROW_H,
        top=TOP,
        bars=tuple(bars),
        ticks=ticks,
    )
