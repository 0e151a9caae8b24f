"""A third-party package adds a check through the ``saferail.checks`` entry point."""

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from saferail import Guard, parse_policy
from saferail.checks import available_checks, reset_discovery

PLUGIN_DIR = Path(__file__).parent / "plugin_pkg"


@pytest.fixture
def plugin_on_path() -> Iterator[None]:
    sys.path.insert(0, str(PLUGIN_DIR))
    reset_discovery()
    yield
    sys.path.remove(str(PLUGIN_DIR))
    sys.modules.pop("saferail_shout", None)
    reset_discovery()


def test_plugin_check_is_discovered_and_runs(plugin_on_path: None) -> None:
    checks = available_checks()
    assert "shouting" in checks
    assert checks["shouting"].__module__ == "saferail_shout"
    policy = parse_policy("input:\n  checks:\n    shouting: {action: warn}\n")
    guard = Guard(policy)
    loud = guard.check_input("WHY IS NOBODY ANSWERING MY TICKET")
    assert loud.action == "warn"
    assert [f.entity_type for f in loud.findings] == ["SHOUTING"]
    assert guard.check_input("why is nobody answering my ticket").action == "allow"


def test_unknown_plugin_check_is_a_policy_error() -> None:
    from saferail import PolicyError

    with pytest.raises(PolicyError, match="unknown check 'shouting'"):
        parse_policy("input:\n  checks:\n    shouting: {action: warn}\n")


def test_saferail_checks_lists_a_plugin_with_its_categories(
    plugin_on_path: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`saferail checks` shows each check's first sentence, whole, and the categories of a
    check whose findings are not named after it."""
    from saferail.cli.policy_cmd import list_checks

    monkeypatch.setenv("COLUMNS", "250")
    list_checks()
    lines = capsys.readouterr().out.splitlines()
    shouting = next(line for line in lines if "shouting" in line)
    assert "Flags messages written mostly in capital letters. [categories: toxicity]" in shouting
    secret = next(line for line in lines if line.startswith("│ secret "))
    assert "categories" not in secret  # its findings are "secret" findings
    injection = next(line for line in lines if line.startswith("│ prompt_injection "))
    assert "directly or hidden in retrieved documents" in injection  # the lines are joined
    harmful = next(line for line in lines if "harmful_request" in line)
    assert "(weapons, violent crime, cyber-attacks, self-harm ...)." in harmful
    assert "HAZARD_TAXONOMY" not in harmful and "``" not in harmful  # the first sentence only
