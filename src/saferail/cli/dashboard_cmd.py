"""``saferail dashboard`` (the web UI over the event and run stores) and ``saferail telemetry``
(``keys create|list|revoke`` for dashboard/API keys, ``purge`` for the retention policy).

Exports :func:`dashboard_command` and :data:`telemetry_app` for ``saferail.cli.app``.
"""

from __future__ import annotations

__all__ = ["dashboard_command", "telemetry_app"]

import ipaddress
import json
import math
import sys
from pathlib import Path
from typing import Any

import typer
from pydantic import ValidationError

from saferail.cli.common import EXIT_BLOCKED, fail, listen_or_fail
from saferail.errors import SaferailError
from saferail.telemetry.access import ROLES
from saferail.telemetry.store import EventStore, Retention, default_events_path, open_event_store
from saferail.telemetry.store_sqlite import require_event_store

telemetry_app = typer.Typer(
    help="Telemetry store administration: API keys and retention.", no_args_is_help=True
)
keys_app = typer.Typer(help="API keys for the dashboard and the store API.", no_args_is_help=True)
telemetry_app.add_typer(keys_app, name="keys")

_EVENTS_HELP = "Event store: SQLite path (or sqlite:PATH) or postgresql:// URL."


def _location(events: str | None) -> str:
    if events is None:
        return str(default_events_path())
    if events.startswith("sqlite:"):
        return events.removeprefix("sqlite:").removeprefix("///").removeprefix("//")
    return events


def _open_events(events: str | None, *, must_exist: bool) -> EventStore:
    where = _location(events)
    local = not where.startswith("postgres")
    if must_exist and local and not Path(where).is_file():
        fail(
            f"no event store at {where} (create one with: saferail telemetry keys create "
            "NAME --role admin --events PATH)"
        )
    try:
        if local and Path(where).is_file():
            require_event_store(where)  # never migrate some other database
        return open_event_store(where)
    except SaferailError as exc:
        fail(str(exc))


def dashboard_command(
    events: str | None = typer.Option(None, "--events", "-e", help=_EVENTS_HELP),
    runs: str | None = typer.Option(
        None, "--runs", help="Eval/red-team run store: SQLite path or postgresql:// URL."
    ),
    alerts: Path | None = typer.Option(
        None, "--alerts", help="Alert history (SQLite) written by saferail monitor."
    ),
    reports: Path | None = typer.Option(
        None, "--reports", help="Directory of red-team JSON reports (saferail redteam --out)."
    ),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8600, "--port", help="Port to listen on."),
    title: str = typer.Option("saferail", "--title", help="Name shown in the page header."),
    secure_cookie: bool | None = typer.Option(
        None,
        "--secure-cookie/--no-secure-cookie",
        help="Mark the session cookie Secure (default: when served over https).",
    ),
) -> None:
    """Serve the dashboard: KPIs, alerts, events, eval runs and red-team findings."""
    import uvicorn

    from saferail.dashboard import DashboardConfig, create_dashboard

    if not 0 <= port <= 65535:
        fail(f"--port: expected 0..65535 (got {port})")
    if reports is not None and not reports.is_dir():
        fail(f"--reports: no such directory: {reports}")
    if alerts is not None and not alerts.is_file():
        fail(f"--alerts: no such alert history: {alerts}")
    try:
        config = DashboardConfig(title=title, cookie_secure=secure_cookie)
    except ValidationError as exc:
        fail(f"--title: {exc.errors()[0]['msg']}")
    store = _open_events(events, must_exist=True)
    run_store, history = _open_runs(runs), _open_alerts(alerts)
    try:
        listen_or_fail(host, port)
        app = create_dashboard(store, run_store, alerts=history, reports_dir=reports, config=config)
        if not _loopback(host):
            sys.stderr.write(
                "saferail: warning: serving beyond loopback over plain http; put the dashboard "
                "behind TLS (API keys and session cookies cross the network)\n"
            )
        if not any(k.revoked_at is None for k in store.api_keys()):
            sys.stderr.write(
                "saferail: warning: the event store has no live API key, so nobody can log in; "
                "create one with: saferail telemetry keys create NAME --role admin"
                f" --events {store.location}\n"
            )
        shown = port if port else "(a free port: see the server's line below)"
        typer.echo(f"saferail dashboard on http://{host}:{shown} (events: {store.location})")
        uvicorn.run(app, host=host, port=port, log_level="info", access_log=False)
    finally:
        for closing in (store, run_store, history):
            if closing is not None:
                closing.close()


def _open_runs(runs: str | None) -> Any:
    from saferail.evals.store import default_store_path, open_store

    if runs is None:
        import os

        env = os.environ.get("SAFERAIL_STORE")
        if env is None and not default_store_path().is_file():
            return None
    elif not runs.startswith("postgres") and not Path(runs).is_file():
        fail(f"--runs: no such run store: {runs}")
    try:
        return open_store(runs)
    except SaferailError as exc:
        fail(str(exc))


def _open_alerts(path: Path | None) -> Any:
    if path is None:
        return None
    from saferail.telemetry.monitor.history import AlertHistory

    try:
        return AlertHistory(path)
    except SaferailError as exc:
        fail(str(exc))


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@keys_app.command("create")
def keys_create(
    name: str = typer.Argument(..., help="Who or what the key is for (unique)."),
    role: str = typer.Option("viewer", "--role", help="viewer, analyst or admin."),
    events: str | None = typer.Option(None, "--events", "-e", help=_EVENTS_HELP),
) -> None:
    """Create an API key and print it once (only its hash is stored)."""
    if role not in ROLES:
        fail(f"--role: expected one of {', '.join(ROLES)} (got {role!r})")
    with _open_events(events, must_exist=False) as store:
        try:
            key = store.create_api_key(name, role)
        except (SaferailError, ValidationError) as exc:
            fail(_one_line(exc))
    typer.echo(key)
    sys.stderr.write(f"created a {role} key for {name!r}; it is shown only this once\n")


@keys_app.command("list")
def keys_list(
    events: str | None = typer.Option(None, "--events", "-e", help=_EVENTS_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List API keys (names, roles, dates; never the keys)."""
    with _open_events(events, must_exist=True) as store:
        found = store.api_keys()
    if as_json:
        typer.echo(json.dumps([k.model_dump(mode="json") for k in found], indent=2))
        return
    if not found:
        typer.echo("no API keys")
    for k in found:
        state = f"revoked {k.revoked_at:%Y-%m-%d %H:%M}" if k.revoked_at else "live"
        typer.echo(f"{k.name:<24} {k.role:<8} {k.key_id}  {k.created_at:%Y-%m-%d %H:%M}  {state}")


@keys_app.command("revoke")
def keys_revoke(
    name: str = typer.Argument(..., help="The key's name."),
    events: str | None = typer.Option(None, "--events", "-e", help=_EVENTS_HELP),
) -> None:
    """Revoke a key: its sessions end at their next request.

    Exit 1 when no live key has that name."""
    with _open_events(events, must_exist=True) as store:
        done = store.revoke_api_key(name)
    if not done:
        sys.stderr.write(f"saferail: no live API key named {name!r}\n")
        raise typer.Exit(EXIT_BLOCKED)
    typer.echo(f"revoked {name}")


_MAX_DAYS = 36500


def _days(value: str | None, option: str, default: float | None) -> float | None:
    if value is None:
        return default
    if value.lower() in ("forever", "none"):
        return None
    try:
        days = float(value)
    except ValueError:
        fail(f"{option}: expected a number of days or 'forever' (got {value!r})")
    if not math.isfinite(days) or days <= 0:
        fail(f"{option}: must be positive (or 'forever')")
    if days > _MAX_DAYS:
        fail(f"{option}: at most {_MAX_DAYS} days (use 'forever' to keep for good)")
    return days


@telemetry_app.command("purge")
def purge_command(
    events: str | None = typer.Option(None, "--events", "-e", help=_EVENTS_HELP),
    content_days: str | None = typer.Option(None, "--content-days", help="Default 7."),
    identity_days: str | None = typer.Option(None, "--identity-days", help="Default 30."),
    event_days: str | None = typer.Option(None, "--event-days", help="Default 90 ('forever')."),
    audit_days: str | None = typer.Option(None, "--audit-days", help="Default 365."),
    as_json: bool = typer.Option(False, "--json", help="Print the counts as JSON."),
) -> None:
    """Apply the retention policy once.

    Clears old content, then hashed ids, then deletes old events and audit entries."""
    d = Retention()
    try:
        retention = Retention(
            content_days=_days(content_days, "--content-days", d.content_days),
            identity_days=_days(identity_days, "--identity-days", d.identity_days),
            event_days=_days(event_days, "--event-days", d.event_days),
            audit_days=_days(audit_days, "--audit-days", d.audit_days),
        )
    except ValidationError as exc:
        fail(exc.errors()[0]["msg"].removeprefix("Value error, "))
    with _open_events(events, must_exist=True) as store:
        try:
            report = store.purge(retention)
        except SaferailError as exc:
            fail(str(exc))
    if as_json:
        typer.echo(report.model_dump_json())
        return
    typer.echo(
        f"content cleared: {report.content_cleared}, identities cleared: "
        f"{report.identity_cleared}, events deleted: {report.events_deleted}, "
        f"audit entries deleted: {report.audit_deleted}"
    )


def _one_line(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        return f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}"
    return str(exc).splitlines()[0]
