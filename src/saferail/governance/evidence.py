"""Evidence packs: the signed, verifiable record of a release review.

A pack is a directory (optionally zipped) holding copies of the review's artifacts (reports,
system card, run manifests, policy, ...) and four files of its own:

``manifest.json``
    canonical JSON listing every artifact in order (index, path, kind, SHA-256, size) plus the
    pack facts (:class:`PackInfo`: time, saferail version, target fingerprint, policy version,
    verdict and reasons) and the signer's public key.
``manifest.sig``
    base64 of the Ed25519 signature of the exact bytes of ``manifest.json``.
``approvals.jsonl`` and ``approvals.head``
    the hash-chained approvals log, rooted at the manifest digest, and its signed head (see
    :mod:`saferail.governance.approvals`).

:func:`verify_pack` recomputes everything and lists every problem; see
``docs/governance/evidence.md`` for what each check catches.
"""

from __future__ import annotations

__all__ = [
    "Artifact",
    "ArtifactEntry",
    "BuiltPack",
    "EvidenceError",
    "PackInfo",
    "PackManifest",
    "Problem",
    "VerifyReport",
    "build_pack",
    "printable",
    "record_approval",
    "record_log_approval",
    "verify_log",
    "verify_pack",
    "zip_pack",
]

import base64
import contextlib
import hashlib
import json
import os
import shutil
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from saferail.governance._pack_canon import EvidenceError, Problem, canonical, digest, printable
from saferail.governance._pack_manifest import (
    APPROVALS,
    HEAD,
    MANIFEST,
    RESERVED,
    SIGNATURE,
    ArtifactEntry,
    PackInfo,
    PackManifest,
    SignerInfo,
)
from saferail.governance._pack_source import SAFE_PATH, open_source
from saferail.governance._pack_verify import VerifyReport, verify_log, verify_pack
from saferail.governance.approvals import (
    ApprovalEntry,
    ApprovalError,
    append_entry,
    check_decider,
    init_log,
    make_subject,
)
from saferail.governance.keys import (
    PublicKey,
    SigningKey,
    load_or_create_signing_key,
    trusted_keys,
)


@dataclass(frozen=True)
class Artifact:
    """A file to put in a pack: its path inside the pack, its kind, and its bytes or source."""

    path: str
    kind: str = "other"
    data: bytes | None = None
    source: Path | None = None

    @classmethod
    def from_file(
        cls, source: str | Path, path: str | None = None, kind: str = "other"
    ) -> Artifact:
        """Copy ``source`` into the pack (as ``path``, default its file name)."""
        src = Path(source)
        return cls(path=path or src.name, kind=kind, source=src)

    @classmethod
    def from_text(cls, path: str, text: str, kind: str = "other") -> Artifact:
        return cls(path=path, kind=kind, data=text.encode("utf-8"))

    @classmethod
    def from_json(cls, path: str, obj: Any, kind: str = "other") -> Artifact:
        """A JSON document (e.g. a run manifest), written indented with sorted keys."""
        text = json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False)
        return cls(path=path, kind=kind, data=(text + "\n").encode("utf-8"))


@dataclass(frozen=True)
class BuiltPack:
    """Where :func:`build_pack` wrote the pack, its manifest and who signed it."""

    path: Path
    zip_path: Path | None
    manifest: PackManifest
    manifest_digest: str
    signer: PublicKey
    key_created: bool


def _check_paths(items: list[Artifact]) -> None:
    seen: set[str] = set()
    for item in items:
        if not SAFE_PATH.match(item.path) or item.path in RESERVED:
            raise EvidenceError(f"invalid artifact path {item.path!r} (relative, [A-Za-z0-9._-])")
        folded = item.path.casefold()
        if folded in seen:
            raise EvidenceError(f"artifact path {item.path!r} given twice")
        seen.add(folded)
    for folded in seen:  # "a" and "a/b" cannot both be files
        parts = folded.split("/")
        for n in range(1, len(parts)):
            if "/".join(parts[:n]) in seen:
                raise EvidenceError(f"artifact path {folded!r} is inside another artifact")


def _write_artifact(root: Path, index: int, item: Artifact) -> ArtifactEntry:
    target = root / item.path
    target.parent.mkdir(parents=True, exist_ok=True)
    if item.data is not None:
        target.write_bytes(item.data)
    elif item.source is not None:
        try:
            shutil.copyfile(item.source, target)
        except OSError as exc:
            raise EvidenceError(f"{item.source}: {exc.strerror or exc}") from None
    else:
        raise EvidenceError(f"artifact {item.path!r} has neither data nor a source")
    h, size = hashlib.sha256(), 0
    with open(target, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            h.update(chunk)
            size += len(chunk)
    try:
        return ArtifactEntry(
            index=index, path=item.path, kind=item.kind, sha256="sha256:" + h.hexdigest(), size=size
        )
    except ValueError as exc:
        raise EvidenceError(f"artifact {item.path!r}: invalid kind {item.kind!r}") from exc


def _write_pack(root: Path, items: list[Artifact], info: PackInfo, key: SigningKey) -> bytes:
    entries = [_write_artifact(root, i, item) for i, item in enumerate(items)]
    signer = SignerInfo(public_key=key.public.text, fingerprint=key.public.fingerprint)
    manifest = PackManifest(pack=info, artifacts=entries, signer=signer)
    try:
        raw = canonical(manifest.model_dump(mode="json"))
    except ValueError as exc:
        raise EvidenceError(f"pack facts are not JSON: {exc}") from None
    (root / MANIFEST).write_bytes(raw)
    (root / SIGNATURE).write_text(base64.b64encode(key.sign(raw)).decode() + "\n")
    init_log(root / APPROVALS, root / HEAD, key, root=digest(raw))
    return raw


def build_pack(
    out: str | Path,
    artifacts: Iterable[Artifact | str | Path],
    *,
    info: PackInfo,
    key: SigningKey | None = None,
    zip: bool = False,
    overwrite: bool = False,
) -> BuiltPack:
    """Write a signed evidence pack to the directory ``out`` (and ``out.zip`` with ``zip``).

    Artifacts are listed in the order given; a plain path is copied under its file name. The
    key defaults to ``$SAFERAIL_HOME/keys/signing.key``, created on first use. The pack is
    assembled in a temporary sibling directory and moved into place, so a failed build leaves
    nothing behind; ``overwrite`` replaces an existing pack (never another kind of directory).
    """
    dest = Path(out)
    items = [a if isinstance(a, Artifact) else Artifact.from_file(a) for a in artifacts]
    _check_paths(items)
    if dest.exists():
        if not overwrite:
            raise EvidenceError(f"{dest} already exists")
        if not (dest / MANIFEST).is_file():
            raise EvidenceError(f"{dest} exists and is not an evidence pack; not replacing it")
    created = False
    if key is None:
        key, created = load_or_create_signing_key()
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.building-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        raw = _write_pack(tmp, items, info, key)
        if dest.exists():
            shutil.rmtree(dest)
        tmp.rename(dest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    manifest = PackManifest.model_validate_json(raw)
    zipped = zip_pack(dest) if zip else None
    return BuiltPack(dest, zipped, manifest, digest(raw), key.public, created)


def _named(path: Path) -> Path:
    """``path``, made absolute when it has no name of its own (``.``, ``..``)."""
    return path.resolve() if path.name in ("", "..") else path


def zip_pack(pack: str | Path, out: str | Path | None = None) -> Path:
    """Zip a pack directory (default ``<pack>.zip``) under a top folder named after it.

    Every regular file is included as it is now, approvals recorded so far too; the zip is
    written beside its destination and renamed into place. Member times are fixed so the same
    pack always zips to the same bytes.
    """
    src = _named(Path(pack))
    if not src.name:
        raise EvidenceError(f"{src} is not a pack directory")
    dest = Path(out) if out is not None else src.with_name(src.name + ".zip")
    if src.is_dir() and dest.resolve().is_relative_to(src.resolve()):
        raise EvidenceError(
            f"cannot write {dest}: it is inside the pack it zips (it would be an unlisted file)"
        )
    with open_source(src) as files:
        if files.problems:
            raise EvidenceError(f"cannot zip {src}: {files.problems[0]}")
        if not src.is_dir():
            raise EvidenceError(f"{src} is not a pack directory")
        if MANIFEST not in files.files:
            raise EvidenceError(f"cannot zip {src}: no {MANIFEST} (not an evidence pack)")
        names = [n for n in RESERVED if n in files.files]
        names += sorted(n for n in files.files if n not in RESERVED)
    tmp = dest.with_name(f".{dest.name}.tmp-{os.getpid()}")
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name in names:
                member = zipfile.ZipInfo(f"{src.name}/{name}", date_time=(1980, 1, 1, 0, 0, 0))
                member.external_attr = 0o644 << 16
                member.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(member, (src / name).read_bytes())
        os.replace(tmp, dest)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise EvidenceError(f"cannot write {dest}: {exc.strerror}") from None
    return dest


def _check_decider(actor: str, role: str, note: str) -> None:
    try:
        check_decider(actor, role, note)
    except ApprovalError as exc:
        raise EvidenceError(f"invalid approval: {exc}") from None


def record_approval(
    pack: str | Path,
    *,
    actor: str,
    role: str,
    decision: str,
    risk: str | None = None,
    note: str = "",
    key: SigningKey | None = None,
    trusted: list[PublicKey] | None = None,
) -> ApprovalEntry:
    """Verify the pack, then append a signed approval to its log and re-sign the log head.

    The pack must verify against ``trusted`` (default: the keys this machine trusts) plus the
    approver's own key, so nobody extends a pack that was tampered with.
    """
    where = Path(pack)
    if not where.exists():
        raise EvidenceError(f"{where}: no such pack directory")
    if not where.is_dir():
        raise EvidenceError(f"{where}: approvals go into a pack directory (unzip it first)")
    _check_decider(actor, role, note)
    subject = make_subject(risk)
    if key is None:
        key, _ = load_or_create_signing_key()
    keys = [*(trusted if trusted is not None else trusted_keys()), key.public]
    report = verify_pack(where, keys)
    if not report.valid:
        more = f" (and {len(report.problems) - 1} more)" if len(report.problems) > 1 else ""
        raise EvidenceError(f"{where} fails verification: {report.problems[0]}{more}")
    assert report.manifest_digest is not None
    try:
        return append_entry(
            where / APPROVALS,
            where / HEAD,
            key=key,
            trusted=keys,
            actor=actor,
            role=role,
            decision=decision,
            subject=subject,
            note=note,
            root=report.manifest_digest,
        )
    except (ApprovalError, OSError) as exc:
        raise EvidenceError(str(exc)) from None


def _refuse_orphan_head(log: Path, head: Path) -> None:
    """A signed head without its log means the log was deleted or moved: starting a new log
    would sign over its history, and the new log would then verify."""
    if head.exists() or head.is_symlink():
        raise EvidenceError(
            f"{log} is missing but its signed head {head.name} exists: the log was deleted or "
            "moved; restore it (a new log is not started over an old one)"
        )


def record_log_approval(
    log: str | Path,
    *,
    actor: str,
    role: str,
    decision: str,
    risk: str | None = None,
    note: str = "",
    key: SigningKey | None = None,
    trusted: list[PublicKey] | None = None,
) -> ApprovalEntry:
    """Append a signed approval to a standalone log (``log`` + ``log.head``), creating it
    with a random root when absent (never when its head is there without it); an existing
    log must pass its checks first."""
    path = Path(log)
    if path.is_dir():
        raise EvidenceError(f"{path} is a directory; give the approvals log's file path")
    head = path.with_name(path.name + ".head")
    _check_decider(actor, role, note)
    subject = make_subject(risk)
    if key is None:
        key, _ = load_or_create_signing_key()
    keys = [*(trusted if trusted is not None else trusted_keys()), key.public]
    try:
        if not path.exists():
            _refuse_orphan_head(path, head)
            path.parent.mkdir(parents=True, exist_ok=True)
            init_log(path, head, key)
        return append_entry(
            path,
            head,
            key=key,
            trusted=keys,
            actor=actor,
            role=role,
            decision=decision,
            subject=subject,
            note=note,
        )
    except (ApprovalError, OSError) as exc:
        raise EvidenceError(str(exc)) from None
