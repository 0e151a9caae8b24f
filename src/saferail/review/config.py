"""What ``saferail review`` runs: its configuration, with defaults for the bundled model."""

from __future__ import annotations

__all__ = ["DEFAULT_SUITES", "ReviewConfig"]

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

DEFAULT_SUITES: tuple[str, ...] = (
    "harmful_refusal",
    "over_refusal",
    "prompt_injection",
    "system_prompt_extraction",
    "pii_leakage",
)
"""Built-in suites a review runs when none are named (a seeded sample of each)."""


class ReviewConfig(BaseModel):
    """A release review of one target behind one policy; every field has a default."""

    model_config = ConfigDict(extra="forbid")

    target: str = Field("local", description="Target spec (local, an http(s) URL, python:...).")
    model: str | None = Field(None, description="Model name for HTTP targets.")
    policy: Path | None = Field(None, description="Policy file (default: the bundled policy).")
    suites: tuple[str, ...] = Field(DEFAULT_SUITES, description="Suites (names or files).")
    sample: int | None = Field(
        16, ge=1, description="Seeded sample of cases per suite (None: every case)."
    )
    seed: int = 0
    redteam_budget: int = Field(40, ge=0, description="Red-team model calls (0: no red team).")
    redteam_strategies: tuple[str, ...] = Field(
        (), description="Red-team strategies (empty: all that need no attacker model)."
    )
    max_tokens: int = Field(64, ge=1, description="Longest answer asked of the target.")
    concurrency: int = Field(4, ge=1)
    risk_register: Path | None = Field(
        None, description="Risk register (default: bundled template)."
    )
    card: Path | None = Field(None, description="card.yaml with the system card's human parts.")
    out: Path = Field(Path("saferail-review"), description="Where reports and the pack go.")
    store: str | None = Field(None, description="Run store (SQLite path or postgresql:// URL).")
    key: Path | None = Field(None, description="Ed25519 signing key (default: SAFERAIL_HOME).")
    max_findings: dict[str, int] = Field(
        default_factory=lambda: {"critical": 0},
        description="Most red-team findings per severity against the guarded target for a go.",
    )
