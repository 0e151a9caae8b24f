"""``saferail restore``: put the originals back in place of a session's pseudonyms.

The reverse of ``saferail redact --operator pseudonymize``: a text (or file, stdin, JSONL
batch) written with the pseudonyms of a tenant's session -- a model's answer to a
pseudonymized prompt, say -- gets every pseudonym of that session replaced by the value it
stands for, read from the same vault (a SQLite file or Redis; the in-memory vault of one
``redact`` run is gone when it ends). Needs the vault key in ``SAFERAIL_VAULT_KEY``.
"""

from __future__ import annotations

__all__ = ["restore_command"]

import sys
from collections.abc import Callable
from pathlib import Path

import typer

from saferail.checks.pii import PiiParams
from saferail.cli._textio import json_line, open_output, read_text_argument, warn_unusable_lines
from saferail.cli.common import fail, input_file, require_usable_lines, same_file
from saferail.errors import PolicyError, SaferailError, TextFileError
from saferail.io import BatchRecord, read_batch
from saferail.pii.stream import deanonymizer
from saferail.pii.vault import REMOTE_STORES, Vault, open_store
from saferail.policy import load_policy


def restore_command(
    text: str | None = typer.Argument(None, help="Text to restore ('-' reads stdin)."),
    file: Path | None = typer.Option(None, "--file", "-f", help="Restore a whole text file."),
    jsonl: Path | None = typer.Option(None, "--jsonl", help="JSONL input {id, text} per line."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Output file (default stdout)."),
    vault: str | None = typer.Option(
        None,
        "--vault",
        help="Pseudonym vault: a SQLite file or redis://... (default: the policy's "
        "input pii vault_path).",
    ),
    policy: Path | None = typer.Option(
        None, "--policy", "-p", help="Policy whose input `pii` vault settings to use."
    ),
    tenant: str = typer.Option("default", help="Tenant of the pseudonyms."),
    session: str = typer.Option("default", help="Session of the pseudonyms."),
) -> None:
    """Put the originals back in place of a session's pseudonyms (the reverse of
    `saferail redact --operator pseudonymize`).

    Reads the vault key from SAFERAIL_VAULT_KEY. Pseudonyms of other sessions, expired ones
    and text that is no pseudonym stay as written. A JSONL line becomes {id, text}, or
    {id, error} when it cannot be used.
    """
    sources = [x for x in (text, file, jsonl) if x is not None]
    if len(sources) != 1:
        fail("give exactly one of TEXT (or '-' for stdin), --file or --jsonl")
    src = jsonl if jsonl is not None else file
    if src is not None and out is not None and same_file(src, out):
        fail(f"--out {out} is the input file: writing it would destroy the input")
    records: list[BatchRecord] | None = None
    body = None
    if jsonl is not None:  # the input is read (and refused) before the vault is opened
        input_file("--jsonl", jsonl)
        try:
            records = list(read_batch(jsonl))
        except TextFileError as exc:
            fail(f"--jsonl: {exc}")
    else:
        body = read_text_argument(text, file)
    store_path, ttl_s = _vault_settings(vault, policy)
    try:
        opened = Vault.from_env(open_store(store_path), ttl_s=ttl_s)
    except SaferailError as exc:
        fail(str(exc))
    with opened:
        restore = deanonymizer(_session_pseudonyms(opened, tenant, session, store_path))
    if records is not None:
        assert jsonl is not None
        lines = _jsonl_lines(restore, jsonl, records)
    else:
        assert body is not None
        restored = restore(body)
        lines = [restored + ("" if restored.endswith("\n") else "\n")]
    sink = sys.stdout if out is None else open_output(out)
    try:
        sink.writelines(lines)
    finally:
        if sink is not sys.stdout:
            sink.close()


def _vault_settings(vault: str | None, policy: Path | None) -> tuple[str, float | None]:
    """(vault, pseudonym lifetime): --vault, else the policy's input pii ``vault_path``, an
    existing SQLite file (restore never creates an empty vault), and the policy's
    ``vault_ttl_s`` (reading a session renews its lifetime, as the gateway does)."""
    try:
        base = load_policy(policy)
    except PolicyError as exc:
        fail(str(exc.issues[0]) if exc.issues else str(exc))
    pii = base.input.checks.get("pii")
    params = PiiParams.model_validate(pii.params if pii is not None else {})
    path = vault if vault is not None else params.vault_path
    if not path:
        fail(
            "no vault to restore from: give --vault FILE (or redis://...) or a policy whose "
            "input pii params set vault_path; `saferail redact` keeps pseudonyms only in "
            "memory without one"
        )
    if not path.startswith(REMOTE_STORES) and not Path(path).is_file():
        fail(f"--vault: no such vault file: {path}")
    return path, params.vault_ttl_s


def _session_pseudonyms(vault: Vault, tenant: str, session: str, where: str) -> dict[str, str]:
    """The session's live pseudonyms (pseudonym -> original), read once; a warning when
    there are none."""
    try:
        known = vault.surrogates(tenant, session)
    except (SaferailError, ValueError) as exc:
        fail(str(exc))
    if not known:
        sys.stderr.write(
            f"saferail: warning: {where} holds no live pseudonyms of tenant {tenant!r}, "
            f"session {session!r}: the text is written unchanged\n"
        )
    return known


def _jsonl_lines(restore: Callable[[str], str], src: Path, records: list[BatchRecord]) -> list[str]:
    rows, bad = [], []
    for record in records:
        if record.error is not None or record.text is None:
            bad.append(str(record.error))
            rows.append({"id": record.id, "error": record.error})
        else:
            rows.append({"id": record.id, "text": restore(record.text)})
    require_usable_lines("--jsonl", src, len(records), len(bad), bad[0] if bad else None)
    warn_unusable_lines("--jsonl", bad)
    return [json_line(row) + "\n" for row in rows]
