"""``saferail review``: the release review (suites + red team + gate + card + evidence pack)."""

from __future__ import annotations

__all__ = ["review_command"]

from pathlib import Path

import typer
from pydantic import ValidationError

from saferail.cli._signals import interrupted_code, run_async
from saferail.cli.common import csv_list, fail
from saferail.errors import SaferailError
from saferail.review.config import DEFAULT_SUITES, ReviewConfig

EXIT_NO_GO = 1


def review_command(
    ctx: typer.Context,
    target: str = typer.Option("local", "--target", "-t", help="Target spec (default: local)."),
    model: str | None = typer.Option(None, "--model", help="Model name for HTTP targets."),
    policy: Path | None = typer.Option(
        None, "--policy", "-p", help="Policy file (default: the bundled policy)."
    ),
    suites: str = typer.Option(
        ",".join(DEFAULT_SUITES), "--suites", help="Comma-separated suites (names or files)."
    ),
    sample: int = typer.Option(16, "--sample", min=0, help="Cases per suite (0: all)."),
    seed: int = typer.Option(0, "--seed", help="Seed of the samples and the red team."),
    redteam_budget: int = typer.Option(40, "--redteam-budget", min=0, help="0: no red team."),
    strategies: str | None = typer.Option(None, "--strategies", help="Red-team strategies."),
    max_tokens: int = typer.Option(64, "--max-tokens", min=1, help="Longest answer asked."),
    concurrency: int = typer.Option(4, "--concurrency", "-c", min=1),
    register: Path | None = typer.Option(None, "--register", help="Risk register YAML."),
    card: Path | None = typer.Option(None, "--card", help="card.yaml (system card inputs)."),
    key: Path | None = typer.Option(None, "--key", help="Ed25519 signing key file."),
    store: str | None = typer.Option(None, "--store", help="Run store (default: OUT/runs.db)."),
    out: Path = typer.Option(Path("saferail-review"), "--out", "-o", help="Output folder."),
    max_critical: int = typer.Option(
        0, "--max-critical", min=0, help="Most critical red-team findings for a go."
    ),
) -> None:
    """Review a target behind a policy for release: go (exit 0) or no-go (exit 1).

    Runs the suites (a seeded sample of each) against the guarded target, a budgeted red
    team, the gate; writes the reports, the system card and a signed evidence pack to OUT.
    """
    if ctx.invoked_subcommand is not None:
        return  # `saferail review export|agreement`: human review of eval results
    from saferail.review.run import run_review

    try:
        config = ReviewConfig(
            target=target,
            model=model,
            policy=policy,
            suites=csv_list(suites),
            sample=sample or None,
            seed=seed,
            redteam_budget=redteam_budget,
            redteam_strategies=csv_list(strategies),
            max_tokens=max_tokens,
            concurrency=concurrency,
            risk_register=register,
            card=card,
            key=key,
            store=store,
            out=out,
            max_findings={"critical": max_critical},
        )
    except ValidationError as exc:
        err = exc.errors()[0]
        fail(f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}")
    try:
        outcome = run_async(run_review(config, log=lambda line: typer.echo(line, err=True)))
    except SaferailError as exc:
        fail(str(exc))
    except KeyboardInterrupt as exc:
        fail(
            "interrupted; run the same command again: answers so far are cached",
            code=interrupted_code(exc),
        )
    typer.echo(f"verdict: {'GO' if outcome.go else 'NO-GO'}")
    for reason in outcome.reasons:
        typer.echo(f"  - {reason}")
    out = outcome.config.out
    shown = {
        "eval reports": out / "evals",
        "red-team report": out / "redteam" / "report.html",
        "system card": outcome.artifacts.get("system_card"),
        "risk coverage": outcome.artifacts.get("coverage"),
        "evidence pack": outcome.artifacts.get("evidence"),
    }
    for label, path in shown.items():
        if path is not None and path.exists():
            typer.echo(f"{label}: {path}")
    typer.echo(f"took {outcome.timings.get('total_s', 0.0):.0f} s")
    if not outcome.go:
        raise typer.Exit(EXIT_NO_GO)
