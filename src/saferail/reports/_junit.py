"""JUnit XML: one ``testcase`` per case (classname ``suite.category``), ``failure`` with the
scorers' explanations for failed cases, ``error`` for errored ones, ``skipped`` for cases no
scorer judged. The gate verdict goes in the suite's properties and ``system-out``."""

from __future__ import annotations

__all__ = ["render_junit", "xml_text"]

import math
import re
import xml.etree.ElementTree as ET

from saferail.reports._view import CaseView, ReportView

# Characters XML 1.0 cannot carry at all (a parser rejects them even as references).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(value: object) -> str:
    """``value`` as text an XML 1.0 document can hold (illegal characters become U+FFFD)."""
    return _ILLEGAL.sub("\ufffd", str(value))


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        el.text = xml_text(text)
    return el


def _seconds(latency_ms: float) -> str:
    """Milliseconds as JUnit's seconds; an unknown latency (NaN, infinite) counts as 0."""
    return f"{latency_ms / 1000 if math.isfinite(latency_ms) else 0.0:.3f}"


def _body(c: CaseView) -> str:
    lines = [f"case {c.case_id} ({c.category}, expects {c.expected}): {c.status}"]
    for s in c.failed_scores:
        why = f": {s.explanation}" if s.explanation else ""
        lines.append(f"  {s.scorer} = {s.label} ({s.value:.2f}){why}")
    if c.error is not None:
        lines.append(f"error: {c.error}")
    if c.prompt is not None:
        lines += ["", "prompt:", c.prompt]
    if c.answer is not None:
        lines += ["", "answer:", c.answer]
    return "\n".join(lines)


def _testcase(parent: ET.Element, suite: str, c: CaseView) -> None:
    seconds = _seconds(c.result.latency_ms)
    el = _sub(parent, "testcase", classname=f"{suite}.{c.category}", name=c.case_id, time=seconds)
    if c.status == "fail":
        scorers = ",".join(s.scorer for s in c.failed_scores) or "failed"
        _sub(el, "failure", _body(c), message=c.reason(), type=scorers)
    elif c.status == "error":
        _sub(el, "error", _body(c), message=c.error or "error", type="error")
    elif c.status == "unjudged":
        _sub(el, "skipped", message="no scorer judged this case")


def render_junit(view: ReportView) -> str:
    """The report as a JUnit XML document (UTF-8, with declaration)."""
    h, n = view.header, view.counts
    seconds = _seconds(
        sum(c.result.latency_ms for c in view.cases if math.isfinite(c.result.latency_ms))
    )
    counts = {
        "tests": str(n.total),
        "failures": str(n.failed),
        "errors": str(n.errored),
        "skipped": str(n.unjudged),
        "time": seconds,
    }
    root = ET.Element("testsuites", {"name": "saferail", **counts})
    suite = _sub(root, "testsuite", name=h.suite_name, timestamp=h.created_at, **counts)
    props = _sub(suite, "properties")
    gate = view.report.gate
    values = {
        "run_id": h.run_id,
        "suite_version": h.suite_version,
        "target": h.target,
        "target_fingerprint": h.target_fingerprint,
        "policy_version": h.policy_version or "",
        "redacted": str(view.redacted).lower(),
        "gate": "not evaluated" if gate is None else "passed" if gate.passed else "failed",
    }
    for name, value in values.items():
        _sub(props, "property", name=name, value=value)
    for c in view.cases:
        _testcase(suite, h.suite_name, c)
    if gate is not None:
        _sub(suite, "system-out", gate.explain())
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
