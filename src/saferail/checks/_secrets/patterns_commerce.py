"""Secret patterns: payments and commerce.

Stripe, Facebook, Square, Shopify, Shippo, EasyPost, Duffel.

Order within the table matters: where two hits start at the same offset, the pattern
listed first wins (see :mod:`saferail.checks._secrets.patterns`).
"""

from __future__ import annotations

__all__ = ["COMMERCE_SPECS"]

from saferail.checks._secrets.spec import B64, TOKEN, Spec, random_alnum, spec

COMMERCE_SPECS: tuple[Spec, ...] = (
    spec(
        "stripe",
        "STRIPE_KEY",
        r"\b(?P<v>(?:sk|rk)_(?:live|test|prod)_(?P<b>[A-Za-z0-9]{20,247}))\b",
    ),
    spec("stripe_whsec", "STRIPE_KEY", r"\b(?P<v>whsec_(?P<b>[A-Za-z0-9+/=]{32,}))", tail=B64),
    spec(
        "facebook_page",
        "FACEBOOK_ACCESS_TOKEN",
        r"\b(?P<v>EAA[A-Za-z0-9]{80,})\b",
        0.85,
        check=random_alnum,
    ),
    spec(
        "square_access",
        "SQUARE_TOKEN",
        r"\b(?P<v>EAAA(?P<b>[A-Za-z0-9_+=-]{60})|sq0atp-(?P<b2>[A-Za-z0-9_-]{22}))",
    ),
    spec("square_secret", "SQUARE_TOKEN", r"\b(?P<v>sq0csp-(?P<b>[A-Za-z0-9_-]{43}))"),
    spec(
        "shopify",
        "SHOPIFY_TOKEN",
        r"\b(?P<v>shp(?:at|ca|pa|ss)_(?P<b>[a-fA-F0-9]{32}))\b",
    ),
    spec(
        "shippo",
        "SHIPPO_API_KEY",
        r"\b(?P<v>shippo_(?:live|test)_(?P<b>[a-f0-9]{40}))\b",
    ),
    spec("easypost", "EASYPOST_API_KEY", r"\b(?P<v>EZ[AT]K(?P<b>[A-Za-z0-9]{54}))\b"),
    spec(
        "duffel",
        "DUFFEL_TOKEN",
        r"\b(?P<v>duffel_(?:test|live)_(?P<b>[A-Za-z0-9_=-]{43}))",
        tail=TOKEN | frozenset("="),
    ),
    spec(
        "facebook_app",
        "FACEBOOK_ACCESS_TOKEN",
        r"\b(?P<v>\d+(?:\||%7C)(?P<b>[A-Za-z0-9_-]{27}))",
        0.85,
        check=lambda v: 15 <= len(v.replace("%7C", "|").split("|")[0]) <= 16,
    ),
)
"""Patterns for payments and commerce, in table order."""
