from pathlib import Path

import yaml


def test_validate_ok_prints_version(cli, tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text("input:\n  checks:\n    secret: {action: redact}\n")
    r = cli("policy", "validate", str(good))
    assert r.code == 0
    assert r.out.startswith(f"{good}: ok (sha256:")


def test_validate_reports_every_mistake_one_line_each(cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "input:\n  checks:\n    nosuch: {}\n    secret:\n      threshold: -1\n"
        "      fail_mode: sometimes\n"
    )
    r = cli("policy", "validate", str(bad))
    assert r.code == 2
    lines = r.err.strip().splitlines()
    assert len(lines) == 3
    assert any(f"{bad}:3: input.checks.nosuch: unknown check 'nosuch'" in x for x in lines)
    assert any(f"{bad}:5: input.checks.secret.threshold:" in x for x in lines)
    assert any(f"{bad}:6: input.checks.secret.fail_mode:" in x for x in lines)


def test_show_prints_effective_policy_with_defaults(cli) -> None:
    r = cli("policy", "show")
    assert r.code == 0
    head, _, body = r.out.partition("\n")
    assert head.startswith("# version: sha256:")
    data = yaml.safe_load(body)
    assert data["settings"]["early_exit"] is True
    assert data["input"]["checks"]["secret"]["fail_mode"] == "closed"


def test_checks_lists_builtins(cli) -> None:
    r = cli("checks")
    assert r.code == 0
    for name in ("hidden_text", "secret", "exfiltration", "system_prompt_leak", "banned_topic"):
        assert name in r.out


def test_demo_runs_on_bundled_defaults(cli) -> None:
    r = cli("demo")
    assert r.code == 0, r.err
    assert "block" in r.out and "redact" in r.out and "allow" in r.out


def test_policy_that_turns_nothing_on_gets_a_warning(cli, tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    off = tmp_path / "off.yaml"
    off.write_text("input:\n  checks:\n    secret: {enabled: false}\n")
    for path in (empty, off):
        r = cli("policy", "validate", str(path))
        assert r.code == 0
        assert r.err.strip() == (
            f"saferail: warning: {path} enables no checks and no tool rules: everything passes"
        )


def test_policy_with_a_check_or_tool_rules_gets_no_warning(cli, tmp_path: Path) -> None:
    tools = tmp_path / "tools.yaml"
    tools.write_text("tools:\n  unlisted: block\n")
    one = tmp_path / "one.yaml"
    one.write_text("output:\n  checks:\n    secret: {action: redact}\n")
    for path in (tools, one):
        r = cli("policy", "validate", str(path))
        assert (r.code, r.err) == (0, ""), r.err
