"""Top-level typer app: wires the sub-commands together."""

from __future__ import annotations

__all__ = ["app", "main"]

import os
import sys
from typing import NoReturn

import typer

from saferail import __version__
from saferail.cli import (
    batch,
    bom_cmd,
    calibrate_cmd,
    chat_cmd,
    dashboard_cmd,
    demo,
    eval_cmd,
    evidence_cmd,
    governance_cmd,
    kpis_cmd,
    monitor_cmd,
    plan_cmd,
    policy_cmd,
    redact_cmd,
    redteam_cmd,
    report_cmd,
    restore_cmd,
    review_cmd,
    serve_cmd,
    triage_cmd,
)
from saferail.cli._helptext import reflow_help
from saferail.cli.common import EXIT_INTERRUPTED, errors_shown

app = typer.Typer(
    name="saferail",
    help="Guardrails for LLM applications: check texts against a policy, offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("check")(batch.check_command)
app.command("checks")(policy_cmd.list_checks)
app.command("calibrate")(calibrate_cmd.calibrate_command)
app.command("demo")(demo.demo_command)
app.command("chat")(chat_cmd.chat_command)
app.command("redact")(redact_cmd.redact_command)
app.command("restore")(restore_cmd.restore_command)
app.command("serve")(serve_cmd.serve_command)
app.command("eval")(eval_cmd.eval_command)
app.command("runs")(eval_cmd.runs_command)
app.command("suites")(eval_cmd.suites_command)
app.command("compare")(eval_cmd.compare_command)
app.command("gate")(eval_cmd.gate_command)
app.command("redteam")(redteam_cmd.redteam_command)
app.command("monitor")(monitor_cmd.monitor_command)
app.command("dashboard")(dashboard_cmd.dashboard_command)
app.add_typer(dashboard_cmd.telemetry_app, name="telemetry")
app.command("approve")(evidence_cmd.approve_command)
app.add_typer(governance_cmd.risks_app, name="risks")
app.command("template")(governance_cmd.template_command)
app.command("triage")(triage_cmd.triage_command)
app.command("hotfix")(triage_cmd.hotfix_command)
app.command("plan")(plan_cmd.plan_command)
app.command("kpis")(kpis_cmd.kpis_command)
app.add_typer(bom_cmd.bom_app, name="bom")
app.add_typer(evidence_cmd.evidence_app, name="evidence")
app.command("report")(report_cmd.report_command)
report_cmd.review_app.callback(invoke_without_command=True)(review_cmd.review_command)
app.add_typer(report_cmd.review_app, name="review")
app.add_typer(policy_cmd.policy_app, name="policy")


@app.callback(invoke_without_command=True)
def _root(
    version: bool = typer.Option(False, "--version", help="Print the version and exit."),
) -> None:
    if version:
        typer.echo(f"saferail {__version__}")
        raise typer.Exit(0)


reflow_help(app)


# A reader of stdout that goes away (`saferail check --jsonl big.jsonl --out - | head -1`)
# is not an error of the command: exit quietly, without a traceback or "Exception ignored"
# noise, with status 1 - what Click itself exits with on EPIPE - rather than the shells' 141
# (128 + SIGPIPE), which would claim the process died of a signal it never received.
# A stdout closed from the start (`saferail ... >&-`) is refused with one line and status 1
# before anything runs: the output (an API key shown once, a run id) would be lost.
EXIT_STDOUT_CLOSED = 1


def main() -> None:
    """Console-script entry point: never show a traceback for an expected error."""
    if sys.stdout is None:  # file descriptor 1 was closed when Python started
        if sys.stderr is not None:
            sys.stderr.write("saferail: error: stdout is closed (nowhere to write the output)\n")
        sys.exit(EXIT_STDOUT_CLOSED)
    try:
        _main()
    except BrokenPipeError:
        _stdout_closed()
    except SystemExit:
        # Click exits 1 itself on EPIPE, and output still buffered fails at exit: flush now
        if not _flushed():
            _stdout_closed()
        raise


def _flushed() -> bool:
    """Flush stdout (and the original one, if Click wrapped it); False if nobody reads it."""
    for stream in (sys.stdout, sys.__stdout__):
        try:
            if stream is not None:
                stream.flush()
        except BrokenPipeError:
            return False
        except (OSError, ValueError):
            pass  # not a pipe whose reader left: nothing this entry point can do
    return True


def _stdout_closed() -> NoReturn:
    """Point stdout at /dev/null (Python's final flush must not fail) and exit quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, 1)
        finally:
            os.close(devnull)
    except OSError:
        pass
    sys.exit(EXIT_STDOUT_CLOSED)


def _main() -> NoReturn:
    told = errors_shown()
    try:
        code = app(standalone_mode=False)
    except typer.TyperException as exc:  # Typer's (vendored Click) usage errors
        if type(exc).__name__ == "NoArgsIsHelpError":
            exc.show()  # type: ignore[attr-defined]  # a group called bare: its help
        else:
            # an unknown option, a bad value, a missing argument: one line, not a box
            ctx = getattr(exc, "ctx", None)
            hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
            message = exc.format_message()
            sys.stderr.write(f"saferail: error: {message}{hint}\n")
        sys.exit(int(getattr(exc, "exit_code", 2)))
    except (KeyboardInterrupt, typer.Abort):
        code = EXIT_INTERRUPTED
    if code == EXIT_INTERRUPTED and errors_shown() == told:
        # Typer turns Ctrl-C into a silent exit 130; commands that keep partial work say
        # so themselves (fail(..., 130)), the others get this line.
        sys.stderr.write("saferail: error: interrupted\n")
    sys.exit(code if isinstance(code, int) else 0)
