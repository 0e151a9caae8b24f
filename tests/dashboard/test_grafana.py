"""The bundled Grafana dashboard queries only metrics (and labels) that saferail really
exports: checked against the exposition of a real gateway metrics registry and a real
Prometheus telemetry sink with its emitter, after some traffic."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from importlib import resources
from typing import Any

import pytest
from prometheus_client import CollectorRegistry, generate_latest

from saferail.gateway.metrics import GatewayMetrics
from saferail.telemetry.emitter import Emitter
from saferail.telemetry.event import SafetyEvent
from saferail.telemetry.sinks.prometheus import PrometheusSink

SELECTOR = re.compile(r"\b(saferail_[a-z_]+)(\{([^}]*)\})?")
MATCHER = re.compile(r'\s*([a-z_]+)\s*(=~|!~|!=|=)\s*"([^"]*)"\s*')


def _dashboard() -> dict[str, Any]:
    text = resources.files("saferail").joinpath("data/grafana/saferail.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _exported() -> dict[str, set[str]]:
    """Every series name exported, with the label names it carries."""
    gateway = GatewayMetrics()
    gateway.observe("blocked_input", False, 0.02)
    gateway.blocked.labels("input", "prompt_injection").inc()
    gateway.upstream_errors.labels("timeout").inc()
    registry = CollectorRegistry()
    sink = PrometheusSink(registry)
    emitter = Emitter([sink])
    try:
        sink.watch(emitter)
        sink.write(
            [
                SafetyEvent(type="guard.decision", surface="output", action="redact",
                            verdict="fail", categories=["pii"], latency_ms=0.4),
                SafetyEvent(type="telemetry.gap", dropped=3),
            ]
        )  # fmt: skip
        text = gateway.render().decode() + generate_latest(registry).decode()
    finally:
        emitter.close()
    found: dict[str, set[str]] = defaultdict(set)
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, _, rest = line.partition("{")
        name = name.split()[0]
        labels = re.findall(r'([a-z_]+)="', rest) if rest else []
        found[name].update(labels)
    return found


def _panels(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [p for p in data["panels"] if p["type"] != "row"]


def test_every_query_uses_exported_metrics_and_labels() -> None:
    exported = _exported()
    data = _dashboard()
    used: set[str] = set()
    for panel in _panels(data):
        assert panel["targets"], panel["title"]
        for target in panel["targets"]:
            expr = target["expr"]
            assert expr.count("(") == expr.count(")"), (panel["title"], expr)
            assert target["datasource"]["uid"] == "${datasource}"
            for name, _, inner in SELECTOR.findall(expr):
                assert name in exported, f"{panel['title']}: {name} is not exported"
                used.add(name)
                for label, _, _ in MATCHER.findall(inner):
                    assert label in exported[name], f"{name} has no label {label!r}"
            labels = {"le"}.union(*(exported[n] for n, _, _ in SELECTOR.findall(expr)))
            for group in re.findall(r"by \(([^)]*)\)", expr):
                for item in (i.strip() for i in group.split(",")):
                    assert item in labels, f"{panel['title']}: nothing to group by {item!r}"
    families = {re.sub(r"_(total|bucket|sum|count|created)$", "", n) for n in used}
    assert families >= {
        "saferail_safety_events",
        "saferail_safety_findings",
        "saferail_guard_latency_seconds",
        "saferail_gateway_requests",
        "saferail_gateway_blocked",
        "saferail_gateway_upstream_errors",
        "saferail_gateway_request_seconds",
        "saferail_telemetry_sink_written",
        "saferail_telemetry_sink_dropped",
        "saferail_telemetry_sink_failures",
        "saferail_telemetry_gap_events",
    }


def test_layout_and_variables_are_well_formed() -> None:
    data = _dashboard()
    assert data["uid"] == "saferail-safety" and data["schemaVersion"] >= 36
    ids = [p["id"] for p in data["panels"]]
    assert len(ids) == len(set(ids))
    cells: set[tuple[int, int]] = set()
    for panel in data["panels"]:
        g = panel["gridPos"]
        assert g["x"] >= 0 and g["x"] + g["w"] <= 24, panel["title"]
        for x in range(g["x"], g["x"] + g["w"]):
            for y in range(g["y"], g["y"] + g["h"]):
                assert (x, y) not in cells, f"{panel['title']} overlaps another panel"
                cells.add((x, y))
    variables = {v["name"]: v for v in data["templating"]["list"]}
    assert variables["datasource"]["type"] == "datasource"
    assert variables["surface"]["includeAll"] and variables["surface"]["allValue"] == ".*"
    for panel in _panels(data):
        assert panel["datasource"]["uid"] == "${datasource}" and panel["description"]


@pytest.mark.parametrize("unit", ["percentunit", "reqps", "s", "short"])
def test_units_are_grafana_units(unit: str) -> None:
    units = {p["fieldConfig"]["defaults"]["unit"] for p in _panels(_dashboard())}
    assert units <= {"percentunit", "reqps", "s", "short"} and unit in units
