"""The evidence pack's manifest: what it lists and how it is validated when read back."""

from __future__ import annotations

__all__ = [
    "APPROVALS",
    "FORMAT",
    "HEAD",
    "MANIFEST",
    "RESERVED",
    "SIGNATURE",
    "ArtifactEntry",
    "PackInfo",
    "PackManifest",
    "SignerInfo",
]

from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from saferail import __version__
from saferail.governance._pack_canon import now_utc

FORMAT: Final = "saferail-evidence-pack/1"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
APPROVALS = "approvals.jsonl"
HEAD = "approvals.head"
RESERVED = (MANIFEST, SIGNATURE, APPROVALS, HEAD)
_DIGEST = r"^sha256:[0-9a-f]{64}$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PackInfo(_Model):
    """What the pack is evidence of: when, by which saferail, for which target and policy,
    and the review's verdict with its reasons. ``extra`` holds any further JSON facts."""

    created_at: str = Field(default_factory=now_utc)
    saferail_version: str = __version__
    target_fingerprint: str | None = None
    target_spec: str | None = None
    policy_version: str | None = None
    verdict: Literal["go", "no-go"]
    reasons: list[str] = Field(default_factory=list)
    extra: dict[str, JsonValue] = Field(default_factory=dict)


class ArtifactEntry(_Model):
    """One listed file: its position, path inside the pack, kind, SHA-256 and size."""

    index: int = Field(ge=0)
    path: str = Field(min_length=1, max_length=512)
    kind: str = Field(pattern=r"^[a-z][a-z0-9_-]{0,40}$")
    sha256: str = Field(pattern=_DIGEST)
    size: int = Field(ge=0)


class SignerInfo(_Model):
    """The key that signed the manifest, as recorded in it (not a statement of trust)."""

    algorithm: Literal["ed25519"] = "ed25519"
    public_key: str = Field(pattern=r"^ed25519:[A-Za-z0-9+/=]{44}$")
    fingerprint: str = Field(pattern=_DIGEST)


class PackManifest(_Model):
    """``manifest.json``: stored as canonical JSON, signed byte for byte by ``manifest.sig``."""

    format: Literal["saferail-evidence-pack/1"] = FORMAT
    pack: PackInfo
    artifacts: list[ArtifactEntry]
    signer: SignerInfo
