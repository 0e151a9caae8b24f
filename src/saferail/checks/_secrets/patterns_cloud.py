"""Secret patterns: cloud providers.

AWS, Google Cloud, Azure, DigitalOcean, Alibaba, Yandex, Cloudflare.

Order within the table matters: where two hits start at the same offset, the pattern
listed first wins (see :mod:`saferail.checks._secrets.patterns`).
"""

from __future__ import annotations

__all__ = ["CLOUD_SPECS"]

from saferail.checks._secrets.spec import B64, TOKEN, Spec, random_alnum, spec

CLOUD_SPECS: tuple[Spec, ...] = (
    spec(
        "aws_akid",
        "AWS_ACCESS_KEY_ID",
        r"\b(?P<v>(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA|ASCA)"
        r"(?P<b>[A-Z2-7]{16}))\b",
    ),
    spec(
        "aws_bedrock",
        "AWS_BEDROCK_API_KEY",
        r"\b(?P<v>ABSKQmVkcm9ja0FQSUtleS(?P<b>[A-Za-z0-9+/]{60,}={0,2})"
        r"|bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t(?P<b2>[A-Za-z0-9+/%]{60,}={0,2}))",
        tail=B64,
    ),
    spec(
        "gcp_api_key",
        "GOOGLE_API_KEY",
        r"\b(?P<v>AIza(?P<b>[A-Za-z0-9_-]{35}))",
    ),
    spec(
        "gcp_oauth_secret",
        "GOOGLE_OAUTH_CLIENT_SECRET",
        r"\b(?P<v>GOCSPX-(?P<b>[A-Za-z0-9_-]{28}))",
    ),
    spec(
        "gcp_oauth_token",
        "GOOGLE_OAUTH_TOKEN",
        r"\b(?P<v>ya29\.(?P<b>[A-Za-z0-9_-]{30,}))",
        0.9,
    ),
    spec(
        "azure_storage",
        "AZURE_STORAGE_KEY",
        r"(?i:AccountKey|SharedAccessKey)=(?P<v>[A-Za-z0-9+/]{40,86}={0,2})",
        tail=B64,
    ),
    spec(
        "azure_client_secret",
        "AZURE_CLIENT_SECRET",
        r"(?P<v>[A-Za-z0-9_~.-]{3}\dQ~(?P<b>[A-Za-z0-9_~.-]{31,34}))",
        0.9,
        head=TOKEN | frozenset("~."),
        tail=TOKEN | frozenset("~."),
    ),
    spec(
        "digitalocean",
        "DIGITALOCEAN_TOKEN",
        r"\b(?P<v>do[opr]_v1_(?P<b>[a-f0-9]{64}))\b",
    ),
    spec(
        "alibaba",
        "ALIBABA_ACCESS_KEY_ID",
        r"\b(?P<v>LTAI(?P<b>[A-Za-z0-9]{12,20}))\b",
        0.85,
        check=random_alnum,
    ),
    spec(
        "yandex",
        "YANDEX_TOKEN",
        r"\b(?P<v>t1\.[A-Za-z0-9_-]+={0,2}\.[A-Za-z0-9_-]{86}={0,2}"
        r"|AQVN(?P<b>[A-Za-z0-9_-]{35,38}))",
        0.9,
        tail=B64,
    ),
    spec(
        "cloudflare_ca",
        "CLOUDFLARE_ORIGIN_CA_KEY",
        r"\b(?P<v>v1\.0-[a-f0-9]{24}-[a-f0-9]{146})\b",
    ),
)
"""Patterns for cloud providers, in table order."""
