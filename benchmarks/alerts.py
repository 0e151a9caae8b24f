"""Alert detection delay and precision of the monitor's detectors on replayed synthetic streams.

    .venv/bin/python benchmarks/alerts.py [--seeds 50] [--buckets 168] [--onset 96]

Each stream is a week of hourly buckets of guard decisions (Bernoulli units, seeded numpy).
Three shifts start at bucket ``--onset`` and last to the end; every shifted stream has a null
twin (same seed offset, no shift):

- ``block_step``:  block rate 0.05 -> 0.075 (500 decisions per bucket);
- ``block_drift``: block rate 0.05, then +0.0005 per bucket (0.086 at the end);
- ``pii_burst``:   PII leakage rate 0.001 -> 0.01 (200 responses per bucket).

Every detector runs on every stream through the same code the monitor uses (the registry's
detectors fed per bucket, or per unit for ``cusum``: runs of misses are fed as one
``update(0, run)``, which is exactly the per-unit path because a run of misses only counts
down), and its alarms go through an :class:`AlertManager` (dedup 6 h, cool-down 24 h). For one
seed per scenario the same stream is also written as SafetyEvents and evaluated by
:class:`Monitor` end to end; the alarms must be identical (``engine_check``).

Reported per scenario and detector: detection delay (buckets after the onset until the first
alarm at or after it, and units for ``cusum``; median and p90 over detected seeds), miss rate
(no alarm from the onset to the end), alert precision (alerts raised at or after the onset /
all alerts raised on the shifted and null streams; suppressed alerts are not raised), false
alerts per null stream, and the share of null streams with any alert. Written to
``benchmarks/results/alerts.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from saferail.telemetry.event import SafetyEvent
from saferail.telemetry.monitor import AlertManager, Monitor, build_detector, parse_rules

ROOT = Path(__file__).resolve().parent
OUT = ROOT / "results" / "alerts.json"
T0 = datetime(2026, 1, 5, tzinfo=UTC)
HOUR = timedelta(hours=1)
DEDUP, COOLDOWN = timedelta(hours=6), timedelta(hours=24)


@dataclass(frozen=True)
class Scenario:
    kpi: str
    units: int  # per bucket
    rate: Callable[[int, int], float]  # (bucket, onset) -> probability
    base: float


SCENARIOS = {
    "block_step": Scenario("block_rate", 500, lambda b, o: 0.075 if b >= o else 0.05, 0.05),
    "block_drift": Scenario(
        "block_rate", 500, lambda b, o: 0.05 + 0.0005 * (b - o + 1) if b >= o else 0.05, 0.05
    ),
    "pii_burst": Scenario("pii_leakage_rate", 200, lambda b, o: 0.01 if b >= o else 0.001, 0.001),
}
_BLOCK_DETECTORS: dict[str, tuple[str, dict[str, Any]]] = {
    "ewma": ("ewma", {"lambda": 0.2, "L": 3.0, "warmup": 24}),
    "ewma_L3.5": ("ewma", {"lambda": 0.2, "L": 3.5, "warmup": 24}),
    "cusum": ("cusum", {"ratio": 1.5, "warmup": 12_000, "arl0": 1_000_000}),
    "binomial_rolling": ("binomial", {"window": 3, "baseline": 24, "alpha": 0.001}),
    "binomial_fixed": (
        "binomial",
        {"window": 3, "baseline": 24, "mode": "fixed", "alpha": 0.001},
    ),
}
DETECTORS: dict[str, dict[str, tuple[str, dict[str, Any]]]] = {
    "block_step": _BLOCK_DETECTORS,
    "block_drift": _BLOCK_DETECTORS,
    "pii_burst": {
        "cusum": ("cusum", {"p0": 0.001, "p1": 0.01, "arl0": 200_000}),
        "ewma": ("ewma", {"lambda": 0.2, "L": 3.0, "warmup": 24}),
        "ewma_L3.5": ("ewma", {"lambda": 0.2, "L": 3.5, "warmup": 24}),
        "binomial_rolling": ("binomial", {"window": 3, "baseline": 24, "alpha": 0.001}),
        "binomial_fixed": (
            "binomial",
            {"window": 3, "baseline": 24, "mode": "fixed", "alpha": 0.001},
        ),
    },
}


def stream(sc: Scenario, seed: int, buckets: int, onset: int | None) -> np.ndarray:
    """Per-unit hits (bool array), bucket after bucket."""
    rng = np.random.default_rng(seed)
    probs = np.repeat(
        [sc.rate(b, onset) if onset is not None else sc.base for b in range(buckets)], sc.units
    )
    return rng.random(probs.size) < probs


def alarms(name: str, params: dict[str, Any], hits: np.ndarray, units: int) -> list[int]:
    """Unit indices (per-unit detectors) or bucket indices at which the detector alarmed."""
    det = build_detector(name, params)
    out: list[int] = []
    if det.unit == "event":
        pos = np.flatnonzero(hits)
        prev = -1
        for p in pos.tolist():
            if p - prev > 1:
                det.update(0.0, float(p - prev - 1))  # a run of misses: exact, see docstring
            if det.update(1.0, 1.0) is not None:
                out.append(p)
            prev = p
        return out
    counts = hits.reshape(-1, units).sum(axis=1)
    for b, c in enumerate(counts.tolist()):
        if det.update(float(c), float(units)) is not None:
            out.append(b)
    return out


def raised(alarm_buckets: list[int]) -> list[int]:
    """Buckets of the alerts an AlertManager raises (not deduplicated, not suppressed)."""
    from saferail.telemetry.monitor.detectors import Alarm

    manager = AlertManager([], dedup_window=DEDUP, cooldown=COOLDOWN, send=True)
    out = []
    for b in alarm_buckets:
        alert = manager.submit(
            rule="r", kpi="k", key={}, time=T0 + b * HOUR, alarm=Alarm("d", b, 1.0, 0.0, "up")
        )
        if alert is not None and alert.status != "suppressed":
            out.append(b)
    return out


def _bucket_of(idx: list[int], per_unit: bool, units: int) -> list[int]:
    return [i // units for i in idx] if per_unit else idx


def evaluate(scenario: str, seeds: int, buckets: int, onset: int) -> dict[str, dict[str, Any]]:
    sc = SCENARIOS[scenario]
    rows: dict[str, dict[str, Any]] = {}
    for det_name, (kind, params) in DETECTORS[scenario].items():
        per_unit = build_detector(kind, params).unit == "event"
        delays, delays_units, true_alerts, false_alerts, null_alerts = [], [], 0, 0, []
        missed = 0
        for seed in range(seeds):
            shifted = stream(sc, 1000 + seed, buckets, onset)
            found = alarms(kind, params, shifted, sc.units)
            bks = _bucket_of(found, per_unit, sc.units)
            after = [i for i, b in zip(found, bks, strict=True) if b >= onset]
            if after:
                first = after[0]
                delays.append((first // sc.units if per_unit else first) - onset)
                if per_unit:
                    delays_units.append(first - onset * sc.units)
            else:
                missed += 1
            alerts = raised(bks)
            true_alerts += sum(b >= onset for b in alerts)
            false_alerts += sum(b < onset for b in alerts)
            null = stream(sc, 2000 + seed, buckets, None)
            null_alerts.append(len(raised(_bucket_of(alarms(kind, params, null, sc.units),
                                                     per_unit, sc.units))))  # fmt: skip
        all_alerts = true_alerts + false_alerts + sum(null_alerts)
        rows[det_name] = {
            "detector": kind,
            "params": params,
            "detection_delay_buckets_median": _median(delays),
            "detection_delay_buckets_p90": _p90(delays),
            "detection_delay_units_median": _median(delays_units) if per_unit else None,
            "miss_rate": round(missed / seeds, 4),
            "alerts_true": true_alerts,
            "alerts_false_before_onset": false_alerts,
            "alerts_false_null": sum(null_alerts),
            "alert_precision": round(true_alerts / all_alerts, 4) if all_alerts else None,
            "false_alerts_per_null_stream": round(sum(null_alerts) / seeds, 4),
            "null_streams_with_alert": round(sum(n > 0 for n in null_alerts) / seeds, 4),
        }
        print(f"  {scenario:<12} {det_name:<17} {_line(rows[det_name])}", file=sys.stderr)
    return rows


def _median(xs: list[int]) -> float | None:
    return float(statistics.median(xs)) if xs else None


def _p90(xs: list[int]) -> float | None:
    return float(np.percentile(xs, 90)) if xs else None


def _line(r: dict[str, Any]) -> str:
    return (
        f"delay {r['detection_delay_buckets_median']} buckets, miss {r['miss_rate']:.2f}, "
        f"precision {r['alert_precision']}, null-alert streams {r['null_streams_with_alert']:.2f}"
    )


def _events(sc: Scenario, hits: np.ndarray) -> list[SafetyEvent]:
    out = []
    step = HOUR / sc.units
    output = sc.kpi == "pii_leakage_rate"
    for i, h in enumerate(hits.tolist()):
        b, j = divmod(i, sc.units)
        t = T0 + b * HOUR + (j + 0.5) * step
        if output:
            out.append(SafetyEvent(type="guard.decision", time=t, surface="output",
                                   action="redact" if h else "allow",
                                   verdict="fail" if h else "pass",
                                   categories=["pii"] if h else []))  # fmt: skip
        else:
            out.append(SafetyEvent(type="guard.decision", time=t, surface="input",
                                   action="block" if h else "allow",
                                   verdict="fail" if h else "pass"))  # fmt: skip
    return out


def engine_check(scenario: str, buckets: int, onset: int) -> dict[str, bool]:
    """Seed 0 of ``scenario`` through Monitor.evaluate: same alarms as the direct path?"""
    sc = SCENARIOS[scenario]
    hits = stream(sc, 1000, buckets, onset)
    rules = [
        {"name": n, "kpi": sc.kpi, "detector": k, "params": p}
        for n, (k, p) in DETECTORS[scenario].items()
    ]
    config = parse_rules(json.dumps({"bucket": "1h", "kpis": [sc.kpi], "rules": rules}))
    monitor = Monitor(config, sinks=[], send=False)
    result = monitor.evaluate(_events(sc, hits))
    agree = {}
    for n, (k, p) in DETECTORS[scenario].items():
        per_unit = build_detector(k, p).unit == "event"
        direct = _bucket_of(alarms(k, p, hits, sc.units), per_unit, sc.units)
        engine = [int((a.time - T0) / HOUR) for a in result.alarms if a.rule == n]
        agree[n] = direct == engine
    return agree


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=50)
    parser.add_argument("--buckets", type=int, default=168)
    parser.add_argument("--onset", type=int, default=96)
    parser.add_argument("--no-engine-check", action="store_true")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    started = time.perf_counter()
    results = {s: evaluate(s, args.seeds, args.buckets, args.onset) for s in SCENARIOS}
    checks = (
        {}
        if args.no_engine_check
        else {s: engine_check(s, args.buckets, args.onset) for s in SCENARIOS}
    )
    report = {
        "benchmark": "alerts",
        "command": "python benchmarks/alerts.py "
        f"--seeds {args.seeds} --buckets {args.buckets} --onset {args.onset}",
        "streams": {
            "bucket": "1h",
            "buckets": args.buckets,
            "onset_bucket": args.onset,
            "seeds": args.seeds,
            "scenarios": {
                "block_step": "block rate 0.05 -> 0.075 at the onset, 500 decisions/bucket",
                "block_drift": "block rate 0.05, +0.0005 per bucket from the onset, 500/bucket",
                "pii_burst": "PII leakage rate 0.001 -> 0.01 at the onset, 200 responses/bucket",
            },
            "null": "each seed also replays a twin stream without any shift",
        },
        "alert_manager": {"dedup_window": "6h", "cooldown": "24h"},
        "results": results,
        "engine_check": checks,
        "seconds": round(time.perf_counter() - started, 1),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({"engine_check": checks, "seconds": report["seconds"]}))
    return 0 if all(all(v.values()) for v in checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
