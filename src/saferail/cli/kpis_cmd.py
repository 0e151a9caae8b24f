"""``saferail kpis``: the safety KPIs from the data at hand, each with its definition.

Inputs are all optional; a KPI whose inputs are missing prints ``no data: ...``:

* ``--store``: the eval run store (SQLite path or ``postgresql://`` URL);
* ``--events``: telemetry (JSONL, SQLite event store or ``postgresql://`` URL);
* ``--register``: a risk register YAML (``template``: the bundled one);
* ``--triage DIR``: triage records (``bug_report.json``, with ``mitigation.json``);
* ``--review DIR``: review folders (``review.json``), repeatable;
* ``--labelled FILE``: labelled traffic samples (JSONL) for filter FPR/FNR;
* ``--alerts DB`` and ``--alert-outcomes FILE``: the monitor's alert history and outcomes;
* ``--card PATH``: the system card (``system_card.md`` / ``.html`` or its folder).

Prints a table (``--json``: JSON); ``--out FILE`` also writes the report (``.md``:
Markdown, anything else: JSON). Exit 0, or 2 on a usage or input error (one line).
"""

from __future__ import annotations

__all__ = ["kpis_command"]

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from saferail.cli.common import csv_list, fail
from saferail.errors import SaferailError
from saferail.kpis import (
    BREAKDOWNS,
    KpiReport,
    compute_kpis_report,
    load_alert_outcomes,
    load_events,
    load_labelled,
    load_reviews,
    load_triage,
    read_card,
    render_markdown,
)
from saferail.kpis.model import format_value
from saferail.reports import ReportWriteError
from saferail.reports._files import write_files
from saferail.telemetry.monitor.rules import parse_duration


def kpis_command(
    store: str | None = typer.Option(None, "--store", help="Run store: SQLite path or URL."),
    events: str | None = typer.Option(None, "--events", help="Telemetry: JSONL, SQLite or URL."),
    register: str | None = typer.Option(
        None, "--register", help="Risk register YAML ('template': the bundled one)."
    ),
    triage: Path | None = typer.Option(None, "--triage", help="Folder of triage records."),
    review: list[Path] | None = typer.Option(None, "--review", help="Review folder (repeatable)."),
    labelled: Path | None = typer.Option(None, "--labelled", help="Labelled samples (JSONL)."),
    alerts: Path | None = typer.Option(None, "--alerts", help="Alert history (SQLite)."),
    outcomes: Path | None = typer.Option(
        None, "--alert-outcomes", help="Alert outcomes (JSONL: alert_id, actionable)."
    ),
    card: Path | None = typer.Option(None, "--card", help="System card file or folder."),
    since: str | None = typer.Option(
        None, "--since", help="Window start: ISO time or a duration back from now (30d)."
    ),
    until: str | None = typer.Option(None, "--until", help="Window end (same forms)."),
    by: str | None = typer.Option(
        None, "--by", help="Breakdown: model_version,prompt_version,feature_flag."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    out: Path | None = typer.Option(None, "--out", help="Also write the report (.md or .json)."),
) -> None:
    """Compute the safety KPIs (coverage, gate pass rate, lead times, error rates...)."""
    lo, hi = _when(since, "--since"), _when(until, "--until")
    dims = csv_list(by)
    for dim in dims:
        if dim not in BREAKDOWNS:
            fail(f"--by: cannot break down by {dim!r} (one of: {', '.join(BREAKDOWNS)})")
    inputs = {
        "store": store, "events": events, "register": register,
        "triage": str(triage) if triage else None,
        "review": ", ".join(str(r) for r in review) if review else None,
        "labelled": str(labelled) if labelled else None,
        "alerts": str(alerts) if alerts else None,
        "alert_outcomes": str(outcomes) if outcomes else None,
        "card": str(card) if card else None,
    }  # fmt: skip
    opened: list[Any] = []
    try:
        report = compute_kpis_report(
            store=_store(store, opened),
            events=load_events(events, lo, hi) if events else None,
            register=_register(register),
            triage=load_triage(triage) if triage else None,
            reviews=load_reviews(review) if review else None,
            labelled=load_labelled(labelled) if labelled else None,
            alerts=_alerts(alerts),
            alert_outcomes=load_alert_outcomes(outcomes) if outcomes else None,
            card=read_card(card) if card else None,
            since=lo,
            until=hi,
            by=dims,
            inputs=inputs,
        )
    except SaferailError as exc:
        fail(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    finally:
        for thing in opened:
            thing.close()
    if out is not None:
        _write(report, out)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2))
    else:
        _print(report)


def _when(value: str | None, option: str) -> datetime | None:
    if value is None:
        return None
    try:
        back = parse_duration(value)
        if isinstance(back, timedelta):
            return datetime.now(UTC) - back
    except OverflowError:
        fail(f"{option}: {value!r} reaches back before the year 1")
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        fail(f"{option}: expected an ISO time or a duration such as 30d (got {value!r})")
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _store(location: str | None, opened: list[Any]) -> Any:
    if location is None:
        return None
    if not location.startswith(("postgresql://", "postgres://")) and not Path(location).is_file():
        fail(f"--store: no such run store: {location}")
    from saferail.evals.store import open_store

    found = open_store(location)
    opened.append(found)
    return found


def _register(value: str | None) -> Any:
    if value is None:
        return None
    from saferail.governance.register import load_register

    if value != "template" and not Path(value).is_file():
        fail(f"--register: no such file: {value}")
    return load_register(None if value == "template" else Path(value))


def _alerts(path: Path | None) -> Any:
    if path is None:
        return None
    if not path.is_file():
        fail(f"--alerts: no such alert history: {path}")
    from saferail.telemetry.monitor.history import AlertHistory

    with AlertHistory(path) as history:
        return history.alerts(limit=1_000_000)


def _write(report: KpiReport, path: Path) -> None:
    """Write the report whole (through a temporary file): never a half-written file."""
    text = (
        render_markdown(report) if path.suffix == ".md" else json.dumps(report.to_dict(), indent=2)
    )
    try:
        write_files({path: text + ("" if text.endswith("\n") else "\n")})
    except ReportWriteError as exc:
        fail(f"--out: cannot write {exc}")


def _print(report: KpiReport) -> None:
    console = Console(width=max(120, Console().width))
    window = f"{report.since or 'start'} .. {report.until or 'now'}"
    table = Table(title=f"safety KPIs ({window})", title_justify="left", show_lines=True)
    for name, justify in (("KPI", "left"), ("value", "right"), ("n", "right"),
                          ("detail", "left"), ("definition", "left")):  # fmt: skip
        table.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for k in report.kpis:
        if k.missing:
            table.add_row(k.title, "no data", "", k.missing.removeprefix("no data: "), k.definition)
        else:
            table.add_row(k.title, k.shown(), str(k.n), k.detail, k.definition)
        for row in k.rows:
            key = ", ".join(f"{a}={v if v is not None else '-'}" for a, v in row.key.items())
            table.add_row(f"  {key}", format_value(row.value, k.unit), str(row.n), row.detail, "")
    console.print(table)
