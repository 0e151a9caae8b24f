"""Detector tests parametrize over attack and harmful-request texts: their test ids are a
short digest of the text, never the text, so that pytest's output and CI logs (``-ra`` lists
every xfail by id) carry no harmful wording. pytest calls this hook for every test of the
session, so it must take any string (lone surrogates too: tests/pii has some)."""

from __future__ import annotations

import hashlib
from typing import Any


def pytest_make_parametrize_id(config: Any, val: object, argname: str) -> str | None:
    if isinstance(val, str) and len(val) > 24:
        digest = hashlib.sha256(val.encode("utf-8", "surrogatepass")).hexdigest()
        return f"{argname}-{digest[:8]}"
    return None  # pytest's own id (short names, numbers...)
