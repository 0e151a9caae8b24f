"""``saferail monitor``: one-shot evaluation of safety KPIs and alert rules over stored events.

``--events`` is a JSONL file of SafetyEvents (``-`` for stdin, what the JSONL sink writes) or
an event store: a SQLite file (``sqlite:PATH`` or a path to one) or a ``postgresql://`` URL.
Prints the KPI table and the alerts this run opened; exits 1 when it opened any, 0 otherwise.
"""

from __future__ import annotations

__all__ = ["monitor_command"]

import json
import os
import sys
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from saferail.cli.common import EXIT_BLOCKED, EXIT_OK, csv_list, fail
from saferail.errors import SaferailError
from saferail.telemetry.access import Principal
from saferail.telemetry.event import SafetyEvent
from saferail.telemetry.monitor import (
    Alert,
    Monitor,
    MonitorConfig,
    MonitorResult,
    events_from_store,
    load_rules,
)
from saferail.telemetry.monitor.kpis import KpiError, check_names
from saferail.telemetry.monitor.rules import parse_duration
from saferail.telemetry.monitor.series import KpiPoint, bucket_start
from saferail.telemetry.store import StoreError, open_event_store
from saferail.telemetry.store_sqlite import require_event_store

_SQLITE_MAGIC = b"SQLite format 3\x00"


def monitor_command(
    events: str = typer.Option(
        ..., "--events", "-e", help="Events: JSONL ('-': stdin), SQLite store, postgresql:// URL."
    ),
    rules: Path | None = typer.Option(
        None, "--rules", "-r", help="Alert rules YAML (without it: KPIs only)."
    ),
    since: str | None = typer.Option(
        None, "--since", help="Only events at/after: ISO time or a duration back from now (24h)."
    ),
    until: str | None = typer.Option(None, "--until", help="Only events before (same forms)."),
    bucket: str | None = typer.Option(None, "--bucket", help="KPI bucket, e.g. 15m, 1h, 1d."),
    by: str | None = typer.Option(
        None, "--by", help="Comma-separated breakdown of the KPI table (model_version,...)."
    ),
    history: Path | None = typer.Option(None, "--history", help="SQLite alert history file."),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Send nothing and leave the alert history untouched."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
    api_key: str | None = typer.Option(
        None, "--api-key", envvar="SAFERAIL_API_KEY", help="Store API key (analyst or admin)."
    ),
) -> None:
    """Compute safety KPIs and evaluate alert rules over stored events, once."""
    config = _config(rules, bucket, by, history, dry_run)
    lo, hi = _when(since, "--since"), _when(until, "--until")
    if lo is not None and hi is not None and lo >= hi:
        fail("the window is empty: --since must be before --until")
    try:
        monitor = Monitor(config, send=not dry_run)
    except SaferailError as exc:
        fail(str(exc))
    try:
        result = monitor.evaluate(_events(events, lo, hi, api_key))
    except SaferailError as exc:
        fail(str(exc))
    finally:
        monitor.close()
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2))
    else:
        _print(result)
    raise typer.Exit(EXIT_BLOCKED if result.alerts else EXIT_OK)


def _config(
    rules: Path | None, bucket: str | None, by: str | None, history: Path | None, dry: bool
) -> MonitorConfig:
    try:
        config = load_rules(rules) if rules is not None else MonitorConfig(sinks=[])
    except SaferailError as exc:
        fail(str(exc))
    update: dict[str, object] = {}
    if bucket is not None:
        try:
            update["bucket"] = parse_duration(bucket)
        except ValueError as exc:
            fail(f"--bucket: {exc}")
    if by is not None:
        dims = list(csv_list(by))
        try:
            check_names(dims, None)
        except KpiError as exc:
            fail(f"--by: {exc}")
        update["by"] = dims
    if history is not None:
        update["history"] = str(history)
    if dry:
        update["history"] = None
    try:
        return MonitorConfig.model_validate({**config.model_dump(), **update})
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        flag = next((k for k in update if not where and msg.startswith(f"{k}: ")), None)
        fail(f"--{msg}" if flag else (f"{where}: " if where else "") + msg)


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
        t = datetime.fromisoformat(value)
    except ValueError:
        fail(f"{option}: expected an ISO time or a duration such as 24h (got {value!r})")
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def _events(
    source: str, since: datetime | None, until: datetime | None, api_key: str | None
) -> list[SafetyEvent]:
    store_at: str | None = None
    if source.startswith(("postgresql://", "postgres://")):
        store_at = source
    elif source.startswith("sqlite:"):
        store_at = source.removeprefix("sqlite:").removeprefix("///").removeprefix("//")
    elif source != "-":
        path = Path(source)
        if not path.is_file():
            fail(f"--events: no such file: {source}")
        with path.open("rb") as fh:
            if fh.read(16) == _SQLITE_MAGIC:
                store_at = source
    if store_at is None:
        items = _jsonl(source)
        return [
            e for e in items if (not since or e.time >= since) and (not until or e.time < until)
        ]
    if not store_at.startswith("postgres"):
        if not Path(store_at).is_file():
            fail(f"--events: no such store: {store_at}")
        try:
            require_event_store(store_at)  # never migrate some other database
        except StoreError as exc:
            fail(f"--events: {exc}")
    with open_event_store(store_at) as store:
        principal = (
            store.authenticate(api_key)
            if api_key
            else Principal(name=f"cli:{os.environ.get('USER', 'monitor')}", role="analyst")
        )
        return list(events_from_store(store, principal, since=since, until=until, types=None))


def _jsonl(source: str) -> Iterator[SafetyEvent]:
    name = "<stdin>" if source == "-" else source
    try:
        fh = sys.stdin if source == "-" else open(source, encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        fail(f"--events: cannot read {name}: {exc.strerror}")
    with fh:
        try:
            yield from _parse_events(fh, name)
        except UnicodeDecodeError:
            fail(f"--events {name}: not UTF-8 text")


def _parse_events(lines: Iterable[str], name: str) -> Iterator[SafetyEvent]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield SafetyEvent.model_validate_json(line)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"]) or "line"
            fail(f"--events {name}:{number}: not a SafetyEvent: {where}: {err['msg']}")


def _print(result: MonitorResult) -> None:
    console = Console(width=max(100, Console().width))
    report = result.report
    if not report.series:
        console.print("no events to report on")
    else:
        table = Table(
            title=f"safety KPIs ({report.start:%Y-%m-%d %H:%M} .. {report.end:%Y-%m-%d %H:%M} "
            f"UTC, bucket {report.bucket})",
            title_justify="left",
        )
        for name, justify in (("KPI", "left"), ("breakdown", "left"), ("rate", "right"),
                              ("hits / units", "right"), ("last bucket", "right")):  # fmt: skip
            table.add_column(name, justify=justify)  # type: ignore[arg-type]
        assert report.end is not None
        final = bucket_start(report.end, report.bucket)
        for s in report.series:
            # the report's last bucket, not the series' last busy one: a model version whose
            # traffic stopped hours ago must not show its old rate as the current one
            last = s.points[-1] if s.points[-1].start == final else KpiPoint(final, 0, 0)
            table.add_row(
                s.kpi,
                s.label(),
                _pct(s.rate),
                f"{s.hits} / {s.total}",
                f"{_pct(last.rate)} ({last.total})",
            )
        console.print(table)
    _print_resent(result.resent)
    if not result.alerts:
        typer.echo(f"alerts: none ({len(result.alarms)} detector alarms)")
        return
    typer.echo(f"alerts: {len(result.alerts)} ({len(result.alarms)} detector alarms)")
    for alert in result.alerts:
        failed = [f"{d.sink}: {d.error}" for d in alert.deliveries if not d.ok]
        note = f" [delivery failed: {'; '.join(failed)}]" if failed else ""
        typer.echo(f"{alert.status:<10} {alert.message}{note}")


def _print_resent(resent: list[Alert]) -> None:
    if not resent:
        return
    still = sum(a.status == "failed" for a in resent)
    typer.echo(f"earlier failed alerts delivered again: {len(resent)} ({still} still failing)")
    for alert in resent:
        failed = [f"{d.sink}: {d.error} (try {d.attempts})" for d in alert.deliveries if not d.ok]
        note = f" [delivery failed: {'; '.join(failed)}]" if failed else ""
        typer.echo(f"{alert.status:<10} {alert.message}{note}")


def _pct(rate: float | None) -> str:
    return "-" if rate is None else f"{rate:.2%}"
