"""The whole pattern table of the ``secret`` check, in order, and what derives from it.

Where two hits overlap, the one starting first stays; at the same start, the one listed
first in :data:`SPECS` (so the more specific format comes first). A hit's ``order`` is its
pattern's index here, which is also its index in the RE2 set (:mod:`.scan`).
"""

from __future__ import annotations

__all__ = [
    "COMPILED",
    "ENTITY_TYPES",
    "GROUPS",
    "PATTERNS",
    "PROVIDER_PREFIXES",
    "SPECS",
]

from typing import Any

import re2

from saferail.checks._secrets.patterns_ai import AI_SPECS
from saferail.checks._secrets.patterns_cloud import CLOUD_SPECS
from saferail.checks._secrets.patterns_commerce import COMMERCE_SPECS
from saferail.checks._secrets.patterns_credentials import CREDENTIAL_SPECS, PEM_SPECS
from saferail.checks._secrets.patterns_messaging import MESSAGING_SPECS
from saferail.checks._secrets.patterns_saas import SAAS_SPECS
from saferail.checks._secrets.patterns_vcs import VCS_SPECS
from saferail.checks._secrets.spec import Spec

SPECS: tuple[Spec, ...] = (
    *PEM_SPECS,
    *CLOUD_SPECS,
    *VCS_SPECS,
    *MESSAGING_SPECS,
    *COMMERCE_SPECS,
    *AI_SPECS,
    *SAAS_SPECS,
    *CREDENTIAL_SPECS,
)
"""Every pattern, in precedence order."""

PATTERNS: dict[str, str] = {s.key: s.regex for s in SPECS}
"""Every pattern by name (each compiles on its own with RE2)."""

ENTITY_TYPES: tuple[str, ...] = tuple(
    sorted({s.entity for s in SPECS} | {"AWS_SECRET_ACCESS_KEY", "GENERIC_SECRET"})
)
"""Every entity type the check can report."""

# Each pattern on its own (a small program, with its capture groups) and its group indexes.
COMPILED: dict[str, Any] = {s.key: re2.compile(s.regex) for s in SPECS}
GROUPS: dict[str, dict[str, int]] = {k: dict(rx.groupindex) for k, rx in COMPILED.items()}

# Values starting like a provider format are judged by that format's pattern alone.
PROVIDER_PREFIXES = (
    "AKIA",
    "ASIA",
    "AIza",
    "GOCSPX-",
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "github_pat_",
    "glpat-",
    "xoxa-",
    "xoxb-",
    "xoxe-",
    "xoxe.",
    "xoxo-",
    "xoxp-",
    "xoxr-",
    "xoxs-",
    "xapp-",
    "sk_live_",
    "sk_test_",
    "rk_live_",
    "sk-ant-",
    "sk-proj-",
    "hf_",
    "api_org_",
    "npm_",
    "pypi-",
    "dop_v1_",
    "shpat_",
    "sq0atp-",
    "sq0csp-",
    "SG.",
    "ops_eyJ",
    "hvs.",
    "hvb.",
    "glc_",
    "glsa_",
    "sgp_",
    "ntn_",
    "dapi",
    "fo1_",
    "HRKU-",
)
