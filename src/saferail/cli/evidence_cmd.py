"""``saferail approve`` and ``saferail evidence verify|keygen|pubkey|trust|zip``.

``approve`` records a signed decision in a pack's approvals log (or a standalone log);
``evidence verify`` checks a pack or a log and exits 0 when it is intact, 1 with one line per
problem when it is not, 2 when it cannot run (no such pack, unreadable key).
"""

from __future__ import annotations

__all__ = ["approve_command", "evidence_app"]

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer

from saferail.cli.common import EXIT_BLOCKED, EXIT_OK, fail
from saferail.errors import SaferailError
from saferail.governance.approvals import ApprovalEntry, check_decider, make_subject
from saferail.governance.evidence import (
    Problem,
    VerifyReport,
    printable,
    record_approval,
    record_log_approval,
    verify_log,
    verify_pack,
    zip_pack,
)
from saferail.governance.keys import (
    PublicKey,
    SigningKey,
    default_key_path,
    generate_key,
    load_or_create_signing_key,
    load_public_key,
    load_signing_key,
    trust_key,
    trusted_keys,
)

evidence_app = typer.Typer(
    help="Evidence packs: verify them, manage signing keys, zip a pack.",
    no_args_is_help=True,
)

_KEY_FILE = typer.Option(
    None, "--key-file", help="Private signing key (default: $SAFERAIL_HOME/keys/signing.key)."
)
_TRUST = typer.Option(
    None,
    "--key",
    help="Trusted public key: a file (PEM, ssh-ed25519) or ed25519:<base64>. Repeatable; "
    "default: this machine's own key and those pinned with `saferail evidence trust`.",
)


class DecisionChoice(StrEnum):
    approve = "approve"
    reject = "reject"
    accept_risk = "accept-risk"


def _keys(values: list[str] | None) -> list[PublicKey] | None:
    try:
        return [load_public_key(v) for v in values] if values else None
    except SaferailError as exc:
        fail(str(exc))


def _signing_key(path: Path | None) -> SigningKey:
    try:
        if path is not None:
            return load_signing_key(path)
        key, created = load_or_create_signing_key()
    except SaferailError as exc:
        fail(str(exc))
    if created:
        sys.stderr.write(f"saferail: created signing key {default_key_path()}\n")
    return key


def approve_command(
    pack: Path | None = typer.Option(None, "--pack", help="Evidence pack directory."),
    log: Path | None = typer.Option(None, "--log", help="Standalone approvals log (created)."),
    by: str = typer.Option(..., "--by", help="Who decides (name or handle)."),
    role: str = typer.Option(..., "--role", help="In what role, e.g. 'safety lead'."),
    decision: DecisionChoice = typer.Option(..., "--decision", help="The decision."),
    risk: str | None = typer.Option(None, "--risk", help="Risk id the decision is about."),
    note: str = typer.Option("", "--note", help="Rationale (required to reject or accept)."),
    key_file: Path | None = _KEY_FILE,
    key: list[str] | None = _TRUST,
) -> None:
    """Record a signed approval, rejection or risk acceptance (exit 1 if the pack is invalid)."""
    if (pack is None) == (log is None):
        fail("give exactly one of --pack DIR or --log FILE")
    if decision is DecisionChoice.accept_risk and risk is None:
        fail("--decision accept-risk needs --risk ID")
    if decision is not DecisionChoice.approve and not note.strip():
        fail(f"--decision {decision.value} needs --note with the reason")
    if pack is not None and not pack.is_dir():
        why = "no such pack directory" if not pack.exists() else "not a directory (unzip it first)"
        fail(f"--pack {pack}: {why}")
    if log is not None and log.is_dir():
        fail(f"--log {log} is a directory; give the approvals log's file path")
    try:
        make_subject(risk)
        check_decider(by, role, note)
    except SaferailError as exc:
        fail(str(exc))
    signer, trusted = _signing_key(key_file), _keys(key)
    record = record_approval if pack is not None else record_log_approval
    where = pack if pack is not None else log
    assert where is not None
    try:
        entry = record(
            where,
            actor=by,
            role=role,
            decision=decision.value,
            risk=risk,
            note=note,
            key=signer,
            trusted=trusted,
        )
    except SaferailError as exc:
        fail(str(exc), EXIT_BLOCKED)
    typer.echo(
        f"recorded #{entry.index} {entry.decision} of {entry.subject} by {entry.actor} "
        f"({entry.role}); log head {entry.entry_hash}"
    )


def _summary(report: VerifyReport) -> str:
    """The intact pack or log, one line per fact. Reasons, actors, roles and notes are text
    their writers chose: escaped, so none can forge a line (a further approval, say)."""
    lines = [f"valid: {report.path}"]
    if report.manifest is not None and report.signer is not None:
        info = report.manifest.pack
        lines.append(f"  signed by {report.signer.fingerprint}")
        count = len(report.manifest.artifacts)
        lines.append(f"  {count} artifact{'s' * (count != 1)}, verdict {info.verdict}")
        lines += [f"    - {printable(reason)}" for reason in info.reasons]
    count = len(report.approvals)
    lines.append(f"  {count} approval{'s' * (count != 1)}, log head {report.head_hash}")
    lines += [_approval_line(e) for e in report.approvals]
    return "\n".join(lines)


def _approval_line(e: ApprovalEntry) -> str:
    who = f"{printable(e.actor)} ({printable(e.role)})"
    note = f": {printable(e.note)}" if e.note else ""
    return f"    #{e.index} {e.timestamp} {e.decision} {e.subject} by {who}{note}"


def _located(pack: Path, problem: Problem, *, log: bool) -> str:
    """``PACK: where: message`` with the pack named once: a problem of the pack as a whole
    (no trusted key, say) is already located at the pack, and a log's own problems at its
    file name (``approvals.jsonl:3``)."""
    text = str(problem)
    for prefix in (str(pack), pack.name if log else ""):
        where = problem.where
        if prefix and prefix.isprintable() and (where == prefix or where.startswith(f"{prefix}:")):
            return f"{pack}{text[len(prefix) :]}"
    return f"{pack}: {text}"


@evidence_app.command("verify")
def verify_command(
    pack: Path = typer.Argument(..., help="Pack directory, pack zip, or approvals .jsonl log."),
    key: list[str] | None = _TRUST,
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Check a pack: every artifact, the signature and signer, the approvals chain."""
    trusted = _keys(key)
    log = pack.is_file() and pack.suffix == ".jsonl"
    try:
        report = verify_log(pack, trusted) if log else verify_pack(pack, trusted)
    except SaferailError as exc:
        fail(str(exc))
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2))
    elif report.valid:
        typer.echo(_summary(report))
    for problem in report.problems:
        sys.stderr.write(f"saferail: error: {_located(pack, problem, log=log)}\n")
    raise typer.Exit(EXIT_OK if report.valid else EXIT_BLOCKED)


@evidence_app.command("keygen")
def keygen_command(
    key_file: Path | None = _KEY_FILE,
    force: bool = typer.Option(False, "--force", help="Replace an existing key."),
) -> None:
    """Create an Ed25519 signing key (mode 0600) and its public key file."""
    try:
        created = generate_key(key_file, overwrite=force)
    except SaferailError as exc:
        fail(str(exc))
    path = created.path or default_key_path()
    typer.echo(f"private key {path}\npublic key  {path.with_suffix('.pub')}")
    typer.echo(f"fingerprint {created.public.fingerprint}")


@evidence_app.command("pubkey")
def pubkey_command(
    key_file: Path | None = _KEY_FILE,
    pem: bool = typer.Option(False, "--pem", help="PEM instead of the one-line form."),
) -> None:
    """Print the signing key's public half (to give to verifiers)."""
    try:
        public = load_signing_key(key_file).public
    except SaferailError as exc:
        fail(str(exc))
    typer.echo(public.pem().decode().rstrip() if pem else public.text)


@evidence_app.command("trust")
def trust_command(
    public_key: str = typer.Argument(..., help="Public key file or ed25519:<base64>."),
    name: str | None = typer.Option(None, "--name", help="File name under keys/trusted."),
) -> None:
    """Pin a signer's public key as trusted on this machine."""
    try:
        path = trust_key(public_key, name)
        count = len(trusted_keys())
    except SaferailError as exc:
        fail(str(exc))
    typer.echo(f"trusted {load_public_key(path).fingerprint} ({path}); {count} trusted keys")


@evidence_app.command("zip")
def zip_command(
    pack: Path = typer.Argument(..., help="Pack directory."),
    out: Path | None = typer.Option(None, "--out", help="Zip file (default: PACK.zip)."),
) -> None:
    """Zip a pack directory, approvals included, for hand-over."""
    try:
        typer.echo(str(zip_pack(pack, out)))
    except SaferailError as exc:
        fail(str(exc))
