"""Keyed hashing of identifiers: user and conversation ids enter telemetry only as
``hmac-sha256:<32 hex>`` digests under a secret key, so events about one conversation can be
correlated while the ids themselves (often emails or account numbers) cannot be recovered or
confirmed by guessing without the key.

The key comes from ``SAFERAIL_TELEMETRY_KEY`` (base64 of at least 16 random bytes) or, when
that is unset, from ``$SAFERAIL_HOME/telemetry.key``, created with 32 random bytes and mode
0600 on first use. Rotating the key unlinks old and new digests of the same id.
"""

from __future__ import annotations

__all__ = ["KEY_ENV", "Hasher", "TelemetryKeyError", "load_key"]

import base64
import binascii
import hashlib
import hmac
import os
from pathlib import Path

from saferail.errors import SaferailError

KEY_ENV = "SAFERAIL_TELEMETRY_KEY"
_PREFIX = "hmac-sha256:"


class TelemetryKeyError(SaferailError):
    """The telemetry hashing key is missing, malformed or too short."""


def _decode(text: str, where: str) -> bytes:
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise TelemetryKeyError(f"{where}: not base64") from None
    if len(key) < 16:
        raise TelemetryKeyError(f"{where}: needs at least 16 random bytes")
    return key


def load_key(path: str | Path | None = None) -> bytes:
    """The hashing key: ``$SAFERAIL_TELEMETRY_KEY``, else the key file (created if absent)."""
    env = os.environ.get(KEY_ENV)
    if env:
        return _decode(env, KEY_ENV)
    if path is None:
        home = os.environ.get("SAFERAIL_HOME") or str(Path.home() / ".saferail")
        path = Path(home) / "telemetry.key"
    file = Path(path)
    try:
        return _decode(file.read_text(encoding="ascii"), str(file))
    except FileNotFoundError:
        pass
    file.parent.mkdir(parents=True, exist_ok=True)
    _publish_new_key(file)
    return _decode(file.read_text(encoding="ascii"), str(file))


def _publish_new_key(file: Path) -> None:
    """Write a fresh key beside ``file`` and hard-link it into place: the link either makes
    the whole key appear at once or fails because another process published first, so
    processes starting together agree on one key and none reads a half-written file."""
    tmp = file.with_name(f".{file.name}.{os.getpid()}.{os.urandom(4).hex()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(base64.b64encode(os.urandom(32)).decode() + "\n")
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(tmp, file)
        except FileExistsError:
            pass  # another process published its key first: everyone uses that one
        except OSError:  # no hard links here: a rename is still atomic, if not exclusive
            if not file.exists():
                os.replace(tmp, file)
    finally:
        tmp.unlink(missing_ok=True)


class Hasher:
    """``hash(value)``: the keyed digest of an id or a text (``None`` stays ``None``)."""

    def __init__(self, key: bytes | None = None, *, purpose: str = "ids") -> None:
        master = key if key is not None else load_key()
        if len(master) < 16:
            raise TelemetryKeyError("the telemetry key needs at least 16 bytes")
        # a sub-key per purpose, so digests of ids and of content never coincide
        label = f"saferail/telemetry/{purpose}/v1".encode()
        self._key = hmac.new(master, label, hashlib.sha256).digest()

    def hash(self, value: str | None) -> str | None:
        if value is None:
            return None
        # surrogatepass: an id with a lone surrogate still hashes (valid text is unchanged)
        data = value.encode("utf-8", "surrogatepass")
        return _PREFIX + hmac.digest(self._key, data, "sha256")[:16].hex()
