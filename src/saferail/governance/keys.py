"""Ed25519 signing keys for evidence packs and approvals, and the set of trusted keys.

Layout under ``$SAFERAIL_HOME/keys`` (``~/.saferail/keys`` by default)::

    signing.key        the private key (PKCS#8 PEM, unencrypted, mode 0600)
    signing.pub        its public key (SubjectPublicKeyInfo PEM, readable by openssl)
    trusted/NAME.pub   public keys of other signers this machine trusts

A public key is also written inline as ``ed25519:<base64 of the 32 raw bytes>`` (that is how
packs record their signer) and identified by its fingerprint ``sha256:<hex>`` of those bytes.
A private key readable by group or others is refused, as ssh does.
"""

from __future__ import annotations

__all__ = [
    "PublicKey",
    "SigningKey",
    "SigningKeyError",
    "default_key_path",
    "generate_key",
    "key_dir",
    "load_or_create_signing_key",
    "load_public_key",
    "load_signing_key",
    "trust_key",
    "trusted_keys",
]

import base64
import binascii
import errno
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from saferail.errors import SaferailError
from saferail.governance._pack_canon import digest

_INLINE = "ed25519:"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\Z")


class SigningKeyError(SaferailError):
    """A key is missing, malformed, of the wrong type or stored with unsafe permissions."""


@dataclass(frozen=True)
class PublicKey:
    """An Ed25519 public key (the 32 raw bytes)."""

    raw: bytes

    def __post_init__(self) -> None:
        if len(self.raw) != 32:
            raise SigningKeyError("an Ed25519 public key has 32 bytes")

    @property
    def fingerprint(self) -> str:
        """``sha256:<64 hex>`` of the raw key: how reports name a signer."""
        return digest(self.raw)

    @property
    def short(self) -> str:
        """The first 16 hex digits of the fingerprint, for messages."""
        return self.fingerprint[:23]

    @property
    def text(self) -> str:
        """The inline form ``ed25519:<base64>`` recorded in packs."""
        return _INLINE + base64.b64encode(self.raw).decode("ascii")

    def pem(self) -> bytes:
        """SubjectPublicKeyInfo PEM (what ``openssl pkey -pubin`` reads)."""
        key = Ed25519PublicKey.from_public_bytes(self.raw)
        return key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def verify(self, signature: bytes, data: bytes) -> bool:
        """True when ``signature`` is this key's Ed25519 signature of ``data``."""
        try:
            Ed25519PublicKey.from_public_bytes(self.raw).verify(signature, data)
        except InvalidSignature:
            return False
        return True

    @classmethod
    def from_text(cls, text: str) -> PublicKey:
        """Parse the inline ``ed25519:<base64>`` form."""
        body = text.strip()
        if not body.startswith(_INLINE):
            raise SigningKeyError(f"not an inline public key (expected {_INLINE}<base64>)")
        try:
            raw = base64.b64decode(body[len(_INLINE) :], validate=True)
        except (binascii.Error, ValueError):
            raise SigningKeyError("inline public key is not base64") from None
        return cls(raw)


@dataclass(frozen=True)
class SigningKey:
    """An Ed25519 private key and its public half."""

    private: Ed25519PrivateKey = field(repr=False)
    path: Path | None = None

    @property
    def public(self) -> PublicKey:
        return PublicKey(
            self.private.public_key().public_bytes(
                serialization.Encoding.Raw, serialization.PublicFormat.Raw
            )
        )

    def sign(self, data: bytes) -> bytes:
        """The 64-byte Ed25519 signature of ``data``."""
        return self.private.sign(data)


def key_dir() -> Path:
    """``$SAFERAIL_HOME/keys`` (``~/.saferail/keys`` by default)."""
    home = os.environ.get("SAFERAIL_HOME") or str(Path.home() / ".saferail")
    return Path(home) / "keys"


def default_key_path() -> Path:
    """Where the signing key lives unless a path is given: ``key_dir()/signing.key``."""
    return key_dir() / "signing.key"


def _pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _write_private(path: Path, data: bytes, *, overwrite: bool) -> None:
    """Write the key to a private temp file (O_EXCL, mode 0600) beside ``path``, then put it in
    place whole: renamed over an old key with ``overwrite``, else hard-linked, which fails if a
    key is there (never clobbered) and never shows another process a half-written key."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    exists = f"{path} already exists (use --force to replace it)"
    if not overwrite and path.exists():
        raise SigningKeyError(exists)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if overwrite:
            os.replace(tmp, path)
            return
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise SigningKeyError(exists) from None
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
                raise
            if path.exists():  # no hard links on this file system: an atomic rename instead
                raise SigningKeyError(exists) from None
            os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def generate_key(path: str | Path | None = None, *, overwrite: bool = False) -> SigningKey:
    """Create a new signing key (mode 0600) and its ``.pub`` file next to it."""
    file = Path(path) if path is not None else default_key_path()
    if file.is_dir():
        raise SigningKeyError(f"{file} is a directory; give a key file path")
    if file.suffix == ".pub":  # the public key goes to <name>.pub: it would overwrite this key
        raise SigningKeyError(f"{file}: a private key file must not end in .pub (try .key)")
    key = SigningKey(Ed25519PrivateKey.generate(), file)
    try:
        _write_private(file, _pem(key.private), overwrite=overwrite)
        file.with_suffix(".pub").write_bytes(key.public.pem())
    except OSError as exc:
        why = "not a directory" if isinstance(exc, FileExistsError) else exc.strerror
        raise SigningKeyError(f"{file}: cannot write {exc.filename or file}: {why}") from None
    return key


def load_signing_key(path: str | Path | None = None) -> SigningKey:
    """Load a private key, refusing one that group or others may read."""
    file = Path(path) if path is not None else default_key_path()
    try:
        mode = file.stat().st_mode
        data = file.read_bytes()
    except FileNotFoundError:
        raise SigningKeyError(f"no signing key at {file} (run: saferail evidence keygen)") from None
    except OSError as exc:
        raise SigningKeyError(f"{file}: {exc.strerror}") from None
    if mode & 0o077:
        raise SigningKeyError(f"{file} is readable by others; run: chmod 600 {file}")
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except TypeError:
        raise SigningKeyError(f"{file}: encrypted keys are not supported") from None
    except (ValueError, UnsupportedAlgorithm):
        raise SigningKeyError(f"{file}: not a PEM private key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError(f"{file}: not an Ed25519 key")
    return SigningKey(key, file)


def load_or_create_signing_key(path: str | Path | None = None) -> tuple[SigningKey, bool]:
    """The signing key, generated first if absent; the flag says whether it was created."""
    file = Path(path) if path is not None else default_key_path()
    if file.exists():
        return load_signing_key(file), False
    try:
        return generate_key(file), True
    except SigningKeyError:  # another process created it meanwhile
        return load_signing_key(file), False


def _parse_public(data: bytes, where: str) -> PublicKey:
    text = data.decode("ascii", errors="replace").strip()
    if text.startswith(_INLINE):
        return PublicKey.from_text(text)
    key: object
    try:
        if text.startswith("ssh-ed25519 "):
            key = serialization.load_ssh_public_key(data)
        else:
            key = serialization.load_pem_public_key(data)
    except (ValueError, UnsupportedAlgorithm):
        raise SigningKeyError(f"{where}: not a public key (PEM, ssh-ed25519 or ed25519:)") from None
    if not isinstance(key, Ed25519PublicKey):
        raise SigningKeyError(f"{where}: not an Ed25519 key")
    return PublicKey(key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))


def load_public_key(source: str | Path | PublicKey) -> PublicKey:
    """A public key from an inline ``ed25519:`` string or a file (PEM, ssh-ed25519, inline)."""
    if isinstance(source, PublicKey):
        return source
    if isinstance(source, str) and source.strip().startswith(_INLINE):
        return PublicKey.from_text(source)
    file = Path(source)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise SigningKeyError(f"{file}: {exc.strerror or exc}") from None
    return _parse_public(data, str(file))


def trust_key(source: str | Path | PublicKey, name: str | None = None) -> Path:
    """Pin a public key as trusted on this machine (``key_dir()/trusted/NAME.pub``)."""
    key = load_public_key(source)
    label = name or key.fingerprint[7:23]
    if not _NAME.match(label):
        raise SigningKeyError(f"invalid key name {label!r} (letters, digits, . _ -)")
    out = key_dir() / "trusted" / f"{label}.pub"
    out.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if out.exists() and load_public_key(out) != key:
        raise SigningKeyError(f"{out} already holds another key")
    out.write_bytes(key.pem())
    return out


def trusted_keys(
    explicit: str | Path | PublicKey | Sequence[str | Path | PublicKey] | None = None,
) -> list[PublicKey]:
    """The keys a verifier accepts: ``explicit`` if given, else this machine's own public key
    (``signing.pub``) and every pinned ``trusted/*.pub``."""
    if explicit is not None:
        if isinstance(explicit, str | Path | PublicKey):
            return [load_public_key(explicit)]
        return [load_public_key(item) for item in explicit]
    found: list[PublicKey] = []
    own = default_key_path().with_suffix(".pub")
    candidates = [own] if own.exists() else []
    candidates += sorted((key_dir() / "trusted").glob("*.pub"))
    for file in candidates:
        key = load_public_key(file)
        if key not in found:
            found.append(key)
    return found
