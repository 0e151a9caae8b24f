"""The detector checks on Python standard-library docstrings: clean text nobody here wrote.

Documentation is the text a retrieval-augmented assistant reads most, and it is full of
what the checks key on: imperatives addressed to the reader ("Return the ...", "Do not call
this from a signal handler"), "ignore", "override", "kill", "execute", "inject", "password".
This benchmark reads every module, class and function docstring of the standard library
installed with the interpreter (parsed with ``ast`` from the source files, nothing imported;
tests, ``idlelib``, ``lib2to3`` and ``turtledemo`` left out), keeps those of 20 words or
more, and scores them through the canonicalizer at each check's shipped threshold:
``prompt_injection`` as retrieved text (the surface of a document read for the user: the
model windowed, the extraction and indirect rules) and as user input, and ``jailbreak``,
``harmful_request`` and ``toxicity`` as user input (someone pasting the text). None of
them is an attack, so every flag is a false positive. Nothing was tuned on them. Writes
``benchmarks/results/stdlib_docstrings.json``; prints counts and rates only.

    .venv/bin/python benchmarks/stdlib_docstrings.py
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
import sysconfig
from pathlib import Path

RESULTS = Path(__file__).parent / "results" / "stdlib_docstrings.json"
SKIP = ("test", "tests", "idlelib", "lib2to3", "turtledemo", "site-packages", "ensurepip")
MIN_WORDS = 20
# (check, surface) pairs scored
SCORED = (
    ("prompt_injection", "retrieval"),
    ("prompt_injection", "input"),
    ("jailbreak", "input"),
    ("harmful_request", "input"),
    ("toxicity", "input"),
)

sys.path.insert(0, str(Path(__file__).parent))


def docstrings(root: Path) -> list[str]:
    """The distinct docstrings of :data:`MIN_WORDS` words or more in the ``.py`` files under
    ``root`` (outside :data:`SKIP`), in path order."""
    seen: dict[str, None] = {}
    for path in sorted(root.rglob("*.py")):
        if any(part in SKIP for part in path.relative_to(root).parts):
            continue
        try:
            tree = ast.parse(path.read_text(encoding="utf-8", errors="replace"))
        except (SyntaxError, ValueError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                doc = ast.get_docstring(node)
                if doc and len(doc.split()) >= MIN_WORDS:
                    seen.setdefault(doc, None)
    return list(seen)


def main() -> int:
    argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    ).parse_args()
    from fresh_blind import rate
    from signature_rules import flagged_by, named_check

    from saferail.checks import canonicalize
    from saferail.checks.base import CheckInput

    root = Path(sysconfig.get_paths()["stdlib"])
    texts = docstrings(root)
    if not texts:
        print(f"stdlib_docstrings: no docstrings found under {root}")
        return 2
    checks = {name: named_check(name) for name, _ in SCORED}
    result: dict[str, object] = {
        "benchmark": "stdlib_docstrings",
        "command": "python benchmarks/stdlib_docstrings.py",
        "python": sys.version.split()[0],
        "docstrings": len(texts),
        "checks": {},
    }
    print(
        f"standard-library docstrings of {MIN_WORDS}+ words: {len(texts)} "
        f"(Python {sys.version.split()[0]})"
    )
    for name, surface in SCORED:
        check = checks[name]
        flags = []
        for text in texts:
            data = CheckInput(text, canonicalize(text), surface)
            flags.append(flagged_by(check, data))
        figures = rate(flags)
        result["checks"][f"{name}@{surface}"] = figures  # type: ignore[index]
        print(
            f"{name} ({surface}): flagged {figures['flagged']} of {figures['n']} "
            f"({figures['rate']}, 95% CI {figures['ci95']})"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
