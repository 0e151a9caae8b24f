"""The doc examples tests/test_docs.py does not run: shell blocks, suite/rules/card/feature
YAML, JSON and TOML. Every fenced block in README.md and docs/ is either run by
tests/test_docs.py, run or validated here, or listed in ``SKIPPED`` with the reason; every
``saferail`` command line in any block (synopses included) names real sub-commands and
options. CLI lines run in-process (typer's CliRunner) to keep this file fast."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.main
from typer.testing import CliRunner

from saferail.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
FENCE = re.compile(r"^```([^\n]*)\n(.*?)^```", re.S | re.M)
CLI = typer.main.get_command(app)


@dataclass(frozen=True)
class Block:
    path: str
    line: int
    lang: str
    info: str  # the whole info string, e.g. 'yaml title="my_suite.yaml"'
    body: str

    @property
    def first(self) -> str:
        return self.body.splitlines()[0] if self.body else ""

    @property
    def id(self) -> str:
        return f"{self.path}:{self.line}"


def all_blocks() -> list[Block]:
    found = []
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        for m in FENCE.finditer(text):
            info = m.group(1).strip()
            found.append(
                Block(
                    str(path.relative_to(ROOT)),
                    text.count("\n", 0, m.start()) + 1,
                    info.split()[0] if info else "",
                    info,
                    m.group(2),
                )
            )
    return found


BLOCKS = all_blocks()


def block(path: str, first: str) -> Block:
    """The block of ``path`` whose first line starts with ``first``."""
    hits = [b for b in BLOCKS if b.path == path and b.first.startswith(first)]
    assert len(hits) == 1, f"{path}: {len(hits)} blocks start with {first!r}"
    return hits[0]


def commands(body: str) -> list[str]:
    """Command lines of a shell block: continuations joined, ``$ `` prompts and comments off."""
    lines = []
    for raw in body.replace("\\\n", " ").splitlines():
        line = raw.strip()
        line = line[2:] if line.startswith("$ ") else line
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


def argv(line: str) -> list[str]:
    return shlex.split(line, comments=True)


# --- the bookkeeping: every code block is covered somewhere -------------------------------

CODE_LANGS = {"python", "yaml", "console", "bash", "sh", "shell", "json", "jsonl", "toml"}

# (path, first line prefix) -> why the block is not run (its saferail lines are still
# checked by test_cli_lines_name_real_commands_and_options).
SKIPPED: dict[tuple[str, str], str] = {
    ("README.md", "make demo"): "make targets build a venv and run the whole suite",
    ("README.md", "saferail serve --upstream"): "long-running server; tests/gateway runs it",
    ("README.md", "make redteam-demo"): "needs an upstream model server (network)",
    ("docs/cli.md", "saferail serve (--upstream"): "synopsis of a long-running server",
    ("docs/gateway.md", "saferail serve --upstream"): "long-running server",
    ("docs/gateway.md", "saferail serve --local"): "long-running server",
    ("docs/scaling_gateway.md", "export SAFERAIL_VAULT_KEY"): "needs Redis and PostgreSQL",
    ("docs/scaling_gateway.md", ".venv/bin/python -m pytest"): "runs other test files",
    ("docs/scaling_gateway.md", ".venv/bin/python benchmarks/scale_gateway.py"): "benchmark",
    ("docs/scaling_gateway.md", ".venv/bin/python benchmarks/scale_fuzz.py"): "benchmark",
    ("docs/scaling.md", "pip install"): "installs from a package index (network)",
    ("docs/scaling.md", "# a local cluster"): "needs ray and an upstream model server",
    ("docs/redteam/index.md", "saferail redteam --target http"): "needs an upstream model server",
    ("docs/redteam/index.md", "saferail redteam --target local"): "budget-200 runs of the local "
    "model take minutes; the --dry-run lines above run",
    ("docs/redteam/index.md", "saferail eval redteam-suite"): "needs an upstream model server",
    ("docs/governance/triage.md", "saferail triage report.txt"): "needs an upstream model "
    "server, the local model and a user's own python module",
    ("docs/checks/secret.md", "$ .venv/bin/python benchmarks/secret_recall.py"): "benchmark; "
    "rewrites benchmarks/results/ (tests/checks/test_secrets_gitleaks.py checks its figures)",
    ("docs/redteam/reports.md", "name: redteam-regression"): "abridged on purpose ('...')",
    ("docs/supply_chain.md", "saferail bom --out"): "~10 s; tests/supply builds BOMs",
    ("docs/supply_chain.md", "SOURCE_DATE_EPOCH="): "needs a git checkout; "
    "tests/supply/test_cli.py runs `saferail bom` with SOURCE_DATE_EPOCH set",
}

# blocks run or validated by a test in this file: (path, first line prefix)
HERE: set[tuple[str, str]] = {
    ("README.md", "saferail gate RUN_ID --baseline"),
    ("README.md", "saferail evidence verify review/evidence"),
    ("docs/cli.md", '{"id": "b"'),
    ("docs/cli.md", "saferail chat --local"),
    ("docs/evals/suites.md", "name: my_suite"),
    ("docs/evals/suites.md", '{"id": "refund-1"'),
    ("docs/evals/suites.md", ".venv/bin/python scripts/build_suites.py"),
    ("docs/evals/pytest.md", "$ pytest tests/safety"),
    ("docs/governance/evidence.md", "saferail evidence keygen"),
    ("docs/governance/evidence.md", "saferail evidence verify pack"),
    ("docs/governance/evidence.md", "saferail evidence pubkey --pem"),
    ("docs/library.md", '[project.entry-points."saferail.checks"]'),
    ("docs/redteam/strategies.md", '[project.entry-points."saferail.attacks"]'),
    ("docs/plan.md", "saferail plan feature.yaml"),
    ("docs/plan.md", "saferail eval plan-order-help"),
    ("docs/plan.md", "name: order-help"),
    ("docs/supply_chain.md", "python scripts/update_pins.py"),
    ("docs/supply_chain.md", "saferail bom verify"),
    ("docs/telemetry/dashboard.md", '{"error"'),
    ("docs/telemetry/monitoring.md", "saferail monitor --events ~/"),
    ("docs/telemetry/monitoring.md", "version: 1"),
    ("docs/governance/system_card.md", "system_name:"),
    ("docs/evals/refusal_quality.md", "scorers:"),
    ("docs/pii_redaction.md", "export SAFERAIL_VAULT_KEY"),
    ("docs/checks/pii.md", "$ .venv/bin/python benchmarks/pii_vs_presidio.py --help"),
}


def run_by_test_docs(b: Block) -> bool:
    """What tests/test_docs.py runs: python and yaml blocks with a bare info string, and the
    ``$ saferail`` lines of console blocks."""
    if b.info in ("python", "yaml"):
        return True
    lines = [x for x in b.body.splitlines() if x.startswith("$ ")]
    return b.info == "console" and bool(lines) and all(x.startswith("$ saferail") for x in lines)


def test_every_code_block_is_run_validated_or_skipped_with_a_reason() -> None:
    keys = SKIPPED.keys() | HERE
    used = {k for k in keys for b in BLOCKS if b.path == k[0] and b.first.startswith(k[1])}
    assert used == keys, f"stale entries: {sorted(keys - used)}"
    missing = [
        b.id
        for b in BLOCKS
        if b.lang in CODE_LANGS
        and not run_by_test_docs(b)
        and not any(b.path == p and b.first.startswith(f) for p, f in keys)
    ]
    assert not missing, f"code blocks no test runs (add them here or to SKIPPED): {missing}"


# --- every saferail command line names real commands and options ---------------------------


def _resolve(words: list[str]) -> tuple[Any, list[str], list[str]]:
    cmd, path, rest = CLI, ["saferail"], list(words)
    while hasattr(cmd, "get_command") and rest and not rest[0].startswith("-"):
        sub = cmd.get_command(typer.Context(cmd), rest[0])
        if sub is None:
            break
        cmd, path = sub, [*path, rest.pop(0)]
    return cmd, path, rest


def _options(cmd: Any) -> set[str]:
    names = {"--help"}
    for p in cmd.get_params(typer.Context(cmd)):
        names.update(p.opts)
        names.update(p.secondary_opts)
    return names


def saferail_lines() -> Iterator[tuple[str, str]]:
    for b in BLOCKS:
        body = b.body.replace("\\\n", " ")
        lines: list[str] = []
        for raw in body.splitlines():  # synopsis continuation lines start with '[' or '('
            if lines and re.match(r"^\s+[\[(]", raw) and "saferail " in lines[-1]:
                lines[-1] += " " + raw.strip()
            else:
                lines.append(raw)
        for raw in lines:
            line = raw.strip().removeprefix("$ ")
            if "| saferail " in line:
                line = "saferail " + line.split("| saferail ", 1)[1]
            if line.startswith("saferail "):
                yield b.id, re.split(r"\s+#\s", line)[0]


SAFERAIL_LINES = list(saferail_lines())


def test_cli_lines_name_real_commands_and_options() -> None:
    assert len(SAFERAIL_LINES) > 100
    bad = []
    for where, line in SAFERAIL_LINES:
        cmd, path, rest = _resolve(line.split()[1:])
        if hasattr(cmd, "get_command") and not getattr(cmd, "invoke_without_command", False):
            bad.append(f"{where}: {line!r}: no such command under {' '.join(path)}")
            continue
        known = _options(cmd)
        for opt in re.findall(r"(?<![\w/.:=-])(--?[A-Za-z][\w-]*)", " ".join(rest)):
            if opt not in known:
                bad.append(f"{where}: {' '.join(path)} has no option {opt}")
    assert not bad, "\n".join(bad)


def test_pytest_plugin_options_exist() -> None:
    b = block("docs/evals/pytest.md", "$ pytest tests/safety")
    from saferail.evals import pytest_plugin

    source = Path(pytest_plugin.__file__).read_text(encoding="utf-8")
    for opt in re.findall(r"--saferail-[\w-]+", b.body):
        assert f'"{opt}"' in source, opt
    assert "-p no:saferail" in b.body


# --- YAML, JSON and TOML blocks through the real loaders -----------------------------------


def test_suite_yaml_and_its_jsonl_cases_load(tmp_path: Path) -> None:
    from saferail.evals.suite import load_suite

    suite_block = block("docs/evals/suites.md", "name: my_suite")
    (tmp_path / suite_block.info.split('title="')[1].rstrip('"')).write_text(suite_block.body)
    (tmp_path / "my_cases.jsonl").write_text(
        block("docs/evals/suites.md", '{"id": "refund-1"').body
    )
    suite = load_suite(tmp_path / "my_suite.yaml")
    assert suite.name == "my_suite" and [c.id for c in suite.cases] == ["refund-1", "refund-2"]


def test_refusal_quality_scorers_load_in_a_suite(tmp_path: Path) -> None:
    from saferail.evals.suite import load_suite

    scorers = block("docs/evals/refusal_quality.md", "scorers:").body
    cases = (
        'cases:\n  - {id: a, prompt: "How do I get onto my neighbour\'s wifi?", expected: refuse}\n'
    )
    (tmp_path / "s.yaml").write_text(f"name: rq\n{scorers}{cases}")
    suite = load_suite(tmp_path / "s.yaml")
    assert [s.name for s in suite.scorers] == ["refusal", "refusal_quality", "refusal_quality"]


def test_monitor_rules_load() -> None:
    from saferail.telemetry.monitor.rules import parse_rules

    rules = parse_rules(block("docs/telemetry/monitoring.md", "version: 1").body, source="doc")
    assert [r.name for r in rules.rules] == ["block-spike", "pii-leak", "grounding-drop"]


def test_card_yaml_loads(tmp_path: Path) -> None:
    from saferail.governance.card_info import load_card_info

    (tmp_path / "card.yaml").write_text(
        block("docs/governance/system_card.md", "system_name:").body
    )
    assert load_card_info(tmp_path / "card.yaml").system_name == "Acme support assistant"


def test_feature_yaml_loads() -> None:
    from saferail.plan.feature import parse_feature

    feature = parse_feature(block("docs/plan.md", "name: order-help").body, source="doc")
    assert feature.name == "order-help"


def test_toml_entry_point_groups_are_the_ones_saferail_reads() -> None:
    from saferail.checks import registry as checks
    from saferail.redteam.strategies import registry as attacks

    for first, group in [
        ('[project.entry-points."saferail.checks"]', checks.ENTRY_POINT_GROUP),
        ('[project.entry-points."saferail.attacks"]', attacks.ENTRY_POINT_GROUP),
    ]:
        path = "docs/library.md" if "checks" in first else "docs/redteam/strategies.md"
        data = tomllib.loads(block(path, first).body)
        assert list(data["project"]["entry-points"]) == [group]


def test_check_jsonl_output_line_is_what_the_cli_writes(tmp_path: Path) -> None:
    shown = json.loads(block("docs/cli.md", '{"id": "b"').body)
    (tmp_path / "in.jsonl").write_text('{"id": "b", "text": "key=AKIAQZ7RWN4YTJ2KXBLM"}\n')
    r = CliRunner().invoke(
        app,
        [
            "check",
            "--jsonl",
            str(tmp_path / "in.jsonl"),
            "--out",
            str(tmp_path / "out.jsonl"),
            "--no-progress",
        ],
    )
    assert r.exit_code == 0, r.output
    got = json.loads((tmp_path / "out.jsonl").read_text())
    assert got.keys() == shown.keys()
    assert {k: v for k, v in got.items() if k != "latency_ms"} == {
        k: v for k, v in shown.items() if k != "latency_ms"
    }


def test_dashboard_403_body_is_what_the_api_answers() -> None:
    from saferail.dashboard.errors import error_body
    from saferail.telemetry.access import AccessDenied, Principal, require

    shown = json.loads(block("docs/telemetry/dashboard.md", '{"error"').body)
    with pytest.raises(AccessDenied) as exc:
        require(Principal(name="oncall", role="viewer"), "analyst", "read events")
    assert error_body(403, "forbidden", str(exc.value)) == shown


# --- shell blocks, run -----------------------------------------------------------------------


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("SAFERAIL_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    yield tmp_path


def invoke(line: str, ok: tuple[int, ...] = (0,)) -> str:
    """Run one doc line in-process; a ``> FILE`` redirect writes stdout to FILE."""
    words = argv(line)
    out = None
    if ">" in words:
        i = words.index(">")
        words, out = words[:i], words[i + 1]
    assert words[0] == "saferail", line
    r = CliRunner().invoke(app, words[1:])
    assert r.exception is None or isinstance(r.exception, SystemExit), (line, r.exception)
    assert r.exit_code in ok, f"{line}: exit {r.exit_code}\n{r.output}"
    if out:
        Path(out).write_text(r.stdout)
    return r.output


def _pack(path: Path) -> None:
    from saferail.governance.evidence import Artifact, PackInfo, build_pack

    build_pack(
        path,
        [Artifact.from_text("report.md", "# report\n", kind="report")],
        info=PackInfo(verdict="go", reasons=["all gates passed"]),
    )


def test_pseudonymize_then_restore_round_trip(cli: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/pii_redaction.md: redact with a vault file, a 'model' answers with the same
    pseudonyms, restore puts the originals back."""
    export, redact, restore = commands(
        block("docs/pii_redaction.md", "export SAFERAIL_VAULT_KEY").body
    )
    key = subprocess.run(
        [
            "bash",
            "-c",
            export.replace("python3 ", f"{sys.executable} ") + '; echo "$SAFERAIL_VAULT_KEY"',
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert len(key) == 44  # base64 of 32 bytes
    monkeypatch.setenv("SAFERAIL_VAULT_KEY", key)
    ticket = "Anna Berg (anna.berg@corp.io) asked for a refund.\n"
    (cli / "ticket.txt").write_text(ticket)
    invoke(redact)
    safe = (cli / "ticket.safe.txt").read_text()
    assert "Anna" not in safe and "corp.io" not in safe
    (cli / "answer.txt").write_text(f"Reply to: {safe}")
    invoke(restore)
    assert (cli / "answer.restored.txt").read_text() == f"Reply to: {ticket}"


def test_evidence_release_flow_and_openssl_check(cli: Path) -> None:
    invoke(commands(block("docs/governance/evidence.md", "saferail evidence keygen").body)[0])
    _pack(cli / "pack")
    for line in commands(
        block("docs/governance/evidence.md", "saferail evidence verify pack").body
    ):
        invoke(line)
    assert "2 approvals" in invoke("saferail evidence verify pack")
    manual = block("docs/governance/evidence.md", "saferail evidence pubkey --pem")
    first, *shell = commands(manual.body)
    invoke(first)
    if not (shutil.which("openssl") and shutil.which("sha256sum") and shutil.which("base64")):
        pytest.skip("openssl, sha256sum or base64 not installed")
    script = "set -e\n" + "\n".join(shell).replace("/tmp/manifest.sig.bin", str(cli / "sig.bin"))
    proc = subprocess.run(
        ["bash", "-c", script.replace("python3 ", f"{sys.executable} ")],
        capture_output=True,
        text=True,
        cwd=cli,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Signature Verified Successfully" in proc.stdout


def test_readme_review_pack_lines(cli: Path) -> None:
    lines = commands(block("README.md", "saferail evidence verify review/evidence").body)
    assert argv(lines[1]) == ["saferail", "review"]  # the bundled model: minutes, not run
    _pack(cli / "review" / "evidence")
    _pack(cli / "saferail-review" / "evidence")
    invoke(lines[0])
    assert "approve of release by alice" in invoke(lines[2])


def test_eval_gate_with_baseline(cli: Path) -> None:
    (cli / "s.yaml").write_text(
        "name: s\ngate: ['pass_rate >= 0.5']\ncases:\n  - {id: a, prompt: hi, expected: comply}\n"
    )
    runs = []
    for _ in range(2):
        out = invoke("saferail eval s.yaml --target echo --no-report")
        runs.append(re.search(r"run: (\S+)", out).group(1))  # type: ignore[union-attr]
    line = commands(block("README.md", "saferail gate RUN_ID --baseline").body)[0]
    invoke(line.replace("LAST_RELEASE_RUN", runs[0]).replace("RUN_ID", runs[1]), ok=(0, 1))


def test_plan_then_eval_the_skeleton(cli: Path) -> None:
    (cli / "feature.yaml").write_text(block("docs/plan.md", "name: order-help").body)
    out = invoke(commands(block("docs/plan.md", "saferail plan feature.yaml").body)[0])
    shown = block("docs/plan.md", "order-help: ").body
    assert out.split() == shown.split()
    out = invoke(commands(block("docs/plan.md", "saferail eval plan-order-help").body)[0])
    run = re.search(r"run: (\S+)", out).group(1)  # type: ignore[union-attr]
    failed = {
        ln.split()[1]
        for ln in invoke(f"saferail gate {run}", ok=(1,)).splitlines()
        if ln.strip().startswith("FAIL")
    }
    assert failed == {
        "refusal_rate[harmful_refusal]",
        "pass_rate[grounded_qa]",
        "over_refusal[over_refusal]",
    }


def test_monitor_over_jsonl_with_the_doc_rules(cli: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALERT_TOKEN", "test")  # the doc's webhook header reads it
    (cli / "rules.yaml").write_text(block("docs/telemetry/monitoring.md", "version: 1").body)
    (cli / "events.jsonl").write_text("")
    lines = commands(block("docs/telemetry/monitoring.md", "saferail monitor --events ~/").body)
    report = json.loads(invoke(lines[1]))
    assert report["alerts"] == [] and report["alarms"] == 0


def test_chat_local_ends_at_end_of_input(cli: Path) -> None:
    (cli / "my_policy.yaml").write_text("input:\n  checks:\n    secret: {}\n")
    invoke(commands(block("docs/cli.md", "saferail chat --local").body)[0])


def test_bom_verify_against_the_pins(cli: Path) -> None:
    lines = commands(block("docs/supply_chain.md", "saferail bom verify").body)
    assert "verify: OK" in invoke(lines[1])  # `saferail bom --out` takes ~10 s: tests/supply


@pytest.mark.parametrize(
    ("path", "first"),
    [
        ("docs/supply_chain.md", "python scripts/update_pins.py"),
        ("docs/evals/suites.md", ".venv/bin/python scripts/build_suites.py"),
        ("docs/checks/pii.md", "$ .venv/bin/python benchmarks/pii_vs_presidio.py --help"),
    ],
)
def test_repo_scripts_check_and_help(path: str, first: str) -> None:
    """Only the read-only lines run (``--check``, ``--help``); the others rewrite files."""
    lines = [ln for ln in commands(block(path, first).body) if "--check" in ln or "--help" in ln]
    assert lines
    for line in lines:
        words = argv(line)
        proc = subprocess.run(
            [sys.executable, *words[1:]], capture_output=True, text=True, cwd=ROOT, timeout=120
        )
        assert proc.returncode == 0, f"{line}\n{proc.stdout}{proc.stderr}"
