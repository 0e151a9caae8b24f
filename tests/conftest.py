"""Shared fixtures: an isolated user directory and a helper to run one check."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from saferail.checks import Check, CheckInput, Finding, canonicalize

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DATASETS = SHARED / "datasets"


@pytest.fixture(autouse=True)
def _isolate_user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point saferail's user directory at a temp folder so tests never touch $HOME."""
    user_dir = tmp_path / "saferail-home"
    monkeypatch.setenv("SAFERAIL_HOME", str(user_dir))
    yield user_dir


def run_check(
    check: Check,
    text: str,
    surface: str = "input",
    *,
    context: str | None = None,
    system_prompt: str | None = None,
) -> list[Finding]:
    """Run one check on ``text`` the way the Guard does (canonicalized first)."""
    data = CheckInput(
        text=text,
        canonical=canonicalize(text),
        surface=surface,
        context=context,
        system_prompt=system_prompt,
    )
    return check.run(data)


def rule_precision(rule: str) -> dict[str, object]:
    """The training-side precision of a detector's signature rule, as
    ``benchmarks/signature_rules.py`` measures it (needs ``../shared/datasets``)."""
    import sys

    for folder in ("scripts", "benchmarks"):
        if str(REPO / folder) not in sys.path:
            sys.path.insert(0, str(REPO / folder))
    import signature_rules

    return signature_rules.precision(rule, *signature_rules.training_side(rule))  # type: ignore[no-any-return]
