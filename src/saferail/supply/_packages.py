"""The installed Python packages saferail runs on: its dependency closure, from metadata.

Requirements are read from ``importlib.metadata`` (each distribution's ``Requires-Dist``).
A requirement counts when its distribution is installed and it is not gated by an extra,
except saferail's own extras that are installed (``local``, ``postgres``): markers such as
``python_version`` need no evaluation because a requirement whose marker is false is simply
not installed.
"""

from __future__ import annotations

__all__ = ["InstalledPackage", "dependency_closure", "normalize", "package_license"]

import importlib.metadata as md
import re
from dataclasses import dataclass

_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?")
_EXTRA = re.compile(r"""extra\s*==\s*["']([^"']+)["']""")
_RUNTIME_EXTRAS = ("local", "postgres")


def normalize(name: str) -> str:
    """PEP 503 normalized distribution name (``Google_RE2`` -> ``google-re2``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class InstalledPackage:
    """One installed distribution and the names of the distributions it requires."""

    name: str
    version: str
    license: str | None
    requires: tuple[str, ...]


def _requirements(
    dist: md.Distribution, extras: tuple[str, ...]
) -> list[tuple[str, tuple[str, ...]]]:
    """``(name, extras asked for)`` of each requirement that applies."""
    out: list[tuple[str, tuple[str, ...]]] = []
    for req in dist.requires or []:
        spec, _, marker = req.partition(";")
        gated = _EXTRA.findall(marker)
        if gated and not set(gated) & set(extras):
            continue
        m = _NAME.match(spec)
        if m is not None:
            wanted = tuple(e.strip() for e in (m.group(2) or "").split(",") if e.strip())
            out.append((normalize(m.group(1)), wanted))
    return out


def _installed(name: str) -> md.Distribution | None:
    try:
        return md.distribution(name)
    except md.PackageNotFoundError:
        return None


def package_license(dist: md.Distribution) -> str | None:
    """The licence a distribution declares: ``License-Expression``, else a short ``License``
    field, else the name from its ``License ::`` classifier."""
    meta = dist.metadata
    expression = (meta.get_all("License-Expression") or [""])[0]
    if expression:
        return str(expression).strip()
    text = str((meta.get_all("License") or [""])[0]).strip()
    if text and "\n" not in text and len(text) <= 80 and text.upper() != "UNKNOWN":
        return text
    for classifier in meta.get_all("Classifier") or []:
        if classifier.startswith("License ::"):
            return str(classifier.rsplit("::", 1)[-1]).strip()
    return None


def dependency_closure(root: str = "saferail") -> dict[str, InstalledPackage]:
    """Every installed distribution ``root`` needs (itself included), by normalized name."""
    found: dict[str, InstalledPackage] = {}
    pending: list[tuple[str, tuple[str, ...]]] = [(normalize(root), _RUNTIME_EXTRAS)]
    while pending:
        name, extras = pending.pop()
        if name in found:
            continue
        dist = _installed(name)
        if dist is None:
            continue
        reqs = _requirements(dist, extras)
        requires = tuple(sorted({req for req, _ in reqs}))
        found[name] = InstalledPackage(name, dist.version, package_license(dist), requires)
        pending.extend((req, wanted) for req, wanted in reqs if req not in found)
    return dict(sorted(found.items()))
