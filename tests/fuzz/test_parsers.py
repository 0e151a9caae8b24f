"""Hypothesis over the canonicalizer, the policy loader, the ``check`` JSONL reader and the
gateway's request parser (targets and strategies: ``tests/fuzz/targets.py``)."""

from __future__ import annotations

import pytest
from hypothesis import given

from saferail.io import parse_record
from tests.fuzz._profile import FUZZ
from tests.fuzz.targets import (
    GATEWAY_BODIES,
    JSONL_LINES,
    POLICY_TEXTS,
    TEXTS,
    canonicalizer,
    gateway_request,
    jsonl_reader,
    policy_loader,
)


@FUZZ
@given(TEXTS)
def test_canonicalizer(text: str) -> None:
    canonicalizer(text)


@FUZZ
@given(POLICY_TEXTS)
def test_policy_loader(text: str) -> None:
    policy_loader(text)


@FUZZ
@given(JSONL_LINES)
def test_jsonl_reader(line: str | bytes) -> None:
    jsonl_reader(line)


@FUZZ
@given(GATEWAY_BODIES)
def test_gateway_request_parser(raw: bytes) -> None:
    gateway_request(raw)


@pytest.mark.parametrize(
    "line",
    ["[" * 100_000, '{"id": 1, "text": ' + "[" * 5000 + "]" * 5000 + "}"],
)
def test_deeply_nested_jsonl_line_is_an_error_record_not_a_crash(line: str) -> None:
    # Found by the fuzzer: json.loads raised RecursionError, which ended the whole batch.
    record = parse_record(line, 3)
    assert record.error is not None and record.error.startswith("line 3: ")


@pytest.mark.parametrize("rid", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_non_finite_numbers_are_not_jsonl_ids(rid: str) -> None:
    # Found by the fuzzer: NaN is not JSON, and the output line would not be either.
    record = parse_record(f'{{"id": {rid}, "text": "x"}}', 4)
    assert record.error is not None and record.error.startswith("line 4: invalid JSON")
