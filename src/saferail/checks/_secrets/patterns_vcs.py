"""Secret patterns: source hosting and package registries.

GitHub, GitLab, npm, PyPI, RubyGems, Clojars, Artifactory, Sourcegraph.

Order within the table matters: where two hits start at the same offset, the pattern
listed first wins (see :mod:`saferail.checks._secrets.patterns`).
"""

from __future__ import annotations

__all__ = ["VCS_SPECS"]

from saferail.checks._secrets.spec import Spec, spec

VCS_SPECS: tuple[Spec, ...] = (
    spec(
        "github_pat",
        "GITHUB_TOKEN",
        r"\b(?P<v>github_pat_(?P<b>[A-Za-z0-9_]{70,255}))\b",
    ),
    spec(
        "github",
        "GITHUB_TOKEN",
        r"\b(?P<v>gh[pousr]_(?P<b>[A-Za-z0-9]{36,251}))\b",
    ),
    spec(
        "gitlab",
        "GITLAB_TOKEN",
        r"\b(?P<v>gl(?:pat|dt|ptt|rt|soat|ffct|cbt|imt|agent|oas|ft|wt|cf)-"
        r"(?P<b>[A-Za-z0-9_-]{20,300}(?:\.[A-Za-z0-9]{2,20}){0,2}))",
    ),
    spec(
        "gitlab_runner_reg",
        "GITLAB_TOKEN",
        r"\b(?P<v>GR1348941(?P<b>[A-Za-z0-9_-]{20}))",
    ),
    spec("npm", "NPM_TOKEN", r"\b(?P<v>npm_(?P<b>[A-Za-z0-9]{36}))\b"),
    spec(
        "pypi",
        "PYPI_TOKEN",
        r"\b(?P<v>pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)(?P<b>[A-Za-z0-9_-]{50,}))",
    ),
    spec("rubygems", "RUBYGEMS_API_KEY", r"\b(?P<v>rubygems_(?P<b>[a-f0-9]{48}))\b"),
    spec("clojars", "CLOJARS_TOKEN", r"\b(?P<v>CLOJARS_(?P<b>[a-z0-9]{60}))\b"),
    spec(
        "artifactory",
        "ARTIFACTORY_TOKEN",
        r"\b(?P<v>AKCp(?P<b>[A-Za-z0-9]{69})|cmVmdGtu(?P<b2>[A-Za-z0-9]{56}))\b",
        0.9,
    ),
    spec(
        "sourcegraph",
        "SOURCEGRAPH_TOKEN",
        r"\b(?P<v>sgp_(?:(?:[a-fA-F0-9]{16}|local)_)?(?P<b>[a-fA-F0-9]{40}))\b",
    ),
)
"""Patterns for source hosting and package registries, in table order."""
