"""Safety evaluation plans: a short feature description in, a plan and a skeleton out.

``saferail plan FEATURE.yaml`` (:mod:`saferail.cli.plan_cmd`) reads a feature
(:mod:`saferail.plan.feature`), selects and rates the applicable risks of saferail's risk
register (:mod:`saferail.plan.selection`), picks the suites and red-team strategies that test
them with release criteria, monitoring rules and a rollback plan
(:mod:`saferail.plan.builder`, :mod:`saferail.plan.criteria`), and writes the plan as
Markdown with a ready-to-run suite, policy and alert rules (:mod:`saferail.plan.skeleton`).
"""

from __future__ import annotations

from pathlib import Path

from saferail.plan.builder import Plan, PlannedStrategy, PlannedSuite, build_plan
from saferail.plan.feature import Feature, FeatureError, load_feature, parse_feature
from saferail.plan.render import render_markdown
from saferail.plan.selection import PlannedRisk, select_risks
from saferail.plan.skeleton import PlanExistsError, PlanFiles, write_plan

__all__ = [
    "Feature",
    "FeatureError",
    "Plan",
    "PlanExistsError",
    "PlanFiles",
    "PlannedRisk",
    "PlannedStrategy",
    "PlannedSuite",
    "build_plan",
    "example_feature_path",
    "load_feature",
    "parse_feature",
    "render_markdown",
    "select_risks",
    "write_plan",
]


def example_feature_path() -> Path:
    """The bundled example feature (``saferail/data/examples/feature.yaml``)."""
    from saferail.supply.pins import data_dir

    return data_dir() / "examples" / "feature.yaml"
