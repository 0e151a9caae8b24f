"""Pinned SHA-256 digests of every bundled artifact, checked when an artifact is loaded.

``saferail/data/PINS.json`` (written by ``scripts/update_pins.py``, committed with the
artifacts) maps each file under ``saferail/data`` (model weights and cards, built-in suites,
red-team goals and templates, the default policy, word lists...) to its SHA-256::

    {"algorithm": "sha256", "schema_version": 1,
     "files": {"models/prompt_injection.npz": "9f2c...", "suites/pii_leakage.yaml": "..."}}

The loaders of model artifacts and built-in suites call :func:`verify_pinned` before they
parse a file: a file whose digest differs from its pin, or that has no pin, raises
:class:`ArtifactIntegrityError` (one line naming the file, the expected and the actual digest
prefix). ``SAFERAIL_ALLOW_UNPINNED=1`` turns the check off, for development only (e.g. while
retraining a model before the pins are regenerated); it is off by default.

The pins travel inside the package: they catch a modified or swapped artifact file (a
corrupted download, a tampered model replaced on disk, an edited suite), not an attacker who
can rewrite the package's code too. For that, verify the installation against a BOM kept
outside it (``saferail bom verify FILE``, :mod:`saferail.supply.verify`).
"""

from __future__ import annotations

__all__ = [
    "ALLOW_UNPINNED_ENV",
    "PINS_FILE",
    "ArtifactIntegrityError",
    "PinProblem",
    "bundled_files",
    "check_pins",
    "compute_pins",
    "data_dir",
    "load_pins",
    "pins_path",
    "render_pins",
    "sha256_file",
    "unpinned_allowed",
    "verify_pinned",
]

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from saferail.errors import SaferailError, TextFileError
from saferail.io import read_text

PINS_FILE = "PINS.json"
ALLOW_UNPINNED_ENV = "SAFERAIL_ALLOW_UNPINNED"
_SCHEMA_VERSION = 1
_SKIP_NAMES = {PINS_FILE, ".DS_Store"}
_FIX = "reinstall saferail, or run scripts/update_pins.py after changing bundled data"


class ArtifactIntegrityError(SaferailError):
    """A bundled artifact does not match its pinned SHA-256 (or has no pin): not loaded."""


def data_dir() -> Path:
    """The ``saferail/data`` folder of this installation."""
    return Path(__file__).resolve().parent.parent / "data"


def pins_path() -> Path:
    """The pin file shipped with this installation."""
    return data_dir() / PINS_FILE


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file, read in 1 MiB blocks."""
    sha = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def bundled_files(root: Path | None = None) -> list[str]:
    """Every file under ``root`` (default: the data folder) that gets a pin, as sorted
    POSIX paths relative to it (the pin file itself, caches and hidden files excluded)."""
    base = root or data_dir()
    out = []
    for path in base.rglob("*"):
        rel = path.relative_to(base)
        if not path.is_file() or path.name in _SKIP_NAMES:
            continue
        if any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
            continue
        out.append(rel.as_posix())
    return sorted(out)


def compute_pins(root: Path | None = None) -> dict[str, str]:
    """``{relative path: sha256}`` of every bundled file under ``root``."""
    base = root or data_dir()
    return {rel: sha256_file(base / rel) for rel in bundled_files(base)}


def render_pins(pins: dict[str, str]) -> str:
    """The pin file's text: sorted keys, one file a line, trailing newline (stable diffs)."""
    body = {
        "algorithm": "sha256",
        "schema_version": _SCHEMA_VERSION,
        "files": dict(sorted(pins.items())),
    }
    return json.dumps(body, indent=1, sort_keys=True) + "\n"


def _read_pins(path: str) -> dict[str, str]:
    """The pins in ``path``, read afresh each time (a few kB): a pin file rewritten during
    the process (``scripts/update_pins.py``) is never answered from a stale copy."""
    try:
        raw = json.loads(read_text(path))
    except TextFileError as exc:
        raise ArtifactIntegrityError(f"{path}: the pin file: {exc.reason}") from None
    except json.JSONDecodeError as exc:
        raise ArtifactIntegrityError(f"{path}: the pin file is not valid JSON: {exc.msg}") from None
    except RecursionError:  # [[[[...]]]] thousands deep
        raise ArtifactIntegrityError(
            f"{path}: the pin file is not valid JSON: nested too deeply"
        ) from None
    if not isinstance(raw, dict) or raw.get("algorithm") != "sha256":
        raise ArtifactIntegrityError(f"{path}: not a sha256 pin file")
    files = raw.get("files")
    if not isinstance(files, dict):
        raise ArtifactIntegrityError(f"{path}: not a sha256 pin file")
    return {str(k): str(v) for k, v in files.items()}


def load_pins(path: Path | None = None) -> dict[str, str]:
    """The pins of this installation (or of the pin file ``path``)."""
    return _read_pins(str(path or pins_path()))


def unpinned_allowed() -> bool:
    """Whether ``SAFERAIL_ALLOW_UNPINNED`` switches load-time verification off."""
    return os.environ.get(ALLOW_UNPINNED_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def verify_pinned(path: Path, key: str) -> None:
    """Raise :class:`ArtifactIntegrityError` unless the file at ``path`` has the digest
    pinned for ``key`` (its path relative to the data folder, e.g. ``models/refusal.npz``).

    A missing file is left to the loader (which reports it its own way)."""
    if unpinned_allowed() or not path.is_file():
        return
    if key.rsplit("/", 1)[-1] != path.name:  # e.g. a symlink resolved to another artifact
        raise ArtifactIntegrityError(
            f"{path}: checked against the pin of another artifact ({key}); refusing to load "
            f"a swapped or redirected artifact ({_FIX})"
        )
    expected = _read_pins(str(pins_path())).get(key)
    if expected is None:
        raise ArtifactIntegrityError(
            f"{path}: no pinned SHA-256 for bundled artifact {key!r}; refusing to load it ({_FIX})"
        )
    actual = sha256_file(path)
    if actual != expected:
        raise ArtifactIntegrityError(
            f"{path}: SHA-256 {actual[:12]}... does not match the pinned {expected[:12]}... "
            f"of {key}; refusing to load a modified artifact ({_FIX})"
        )


@dataclass(frozen=True)
class PinProblem:
    """One difference between the files on disk and the pins."""

    kind: str
    """``hash_mismatch``, ``missing`` (pinned, not on disk) or ``unpinned`` (on disk, no pin)."""
    path: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.path}: {self.detail}"


def check_pins(root: Path | None = None, pins: dict[str, str] | None = None) -> list[PinProblem]:
    """Every difference between the bundled files under ``root`` and ``pins`` (default:
    this installation's data folder and pin file)."""
    base = root or data_dir()
    wanted = load_pins() if pins is None else pins
    problems: list[PinProblem] = []
    on_disk = set(bundled_files(base))
    for rel, expected in sorted(wanted.items()):
        if rel not in on_disk:
            problems.append(PinProblem("missing", rel, "pinned but not installed"))
            continue
        actual = sha256_file(base / rel)
        if actual != expected:
            detail = f"sha256 {actual[:12]}... != pinned {expected[:12]}..."
            problems.append(PinProblem("hash_mismatch", rel, detail))
    for rel in sorted(on_disk - set(wanted)):
        problems.append(PinProblem("unpinned", rel, "installed but has no pin"))
    return problems
