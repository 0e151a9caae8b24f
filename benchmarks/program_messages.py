"""The four detector checks on English program messages: a large benign set nobody here wrote.

``benchmarks/locale_messages.py`` reads the gettext catalogs installed on the machine
(``/usr/share/locale``, vim) for their rules' false positives; this benchmark scores the
catalogs' English source messages (their message ids, 79,742 distinct strings on the
development machine: error messages, prompts, option help, menu items, content ratings)
with the whole ``prompt_injection``, ``jailbreak``, ``harmful_request`` and ``toxicity``
checks -- models and rules, through the canonicalizer, on the input surface, at each
check's shipped threshold. None of them is an attack, a harmful request or an insult, so
every flag is a false positive (a few content-rating strings -- "Graphic sexual behavior" --
name a harm without asking for it). Reported for every message, and apart for messages of
three or more words without format placeholders (``%s``, ``{0}``, ``$1``, backslashes,
backquotes, angle brackets, underscores), the ones that read like text a person could send;
then per length. Nothing was tuned on these messages. Which catalogs exist depends on the
packages installed; the counts are reported with the number of messages read. Writes
``benchmarks/results/program_messages.json``; prints counts and rates only.

    .venv/bin/python benchmarks/program_messages.py
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

RESULTS = Path(__file__).parent / "results" / "program_messages.json"
CHECKS = ("prompt_injection", "jailbreak", "harmful_request", "toxicity")
_PLACEHOLDER = re.compile(r"%|\{|\$|\\|`|<|_")

sys.path.insert(0, str(Path(__file__).parent))


def plain(message: str) -> bool:
    """Whether ``message`` reads like text: three or more words, no format placeholders."""
    return len(message.split()) >= 3 and _PLACEHOLDER.search(message) is None


def length_group(message: str) -> str:
    n = len(message.split())
    return "1 word" if n <= 1 else "2-3 words" if n <= 3 else "4-8 words" if n <= 8 else "9+ words"


def main() -> int:
    argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    ).parse_args()
    from fresh_blind import rate
    from locale_messages import messages
    from signature_rules import flagged_by, named_check

    from saferail.checks import canonicalize
    from saferail.checks.base import CheckInput

    texts = messages("en")
    if not texts:
        print("program_messages: no gettext catalogs found under /usr/share/locale")
        return 2
    checks = {name: named_check(name) for name in CHECKS}
    flags: dict[str, list[bool]] = {name: [] for name in CHECKS}
    for text in texts:
        data = CheckInput(text, canonicalize(text), "input")
        for name, check in checks.items():
            flags[name].append(flagged_by(check, data))
    is_plain = [plain(t) for t in texts]
    groups = [length_group(t) for t in texts]
    result: dict[str, object] = {
        "benchmark": "program_messages",
        "command": "python benchmarks/program_messages.py",
        "messages": len(texts),
        "plain_messages": sum(is_plain),
        "by_length": dict(Counter(groups)),
        "checks": {},
    }
    print(f"English program messages: {len(texts)} ({sum(is_plain)} plain)")
    for name in CHECKS:
        f = flags[name]
        figures = {
            "all": rate(f),
            "plain": rate([x for x, p in zip(f, is_plain, strict=True) if p]),
            "by_length": {
                g: rate([x for x, h in zip(f, groups, strict=True) if h == g])["rate"]
                for g in sorted(set(groups))
            },
        }
        result["checks"][name] = figures  # type: ignore[index]
        print(
            f"{name}: flagged {figures['all']['flagged']} of {len(f)} ({figures['all']['rate']}); "
            f"plain messages {figures['plain']['flagged']} of {figures['plain']['n']} "
            f"({figures['plain']['rate']}, 95% CI {figures['plain']['ci95']})"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
