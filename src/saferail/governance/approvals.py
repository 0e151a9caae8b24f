"""The append-only, hash-chained approvals log and its signed head.

A log is a JSON-lines file; each line is one :class:`ApprovalEntry` in canonical JSON. An
entry's ``entry_hash`` is the SHA-256 of the canonical JSON of its body (every field except
``entry_hash`` and ``signature``), and the body holds ``prev_hash``, the previous entry's hash,
so editing, removing or moving an entry breaks the chain. The first ``prev_hash`` is the log's
*root*: inside an evidence pack, the digest of the pack's manifest, which binds approvals to
that exact pack; for a standalone log, a random value fixed when the log is created.

Each entry is signed (Ed25519 over its canonical body) by the key of whoever recorded it, so
an approval is attributable to a key. A chain alone cannot reveal that entries were cut off
its end, so every append also re-signs the *head* (``<log>.head`` beside a standalone log,
``approvals.head`` in a pack): the root, the number of entries and the last entry's hash.
Removing trailing entries then contradicts the signed count. What no file can reveal is a
rollback of the log and head together to an earlier signed state: record the head hash that
``saferail approve`` prints wherever the release decision is tracked.
"""

from __future__ import annotations

__all__ = [
    "DECISIONS",
    "HEAD_FORMAT",
    "ApprovalEntry",
    "ApprovalError",
    "Decision",
    "LogCheck",
    "LogHead",
    "append_entry",
    "check_decider",
    "check_log",
    "init_log",
    "make_subject",
]

import base64
import binascii
import fcntl
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from saferail.errors import SaferailError
from saferail.governance._pack_canon import CanonicalError, Problem, canonical, digest, now_utc
from saferail.governance._pack_canon import strict_loads as _loads
from saferail.governance.keys import PublicKey, SigningKey, SigningKeyError

Decision = Literal["approve", "reject", "accept-risk"]
DECISIONS: tuple[Decision, ...] = ("approve", "reject", "accept-risk")
HEAD_FORMAT: Final = "saferail-approvals-head/1"
_DIGEST = r"^sha256:[0-9a-f]{64}$"
_LINE = r"^[^\r\n]+$"
_RISK_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*\Z")


class ApprovalError(SaferailError):
    """An approval could not be recorded (invalid input, or the log fails its checks)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class ApprovalEntry(_Strict):
    """One recorded decision: who, in what role, decided what about which subject."""

    index: int = Field(ge=0)
    timestamp: str = Field(pattern=r"^\d{4}-\d\d-\d\dT[0-9:.]+Z$")
    actor: str = Field(min_length=1, max_length=200, pattern=_LINE)
    role: str = Field(min_length=1, max_length=200, pattern=_LINE)
    decision: Decision
    subject: str = Field(pattern=r"^(release|risk:[A-Za-z][A-Za-z0-9_.-]*)$")
    note: str = Field(max_length=4000)
    prev_hash: str = Field(pattern=_DIGEST)
    signer: str = Field(pattern=r"^ed25519:[A-Za-z0-9+/=]{44}$")
    entry_hash: str = Field(pattern=_DIGEST)
    signature: str

    def body(self) -> dict[str, Any]:
        """The hashed and signed fields (all but ``entry_hash`` and ``signature``)."""
        return self.model_dump(exclude={"entry_hash", "signature"})

    def computed_hash(self) -> str:
        return digest(canonical(self.body()))


class LogHead(_Strict):
    """The signed summary of a log: its root, entry count and last hash."""

    format: Literal["saferail-approvals-head/1"]
    root: str = Field(pattern=_DIGEST)
    count: int = Field(ge=0)
    head_hash: str = Field(pattern=_DIGEST)
    signer: str = Field(pattern=r"^ed25519:[A-Za-z0-9+/=]{44}$")
    signed_at: str


@dataclass
class LogCheck:
    """What :func:`check_log` found: the parsed entries, the head and every problem."""

    entries: list[ApprovalEntry] = field(default_factory=list)
    head: LogHead | None = None
    problems: list[Problem] = field(default_factory=list)


def make_subject(risk: str | None) -> str:
    """``risk:<id>`` for a risk, else ``release``."""
    if risk is None:
        return "release"
    if not _RISK_ID.match(risk):
        raise ApprovalError(f"invalid risk id {risk!r} (letters, digits, . _ -)")
    return f"risk:{risk}"


def check_decider(actor: str, role: str, note: str = "") -> None:
    """Raise :class:`ApprovalError` unless ``actor`` and ``role`` are each one line of 1-200
    characters (after stripping) and ``note`` is at most 4000: checked before anything is
    written, as the entry itself would refuse them."""
    for name, value in (("actor", actor), ("role", role)):
        text = value.strip()
        if not text or len(text) > 200 or "\n" in text or "\r" in text:
            raise ApprovalError(f"{name} must be one line of 1 to 200 characters (got {value!r})")
    if len(note) > 4000:
        raise ApprovalError(f"note is {len(note)} characters; at most 4000")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _signature_ok(signer: str, signature: str, data: bytes) -> bool:
    try:
        return PublicKey.from_text(signer).verify(base64.b64decode(signature, validate=True), data)
    except (SigningKeyError, binascii.Error, ValueError):
        return False


def _trust(signer: str, trusted: list[PublicKey] | None, where: str, what: str) -> list[Problem]:
    key = PublicKey.from_text(signer)
    if trusted is None or key in trusted:
        return []
    expected = ", ".join(k.short for k in trusted) or "none configured"
    return [
        Problem(
            "untrusted",
            where,
            f"{what} signed by an untrusted key {key.short} (expected {expected})",
        )
    ]


def _check_head(
    data: bytes, where: str, trusted: list[PublicKey] | None
) -> tuple[LogHead | None, list[Problem]]:
    try:
        doc = _loads(data)
        head = LogHead.model_validate(doc["head"]) if isinstance(doc, dict) else None
        signature = doc.get("signature") if isinstance(doc, dict) else None
        if head is None or not isinstance(signature, str) or set(doc) != {"head", "signature"}:
            raise CanonicalError("expected {head, signature}")
    except (CanonicalError, KeyError, ValidationError) as exc:
        return None, [Problem("format", where, f"unreadable head: {_reason(exc)}")]
    if not _signature_ok(head.signer, signature, canonical(head.model_dump())):
        return head, [Problem("signature", where, "signature does not match the head")]
    return head, _trust(head.signer, trusted, where, "head")


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"]) or "document"
        return f"{loc}: {err['msg']}"
    return str(exc)


def _parse_lines(data: bytes, where: str) -> tuple[list[tuple[int, ApprovalEntry]], list[Problem]]:
    entries: list[tuple[int, ApprovalEntry]] = []
    problems: list[Problem] = []
    lines = data.split(b"\n")
    if lines[-1]:
        problems.append(Problem("format", where, "the last line is incomplete"))
    for number, line in enumerate(lines[:-1], start=1):
        try:
            entries.append((number, ApprovalEntry.model_validate(_loads(line))))
        except (CanonicalError, ValidationError) as exc:
            problems.append(Problem("format", f"{where}:{number}", f"unreadable: {_reason(exc)}"))
    return entries, problems


def _check_order(entries: list[ApprovalEntry], where: str) -> list[Problem]:
    indices = [e.index for e in entries]
    problems: list[Problem] = []
    if not indices:
        return problems
    gaps: list[int] = []
    total, expected = 0, 0  # never enumerate up to a hostile huge index
    for index in sorted(set(indices)):
        if index > expected:
            total += index - expected
            gaps += range(expected, min(index, expected + 10 - len(gaps)))
        expected = index + 1
    if total:
        shown = ", ".join(map(str, gaps)) + (f" ... ({total} in all)" if total > len(gaps) else "")
        problems.append(Problem("missing", where, f"approval entries removed: index {shown}"))
    if len(set(indices)) != len(indices):
        problems.append(Problem("reordered", where, "approval indices repeat"))
    elif indices != sorted(indices):
        shown = ", ".join(map(str, indices[:20])) + (" ..." if len(indices) > 20 else "")
        problems.append(Problem("reordered", where, f"approvals out of order (indices {shown})"))
    return problems


def check_log(
    log: bytes | None,
    head: bytes | None,
    *,
    trusted: list[PublicKey] | None,
    root: str | None = None,
    where: str = "approvals.jsonl",
    head_where: str = "approvals.head",
) -> LogCheck:
    """Check a log and its head: syntax, order, chain, signatures, signers and completeness.

    ``root`` is the digest the chain must start from (a pack's manifest digest); ``None``
    takes it from the signed head (a standalone log). ``trusted=None`` skips the check of
    who signed (the caller reports the lack of a trust anchor once). Missing files are problems.
    """
    out = LogCheck()
    if head is None:
        out.problems.append(Problem("missing", head_where, "missing (the signed log head)"))
    else:
        out.head, found = _check_head(head, head_where, trusted)
        out.problems += found
        if out.head is not None and root is not None and out.head.root != root:
            out.problems.append(Problem("chain", head_where, "head belongs to another pack"))
    start = root if root is not None else (out.head.root if out.head else None)
    if log is None:
        out.problems.append(Problem("missing", where, "missing (the approvals log)"))
        log = b""
    numbered, found = _parse_lines(log, where)
    out.problems += found
    out.entries = [e for _, e in numbered]
    out.problems += _check_order(out.entries, where)
    prev = start
    for number, entry in numbered:
        at = f"{where}:{number}"
        if entry.computed_hash() != entry.entry_hash:
            out.problems.append(Problem("modified", at, "entry does not match its entry_hash"))
        if prev is not None and entry.prev_hash != prev:
            out.problems.append(Problem("chain", at, "prev_hash does not link to the entry before"))
        if not _signature_ok(entry.signer, entry.signature, canonical(entry.body())):
            out.problems.append(Problem("signature", at, "entry signature does not match"))
        else:
            out.problems += _trust(entry.signer, trusted, at, "entry")
        prev = entry.entry_hash
    out.problems += _check_count(out, start, where)
    return out


def _check_count(out: LogCheck, start: str | None, where: str) -> list[Problem]:
    if out.head is None:
        return []
    have, signed = len(out.entries), out.head.count
    if have < signed:
        return [
            Problem(
                "truncated",
                where,
                f"{have} entries but the signed head records {signed}: approvals were removed",
            )
        ]
    if have > signed:
        return [
            Problem(
                "chain",
                where,
                f"{have - signed} entries past the signed head "
                "(added without signing, or the head was rolled back)",
            )
        ]
    last = out.entries[-1].entry_hash if out.entries else start
    if last != out.head.head_hash:
        return [Problem("chain", where, "the last entry is not the one the head signed")]
    return []


def _head_bytes(key: SigningKey, root: str, count: int, head_hash: str) -> bytes:
    head = LogHead(
        format=HEAD_FORMAT,
        root=root,
        count=count,
        head_hash=head_hash,
        signer=key.public.text,
        signed_at=now_utc(),
    )
    body = head.model_dump()
    return canonical({"head": body, "signature": _b64(key.sign(canonical(body)))})


def _replace(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)


def init_log(log: Path, head: Path, key: SigningKey, *, root: str | None = None) -> str:
    """Create an empty log and its signed head; returns the root (random if not given)."""
    start = root or digest(os.urandom(32))
    try:
        with open(log, "xb"):
            pass
    except FileExistsError:
        raise ApprovalError(f"{log} already exists") from None
    _replace(head, _head_bytes(key, start, 0, start))
    return start


def append_entry(
    log: Path,
    head: Path,
    *,
    key: SigningKey,
    trusted: list[PublicKey],
    actor: str,
    role: str,
    decision: str,
    subject: str,
    note: str = "",
    root: str | None = None,
) -> ApprovalEntry:
    """Check the log, then append one signed entry and re-sign the head, under a file lock."""
    with open(log, "r+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        head_data = head.read_bytes() if head.exists() else None
        state = check_log(
            handle.read(),
            head_data,
            trusted=[*trusted, key.public],
            root=root,
            where=log.name,
            head_where=head.name,
        )
        if state.problems or state.head is None:
            found = state.problems[0] if state.problems else "unreadable head"
            raise ApprovalError(f"refusing to extend a log that fails its checks: {found}")
        prev = state.entries[-1].entry_hash if state.entries else state.head.root
        entry = _new_entry(key, len(state.entries), actor, role, decision, subject, note, prev)
        handle.seek(0, os.SEEK_END)
        handle.write(canonical(entry.model_dump()) + b"\n")
        handle.flush()
        os.fsync(handle.fileno())
        _replace(head, _head_bytes(key, state.head.root, entry.index + 1, entry.entry_hash))
    return entry


def _new_entry(
    key: SigningKey,
    index: int,
    actor: str,
    role: str,
    decision: str,
    subject: str,
    note: str,
    prev: str,
) -> ApprovalEntry:
    if decision in ("reject", "accept-risk") and not note.strip():
        raise ApprovalError(f"a {decision} decision needs a note giving the reason")
    if decision == "accept-risk" and not subject.startswith("risk:"):
        raise ApprovalError("accept-risk needs the risk id it accepts")
    body = {
        "index": index,
        "timestamp": now_utc(),
        "actor": actor.strip(),
        "role": role.strip(),
        "decision": decision,
        "subject": subject,
        "note": note,
        "prev_hash": prev,
        "signer": key.public.text,
    }
    data = canonical(body)
    try:
        return ApprovalEntry.model_validate(
            {**body, "entry_hash": digest(data), "signature": _b64(key.sign(data))}
        )
    except ValidationError as exc:
        raise ApprovalError(f"invalid approval: {_reason(exc)}") from None
