"""The hash-chained approvals log: recording, and every way of tampering with it."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from saferail.governance.approvals import ApprovalError, check_log, make_subject
from saferail.governance.evidence import (
    Artifact,
    EvidenceError,
    PackInfo,
    build_pack,
    record_approval,
    record_log_approval,
    verify_log,
    verify_pack,
)
from saferail.governance.keys import SigningKey, generate_key

DECISIONS = [
    ("ana", "safety lead", "approve", None, "suites pass"),
    ("bo", "security", "accept-risk", "LLM01-injection", "residual low; expires Q3"),
    ("cy", "privacy", "reject", "LLM02-pii", "PII redaction untested"),
    ("dee", "product", "approve", None, ""),
]


@pytest.fixture
def key(tmp_path: Path) -> SigningKey:
    return generate_key(tmp_path / "keys" / "release.key")


def _pack(tmp_path: Path, key: SigningKey, name: str = "pack", text: str = "r") -> Path:
    items = [Artifact.from_text("report.html", text, kind="report")]
    return build_pack(tmp_path / name, items, info=PackInfo(verdict="go"), key=key).path


@pytest.fixture
def pack(tmp_path: Path, key: SigningKey) -> Path:
    where = _pack(tmp_path, key)
    for actor, role, decision, risk, note in DECISIONS:
        record_approval(
            where, actor=actor, role=role, decision=decision, risk=risk, note=note, key=key
        )
    return where


def lines(pack: Path) -> list[bytes]:
    return (pack / "approvals.jsonl").read_bytes().splitlines(keepends=True)


def write(pack: Path, rows: list[bytes]) -> None:
    (pack / "approvals.jsonl").write_bytes(b"".join(rows))


def problems(pack: Path, key: SigningKey) -> list[tuple[str, str]]:
    return [(p.code, p.where) for p in verify_pack(pack, key.public).problems]


def test_entries_are_chained_from_the_manifest_digest(pack: Path, key: SigningKey) -> None:
    report = verify_pack(pack, key.public)
    assert report.valid, report.problems
    entries = [json.loads(row) for row in lines(pack)]
    assert [e["index"] for e in entries] == [0, 1, 2, 3]
    assert [e["subject"] for e in entries] == [
        "release",
        "risk:LLM01-injection",
        "risk:LLM02-pii",
        "release",
    ]
    manifest = (pack / "manifest.json").read_bytes()
    prev = "sha256:" + hashlib.sha256(manifest).hexdigest()
    for entry in entries:
        assert entry["prev_hash"] == prev
        body = {k: v for k, v in entry.items() if k not in ("entry_hash", "signature")}
        raw = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
        assert entry["entry_hash"] == "sha256:" + hashlib.sha256(raw).hexdigest()
        assert key.public.verify(base64.b64decode(entry["signature"]), raw)
        prev = entry["entry_hash"]
    head = json.loads((pack / "approvals.head").read_bytes())["head"]
    assert (head["count"], head["head_hash"]) == (4, prev)
    assert report.head_hash == prev


def test_removing_the_last_approval_is_caught_by_the_signed_head(
    pack: Path, key: SigningKey
) -> None:
    write(pack, lines(pack)[:-1])
    assert problems(pack, key) == [("truncated", "approvals.jsonl")]


def test_removing_all_approvals_is_caught(pack: Path, key: SigningKey) -> None:
    write(pack, [])
    assert problems(pack, key) == [("truncated", "approvals.jsonl")]


def test_removing_an_approval_in_the_middle(pack: Path, key: SigningKey) -> None:
    rows = lines(pack)
    write(pack, rows[:1] + rows[2:])
    found = problems(pack, key)
    assert ("missing", "approvals.jsonl") in found
    assert ("chain", "approvals.jsonl:2") in found
    assert ("truncated", "approvals.jsonl") in found
    message = verify_pack(pack, key.public).problems[0].message
    assert message == "approval entries removed: index 1"


def test_reordered_approvals(pack: Path, key: SigningKey) -> None:
    rows = lines(pack)
    write(pack, [rows[0], rows[2], rows[1], rows[3]])
    found = problems(pack, key)
    assert ("reordered", "approvals.jsonl") in found
    assert {w for c, w in found if c == "chain"} == {
        "approvals.jsonl:2",
        "approvals.jsonl:3",
        "approvals.jsonl:4",
    }


def _edit(row: bytes, change: Any) -> bytes:
    entry = json.loads(row)
    change(entry)
    return json.dumps(entry, sort_keys=True, separators=(",", ":")).encode() + b"\n"


def test_an_edited_approval(pack: Path, key: SigningKey) -> None:
    rows = lines(pack)
    rows[2] = _edit(rows[2], lambda e: e.update(decision="approve"))
    write(pack, rows)
    found = problems(pack, key)
    assert ("modified", "approvals.jsonl:3") in found
    assert ("signature", "approvals.jsonl:3") in found


def test_an_edited_approval_with_a_recomputed_hash_breaks_the_chain(
    pack: Path, key: SigningKey
) -> None:
    def rehash(entry: dict[str, Any]) -> None:
        entry["note"] = "looks fine"
        body = {k: v for k, v in entry.items() if k not in ("entry_hash", "signature")}
        raw = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
        entry["entry_hash"] = "sha256:" + hashlib.sha256(raw).hexdigest()

    rows = lines(pack)
    rows[1] = _edit(rows[1], rehash)
    write(pack, rows)
    found = problems(pack, key)
    assert ("signature", "approvals.jsonl:2") in found
    assert ("chain", "approvals.jsonl:3") in found


def test_an_approval_re_signed_with_another_key(
    pack: Path, key: SigningKey, tmp_path: Path
) -> None:
    forger = generate_key(tmp_path / "keys" / "forger.key")

    def resign(entry: dict[str, Any]) -> None:
        entry["signer"] = forger.public.text
        body = {k: v for k, v in entry.items() if k not in ("entry_hash", "signature")}
        raw = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
        entry["entry_hash"] = "sha256:" + hashlib.sha256(raw).hexdigest()
        entry["signature"] = base64.b64encode(forger.sign(raw)).decode()

    rows = lines(pack)
    rows[3] = _edit(rows[3], resign)
    write(pack, rows)
    found = problems(pack, key)
    assert found == [("untrusted", "approvals.jsonl:4"), ("chain", "approvals.jsonl")]


def test_a_missing_or_foreign_head(pack: Path, key: SigningKey, tmp_path: Path) -> None:
    other = _pack(tmp_path, key, "other", text="another report")
    shutil.copy(pack / "approvals.jsonl", other / "approvals.jsonl")
    shutil.copy(pack / "approvals.head", other / "approvals.head")
    found = problems(other, key)
    assert ("chain", "approvals.head") in found and ("chain", "approvals.jsonl:1") in found
    (pack / "approvals.head").unlink()
    assert problems(pack, key) == [("missing", "approvals.head")]


def test_an_unsigned_append_is_reported(pack: Path, key: SigningKey) -> None:
    rows = lines(pack)
    write(pack, [*rows, rows[-1]])
    found = problems(pack, key)
    assert ("reordered", "approvals.jsonl") in found  # a repeated index
    assert ("chain", "approvals.jsonl") in found  # one entry past the signed head


def test_garbage_and_partial_lines_are_reported(pack: Path, key: SigningKey) -> None:
    write(pack, [*lines(pack), b"not json\n", b'{"index":'])
    found = problems(pack, key)
    assert ("format", "approvals.jsonl:5") in found
    assert ("format", "approvals.jsonl") in found  # incomplete last line


def test_record_refuses_a_tampered_pack(pack: Path, key: SigningKey) -> None:
    (pack / "report.html").write_text("changed")
    before = (pack / "approvals.jsonl").read_bytes()
    with pytest.raises(EvidenceError, match=r"fails verification: report\.html: modified"):
        record_approval(pack, actor="eve", role="x", decision="approve", key=key)
    assert (pack / "approvals.jsonl").read_bytes() == before


def test_record_refuses_a_pack_signed_by_an_unknown_key(pack: Path, tmp_path: Path) -> None:
    stranger = generate_key(tmp_path / "keys" / "stranger.key")
    with pytest.raises(EvidenceError, match="untrusted key"):
        record_approval(pack, actor="eve", role="x", decision="approve", key=stranger)


def test_a_second_approver_with_their_own_key(pack: Path, key: SigningKey, tmp_path: Path) -> None:
    reviewer = generate_key(tmp_path / "keys" / "reviewer.key")
    entry = record_approval(
        pack, actor="ed", role="auditor", decision="approve", key=reviewer, trusted=[key.public]
    )
    assert entry.index == 4 and entry.signer == reviewer.public.text
    assert verify_pack(pack, [key.public, reviewer.public]).valid
    only_release = verify_pack(pack, key.public).problems
    assert {p.where for p in only_release} == {"approvals.head", "approvals.jsonl:5"}


@pytest.mark.parametrize(
    ("decision", "risk", "note", "match"),
    [
        ("accept-risk", None, "why", "needs the risk id"),
        ("reject", None, "", "needs a note"),
        ("accept-risk", "R1", " ", "needs a note"),
        ("approve", "bad id!", "", "invalid risk id"),
        ("maybe", None, "", "invalid approval"),
    ],
)
def test_invalid_approvals_are_refused(
    pack: Path, key: SigningKey, decision: str, risk: str | None, note: str, match: str
) -> None:
    before = (pack / "approvals.jsonl").read_bytes()
    with pytest.raises((EvidenceError, ApprovalError), match=match):
        record_approval(pack, actor="x", role="y", decision=decision, risk=risk, note=note, key=key)
    assert (pack / "approvals.jsonl").read_bytes() == before


def test_actor_and_role_must_be_single_lines(pack: Path, key: SigningKey) -> None:
    with pytest.raises(EvidenceError, match="actor"):
        record_approval(pack, actor="a\nb", role="y", decision="approve", key=key)


def test_make_subject() -> None:
    assert make_subject(None) == "release"
    assert make_subject("LLM01.a_b-c") == "risk:LLM01.a_b-c"


def test_a_standalone_log(tmp_path: Path, key: SigningKey) -> None:
    log = tmp_path / "decisions" / "approvals.jsonl"
    record_log_approval(
        log,
        actor="ana",
        role="lead",
        decision="accept-risk",
        risk="R7",
        note="compensating control",
        key=key,
    )
    record_log_approval(log, actor="bo", role="sec", decision="approve", key=key)
    report = verify_log(log, key.public)
    assert report.valid and [e.index for e in report.approvals] == [0, 1]
    assert (tmp_path / "decisions" / "approvals.jsonl.head").is_file()
    log.write_bytes(log.read_bytes().splitlines(keepends=True)[0])
    assert [p.code for p in verify_log(log, key.public).problems] == ["truncated"]


def test_two_standalone_logs_have_different_roots(tmp_path: Path, key: SigningKey) -> None:
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    for log in (a, b):
        record_log_approval(log, actor="ana", role="lead", decision="approve", key=key)
    heads = [json.loads(Path(f"{p}.head").read_bytes())["head"]["root"] for p in (a, b)]
    assert heads[0] != heads[1]
    check = check_log(a.read_bytes(), Path(f"{b}.head").read_bytes(), trusted=[key.public])
    assert "chain" in [p.code for p in check.problems]  # a's entries do not fit b's head


def test_a_huge_forged_index_is_reported_without_enumerating_it(
    pack: Path, key: SigningKey
) -> None:
    rows = lines(pack)
    rows[3] = _edit(rows[3], lambda e: e.update(index=10**15))
    write(pack, rows)
    found = verify_pack(pack, key.public).problems
    gap = [p.message for p in found if p.code == "missing"]
    assert gap == [
        f"approval entries removed: index 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 ... ({10**15 - 3} in all)"
    ]


def test_a_deleted_standalone_log_is_not_silently_restarted(
    tmp_path: Path, key: SigningKey
) -> None:
    log = tmp_path / "approvals.jsonl"
    record_log_approval(log, actor="cy", role="privacy", decision="reject", note="PII", key=key)
    head = tmp_path / "approvals.jsonl.head"
    signed = head.read_bytes()
    log.unlink()  # the rejection is gone; its signed head is still there
    with pytest.raises(EvidenceError, match=r"approvals\.jsonl is missing but its signed head"):
        record_log_approval(log, actor="ana", role="lead", decision="approve", key=key)
    assert not log.exists() and head.read_bytes() == signed  # nothing replaced


def test_an_unreadable_log_head_is_one_clear_error(
    tmp_path: Path, key: SigningKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "approvals.jsonl"
    record_log_approval(log, actor="ana", role="lead", decision="approve", key=key)
    read_bytes = Path.read_bytes

    def denied(self: Path) -> bytes:  # chmod 000 does not stop root, who runs some CI jobs
        if self.name.endswith(".head"):
            raise PermissionError(13, "Permission denied", str(self))
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(EvidenceError, match=r"approvals\.jsonl\.head: Permission denied"):
        verify_log(log, key.public)


@pytest.mark.parametrize("risk", ["R7\n", "R7\nx"])
def test_a_risk_id_with_a_line_break_is_refused(risk: str) -> None:
    with pytest.raises(ApprovalError, match="invalid risk id"):
        make_subject(risk)
