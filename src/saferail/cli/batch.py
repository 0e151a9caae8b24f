"""``saferail check``: one text, or a JSONL file of texts, against a policy."""

from __future__ import annotations

__all__ = ["check_command"]

import os
import stat
import sys
from collections.abc import Iterable, Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any, NoReturn

import typer

from saferail.cli._textio import json_line
from saferail.cli.common import (
    EXIT_BLOCKED,
    EXIT_OK,
    fail,
    guard_from,
    input_file,
    require_usable_lines,
    same_file,
    stdin_records,
)
from saferail.cli.summary import Summary
from saferail.errors import TextFileError
from saferail.guard import Decision, Guard
from saferail.io import BatchRecord, read_batch

DIRECTIONS = ("input", "output", "retrieval")
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C
CHUNK = 256


def check_command(
    text: str | None = typer.Argument(None, help="A text to check (or use --jsonl)."),
    jsonl: Path | None = typer.Option(
        None,
        "--jsonl",
        help="JSONL input: one {id, text, context?, system_prompt?} per line ('-' = stdin).",
    ),
    out: Path | None = typer.Option(
        None,
        "--out",
        "-o",
        help="JSONL output, one {id, action, findings, text, latency_ms} per non-blank input "
        "line, in input order; a line that cannot be used gets {id, error} ('-' = stdout).",
    ),
    direction: str = typer.Option(
        "input", "--direction", "-d", help="Surface to check: input, output or retrieval."
    ),
    policy: Path | None = typer.Option(
        None, "--policy", "-p", help="Policy YAML (default: the bundled default policy)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the single result as JSON."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Progress bar."),
) -> None:
    """Check texts against a policy.

    Exit code 0 when everything was allowed (warnings and redactions included), 1 when
    something was blocked, 2 on a usage or policy error (or when no input line could be
    used, or the output could not be written), 130 when interrupted. Unusable input lines
    are error lines in the output and do not change the exit code. See docs/cli.md.
    """
    if direction not in DIRECTIONS:
        fail(f"--direction must be one of {', '.join(DIRECTIONS)} (got {direction!r})")
    if (text is None) == (jsonl is None):
        fail("give either a TEXT argument or --jsonl FILE (not both)")
    if text is not None and out is not None:
        fail("--out works with --jsonl only (use --json to print one result as JSON)")
    if jsonl is not None and as_json:
        fail("--json works with a TEXT argument only (--jsonl writes JSON lines to --out)")
    guard = guard_from(policy)
    if text is not None:
        raise typer.Exit(_single(guard, text, direction, as_json))
    assert jsonl is not None
    if out is None:
        fail("--jsonl needs --out FILE (or --out - for stdout)")
    raise typer.Exit(_batch(guard, jsonl, out, direction, progress))


def _single(guard: Guard, text: str, direction: str, as_json: bool) -> int:
    decision = guard.check(text, surface=direction)
    if as_json:
        typer.echo(json_line(_result(None, decision)))
    else:
        Summary.print_decision(decision)
    return EXIT_BLOCKED if decision.blocked else EXIT_OK


def _batch(guard: Guard, src: Path, out: Path, direction: str, progress: bool) -> int:
    from_stdin = str(src) == "-"
    records = stdin_records("--jsonl") if from_stdin else _file_records(src, out)
    summary = Summary()
    first_error: str | None = None
    sink = sys.stdout if str(out) == "-" else _open_out(out)
    emptied = sink is sys.stdout  # a file is emptied at the first result, not before
    bar = progress and not from_stdin and str(out) != "-" and sys.stderr.isatty()
    try:
        with summary.progress(src, enabled=bar) as advance:
            for chunk in _chunks(records, CHUNK):
                for row, decision in _check_chunk(guard, chunk, direction):
                    summary.add(row, decision)
                    first_error = first_error or row.get("error")
                    if not emptied:
                        _write(sink, out, "")
                        emptied = True
                    _write(sink, out, json_line(row) + "\n")
                    advance()
        _write(sink, out, None)
    except KeyboardInterrupt:
        _interrupted(sink, out, summary.actions.total(), emptied)
    except TextFileError as exc:  # stdin in UTF-16: found at its first line
        fail(f"--jsonl: {exc}")
    finally:
        _discard(sink)
    total, errors = summary.actions.total(), summary.actions["error"]
    require_usable_lines("--jsonl", "stdin" if from_stdin else src, total, errors, first_error)
    summary.print()
    return EXIT_BLOCKED if summary.blocked else EXIT_OK


def _file_records(src: Path, out: Path) -> Iterator[BatchRecord]:
    input_file("--jsonl", src)
    if same_file(src, out):
        fail(f"--out {out} is the --jsonl input: writing it would destroy the input")
    try:
        return read_batch(src)
    except TextFileError as exc:
        fail(f"--jsonl: {exc}")


def _write(sink: Any, out: Path, text: str | None) -> None:
    """Write ``text`` to the output (``None``: flush it). A write that fails (a full disk,
    an I/O error) is one line and exit 2, not a traceback with exit status 1, which would
    claim that something was blocked."""
    try:
        if text is None:
            sink.flush()
        elif not text:  # the first result: empty the file only now (not a device or pipe)
            if stat.S_ISREG(os.fstat(sink.fileno()).st_mode):
                sink.truncate(0)
        else:
            sink.write(text)
    except BrokenPipeError:
        raise  # the reader of stdout went away: the entry point exits quietly
    except OSError as exc:
        where = "stdout" if sink is sys.stdout else str(out)
        _discard(sink)
        fail(f"--out: cannot write {where}: {exc.strerror or exc}")


def _discard(sink: Any) -> None:
    """Close the output file; for stdout that could not be written, drop what is still
    buffered (Python's final flush would fail again, with a second message)."""
    if sink is not sys.stdout:
        with suppress(OSError):
            sink.close()
        return
    with suppress(OSError, ValueError):
        sink.flush()
        return
    with suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sink.fileno())
        os.close(devnull)


def _interrupted(sink: Any, out: Path, done: int, started: bool) -> NoReturn:
    """Ctrl-C: keep the lines written so far (each one complete) and say how many."""
    sink.flush()
    where = "stdout" if sink is sys.stdout else str(out)
    if not started:
        fail(f"interrupted before the first result: nothing written to {where}", EXIT_INTERRUPTED)
    fail(
        f"interrupted: {where} holds the results of the first {done} non-blank input lines "
        "only (one complete JSON line each)",
        EXIT_INTERRUPTED,
    )


def _open_out(out: Path) -> Any:
    """``out`` opened for writing but not yet emptied (``_write(sink, out, "")`` does that
    at the first result): a run that fails before any result, on an empty or UTF-16 input
    say, leaves an earlier output whole."""
    try:
        return out.open("a", encoding="utf-8")
    except OSError as exc:
        fail(f"--out: cannot write {out}: {exc.strerror}")


def _chunks(records: Iterable[BatchRecord], size: int) -> Iterator[list[BatchRecord]]:
    chunk: list[BatchRecord] = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


_Checked = tuple[dict[str, Any], Decision | None]


def _check_chunk(guard: Guard, chunk: list[BatchRecord], direction: str) -> list[_Checked]:
    """(output row, decision) for each record of one chunk, in order; valid records are
    checked together (vectorized)."""
    valid = [r for r in chunk if r.error is None and r.text is not None]
    try:
        decisions = guard.check_batch(
            [r.text or "" for r in valid],
            direction,
            contexts=[r.context for r in valid],
            system_prompts=[r.system_prompt for r in valid],
        )
    except Exception:  # keep going record by record: one bad record must not stop the file
        return [_check_record(guard, r, direction) for r in chunk]
    by_record = {id(r): d for r, d in zip(valid, decisions, strict=True)}
    return [
        (_result(r.id, by_record[id(r)]), by_record[id(r)])
        if id(r) in by_record
        else _check_record(guard, r, direction)
        for r in chunk
    ]


def _check_record(guard: Guard, record: BatchRecord, direction: str) -> _Checked:
    if record.error is not None:
        return {"id": record.id, "error": record.error}, None
    assert record.text is not None
    try:
        decision = guard.check(
            record.text,
            surface=direction,
            context=record.context,
            system_prompt=record.system_prompt,
        )
    except Exception as exc:  # one bad record must not stop the file
        return {"id": record.id, "error": f"{type(exc).__name__}: {exc}"}, None
    return _result(record.id, decision), decision


def _result(rid: Any, decision: Decision) -> dict[str, Any]:
    return {
        "id": rid,
        "action": decision.action,
        "findings": [f.to_dict() for f in decision.findings],
        "text": decision.text,
        "latency_ms": round(decision.latency_ms, 4),
    }
