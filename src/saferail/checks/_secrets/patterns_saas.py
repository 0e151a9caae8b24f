"""Secret patterns: developer platforms and SaaS.

Atlassian, Databricks, Notion, Sentry, Grafana, Terraform, Vault, 1Password, Fly.io and more.

Order within the table matters: where two hits start at the same offset, the pattern
listed first wins (see :mod:`saferail.checks._secrets.patterns`).
"""

from __future__ import annotations

__all__ = ["SAAS_SPECS"]

from saferail.checks._secrets.spec import B64, TOKEN, Spec, has_digit_and_letter, mixed_case, spec

SAAS_SPECS: tuple[Spec, ...] = (
    spec(
        "atlassian",
        "ATLASSIAN_API_TOKEN",
        r"\b(?P<v>AT(?:ATT|CTT)3(?P<b>[A-Za-z0-9_=-]{150,}))",
        tail=TOKEN | frozenset("="),
    ),
    spec(
        "databricks",
        "DATABRICKS_TOKEN",
        r"\b(?P<v>dapi(?P<b>[a-f0-9]{32})(?:-\d)?)\b",
    ),
    spec(
        "doppler",
        "DOPPLER_TOKEN",
        r"\b(?P<v>dp\.(?:pt|st|sa|ct|scim|audit)\.(?P<b>[A-Za-z0-9]{40,44}))\b",
    ),
    spec(
        "linear",
        "LINEAR_API_KEY",
        r"\b(?P<v>lin_api_(?P<b>[A-Za-z0-9]{40})|lin_oauth_(?P<b2>[a-f0-9]{64}))\b",
    ),
    spec(
        "postman",
        "POSTMAN_API_KEY",
        r"\b(?P<v>PMAK-[a-f0-9]{24}-(?P<b>[a-f0-9]{34}))\b",
    ),
    spec(
        "notion",
        "NOTION_TOKEN",
        r"\b(?P<v>ntn_(?P<b>\d{11}[A-Za-z0-9]{35}))\b",
        check=mixed_case,
    ),
    spec(
        "sentry",
        "SENTRY_TOKEN",
        r"\b(?P<v>sntrys_eyJ(?P<b>[A-Za-z0-9+/=_-]{60,})|sntryu_(?P<b2>[a-f0-9]{64}))",
        tail=B64,
    ),
    spec(
        "grafana",
        "GRAFANA_TOKEN",
        r"\b(?P<v>glc_(?P<b>[A-Za-z0-9+/]{32,400}={0,2})"
        r"|glsa_(?P<b2>[A-Za-z0-9]{32})_[A-Fa-f0-9]{8})",
        tail=B64,
    ),
    spec(
        "terraform",
        "TERRAFORM_CLOUD_TOKEN",
        r"\b(?P<v>(?P<b>[A-Za-z0-9]+)\.atlasv1\.[A-Za-z0-9_=-]{60,70})",
        tail=TOKEN | frozenset("="),
        check=lambda v: v.index(".") == 14,
    ),
    spec(
        "vault",
        "VAULT_TOKEN",
        r"\b(?P<v>hv[sbr]\.(?P<b>[A-Za-z0-9_-]{90,}))",
    ),
    spec(
        "vault_legacy",
        "VAULT_TOKEN",
        r"\b(?P<v>s\.(?P<b>[A-Za-z0-9]{24}))\b",
        0.7,
        check=lambda v: mixed_case(v) and any(c.isdigit() for c in v),
    ),
    spec(
        "onepassword",
        "ONEPASSWORD_TOKEN",
        r"\b(?P<v>ops_eyJ(?P<b>[A-Za-z0-9+/=_-]{200,})"
        r"|A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-"
        r"[A-Z0-9]{5})",
        tail=B64,
        check=has_digit_and_letter,
    ),
    spec(
        "flyio",
        "FLYIO_TOKEN",
        r"\b(?P<v>fo1_(?P<b>[A-Za-z0-9_-]{43})"
        r"|FlyV1 fm[12][ar]?_(?P<b2>[A-Za-z0-9+/=_-]{100,}))",
        tail=B64,
    ),
    spec(
        "openshift",
        "OPENSHIFT_TOKEN",
        r"\b(?P<v>sha256~(?P<b>[A-Za-z0-9_-]{43}))",
    ),
    spec(
        "heroku",
        "HEROKU_API_KEY",
        r"\b(?P<v>HRKU-AA(?P<b>[A-Za-z0-9_-]{58}))",
    ),
    spec(
        "intra42",
        "INTRA42_CLIENT_SECRET",
        r"\b(?P<v>s-s4t2(?:ud|af)-(?P<b>[a-f0-9]{64}))\b",
    ),
    spec(
        "infracost",
        "INFRACOST_API_KEY",
        r"\b(?P<v>ico-(?P<b>[A-Za-z0-9]{32}))\b",
        check=mixed_case,
    ),
    spec("scalingo", "SCALINGO_TOKEN", r"\b(?P<v>tk-us-(?P<b>[A-Za-z0-9_-]{48}))"),
    spec(
        "octopus",
        "OCTOPUS_DEPLOY_API_KEY",
        r"\b(?P<v>API-(?P<b>[A-Z0-9]{26}))\b",
        0.85,
        check=has_digit_and_letter,
    ),
    spec(
        "newrelic",
        "NEW_RELIC_KEY",
        r"\b(?P<v>NRAK-(?P<b>[A-Z0-9]{27})|NRJS-(?P<b2>[a-f0-9]{19})|NRII-(?P<b3>[A-Za-z0-9_-]{32}))",
    ),
    spec(
        "dynatrace",
        "DYNATRACE_TOKEN",
        r"\b(?P<v>dt0c01\.[A-Z0-9]{24}\.(?P<b>[A-Z0-9]{64}))\b",
    ),
    spec("pulumi", "PULUMI_TOKEN", r"\b(?P<v>pul-(?P<b>[a-f0-9]{40}))\b"),
    spec("prefect", "PREFECT_API_KEY", r"\b(?P<v>pnu_(?P<b>[A-Za-z0-9]{36}))\b"),
    spec("readme", "README_API_KEY", r"\b(?P<v>rdme_(?P<b>[a-z0-9]{70}))\b"),
    spec(
        "planetscale",
        "PLANETSCALE_TOKEN",
        r"\b(?P<v>pscale_(?:tkn|pw|oauth)_(?P<b>[A-Za-z0-9_.=-]{32,64}))",
        tail=TOKEN | frozenset("=."),
    ),
    spec(
        "typeform",
        "TYPEFORM_TOKEN",
        r"\b(?P<v>tfp_(?P<b>[A-Za-z0-9_=-]{40,60}))",
        tail=TOKEN | frozenset("="),
    ),
    spec(
        "frameio",
        "FRAMEIO_TOKEN",
        r"\b(?P<v>fio-u-(?P<b>[A-Za-z0-9_=-]{64}))",
        tail=TOKEN | frozenset("="),
    ),
    spec(
        "harness",
        "HARNESS_TOKEN",
        r"\b(?P<v>(?:pat|sat)\.[A-Za-z0-9_-]{22}\.[0-9a-f]{24}\.(?P<b>[A-Za-z0-9]{20}))\b",
    ),
    spec(
        "mapbox",
        "MAPBOX_TOKEN",
        r"\b(?P<v>sk\.eyJ[A-Za-z0-9_-]{50,}\.(?P<b>[A-Za-z0-9_-]{20,}))",
    ),
    spec(
        "clickhouse",
        "CLICKHOUSE_API_SECRET",
        r"\b(?P<v>4b1d(?P<b>[A-Za-z0-9]{38}))\b",
        0.8,
        check=mixed_case,
    ),
    spec(
        "age",
        "AGE_SECRET_KEY",
        r"\b(?P<v>AGE-SECRET-KEY-1(?P<b>[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}))\b",
    ),
    spec(
        "twitter_bearer",
        "TWITTER_BEARER_TOKEN",
        r"\b(?P<v>AAAAAAAAAAAAAAAAAAAA(?P<b>[A-Za-z0-9%]+))\b",
        0.85,
        tail=TOKEN | frozenset("%"),
        check=lambda v: 80 <= len(v) <= 170,
    ),
    spec(
        "notion_legacy",
        "NOTION_TOKEN",
        r"\b(?P<v>secret_(?P<b>[A-Za-z0-9]{43}))\b",
        0.8,
        check=mixed_case,
    ),
)
"""Patterns for developer platforms and SaaS, in table order."""
