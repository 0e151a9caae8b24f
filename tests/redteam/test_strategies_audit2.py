"""--strategies names: a misspelt name gets a suggestion, and the error lists every strategy
that can be named (the on-demand dataset_templates included)."""

from __future__ import annotations

import pytest

from saferail.redteam.strategies.registry import UnknownStrategyError, get_strategy


def _message(name: str) -> str:
    with pytest.raises(UnknownStrategyError) as info:
        get_strategy(name)
    return str(info.value)


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("encodng", "did you mean 'encoding'?"),
        ("Encoding", "did you mean 'encoding'?"),
        ("payload-splitting", "did you mean 'payload_splitting'?"),
        ("indirect", "did you mean 'indirect_rag' or 'indirect_tool'?"),
        ("dataset_template", "did you mean 'dataset_templates'?"),
    ],
)
def test_a_misspelt_strategy_gets_a_suggestion(typed: str, hint: str) -> None:
    message = _message(typed)
    assert message.startswith(f"unknown strategy {typed!r}; {hint} (known: ")


def test_an_unrelated_name_gets_no_suggestion() -> None:
    assert _message("zzz").startswith("unknown strategy 'zzz' (known: ")


def test_the_known_list_names_on_demand_strategies() -> None:
    # dataset_templates can be named with --strategies but was missing from the list
    known = _message("zzz").split("(known: ", 1)[1].rstrip(")").split(", ")
    assert "dataset_templates" in known and "encoding" in known
    assert known == sorted(known)
    assert get_strategy("dataset_templates").name == "dataset_templates"


def test_the_cli_prints_the_suggestion() -> None:
    from typer.testing import CliRunner

    from saferail.cli.app import app

    result = CliRunner().invoke(
        app, ["redteam", "-t", "echo", "-b", "4", "-s", "encoding,indirect", "--dry-run", "-q"]
    )
    assert result.exit_code == 2
    assert "did you mean 'indirect_rag' or 'indirect_tool'?" in " ".join(result.output.split())
