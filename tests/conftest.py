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
