"""``saferail redact``: remove personal data from text, a file, stdin or a JSONL batch."""

from __future__ import annotations

__all__ = ["redact_command"]

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import typer

from saferail.cli._textio import json_line, open_output, read_text_argument, warn_unusable_lines
from saferail.cli.common import csv_list, fail, input_file, require_usable_lines, same_file
from saferail.errors import PolicyError, SaferailError, TextFileError
from saferail.guard import Decision, Guard
from saferail.io import BatchRecord, read_batch
from saferail.pii.model import ENTITY_TYPES
from saferail.policy import Policy, load_policy

OPERATORS = ("placeholder", "mask", "hash", "pseudonymize", "drop")
# The request path's limits are no limits for offline redaction: a pii check cut short by
# the time budget (settings.timeout_ms, 250 ms) finds nothing, and a guard scans only the
# first settings.max_chars (1,000,000) characters and returns the rest as it was. Here the
# whole text is scanned, however long it takes, or nothing is written.
_CLI_BUDGET_MS = 3_600_000.0
_CLI_MAX_CHARS = sys.maxsize


class _NotRedacted(Exception):
    """The pii check did not run to completion: the text was not redacted."""


def redact_command(
    text: str | None = typer.Argument(None, help="Text to redact ('-' reads stdin)."),
    file: Path | None = typer.Option(None, "--file", "-f", help="Redact a whole text file."),
    jsonl: Path | None = typer.Option(None, "--jsonl", help="JSONL input {id, text} per line."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Output file (default stdout)."),
    policy: Path | None = typer.Option(
        None, "--policy", "-p", help="Policy whose input `pii` settings to use."
    ),
    entities: str | None = typer.Option(
        None, "--entities", "-e", help="Comma-separated entity types (default: all)."
    ),
    operator: str | None = typer.Option(
        None, "--operator", help=f"Default operator: {', '.join(OPERATORS)}."
    ),
    tenant: str = typer.Option(
        "default", help="Tenant of pseudonyms (with --operator pseudonymize)."
    ),
    session: str | None = typer.Option(None, help="Session of pseudonyms."),
    vault: str | None = typer.Option(
        None,
        "--vault",
        help="Keep pseudonyms in this SQLite file or redis://... (overrides the policy's "
        "vault_path) so that `saferail restore` can put the originals back.",
    ),
    show_spans: bool = typer.Option(False, "--spans", help="Also print each entity found."),
) -> None:
    """Replace personal data by placeholders, masks, keyed hashes or consistent pseudonyms.

    Pseudonymize and hash read their key from SAFERAIL_VAULT_KEY (base64 of 32 bytes).
    With --vault (or a policy vault_path), `saferail restore` puts the originals back.
    """
    sources = [x for x in (text, file, jsonl) if x is not None]
    if len(sources) != 1:
        fail("give exactly one of TEXT (or '-' for stdin), --file or --jsonl")
    if show_spans and jsonl is not None:
        fail("--spans prints the entities of one text; --jsonl rows list them already")
    guard = _guard(policy, entities, operator, vault)
    src = jsonl if jsonl is not None else file
    if src is not None and out is not None and same_file(src, out):
        fail(f"--out {out} is the input file: writing it would destroy the input")
    records = None
    if jsonl is not None:
        input_file("--jsonl", jsonl)
        try:
            records = read_batch(jsonl)
        except TextFileError as exc:
            fail(f"--jsonl: {exc}")
    decision = None
    if jsonl is None:
        body = read_text_argument(text, file)
        try:
            decision = _redact_one(guard, body, tenant, session)
        except _NotRedacted as exc:
            fail(str(exc))  # before --out is opened: an existing file stays as it was
    sink = sys.stdout if out is None else open_output(out)  # only once the input is known good
    try:
        if decision is None:
            assert jsonl is not None and records is not None
            _redact_jsonl(guard, jsonl, records, sink, tenant, session)
        else:
            sink.write(decision.text + ("" if decision.text.endswith("\n") else "\n"))
            if show_spans:
                _print_spans(body, decision)
    finally:
        if sink is not sys.stdout:
            sink.close()


def _guard(
    policy: Path | None, entities: str | None, operator: str | None, vault: str | None = None
) -> Guard:
    try:
        base = load_policy(policy)
        config = dict(base.input.checks["pii"].model_dump()) if "pii" in base.input.checks else {}
        params: dict[str, Any] = dict(config.get("params", {}))
        if entities is not None:
            wanted = [e.upper() for e in csv_list(entities)]
            if not wanted:
                fail("--entities: give at least one entity type (comma-separated)")
            unknown = sorted(set(wanted) - set(ENTITY_TYPES))
            if unknown:
                fail(f"--entities: unknown {', '.join(unknown)} (known: {', '.join(ENTITY_TYPES)})")
            params["entities"] = wanted
        if vault is not None:
            params["vault_path"] = vault
        if operator is not None:
            if operator not in OPERATORS:
                fail(f"--operator must be one of {', '.join(OPERATORS)} (got {operator!r})")
            ops = dict(params.get("operators", {}))
            ops["default"] = {"operator": operator}
            params["operators"] = ops
        pii = {
            **config,
            "action": "redact",
            "enabled": True,
            "params": params,
            "fail_mode": "closed",
            "timeout_ms": _CLI_BUDGET_MS,
        }
        only_pii = Policy.model_validate(
            {
                "settings": {**base.settings.model_dump(), "max_chars": _CLI_MAX_CHARS},
                "input": {"checks": {"pii": pii}},
            }
        )
        return Guard(only_pii)
    except PolicyError as exc:
        fail(str(exc.issues[0]) if exc.issues else str(exc))
    except SaferailError as exc:
        fail(str(exc))


def _redact_one(guard: Guard, text: str, tenant: str, session: str | None) -> Decision:
    """The redacted decision; _NotRedacted (never the input text) if the check failed."""
    try:
        decision = guard.check_input(text, tenant=tenant, session=session)
    except SaferailError as exc:  # e.g. the vault store is locked or unreachable
        raise _NotRedacted(f"not redacted: {exc}") from None
    failed = [r for r in decision.checks if r.status != "ok"]
    if failed:
        why = failed[0].error or failed[0].status
        raise _NotRedacted(f"not redacted: the {failed[0].check} check failed ({why})")
    if decision.blocked:  # a finding without a span: it cannot be removed
        raise _NotRedacted("not redacted: a finding has no span to remove")
    return decision


def _redact_jsonl(
    guard: Guard,
    src: Path,
    records: Iterable[BatchRecord],
    sink: Any,
    tenant: str,
    session: str | None,
) -> None:
    lines, bad = 0, []
    for record in records:
        lines += 1
        row, error = _jsonl_row(guard, record, tenant, session)
        if error is not None:
            bad.append(error)
        sink.write(json_line(row) + "\n")
    require_usable_lines("--jsonl", src, lines, len(bad), bad[0] if bad else None)
    warn_unusable_lines("--jsonl", bad)


def _jsonl_row(
    guard: Guard, record: BatchRecord, tenant: str, session: str | None
) -> tuple[dict[str, Any], str | None]:
    """The output row of one input line, and its error (None when it was redacted)."""
    if record.error is not None or record.text is None:
        return {"id": record.id, "error": record.error}, str(record.error)
    try:
        d = _redact_one(guard, record.text, tenant, session)
    except _NotRedacted as exc:
        return {"id": record.id, "error": str(exc)}, str(exc)
    return {"id": record.id, "text": d.text, "entities": [f.to_dict() for f in d.findings]}, None


def _print_spans(body: str, decision: Decision) -> None:
    for f in decision.findings:
        value = body[f.start : f.end] if f.start is not None else ""
        sys.stderr.write(f"{f.entity_type}\t[{f.start}, {f.end})\t{f.score:.2f}\t{value!r}\n")
