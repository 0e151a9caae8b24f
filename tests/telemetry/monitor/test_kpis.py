"""KPI definitions on hand-built events: each KPI's units and hits, filters, completeness."""

from __future__ import annotations

import pytest

from saferail.telemetry.event import SafetyEvent
from saferail.telemetry.monitor import CompletenessSpec, KpiError, kpi_def
from saferail.telemetry.monitor.kpis import check_names, matches, observations
from tests.telemetry.monitor.helpers import T0, blocked, event, grounding


def _rate(name: str, events: list[SafetyEvent], **kw: object) -> tuple[int, int]:
    units = observations(kpi_def(name), events, **kw)  # type: ignore[arg-type]
    return sum(u.hit for u in units), len(units)


def test_decision_kpis() -> None:
    events = [
        event(0),
        event(1),
        blocked(2),
        blocked(3, category="pii"),
        event(4, action="warn", verdict="uncertain", categories=["toxicity"]),
        event(5, action="allow", verdict="error"),
    ]
    assert _rate("block_rate", events) == (2, 6)
    assert _rate("violation_rate", events) == (2, 6)
    assert _rate("violation_rate:pii", events) == (1, 6)
    assert _rate("violation_rate:toxicity", events) == (1, 6)  # a warned finding is a finding
    assert _rate("uncertain_rate", events) == (1, 6)
    assert _rate("error_rate", events) == (1, 6)


def test_output_kpis_count_responses_only() -> None:
    events = [
        event(0, categories=["pii"], action="redact", verdict="fail"),  # input: not a leak
        event(1, surface="output"),
        event(2, surface="output", categories=["pii"], action="redact", verdict="fail"),
        event(3, surface="output", categories=["refusal"], verdict="fail"),
    ]
    assert _rate("pii_leakage_rate", events) == (1, 3)
    assert _rate("refusal_rate", events) == (1, 3)


def test_grounded_ratio_counts_responses_the_grounding_check_ran_on() -> None:
    events = [grounding(0, True), grounding(1, True), grounding(2, False)]
    events.append(event(3, surface="output"))  # no grounding check: not a unit
    assert _rate("grounded_ratio", events) == (2, 3)
    assert kpi_def("grounded_ratio").better == "higher"


def test_only_guard_decisions_unless_asked() -> None:
    events = [blocked(0), SafetyEvent(type="eval.result", time=T0, verdict="fail", action="block")]
    assert _rate("block_rate", events) == (1, 1)
    assert _rate("block_rate", events, where={"type": ["eval.result"]}) == (1, 1)
    assert _rate("block_rate", events, where={"type": ["eval.result", "guard.decision"]}) == (2, 2)


def test_where_filters_and_breakdown_attributes() -> None:
    events = [
        blocked(0, model_version="v1", feature_flag="new-ui"),
        event(1, model_version="v2"),
        event(2, model_version="v2", surface="output"),
    ]
    assert _rate("block_rate", events, where={"surface": "input"}) == (1, 2)
    assert _rate("block_rate", events, where={"model_version": ["v2"]}) == (0, 2)
    units = observations(kpi_def("block_rate"), events, by=["model_version", "feature_flag"])
    assert dict(units[0].attrs) == {"model_version": "v1", "feature_flag": "new-ui"}
    assert matches(events[0], None) and not matches(events[0], {"tenant": "acme"})


def test_completeness_groups_requests_and_expects_their_events_and_fields() -> None:
    events = [
        event(0, request_id="a"),  # complete: input + output
        event(0.5, request_id="a", surface="output"),
        event(1, request_id="b"),  # output missing
        blocked(2, request_id="c"),  # blocked input: no output expected
        event(3, request_id="d", latency_ms=None),  # a required field missing
        event(3.5, request_id="d", surface="output"),
        event(4),  # no request id: fields only
        SafetyEvent(type="telemetry.gap", time=T0, dropped=2),  # two events lost
    ]
    units = observations(kpi_def("telemetry_completeness"), events)
    assert sum(u.hit for u in units) == 3  # a, c and the lone event
    assert len(units) == 4 + 1 + 2
    strict = CompletenessSpec(fields=["policy_version", "model"], count_dropped=False)
    units = observations(kpi_def("telemetry_completeness"), events, completeness=strict)
    assert sum(u.hit for u in units) == 0 and len(units) == 5


def test_completeness_takes_breakdown_values_from_any_event_of_the_request() -> None:
    events = [
        event(0, request_id="a"),
        event(1, request_id="a", surface="output", model_version="v3"),
    ]
    (unit,) = observations(kpi_def("telemetry_completeness"), events, by=["model_version"])
    assert unit.attrs == {"model_version": "v3"} and unit.time == T0 and unit.hit


def test_unknown_names_are_typed_errors() -> None:
    with pytest.raises(KpiError, match="unknown KPI 'latency'"):
        kpi_def("latency")
    with pytest.raises(KpiError, match="break down by 'user_hash'"):
        check_names(["user_hash"], None)
    with pytest.raises(KpiError, match="filter on 'content'"):
        check_names([], {"content": "x"})
    with pytest.raises(ValueError, match="not SafetyEvent fields"):
        CompletenessSpec(fields=["nope"])
