"""Signing keys: file modes, formats openssl and ssh use, and the trusted-key set."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from saferail.governance.keys import (
    PublicKey,
    SigningKeyError,
    default_key_path,
    generate_key,
    key_dir,
    load_or_create_signing_key,
    load_public_key,
    load_signing_key,
    trust_key,
    trusted_keys,
)
from tests.together import run_together


def test_the_default_location_is_under_saferail_home() -> None:
    assert key_dir() == Path(os.environ["SAFERAIL_HOME"]) / "keys"
    assert default_key_path().name == "signing.key"


def test_generate_writes_a_private_key_only_its_owner_can_read() -> None:
    key = generate_key()
    path = default_key_path()
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o077 == 0
    assert load_signing_key().public == key.public
    assert load_public_key(path.with_suffix(".pub")) == key.public
    with pytest.raises(SigningKeyError, match="already exists"):
        generate_key()
    replaced = generate_key(overwrite=True)
    assert replaced.public != key.public and path.stat().st_mode & 0o777 == 0o600


def test_a_key_readable_by_others_is_refused(tmp_path: Path) -> None:
    generate_key(tmp_path / "k.key")
    os.chmod(tmp_path / "k.key", 0o644)
    with pytest.raises(SigningKeyError, match="chmod 600"):
        load_signing_key(tmp_path / "k.key")


def test_missing_and_malformed_keys(tmp_path: Path) -> None:
    with pytest.raises(SigningKeyError, match="evidence keygen"):
        load_signing_key(tmp_path / "none.key")
    bad = tmp_path / "bad.key"
    bad.write_text("hello")
    bad.chmod(0o600)
    with pytest.raises(SigningKeyError, match="not a PEM private key"):
        load_signing_key(bad)
    with pytest.raises(SigningKeyError, match="not a public key"):
        load_public_key(bad)
    with pytest.raises(SigningKeyError, match="not base64"):
        load_public_key("ed25519:???")


def test_load_or_create(tmp_path: Path) -> None:
    first, created = load_or_create_signing_key(tmp_path / "k.key")
    again, created_again = load_or_create_signing_key(tmp_path / "k.key")
    assert created and not created_again and first.public == again.public


def test_public_key_forms_round_trip(tmp_path: Path) -> None:
    key = generate_key(tmp_path / "k.key")
    assert PublicKey.from_text(key.public.text) == key.public
    assert load_public_key(key.public.text) == key.public
    ssh = Ed25519PrivateKey.generate()
    line = ssh.public_key().public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
    )
    (tmp_path / "id.pub").write_bytes(line + b" me@host\n")
    raw = ssh.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert load_public_key(tmp_path / "id.pub") == PublicKey(raw)


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_openssl_verifies_a_signature_made_with_the_key(tmp_path: Path) -> None:
    key = generate_key(tmp_path / "k.key")
    (tmp_path / "msg").write_bytes(b"manifest bytes")
    (tmp_path / "msg.sig").write_bytes(key.sign(b"manifest bytes"))
    proc = subprocess.run(
        [
            "openssl",
            "pkeyutl",
            "-verify",
            "-pubin",
            "-inkey",
            str(tmp_path / "k.pub"),
            "-rawin",
            "-in",
            str(tmp_path / "msg"),
            "-sigfile",
            str(tmp_path / "msg.sig"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if "unknown option" in proc.stderr or "-rawin" in proc.stderr:
        pytest.skip("this openssl cannot verify Ed25519 raw input")
    assert proc.returncode == 0, proc.stderr


def test_trusted_keys(tmp_path: Path) -> None:
    assert trusted_keys() == []
    own = generate_key()
    other = generate_key(tmp_path / "other.key")
    assert trusted_keys() == [own.public]
    path = trust_key(tmp_path / "other.pub", "colleague")
    assert path == key_dir() / "trusted" / "colleague.pub"
    assert trusted_keys() == [own.public, other.public]
    assert trusted_keys(other.public.text) == [other.public]
    assert trusted_keys([tmp_path / "other.pub", own.public]) == [other.public, own.public]
    with pytest.raises(SigningKeyError, match="another key"):
        trust_key(own.public, "colleague")
    with pytest.raises(SigningKeyError, match="invalid key name"):
        trust_key(own.public, "../x")


def _public_key_text(path: str) -> str:
    key, _created = load_or_create_signing_key(path)
    return key.public.text


def test_processes_starting_together_agree_on_one_signing_key(tmp_path: Path) -> None:
    """Two evidence packs signed at once must not see each other's half-written key file."""
    for round_ in range(6):
        path = str(tmp_path / f"home{round_}" / "signing.key")
        got = run_together(_public_key_text, path)
        assert len(set(got)) == 1 and not got[0].startswith("error"), got
        assert load_signing_key(path).public.text == got[0]
        names = sorted(p.name for p in Path(path).parent.iterdir())
        assert names == ["signing.key", "signing.pub"]


def test_a_key_is_never_visible_half_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the key bytes are being written, the key path must not exist yet: a process that
    looked at that moment would load an empty file (\"not a PEM private key\")."""
    path = tmp_path / "signing.key"
    seen: list[bytes | None] = []
    real_fdopen = os.fdopen

    class Spy:
        def __init__(self, inner: Any) -> None:
            self.inner = inner

        def __enter__(self) -> Spy:
            self.inner.__enter__()
            return self

        def __exit__(self, *exc: object) -> None:
            self.inner.__exit__(*exc)

        def write(self, data: bytes) -> int:
            seen.append(path.read_bytes() if path.exists() else None)
            return int(self.inner.write(data))

        def __getattr__(self, name: str) -> Any:
            return getattr(self.inner, name)

    monkeypatch.setattr(
        "saferail.governance.keys.os.fdopen", lambda *a, **k: Spy(real_fdopen(*a, **k))
    )
    generate_key(path)
    assert seen == [None]
    monkeypatch.undo()
    assert load_signing_key(path).public.text


def test_a_trusted_key_name_with_a_line_break_is_refused() -> None:
    own = generate_key()
    with pytest.raises(SigningKeyError, match="invalid key name"):
        trust_key(own.public, "colleague\n")
    assert not (key_dir() / "trusted").exists() or list((key_dir() / "trusted").iterdir()) == []
