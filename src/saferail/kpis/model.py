"""What ``saferail kpis`` reports: one :class:`KpiResult` per KPI (value, units, breakdown
rows, or why there is no data), gathered in a :class:`KpiReport`; plus the helpers that turn
units (hit or miss, a duration, a score) into a result."""

from __future__ import annotations

__all__ = [
    "BREAKDOWNS",
    "KpiError",
    "KpiReport",
    "KpiResult",
    "KpiRow",
    "Measure",
    "Unit",
    "Window",
    "mean_result",
    "median_result",
    "ratio_result",
]

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from saferail.errors import SaferailError
from saferail.kpis.definitions import KpiDefinition

BREAKDOWNS: tuple[str, ...] = ("model_version", "prompt_version", "feature_flag")
"""What every KPI can be broken down by (``--by``)."""

Attrs = dict[str, str | None]


class KpiError(SaferailError):
    """A KPI input could not be read or a KPI option is invalid."""


@dataclass(frozen=True)
class Window:
    """The time window ``[since, until)``; ``None`` leaves that side open."""

    since: datetime | None = None
    until: datetime | None = None

    def contains(self, moment: datetime | None) -> bool:
        if moment is None:
            return self.since is None and self.until is None
        return (self.since is None or moment >= self.since) and (
            self.until is None or moment < self.until
        )

    def now(self) -> datetime:
        """The window's end, or now: the moment ages are measured at."""
        return self.until or datetime.now(UTC)


@dataclass(frozen=True)
class Unit:
    """One unit of a rate KPI: its breakdown attributes and whether it is a hit."""

    attrs: Attrs
    hit: bool


@dataclass(frozen=True)
class Measure:
    """One measured value (a duration, a score) with its breakdown attributes."""

    attrs: Attrs
    value: float
    data: dict[str, Any] = field(default_factory=dict)


class KpiRow(BaseModel):
    """The KPI for one breakdown key (or one risk category)."""

    model_config = ConfigDict(extra="forbid")

    key: dict[str, str | None]
    value: float | None
    n: int
    detail: str = ""


class KpiResult(BaseModel):
    """One KPI: its definition, its value over ``n`` units, breakdown rows, notes, and
    ``missing`` (``"no data: ..."``) when its inputs were not given or hold nothing."""

    model_config = ConfigDict(extra="forbid")

    name: str
    title: str
    definition: str
    unit: Literal["ratio", "seconds", "days", "score"]
    better: Literal["higher", "lower"]
    value: float | None = None
    n: int = 0
    detail: str = ""
    missing: str | None = None
    rows: list[KpiRow] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    data: dict[str, Any] = Field(default_factory=dict)

    @classmethod
    def of(cls, d: KpiDefinition, **values: Any) -> KpiResult:
        return cls(name=d.name, title=d.title, definition=d.definition, unit=d.unit,
                   better=d.better, **values)  # fmt: skip

    @classmethod
    def no_data(cls, d: KpiDefinition, why: str) -> KpiResult:
        return cls.of(d, missing=f"no data: {why}")

    def shown(self) -> str:
        """The value as printed in the table (``no data: ...`` when missing)."""
        if self.missing:
            return self.missing
        return format_value(self.value, self.unit)


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "ratio":
        return f"{value:.1%}"
    if unit == "score":
        return f"{value:.3f}"
    if unit == "days":
        return f"{value:.1f} d"
    return format_seconds(value)


def format_seconds(seconds: float) -> str:
    for size, name in ((86400.0, "d"), (3600.0, "h"), (60.0, "min")):
        if abs(seconds) >= size:
            return f"{seconds / size:.1f} {name}"
    return f"{seconds:.0f} s"


class KpiReport(BaseModel):
    """Every KPI computed in one call, with the window and the inputs used."""

    model_config = ConfigDict(extra="forbid")

    generated_at: str
    since: str | None
    until: str | None
    by: list[str]
    inputs: dict[str, str | None]
    kpis: list[KpiResult]

    def get(self, name: str) -> KpiResult:
        found = next((k for k in self.kpis if k.name == name), None)
        if found is None:
            raise KeyError(name)
        return found

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def _key(attrs: Attrs, by: Sequence[str]) -> tuple[str | None, ...]:
    return tuple(attrs.get(b) for b in by)


def _rows(
    items: Sequence[Any],
    by: Sequence[str],
    summarize: Callable[[list[Any]], tuple[float | None, int, str]],
) -> list[KpiRow]:
    if not by:
        return []
    groups: dict[tuple[str | None, ...], list[Any]] = {}
    for item in items:
        groups.setdefault(_key(item.attrs, by), []).append(item)
    order = sorted(groups, key=lambda k: tuple((v is None, v or "") for v in k))
    out = []
    for key in order:
        value, n, detail = summarize(groups[key])
        out.append(KpiRow(key=dict(zip(by, key, strict=True)), value=value, n=n, detail=detail))
    return out


def _ratio(units: list[Unit]) -> tuple[float | None, int, str]:
    hits = sum(u.hit for u in units)
    return (hits / len(units) if units else None), len(units), f"{hits}/{len(units)}"


def ratio_result(d: KpiDefinition, units: list[Unit], by: Sequence[str], **extra: Any) -> KpiResult:
    """A rate: hits / units overall and per breakdown key."""
    value, n, detail = _ratio(units)
    extra["detail"] = f"{detail}; {extra['detail']}" if extra.get("detail") else detail
    return KpiResult.of(d, value=value, n=n, rows=_rows(units, by, _ratio), **extra)


def _median(items: list[Measure]) -> tuple[float | None, int, str]:
    values = [m.value for m in items]
    if not values:
        return None, 0, ""
    mean = statistics.fmean(values)
    return statistics.median(values), len(values), f"mean {format_seconds(mean)}"


def median_result(
    d: KpiDefinition, items: list[Measure], by: Sequence[str], **extra: Any
) -> KpiResult:
    """A duration: the median (and mean) over the measured items."""
    value, n, detail = _median(items)
    extra["detail"] = f"{detail}; {extra['detail']}" if extra.get("detail") else detail
    return KpiResult.of(d, value=value, n=n, rows=_rows(items, by, _median), **extra)


def _mean(items: list[Measure]) -> tuple[float | None, int, str]:
    values = [m.value for m in items]
    return (round(statistics.fmean(values), 4) if values else None), len(values), ""


def mean_result(
    d: KpiDefinition, items: list[Measure], by: Sequence[str], **extra: Any
) -> KpiResult:
    """A score: the mean over the measured items."""
    value, n, _ = _mean(items)
    return KpiResult.of(d, value=value, n=n, rows=_rows(items, by, _mean), **extra)
