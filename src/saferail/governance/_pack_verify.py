"""Verify an evidence pack (directory or zip) or a standalone approvals log.

Every check runs and every problem is listed, so one run tells an auditor all that is wrong:

- ``manifest.json`` is strict canonical JSON of the expected schema, its entries in index order;
- ``manifest.sig`` is a valid Ed25519 signature of those bytes by the key the manifest names,
  and that key is one the verifier trusts (given explicitly, else pinned on this machine);
- every listed artifact is present with the listed size and SHA-256, and no other file is;
- the approvals log chains from the manifest digest, each entry hashes and verifies, indices
  run 0, 1, 2, ... and the signed head matches the log's length and last hash.
"""

from __future__ import annotations

__all__ = ["VerifyReport", "verify_log", "verify_pack"]

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from saferail.governance._pack_canon import (
    CanonicalError,
    EvidenceError,
    Problem,
    digest,
    strict_loads,
)
from saferail.governance._pack_manifest import (
    APPROVALS,
    HEAD,
    MANIFEST,
    RESERVED,
    SIGNATURE,
    PackManifest,
)
from saferail.governance._pack_source import SAFE_PATH, PackSource, open_source
from saferail.governance.approvals import ApprovalEntry, check_log
from saferail.governance.keys import PublicKey, SigningKeyError, trusted_keys

KeySource = str | Path | PublicKey


@dataclass
class VerifyReport:
    """The outcome of a verification: every problem, and what was verified."""

    path: Path
    problems: list[Problem] = field(default_factory=list)
    manifest: PackManifest | None = None
    manifest_digest: str | None = None
    signer: PublicKey | None = None
    trusted: list[PublicKey] = field(default_factory=list)
    approvals: list[ApprovalEntry] = field(default_factory=list)
    head_hash: str | None = None

    @property
    def valid(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (what ``saferail evidence verify --json`` prints)."""
        return {
            "path": str(self.path),
            "valid": self.valid,
            "problems": [
                {"code": p.code, "where": p.where, "message": p.message} for p in self.problems
            ],
            "manifest_sha256": self.manifest_digest,
            "signer": self.signer.fingerprint if self.signer else None,
            "pack": self.manifest.pack.model_dump(mode="json") if self.manifest else None,
            "artifacts": len(self.manifest.artifacts) if self.manifest else None,
            "approvals": [e.model_dump(exclude={"signature", "signer"}) for e in self.approvals],
            "head_hash": self.head_hash,
        }


def _no_anchor(report: VerifyReport) -> None:
    report.problems.append(
        Problem(
            "untrusted",
            str(report.path),
            "no trusted key: pass --key PUB or pin one with `saferail evidence trust PUB`",
        )
    )


def _read_manifest(src: PackSource, report: VerifyReport) -> bytes | None:
    raw = src.read(MANIFEST)
    if raw is None:
        report.problems.append(Problem("missing", MANIFEST, "missing (or larger than 64 MiB)"))
        return None
    try:
        report.manifest = PackManifest.model_validate(strict_loads(raw))
    except CanonicalError as exc:
        report.problems.append(Problem("format", MANIFEST, str(exc)))
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        report.problems.append(Problem("format", MANIFEST, f"{loc}: {err['msg']}"))
    report.manifest_digest = digest(raw)
    return raw


def _check_signature(src: PackSource, raw: bytes, report: VerifyReport, anchored: bool) -> None:
    assert report.manifest is not None
    try:
        signer = PublicKey.from_text(report.manifest.signer.public_key)
    except SigningKeyError as exc:
        report.problems.append(Problem("format", MANIFEST, f"signer.public_key: {exc}"))
        return
    report.signer = signer
    if signer.fingerprint != report.manifest.signer.fingerprint:
        report.problems.append(Problem("format", MANIFEST, "signer fingerprint does not match key"))
    sig = src.read(SIGNATURE)
    try:
        ok = sig is not None and signer.verify(base64.b64decode(sig.strip(), validate=True), raw)
    except (binascii.Error, ValueError):
        ok = False
    if sig is None:
        report.problems.append(Problem("missing", SIGNATURE, "missing (the manifest signature)"))
    elif not ok:
        report.problems.append(
            Problem("signature", SIGNATURE, f"does not match the manifest (key {signer.short})")
        )
    elif anchored and signer not in report.trusted:
        expected = ", ".join(k.short for k in report.trusted)
        report.problems.append(
            Problem(
                "untrusted",
                SIGNATURE,
                f"signed by an untrusted key {signer.short} (expected {expected})",
            )
        )


def _check_artifacts(src: PackSource, report: VerifyReport) -> set[str]:
    assert report.manifest is not None
    listed: set[str] = set()
    for position, entry in enumerate(report.manifest.artifacts):
        if entry.index != position:
            report.problems.append(
                Problem(
                    "reordered",
                    MANIFEST,
                    f"entry {position} ({entry.path}) carries index {entry.index}",
                )
            )
        if not SAFE_PATH.match(entry.path) or entry.path in RESERVED:
            report.problems.append(Problem("unsafe_path", entry.path, "unsafe artifact path"))
            continue
        if entry.path in listed:
            report.problems.append(Problem("format", entry.path, "listed twice"))
        listed.add(entry.path)
        found = src.hash(entry.path, entry.size)
        if found is None:
            report.problems.append(Problem("missing", entry.path, "missing artifact"))
        elif found[1] >= 0 and found != (entry.sha256, entry.size):  # -1: already reported
            report.problems.append(
                Problem("modified", entry.path, "modified artifact (SHA-256 or size differs)")
            )
    return listed


def verify_pack(
    path: str | Path, public_key: KeySource | Sequence[KeySource] | None = None
) -> VerifyReport:
    """Verify a pack directory or zip against ``public_key`` (one or several trusted keys;
    default: this machine's own and pinned keys). Never raises for a bad pack: problems are
    listed in the report. ``SaferailError`` only when ``path`` is no pack at all or a given
    key cannot be read."""
    report = VerifyReport(Path(path), trusted=trusted_keys(public_key))
    anchored = bool(report.trusted)
    if not anchored:
        _no_anchor(report)
    with open_source(path) as src:
        raw = _read_manifest(src, report)
        listed: set[str] = set()
        if raw is not None and report.manifest is not None:
            _check_signature(src, raw, report, anchored)
            listed = _check_artifacts(src, report)
        log = check_log(
            src.read(APPROVALS),
            src.read(HEAD),
            trusted=report.trusted if anchored else None,
            root=report.manifest_digest,
        )
        report.problems += log.problems
        report.approvals = log.entries
        report.head_hash = log.head.head_hash if log.head else None
        for name in src.files:
            if name not in listed and name not in RESERVED:
                report.problems.append(Problem("unlisted", name, "file not in the manifest"))
        report.problems += src.problems
    return report


def _read_whole(path: Path) -> bytes:
    """The bytes of a standalone log or head; ``EvidenceError`` naming it if unreadable."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise EvidenceError(f"{path}: {exc.strerror or exc}") from None


def verify_log(
    path: str | Path, public_key: KeySource | Sequence[KeySource] | None = None
) -> VerifyReport:
    """Verify a standalone approvals log ``path`` and its signed head ``<path>.head``."""
    log = Path(path)
    report = VerifyReport(log, trusted=trusted_keys(public_key))
    anchored = bool(report.trusted)
    if not anchored:
        _no_anchor(report)
    head = log.with_name(log.name + ".head")
    check = check_log(
        _read_whole(log),
        _read_whole(head) if head.is_file() else None,
        trusted=report.trusted if anchored else None,
        where=log.name,
        head_where=head.name,
    )
    report.problems += check.problems
    report.approvals = check.entries
    report.head_hash = check.head.head_hash if check.head else None
    return report
