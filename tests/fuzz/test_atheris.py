"""Coverage-guided fuzzing with atheris (libFuzzer) of the canonicalizer, the policy loader,
the ``check`` JSONL reader and the gateway's request parser: a bounded run per target
(``-runs``, a fixed seed, from the hand-written seeds of ``tests/fuzz/corpus/``), each in
its own process (``tests/fuzz/atheris_harness.py``, ``tests/fuzz/atheris_run.py``).

Every input must keep the target's contract (``tests/fuzz/targets.py``); none may run
longer than the per-input timeout. A larger budget: ``SAFERAIL_ATHERIS_RUNS``;
``benchmarks/scale_fuzz.py`` reports the counts. The faults atheris found are pinned below.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from saferail.checks import canonicalize
from saferail.errors import PolicyError
from saferail.policy.loader import parse_policy
from tests.fuzz.atheris_run import CORPUS, TARGETS, atheris_available, run_atheris

RUNS = int(os.environ.get("SAFERAIL_ATHERIS_RUNS", "2000"))

needs_atheris = pytest.mark.skipif(
    not atheris_available(),
    reason="atheris is not installed (dev extra; it has wheels for Python < 3.12 only)",
)


@pytest.mark.parametrize("target", TARGETS)
def test_every_target_has_hand_written_seeds(target: str) -> None:
    seeds = sorted((CORPUS / target).iterdir())
    assert len(seeds) >= 3 and all(0 < s.stat().st_size <= 4096 for s in seeds)


@needs_atheris
@pytest.mark.parametrize("target", TARGETS)
def test_atheris_finds_no_crash_or_hang(target: str, tmp_path: Path) -> None:
    row = run_atheris(target, tmp_path, runs=RUNS, seed=1, timeout_s=10, wall_s=120)
    where = "\n".join(row["log_tail"])
    assert not row["hang"], f"an input ran past the timeout:\n{where}"
    assert row["crashes"] == 0, row["crash_examples"]
    assert row["exit_code"] == 0, where
    assert row["final"] and row["inputs"] == RUNS, where
    assert row["libfuzzer"]["runs"] == RUNS
    # coverage guidance is on: instrumented edges were seen and new inputs kept
    assert row["libfuzzer"]["cov"] > 0 and row["libfuzzer_stats"]["new_units_added"] > 0


@pytest.mark.parametrize("nested", ["[" * 3000, "{a: " * 3000, "- " * 3000, "k:\n" + "  - " * 2000])
def test_a_deeply_nested_policy_is_a_policy_error(nested: str) -> None:
    # Found probing the loader for the harness: PyYAML recursed into RecursionError, and it
    # scans unclosed flow collections in O(n^2) (2 s for 2,000 "[").
    with pytest.raises(PolicyError, match="nested too deeply"):
        parse_policy(nested)


def _laughs(depth: int) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, depth)]
    return "\n".join(lines)


@pytest.mark.parametrize("depth", [6, 12])
def test_aliases_expanding_past_the_limit_are_a_policy_error(depth: int) -> None:
    # Walking the line index through aliases took 9^depth steps (12: hours).
    with pytest.raises(PolicyError, match="once its aliases are expanded"):
        parse_policy(_laughs(depth))


def test_a_recursive_alias_is_a_policy_error_not_a_hang() -> None:
    with pytest.raises(PolicyError, match="unknown field 'a'"):
        parse_policy("a: &a [*a]")


def test_anchors_and_aliases_still_work() -> None:
    text = (
        "input:\n  checks:\n    banned_topic: &ban\n      action: block\n      params:\n"
        "        topics: {weapons: [bomb]}\noutput:\n  checks:\n    banned_topic: *ban\n"
    )
    policy = parse_policy(text)
    assert policy.input.checks["banned_topic"] == policy.output.checks["banned_topic"]


def test_the_canonical_text_of_mixed_homoglyph_words_is_canonical() -> None:
    # Found by atheris: folding the mixed-script words lowered the share of foreign letters
    # below the threshold, so a second pass folded the lone Cyrillic "\u0435" words as well.
    text = "\u0435 \u0435J el \u0435 \u0435J el g m"
    once = canonicalize(text).main.text
    assert once == "e eJ el e eJ el g m"
    assert canonicalize(once).main.text == once
