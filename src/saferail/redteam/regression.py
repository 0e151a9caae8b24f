"""Successful attacks saved as a versioned eval suite: the red team's regression corpus.

``save_regression_suite(result, DIR)`` writes ``DIR/suite.yaml`` and ``DIR/cases.jsonl``,
which ``saferail eval`` (or :func:`saferail.evals.suite.load_suite`) runs like any suite.
The cases are, for every successful attempt, the request of its final successful step, and
every finding's minimized repro. A case keeps the attack's expected (safe) behaviour, its
category and canary, so it **passes when the target resists the attack**.

Case ids are derived from the case content (``rt-<strategy>-<hash>``), so saving the same
attacks again changes nothing, and saving into a directory that already holds a suite merges
the new cases into it (deduplicated by id): the corpus grows run over run. The suite's
version is its content hash (:attr:`Suite.version`), stable across re-saves.

The cases hold the attack texts unredacted: they must be replayed as they were sent.
"""

from __future__ import annotations

__all__ = ["RegressionSuiteError", "regression_cases", "save_regression_suite"]

import json
import os
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from saferail.errors import SaferailError
from saferail.evals.case import Case, content_hash
from saferail.evals.suite import ScorerSpec, Suite, SuiteError, load_cases, load_suite
from saferail.redteam.export import slug
from saferail.redteam.judge import scorer_specs
from saferail.redteam.results import AttemptRecord, RedTeamResult, StepRecord
from saferail.reports._view import safe_spec

SUITE_FILE = "suite.yaml"
CASES_FILE = "cases.jsonl"
DEFAULT_NAME = "redteam-regression"
_SOURCES = "Source runs:"
_INTRO = (
    "Red-team regression corpus saved by saferail: successful attacks and minimized repros. "
    "A case passes when the target resists the attack."
)
_VOLATILE_META = frozenset({"attempt", "step", "source_run"})
"""Metadata that names where a case came from, not what it tests (left out of its id)."""


class RegressionSuiteError(SaferailError):
    """The regression suite could not be saved; the message says where and why."""


def _case_id(case: Case, strategy: str) -> str:
    data = case.model_dump(mode="json", exclude={"id", "tags"})
    data["metadata"] = {k: v for k, v in data["metadata"].items() if k not in _VOLATILE_META}
    return f"rt-{slug(strategy)}-{content_hash(data)[:16]}"


def _final_success(record: AttemptRecord) -> StepRecord | None:
    return next((s for s in reversed(record.steps) if s.succeeded), None)


def _normalize(
    raw: dict[str, Any], strategy: str, tags: list[str], run_id: str, where: str
) -> Case:
    try:
        case = Case.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(x) for x in err["loc"]) or "case"
        raise RegressionSuiteError(
            f"{where}: not a valid eval case ({loc}: {err['msg']})"
        ) from None
    return case.model_copy(
        update={
            "id": _case_id(case, strategy),
            "tags": tuple(dict.fromkeys([*case.tags, "redteam", f"strategy:{strategy}", *tags])),
            "metadata": {**case.metadata, "source_run": run_id},
        }
    )


def _add(found: dict[str, Case], case: Case) -> None:
    """Keep one case per id; a case found twice in one run gets both cases' tags."""
    seen = found.get(case.id)
    if seen is not None:
        case = seen.model_copy(update={"tags": tuple(dict.fromkeys([*seen.tags, *case.tags]))})
    found[case.id] = case


def regression_cases(result: RedTeamResult) -> list[Case]:
    """The run's regression cases (final successful step of every successful attempt, and
    every finding's minimized repro), tagged ``redteam``, ``strategy:<name>`` and
    ``finding:<id>`` (``minimized`` for repros); sorted by id."""
    classes: dict[tuple[str, str], list[str]] = {}
    for f in result.findings:
        classes.setdefault((f.strategy, f.kind), []).append(f"finding:{f.id}")
    found: dict[str, Case] = {}
    for record in result.attempts:
        step = _final_success(record) if record.succeeded else None
        if step is None:
            continue
        tags = classes.get((record.strategy, record.kind), [])
        where = f"attempt {record.key} step {step.case_id}"
        _add(found, _normalize(step.case, record.strategy, tags, result.run_id, where))
    for f in result.findings:
        if f.repro is not None:
            tags = [f"finding:{f.id}", "minimized"]
            where = f"finding {f.id} repro"
            _add(found, _normalize(f.repro.case, f.strategy, tags, result.run_id, where))
    return [found[k] for k in sorted(found)]


def _existing(out: Path) -> Suite | None:
    suite_file, cases_file = out / SUITE_FILE, out / CASES_FILE
    try:
        if suite_file.is_file():
            return load_suite(suite_file)
        if cases_file.is_file():
            return Suite(name=DEFAULT_NAME, cases=tuple(load_cases(cases_file)))
    except (SuiteError, ValidationError) as exc:
        raise RegressionSuiteError(f"{out}: cannot merge into the suite there: {exc}") from None
    return None


def _sources(previous: Suite | None, result: RedTeamResult) -> list[str]:
    lines: list[str] = []
    if previous is not None and _SOURCES in previous.description:
        tail = previous.description.split(_SOURCES, 1)[1]
        lines = [line for line in tail.splitlines() if line.startswith("- ")]
    entry = f"- {result.run_id} (created {result.created_at}, target {safe_spec(result.target)})"
    if not any(line.split(" ", 2)[1:2] == [result.run_id] for line in lines):
        lines.append(entry)
    return lines


def _params(result: RedTeamResult, previous: Suite | None) -> dict[str, Any]:
    params = result.manifest.get("params")
    if not isinstance(params, dict):
        suite = result.manifest.get("suite")
        params = suite.get("params") if isinstance(suite, dict) else None
    if isinstance(params, dict):
        return dict(params)
    return dict(previous.params) if previous is not None else {}


def _scorers(result: RedTeamResult, previous: Suite | None) -> tuple[ScorerSpec, ...]:
    if previous is not None and previous.scorers:
        return previous.scorers
    config = result.manifest.get("config")
    flag = result.manifest.get("require_harmful")
    if flag is None and isinstance(config, dict):
        flag = config.get("require_harmful")
    return scorer_specs(bool(flag))


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


class _Dumper(yaml.SafeDumper):
    """Multi-line strings (the description) as literal blocks."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def _suite_yaml(suite: Suite) -> str:
    data: dict[str, Any] = {
        "name": suite.name,
        "description": suite.description,
        "cases_from": CASES_FILE,
        "scorers": [s.model_dump(mode="json") for s in suite.scorers],
        "params": suite.params,
        "gate": list(suite.gate),
        "tags": list(suite.tags),
    }
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def save_regression_suite(
    result: RedTeamResult, out_dir: str | Path, *, name: str | None = None
) -> Path:
    """Write (or grow) the regression suite in ``out_dir``; returns ``out_dir/suite.yaml``.
    An existing suite's name, scorers, gate and tags are kept unless ``name`` is given."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise RegressionSuiteError(f"{out}: exists and is not a directory")
    previous = _existing(out)
    cases = {c.id: c for c in previous.cases} if previous is not None else {}
    for case in regression_cases(result):
        cases.setdefault(case.id, case)
    if not cases:
        raise RegressionSuiteError(
            f"run {result.run_id}: no successful attack to save as a regression case"
        )
    description = "\n".join([_INTRO, _SOURCES, *_sources(previous, result)])
    try:
        suite = Suite(
            name=name or (previous.name if previous is not None else DEFAULT_NAME),
            description=description,
            cases=tuple(cases[k] for k in sorted(cases)),
            scorers=_scorers(result, previous),
            params=_params(result, previous),
            gate=previous.gate if previous is not None else (),
            tags=previous.tags if previous is not None else ("redteam",),
        )
    except ValidationError as exc:
        raise RegressionSuiteError(f"{out}: {exc.errors()[0]['msg']}") from None
    lines = [
        json.dumps(c.model_dump(mode="json", exclude_defaults=True), ensure_ascii=False)
        for c in suite.cases
    ]
    try:
        out.mkdir(parents=True, exist_ok=True)
        _write(out / CASES_FILE, "\n".join(lines) + "\n")
        _write(out / SUITE_FILE, _suite_yaml(suite))
    except OSError as exc:
        raise RegressionSuiteError(f"{out}: cannot write the suite ({exc})") from None
    return out / SUITE_FILE
