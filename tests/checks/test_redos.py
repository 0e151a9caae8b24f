"""Every regex used by a check is compiled with RE2 (linear time, no backtracking).

RE2 guarantees linear-time matching; this test proves each check's pattern table really is
RE2 (Python's ``re`` would accept and then backtrack), and feeds adversarial 100 KB inputs
through every check to show they complete.
"""

import importlib

import pytest
import re2

from saferail.checks import available_checks
from tests.conftest import run_check

MODULES = sorted({cls.__module__ for cls in available_checks().values()})

ADVERSARIAL = [
    "a" * 100_000,
    "A" * 99_999 + "!",
    "=" * 100_000,
    "%4" * 50_000,
    "\\x4" * 33_333,
    "![" * 50_000,
    "[a](" * 25_000,
    "http://" + "a." * 49_990,
    "eyJ" + "a" * 50_000 + "." + "b" * 49_000,
    "-----BEGIN PRIVATE KEY-----" + "A" * 99_000,
    "key = '" + "x" * 99_990,
    ("ab12 " * 20_000),
    "1" * 100_000,  # one long run of leet symbols without a letter
    "@" * 99_999 + "a",
]


@pytest.mark.parametrize("module", MODULES)
def test_pattern_tables_compile_under_re2(module: str) -> None:
    mod = importlib.import_module(module)
    patterns = getattr(mod, "PATTERNS", {})
    for name, source in patterns.items():
        assert re2.compile(source) is not None, name


@pytest.mark.parametrize(("name", "cls"), sorted(available_checks().items()))
def test_adversarial_inputs_complete(name: str, cls: type) -> None:
    check = cls()
    for text in ADVERSARIAL:
        for surface in sorted(cls.surfaces):
            run_check(check, text, surface, system_prompt="You are a helpful assistant.")
