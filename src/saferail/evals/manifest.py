"""Run manifests: everything needed to know what a run measured and to replay it."""

from __future__ import annotations

__all__ = ["build_manifest", "package_versions"]

import hashlib
import inspect
import platform
import sys
from importlib import metadata
from typing import TYPE_CHECKING, Any

from saferail import __version__
from saferail.evals.case import content_hash
from saferail.evals.suite import Suite
from saferail.targets.base import Target

if TYPE_CHECKING:
    from saferail.evals.scoring import CaseScorers

_PACKAGES = ("pydantic", "numpy", "google-re2", "httpx", "openai", "llama-cpp-python")


def package_versions() -> dict[str, str]:
    """Versions of saferail, Python and the packages results depend on."""
    out = {"saferail": __version__, "python": sys.version.split()[0]}
    for name in _PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return out


def _scorer_hash(scorer: object) -> str:
    try:
        source = inspect.getsource(type(scorer))
    except (OSError, TypeError):
        source = type(scorer).__qualname__
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def build_manifest(
    *,
    run_id: str,
    suite: Suite,
    suite_version: str | None = None,
    target: Target,
    target_spec: str | None,
    policy_version: str | None,
    scorers: CaseScorers,
    config: dict[str, Any],
    created_at: str,
) -> dict[str, Any]:
    """The manifest of a new run (status and finish time are added when it ends)."""
    identity = target.identity
    return {
        "run_id": run_id,
        "created_at": created_at,
        "suite": {
            "name": suite.name,
            "version": suite_version or suite.version,
            "cases": len(suite.cases),
            "params": suite.params,
            "gate": list(suite.gate),
        },
        "target": {
            **identity.to_dict(),
            "fingerprint": identity.fingerprint(),
            "spec": target_spec,
        },
        "policy_version": policy_version,
        "scorers": [
            {
                "name": s.name,
                "params": s.params.model_dump(mode="json"),
                "applies_to": sorted(only),
                "code_sha256": _scorer_hash(s),
                "config_sha256": content_hash([s.name, s.params.model_dump(mode="json")]),
            }
            for s, only in scorers.entries
        ],
        "config": config,
        "packages": package_versions(),
        "platform": platform.platform(),
    }
