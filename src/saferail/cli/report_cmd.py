"""``saferail report`` and ``saferail review``: reports of stored runs and human review."""

from __future__ import annotations

__all__ = ["report_command", "review_app"]

from pathlib import Path

import typer

from saferail.cli.common import fail, report_formats, run_store
from saferail.errors import SaferailError
from saferail.evals.results import RunInfo
from saferail.evals.review import (
    AgreementReport,
    agreement,
    export_review_sample,
    read_review_labels,
    write_review_file,
)
from saferail.evals.session import load_run
from saferail.evals.suite import Suite, load_suite
from saferail.reports import FORMATS, load_report, write_reports

review_app = typer.Typer(
    help="Release review (no sub-command: suites, red team, gate, system card, evidence "
    "pack); human review of eval results with `review export` / `review agreement`.",
    no_args_is_help=False,
)

_STORE_HELP = "Run store: SQLite path or postgresql:// URL."


def _suite(ref: str | None) -> Suite | None:
    if ref is None:
        return None
    try:
        return load_suite(ref)
    except SaferailError as exc:
        fail(str(exc))


EXIT_MISMATCH = 1
EXIT_EMPTY = 1


def _same_suite(info: RunInfo, suite: Suite) -> None:
    """Exit 1 unless ``suite`` is the very suite (same content hash) the run used:
    another suite's prompts would be shown against the run's verdicts."""
    if suite.version != info.suite_version:
        fail(
            f"--suite: run {info.run_id} used suite {info.suite_name!r} version "
            f"{info.suite_version[:12]}, not {suite.name!r} version {suite.version[:12]}",
            EXIT_MISMATCH,
        )


def report_command(
    run: str = typer.Argument(..., help="Run id (or unique prefix)."),
    out: Path = typer.Option(Path("saferail-reports"), "--out", "-o", help="Output folder."),
    formats: str = typer.Option(
        ",".join(FORMATS), "--format", "-f", help="Report formats, comma-separated."
    ),
    baseline: str | None = typer.Option(None, "--baseline", help="Show deltas vs this run."),
    criterion: list[str] = typer.Option(
        [], "--criterion", "-c", help="Gate criteria (default: the suite's own)."
    ),
    suite: str | None = typer.Option(
        None, "--suite", help="The run's suite, to show prompts of failing cases."
    ),
    no_redact: bool = typer.Option(
        False, "--no-redact", help="Show prompts and answers unredacted (sensitive!)."
    ),
    store_path: str | None = typer.Option(None, "--store", help=_STORE_HELP),
) -> None:
    """Write reports (HTML, Markdown, JSON, JUnit XML, SARIF) of a stored run."""
    wanted = report_formats(formats)
    store = run_store(store_path)
    the_suite = _suite(suite)
    try:
        report = load_report(
            store,
            run,
            baseline=baseline,
            criteria=criterion or None,
            suite=the_suite,
            redact=not no_redact,
        )
        if the_suite is not None:
            _same_suite(report.info, the_suite)
        paths = write_reports(report, out / report.info.run_id, formats=wanted)
    except SaferailError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot write reports: {exc}")
    for fmt, path in paths.items():
        typer.echo(f"report ({fmt}): {path}")


@review_app.command("export")
def review_export(
    run: str = typer.Argument(..., help="Run id (or unique prefix)."),
    n: int = typer.Option(50, "--n", "-n", min=1, help="Cases to sample."),
    out: Path = typer.Option(..., "--out", "-o", help="Review file (.csv or .jsonl)."),
    seed: int = typer.Option(0, "--seed", help="Sampling seed."),
    suite: str | None = typer.Option(
        None, "--suite", help="The run's suite: without it the file has no prompts or canaries."
    ),
    no_redact: bool = typer.Option(False, "--no-redact", help="Do not redact texts."),
    store_path: str | None = typer.Option(None, "--store", help=_STORE_HELP),
) -> None:
    """Write a stratified, blind sample of a run's cases for reviewers to label.

    At least one case of each category, the rest in proportion to the categories' sizes;
    cases that errored are left out. Personal data and secrets are redacted unless
    --no-redact. The same run and --seed always give the same sample."""
    store = run_store(store_path)
    the_suite = _suite(suite)
    try:
        loaded = load_run(store, run)
        if the_suite is not None:
            _same_suite(loaded.info, the_suite)
        items = export_review_sample(
            loaded.results, n, seed=seed, cases=the_suite, redact=not no_redact
        )
        path = write_review_file(items, out)
    except (SaferailError, OSError) as exc:
        fail(str(exc))
    typer.echo(f"{len(items)} cases to review: {path}")
    if the_suite is None:  # the run store keeps answers, not prompts
        typer.echo(
            "note: no --suite, so the file shows answers without their prompts or canaries",
            err=True,
        )


def _fail_if_no_label_matches(report: AgreementReport, run_id: str) -> None:
    """Exit 1 when every labelled case is unknown to the run (labels of another run, say):
    a report of zero items would flag nothing and pass."""
    if report.items == 0 and report.unknown_cases:
        n = len(report.unknown_cases)
        fail(
            f"none of the {n} labelled cases is in run {run_id} "
            f"(first: {report.unknown_cases[0]!r}); are these labels of another run?",
            EXIT_EMPTY,
        )


def _default_reviewers(paths: list[Path]) -> dict[Path, str]:
    """Who is credited with a file's rows that name no reviewer: the file's name without
    its suffix (alice.csv -> alice), or the path as given when files in different folders
    share a name (ann/review.csv, bob/review.csv), so two reviewers never merge into one."""
    files: dict[str, set[Path]] = {}
    for p in paths:
        try:
            where = p.resolve()
        except (OSError, RuntimeError):  # a symlink loop; reading the file will say so
            where = p.absolute()
        files.setdefault(p.stem, set()).add(where)
    return {p: p.stem if len(files[p.stem]) == 1 else p.as_posix() for p in paths}


@review_app.command("agreement")
def review_agreement(
    run: str = typer.Argument(..., help="Run id (or unique prefix)."),
    labels: list[Path] = typer.Argument(..., help="Labelled review files (one per reviewer)."),
    threshold: float = typer.Option(0.6, "--threshold", help="Flag scorers below this kappa."),
    min_items: int = typer.Option(10, "--min-items", min=1, help="Items needed to judge."),
    store_path: str | None = typer.Option(None, "--store", help=_STORE_HELP),
) -> None:
    """Import reviewers' labels; print Cohen's kappa of each scorer and reviewer pair.

    A row without a reviewer id is credited to its file's name (alice.csv -> alice), or
    to its path when files in different folders share a name (ann/review.csv).
    Exits 1 when a scorer disagrees with the humans, when the files hold no label, or when
    none of the labelled cases is in the run."""
    if not -1.0 <= threshold <= 1.0:
        fail(f"--threshold: Cohen's kappa lies in [-1, 1] (got {threshold})")
    store = run_store(store_path)
    try:
        loaded = load_run(store, run)
        names = _default_reviewers(labels)
        all_labels = [
            lab for path in labels for lab in read_review_labels(path, reviewer=names[path])
        ]
        if not all_labels:
            files = ", ".join(str(p) for p in labels)
            fail(f"no labels in {files}: fill the label column (pass or fail) first", EXIT_EMPTY)
        report = agreement(loaded.results, all_labels, threshold=threshold, min_items=min_items)
    except (SaferailError, OSError) as exc:
        fail(str(exc))
    _fail_if_no_label_matches(report, loaded.info.run_id)
    typer.echo(report.explain())
    if report.flagged:
        raise typer.Exit(1)
