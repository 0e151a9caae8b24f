"""Canonical JSON and digests shared by the evidence pack and the approvals log.

Everything that is hashed or signed is first encoded as *canonical JSON*: keys sorted, no
whitespace, UTF-8, no NaN or infinities. Reading is strict: a duplicated key or a non-finite
number is an error rather than a silent "last one wins", so the bytes a verifier checks are
the only reading of the document.
"""

from __future__ import annotations

__all__ = [
    "CanonicalError",
    "EvidenceError",
    "Problem",
    "canonical",
    "digest",
    "is_digest",
    "now_utc",
    "printable",
    "strict_loads",
]

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from saferail.errors import SaferailError

_DIGEST = re.compile(r"^sha256:[0-9a-f]{64}\Z")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a pack or a log.

    ``code`` is one of ``format``, ``missing``, ``modified``, ``unlisted``, ``unsafe_path``,
    ``unreadable``, ``reordered``, ``chain``, ``truncated``, ``signature``, ``untrusted``;
    ``where`` names the file (and line) concerned.
    """

    code: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{printable(self.where)}: {printable(self.message)}"


def printable(text: str) -> str:
    """Escape control characters (a hostile file name or approval note must not forge extra
    output lines or send terminal escapes)."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class EvidenceError(SaferailError):
    """A pack or log could not be built, read, zipped or extended."""


class CanonicalError(SaferailError):
    """A document is not valid strict JSON (bad syntax, duplicate key, NaN)."""


def canonical(obj: Any) -> bytes:
    """The canonical JSON encoding of ``obj`` (sorted keys, compact, UTF-8)."""
    return json.dumps(
        obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def digest(data: bytes) -> str:
    """``sha256:<64 hex>`` of ``data``."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def is_digest(text: str) -> bool:
    """True for a well-formed ``sha256:<64 hex>`` string."""
    return bool(_DIGEST.match(text))


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise CanonicalError(f"duplicate key {key!r}")
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise CanonicalError(f"non-finite number {name}")


def strict_loads(data: bytes, *, require_canonical: bool = True) -> Any:
    """Parse JSON strictly; with ``require_canonical`` the bytes must be its canonical form."""
    try:
        obj = json.loads(
            data.decode("utf-8"), object_pairs_hook=_no_duplicates, parse_constant=_no_constant
        )
    except UnicodeDecodeError:
        raise CanonicalError("not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise CanonicalError(f"not JSON ({exc.msg} at line {exc.lineno})") from None
    if require_canonical and canonical(obj) != data:
        raise CanonicalError("not in canonical form (it was re-encoded or edited)")
    return obj


def now_utc() -> str:
    """The current UTC time as ISO 8601 with milliseconds and a ``Z`` suffix."""
    stamp = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")
    return stamp.replace("+00:00", "Z")
