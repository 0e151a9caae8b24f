"""``saferail risks validate|coverage`` and ``saferail template``, run in-process.

The commands are mounted on a local Typer app exactly as ``saferail.cli.app`` wires them, so
these tests do not depend on the top-level wiring.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner, Result

from saferail.cli import governance_cmd
from saferail.evals.session import run_suite
from saferail.evals.store import RunStore
from saferail.evals.suite import Suite
from saferail.governance.register import template_register_path
from saferail.targets.callable import CallableTarget

app = typer.Typer()
app.add_typer(governance_cmd.risks_app, name="risks")
app.command("template")(governance_cmd.template_command)

REGISTER = """\
extra_suites: [checks_ok]
risks:
  - {id: A, title: tested, owasp: LLM07, nist: information_security, owner: o,
     likelihood: likely, impact: high, tests: [{suite: checks_ok}],
     mitigations: [{check: system_prompt_leak}]}
  - {id: B, title: untested, owasp: LLM06, nist: human_ai_configuration, owner: o,
     likelihood: likely, impact: critical, mitigations: [{setting: tools.unlisted}]}
"""


def saferail(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


def _say_hi(messages: list[dict[str, Any]], **params: Any) -> str:
    return "hi"


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "runs.db"
    cases = [{"id": "c1", "prompt": "hello", "expected": "no_leak", "canary": "SECRET-1"}]
    suite = Suite.model_validate({"name": "checks_ok", "cases": cases})
    with RunStore(path) as s:
        asyncio.run(run_suite(suite, CallableTarget(_say_hi, "hi"), s))
    return path


@pytest.fixture
def register(tmp_path: Path) -> Path:
    path = tmp_path / "register.yaml"
    path.write_text(REGISTER, encoding="utf-8")
    return path


def test_validate_ok_and_warnings(register: Path) -> None:
    result = saferail("risks", "validate", template_register_path(), register)
    assert result.exit_code == 0
    assert "risk_register.yaml: ok (13 risks, 7 high or critical)" in result.stdout
    assert f"{register}: ok (2 risks, 2 high or critical)" in result.stdout
    assert result.stderr.strip() == (
        f"saferail: warning: {register}: B: critical risk without automated tests"
    )


def test_validate_against_a_policy_warns_about_missing_checks(
    register: Path, tmp_path: Path
) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("name: bare\ninput:\n  checks:\n    secret: {}\n", encoding="utf-8")
    result = saferail("risks", "validate", register, "--policy", policy)
    assert result.exit_code == 0
    assert (
        f"saferail: warning: {register}: A: check 'system_prompt_leak' is not enabled on any "
        "surface in policy 'bare'"
    ) in result.stderr.splitlines()


def test_validate_reports_each_mistake_on_one_line(tmp_path: Path, register: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(REGISTER.replace("LLM06", "LLM6"))
    result = saferail("risks", "validate", bad, register)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"saferail: error: {bad}:6: risks.1.owasp: not an OWASP LLM Top 10 2025 id: 'LLM6'"
        " (known: LLM01, LLM02, LLM03, LLM04, LLM05, LLM06, LLM07, LLM08, LLM09, LLM10)",
        f"saferail: warning: {register}: B: critical risk without automated tests",
    ]
    assert f"{register}: ok" in result.stdout


def test_coverage_table_json_and_threshold(store: Path, register: Path, tmp_path: Path) -> None:
    out = tmp_path / "coverage.json"
    args = ("risks", "coverage", "--register", register, "--store", store)
    table = saferail(*args, "--out", out)
    assert table.exit_code == 0
    assert "coverage: 1/2 risks at or above high = 50.0%; 1 gap(s)" in table.stdout
    assert "ok  suite:checks_ok: 1/1 cases passed (no gate)" in table.stdout
    data = json.loads(out.read_text())
    assert (data["top"], data["covered"], data["share"]) == (2, 1, 0.5)
    assert data["risks"][1]["gaps"] == [
        {"risk_id": "B", "reason": "no_test", "test": None, "detail": "no automated test"}
    ]
    as_json = saferail(*args, "--json", "--min-share", "0.75")
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout)["share"] == 0.5
    critical = saferail(*args, "--json", "--min-severity", "critical", "--min-share", "0")
    assert critical.exit_code == 0 and json.loads(critical.stdout)["top"] == 1


def test_coverage_of_the_bundled_register_on_an_empty_store(tmp_path: Path) -> None:
    result = saferail("risks", "coverage", "--store", tmp_path / "empty.db", "--json")
    data = json.loads(result.stdout)
    assert result.exit_code == 0 and data["top"] == 7 and data["covered"] == 0
    assert {g["reason"] for g in data["risks"][0]["gaps"]} == {"never_ran"}


def test_template_fields_from_options(tmp_path: Path, register: Path) -> None:
    out = tmp_path / "bug.md"
    result = saferail(
        "template",
        "triage",
        "--title",
        "Leak in support bot",
        "--severity",
        "high",
        "--set",
        "failure_label=system_prompt_leak",
        "--set",
        "reproduction=3/5",
        "--out",
        out,
    )
    assert result.exit_code == 0 and result.stdout == f"wrote {out}\n"
    text = out.read_text()
    assert text.startswith("# Safety bug: Leak in support bot\n")
    assert "| Reproduction rate | 3/5 |" in text and "| Owner | TODO(owner) |" in text
    assert "- [x] `system_prompt_leak`" in text
    model = saferail("template", "threat-model", "--register", register)
    assert "| A: tested | LLM07 | high | high | o | suite:checks_ok |" in model.stdout
    listing = saferail("template", "--list")
    assert listing.stdout.count("fields:") == 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("template", "nope"), "saferail: error: unknown template 'nope'"),
        (("template", "runbook", "--set", "oncall"), "saferail: error: --set wants KEY=VALUE"),
        (("template", "runbook", "--severity", "p1"), "saferail: error: severity must be one of"),
    ],
)
def test_template_errors_are_one_line(args: tuple[str, ...], message: str) -> None:
    result = saferail(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1
