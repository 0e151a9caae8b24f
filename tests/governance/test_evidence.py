"""Evidence packs: what build_pack writes, and verify_pack against each kind of tampering."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from saferail.errors import SaferailError
from saferail.governance.evidence import (
    Artifact,
    BuiltPack,
    EvidenceError,
    PackInfo,
    VerifyReport,
    build_pack,
    record_approval,
    verify_pack,
    zip_pack,
)
from saferail.governance.keys import SigningKey, generate_key, trust_key

RUN = {"run_id": "r-1", "suite": {"name": "jailbreak", "cases": 3}, "metrics": {"pass": 0.9}}


@pytest.fixture
def key(tmp_path: Path) -> SigningKey:
    return generate_key(tmp_path / "keys" / "release.key")


@pytest.fixture
def other_key(tmp_path: Path) -> SigningKey:
    return generate_key(tmp_path / "keys" / "attacker.key")


@pytest.fixture
def built(tmp_path: Path, key: SigningKey) -> BuiltPack:
    policy = tmp_path / "policy.yaml"
    policy.write_text("input:\n  checks:\n    secret: {}\n")
    info = PackInfo(
        target_fingerprint="sha256:" + "ab" * 32,
        policy_version="p-1234",
        verdict="no-go",
        reasons=["jailbreak pass rate 0.90 < 0.95"],
        extra={"suites": ["jailbreak"]},
    )
    artifacts = [
        Artifact.from_text("report.html", "<html><body>report</body></html>", kind="report"),
        Artifact.from_text("system_card.md", "# System card\n", kind="system_card"),
        Artifact.from_json("runs/r-1.json", RUN, kind="run_manifest"),
        Artifact.from_file(policy, kind="policy"),
    ]
    return build_pack(tmp_path / "pack", artifacts, info=info, key=key, zip=True)


def codes(report: VerifyReport) -> list[str]:
    return [p.code for p in report.problems]


def canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def rewrite_manifest(pack: Path, change: Any, signer: SigningKey | None = None) -> None:
    """Edit manifest.json in place (kept canonical); re-sign it with ``signer`` if given."""
    doc = json.loads((pack / "manifest.json").read_bytes())
    change(doc)
    if signer is not None:
        doc["signer"] = {
            "algorithm": "ed25519",
            "public_key": signer.public.text,
            "fingerprint": signer.public.fingerprint,
        }
    raw = canonical(doc)
    (pack / "manifest.json").write_bytes(raw)
    if signer is not None:
        (pack / "manifest.sig").write_text(base64.b64encode(signer.sign(raw)).decode() + "\n")


def test_a_fresh_pack_verifies_and_lists_every_artifact(built: BuiltPack, key: SigningKey) -> None:
    pack = built.path
    manifest = json.loads((pack / "manifest.json").read_bytes())
    listed = [(a["index"], a["path"], a["kind"]) for a in manifest["artifacts"]]
    assert listed == [
        (0, "report.html", "report"),
        (1, "system_card.md", "system_card"),
        (2, "runs/r-1.json", "run_manifest"),
        (3, "policy.yaml", "policy"),
    ]
    for entry in manifest["artifacts"]:
        data = (pack / entry["path"]).read_bytes()
        assert entry["sha256"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert entry["size"] == len(data)
    assert json.loads((pack / "runs/r-1.json").read_text()) == RUN
    assert manifest["pack"]["verdict"] == "no-go"
    assert manifest["pack"]["reasons"] == ["jailbreak pass rate 0.90 < 0.95"]
    assert manifest["pack"]["policy_version"] == "p-1234"
    report = verify_pack(pack, key.public)
    assert report.valid, report.problems
    assert report.signer == key.public and report.approvals == []
    assert sorted(p.name for p in pack.iterdir()) == [
        "approvals.head",
        "approvals.jsonl",
        "manifest.json",
        "manifest.sig",
        "policy.yaml",
        "report.html",
        "runs",
        "system_card.md",
    ]


def test_the_signature_covers_the_exact_manifest_bytes(built: BuiltPack, key: SigningKey) -> None:
    raw = (built.path / "manifest.json").read_bytes()
    signature = base64.b64decode((built.path / "manifest.sig").read_text())
    Ed25519PublicKey.from_public_bytes(key.public.raw).verify(signature, raw)  # raises if not
    assert built.manifest_digest == "sha256:" + hashlib.sha256(raw).hexdigest()


def test_an_edited_artifact_is_reported(built: BuiltPack, key: SigningKey) -> None:
    (built.path / "report.html").write_text("<html><body>all green</body></html>")
    report = verify_pack(built.path, key.public)
    assert [(p.code, p.where) for p in report.problems] == [("modified", "report.html")]


def test_a_same_size_edit_is_reported(built: BuiltPack, key: SigningKey) -> None:
    path = built.path / "runs/r-1.json"
    path.write_text(path.read_text().replace("0.9", "1.0"))
    assert codes(verify_pack(built.path, key.public)) == ["modified"]


def test_a_deleted_artifact_is_reported(built: BuiltPack, key: SigningKey) -> None:
    (built.path / "system_card.md").unlink()
    report = verify_pack(built.path, key.public)
    assert [(p.code, p.where) for p in report.problems] == [("missing", "system_card.md")]


def test_an_added_file_is_reported(built: BuiltPack, key: SigningKey) -> None:
    (built.path / "runs" / "r-2.json").write_text("{}")
    report = verify_pack(built.path, key.public)
    assert [(p.code, p.where) for p in report.problems] == [("unlisted", "runs/r-2.json")]


def test_reordered_manifest_entries_are_reported(built: BuiltPack, key: SigningKey) -> None:
    rewrite_manifest(built.path, lambda d: d["artifacts"].reverse())
    found = codes(verify_pack(built.path, key.public))
    assert "reordered" in found and "signature" in found


def test_reordered_entries_with_fixed_indices_still_break_the_signature(
    built: BuiltPack, key: SigningKey
) -> None:
    def swap(doc: dict[str, Any]) -> None:
        arts = doc["artifacts"]
        arts[0], arts[1] = arts[1], arts[0]
        arts[0]["index"], arts[1]["index"] = 0, 1

    rewrite_manifest(built.path, swap)
    assert "signature" in codes(verify_pack(built.path, key.public))


def test_a_pack_re_signed_with_another_key_is_untrusted(
    built: BuiltPack, key: SigningKey, other_key: SigningKey
) -> None:
    pack = built.path
    forged = b"<html><body>all green</body></html>"
    (pack / "report.html").write_bytes(forged)

    def fix_hash(doc: dict[str, Any]) -> None:
        doc["artifacts"][0]["sha256"] = "sha256:" + hashlib.sha256(forged).hexdigest()
        doc["artifacts"][0]["size"] = len(forged)
        doc["pack"]["verdict"] = "go"

    rewrite_manifest(pack, fix_hash, signer=other_key)
    report = verify_pack(pack, key.public)
    untrusted = [p for p in report.problems if p.code == "untrusted"]
    assert [p.where for p in untrusted] == ["manifest.sig"]
    assert "signed by an untrusted key" in untrusted[0].message
    assert other_key.public.short in untrusted[0].message
    assert key.public.short in untrusted[0].message
    # the old approvals head was bound to the genuine manifest
    assert any(p.code == "chain" and p.where == "approvals.head" for p in report.problems)
    # trusting the forger's key instead: the manifest passes, the genuine head does not
    forged_view = verify_pack(pack, other_key.public)
    assert {p.where for p in forged_view.problems} == {"approvals.head", "approvals.jsonl"}


def test_a_signature_by_another_key_under_the_genuine_signer_is_invalid(
    built: BuiltPack, key: SigningKey, other_key: SigningKey
) -> None:
    raw = (built.path / "manifest.json").read_bytes()
    (built.path / "manifest.sig").write_text(base64.b64encode(other_key.sign(raw)).decode())
    report = verify_pack(built.path, key.public)
    assert [(p.code, p.where) for p in report.problems] == [("signature", "manifest.sig")]


def test_a_re_encoded_manifest_is_reported(built: BuiltPack, key: SigningKey) -> None:
    path = built.path / "manifest.json"
    path.write_text(json.dumps(json.loads(path.read_bytes()), indent=2))
    report = verify_pack(built.path, key.public)
    assert report.problems[0].code == "format" and "canonical" in report.problems[0].message


def test_a_manifest_with_a_duplicate_key_is_rejected(built: BuiltPack, key: SigningKey) -> None:
    path = built.path / "manifest.json"
    raw = path.read_bytes()
    path.write_bytes(raw[:-1] + b',"format":"saferail-evidence-pack/1"}')
    assert "duplicate key" in verify_pack(built.path, key.public).problems[0].message


def test_missing_signature_and_manifest(built: BuiltPack, key: SigningKey) -> None:
    (built.path / "manifest.sig").unlink()
    assert codes(verify_pack(built.path, key.public)) == ["missing"]
    (built.path / "manifest.json").unlink()
    found = verify_pack(built.path, key.public).problems
    assert ("missing", "manifest.json") in [(p.code, p.where) for p in found]


def test_a_symlink_is_not_followed(built: BuiltPack, key: SigningKey, tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("x")
    (built.path / "link.txt").symlink_to(outside)
    report = verify_pack(built.path, key.public)
    assert [(p.code, p.where) for p in report.problems] == [("unsafe_path", "link.txt")]


def test_no_trust_anchor_is_a_problem(built: BuiltPack) -> None:
    report = verify_pack(built.path)  # the key lives outside $SAFERAIL_HOME: nothing pinned
    assert codes(report) == ["untrusted"]
    assert "no trusted key" in report.problems[0].message


def test_a_pinned_key_is_trusted_by_default(built: BuiltPack, key: SigningKey) -> None:
    trust_key(key.public, "release")
    assert verify_pack(built.path).valid


def test_the_default_key_is_created_and_trusted(tmp_path: Path) -> None:
    built = build_pack(
        tmp_path / "p", [Artifact.from_text("a.txt", "a")], info=PackInfo(verdict="go")
    )
    assert built.key_created
    home_key = Path(os.environ["SAFERAIL_HOME"]) / "keys" / "signing.key"
    assert home_key.stat().st_mode & 0o777 == 0o600
    assert verify_pack(built.path).valid
    again = build_pack(
        tmp_path / "q", [Artifact.from_text("a.txt", "a")], info=PackInfo(verdict="go")
    )
    assert not again.key_created and again.signer == built.signer


def test_zip_round_trip(built: BuiltPack, key: SigningKey) -> None:
    assert built.zip_path is not None and built.zip_path.name == "pack.zip"
    assert verify_pack(built.zip_path, key.public).valid
    record_approval(built.path, actor="ana", role="safety lead", decision="approve", key=key)
    stale = verify_pack(built.zip_path, key.public)
    assert stale.valid and stale.approvals == []  # a snapshot taken before the approval
    zipped = zip_pack(built.path)
    report = verify_pack(zipped, key.public)
    assert report.valid and [e.actor for e in report.approvals] == ["ana"]
    first = zipped.read_bytes()
    assert zip_pack(built.path).read_bytes() == first  # deterministic


def _rezip(src: Path, dest: Path, edit: dict[str, bytes | None]) -> None:
    with zipfile.ZipFile(src) as old, zipfile.ZipFile(dest, "w") as new:
        for info in old.infolist():
            name = info.filename.split("/", 1)[1]
            data = edit.get(name, old.read(info))
            if data is not None:
                new.writestr(info.filename, data)
        for name, data in edit.items():
            if data is not None and f"pack/{name}" not in old.namelist():
                new.writestr(f"pack/{name}", data)


def test_tampering_inside_a_zip_is_reported(
    built: BuiltPack, key: SigningKey, tmp_path: Path
) -> None:
    assert built.zip_path is not None
    cases = {
        "modified": {"report.html": b"<html>green</html>"},
        "missing": {"policy.yaml": None},
        "unlisted": {"notes.txt": b"later"},
    }
    for code, edit in cases.items():
        bad = tmp_path / f"{code}.zip"
        _rezip(built.zip_path, bad, edit)
        assert codes(verify_pack(bad, key.public)) == [code]


def test_a_corrupted_zip_member_is_reported_not_raised(
    built: BuiltPack, key: SigningKey, tmp_path: Path
) -> None:
    assert built.zip_path is not None
    data = bytearray(built.zip_path.read_bytes())
    with zipfile.ZipFile(built.zip_path) as archive:
        info = archive.getinfo("pack/system_card.md")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + 2] ^= 0xFF  # flip a byte of the compressed data
    bad = tmp_path / "corrupt.zip"
    bad.write_bytes(bytes(data))
    report = verify_pack(bad, key.public)
    assert not report.valid
    assert {p.where for p in report.problems} == {"system_card.md"}


@pytest.mark.parametrize(
    ("path", "why"),
    [
        ("../x", "invalid"),
        ("/etc/x", "invalid"),
        ("manifest.json", "invalid"),
        ("a b", "invalid"),
        ("report.html\n", "invalid"),  # `$` matched before a final newline
    ],
)
def test_unsafe_artifact_paths_are_refused(
    tmp_path: Path, key: SigningKey, path: str, why: str
) -> None:
    with pytest.raises(EvidenceError, match=why):
        build_pack(
            tmp_path / "p", [Artifact.from_text(path, "x")], info=PackInfo(verdict="go"), key=key
        )
    assert not (tmp_path / "p").exists()


def test_conflicting_artifact_paths_are_refused(tmp_path: Path, key: SigningKey) -> None:
    info = PackInfo(verdict="go")
    for items in (["a.txt", "A.TXT"], ["runs", "runs/x.json"]):
        with pytest.raises(EvidenceError):
            build_pack(
                tmp_path / "p", [Artifact.from_text(p, "x") for p in items], info=info, key=key
            )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keys"]  # nothing left behind


def test_an_existing_directory_is_not_replaced(tmp_path: Path, key: SigningKey) -> None:
    info, items = PackInfo(verdict="go"), [Artifact.from_text("a.txt", "a")]
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "precious.txt").write_text("keep me")
    with pytest.raises(EvidenceError, match="already exists"):
        build_pack(tmp_path / "work", items, info=info, key=key)
    with pytest.raises(EvidenceError, match="not an evidence pack"):
        build_pack(tmp_path / "work", items, info=info, key=key, overwrite=True)
    assert (tmp_path / "work" / "precious.txt").read_text() == "keep me"
    build_pack(tmp_path / "p", items, info=info, key=key)
    rebuilt = build_pack(
        tmp_path / "p", [Artifact.from_text("b.txt", "b")], info=info, key=key, overwrite=True
    )
    assert verify_pack(rebuilt.path, key.public).valid and not (rebuilt.path / "a.txt").exists()


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_openssl_verifies_the_manifest_without_saferail(
    built: BuiltPack, key: SigningKey, tmp_path: Path
) -> None:
    sig = tmp_path / "manifest.sig.bin"
    sig.write_bytes(base64.b64decode((built.path / "manifest.sig").read_text()))
    assert key.path is not None
    proc = subprocess.run(
        [
            "openssl",
            "pkeyutl",
            "-verify",
            "-pubin",
            "-inkey",
            str(key.path.with_suffix(".pub")),
            "-rawin",
            "-in",
            str(built.path / "manifest.json"),
            "-sigfile",
            str(sig),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if "-rawin" in proc.stderr:
        pytest.skip("this openssl cannot verify Ed25519 raw input")
    assert proc.returncode == 0, proc.stderr


# -- hostile zips: every damage is a listed problem or one clear error, never a crash ----------


def _patch_central(data: bytearray, at: int, value: bytes) -> None:
    """Overwrite ``value`` at offset ``at`` of every central directory record of a zip."""
    start = data.find(b"PK\x01\x02")
    while start >= 0:
        data[start + at : start + at + len(value)] = value
        start = data.find(b"PK\x01\x02", start + 4)


def _end_record_offset(data: bytearray, shift: int) -> None:
    """Move the central directory offset recorded in the end record by ``shift`` bytes."""
    end = data.rfind(b"PK\x05\x06")
    old = int.from_bytes(data[end + 16 : end + 20], "little")
    data[end + 16 : end + 20] = (old + shift).to_bytes(4, "little")


@pytest.mark.parametrize(
    "damage",
    [
        "encrypted",  # the "encrypted" flag on every member (RuntimeError)
        "version",  # a "needs zip version 25.5" member (NotImplementedError)
        "offset",  # member offsets before the start of the file (OSError: Invalid argument)
        "utf8",  # a member name flagged UTF-8 that is not (UnicodeDecodeError)
    ],
)
def test_a_hostile_zip_is_reported_not_raised(
    built: BuiltPack, key: SigningKey, tmp_path: Path, damage: str
) -> None:
    assert built.zip_path is not None
    data = bytearray(built.zip_path.read_bytes())
    if damage == "encrypted":
        _patch_central(data, 8, b"\x01\x00")
    elif damage == "version":
        _patch_central(data, 6, b"\xff\x00")
    elif damage == "offset":
        _end_record_offset(data, 10_000)
    else:
        _patch_central(data, 8, b"\x00\x08")
        name = data.find(b"pack/report.html", data.find(b"PK\x01\x02"))
        data[name + 5] = 0xFF
    bad = tmp_path / "hostile.zip"
    bad.write_bytes(bytes(data))
    try:
        report = verify_pack(bad, key.public)
    except SaferailError as exc:  # no pack at all: one clear line
        assert str(exc).startswith(f"{bad}: ") and "\n" not in str(exc)
    else:
        assert not report.valid
    if damage == "encrypted":
        assert ("unreadable", "manifest.json") in [(p.code, p.where) for p in report.problems]
        assert any("encrypted" in p.message for p in report.problems)
