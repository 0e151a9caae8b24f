"""The signature rules of the three input detectors on translated program messages.

A false-positive check written by nobody here: every translated message of the gettext
catalogs installed on this machine (``/usr/share/locale/<lang>/LC_MESSAGES/*.mo`` and vim's
``/usr/share/vim/*/lang``) in the languages the phrases in other languages cover or border
(ru, uk, zh_CN, zh_TW, ja, ko, ar, fa, tr, vi, id, hi, bn, th, sw, pl, de, fr, es, it, pt,
pt_BR, nl), and the English source messages of every catalog installed (``en``). Program
messages are full of the words the rules key on -- "ignore the command", "cancel all
settings", "override the default", "no restrictions", "two versions" -- and none of them is
an attack, so every match is a false positive of a rule: the extraction rule of
prompt_injection (with the overrides of other languages), the wrapper rule of jailbreak and
the hazard rule of harmful_request, each read the way the check reads it (canonical text,
``rule_tokens``). Which catalogs exist depends on the packages installed; the counts are
reported with the number of messages read. Writes
``benchmarks/results/locale_messages.json``; prints counts only.

    .venv/bin/python benchmarks/locale_messages.py
"""

from __future__ import annotations

import argparse
import gettext
import glob
import json
from collections import Counter
from pathlib import Path

RESULTS = Path(__file__).parent / "results" / "locale_messages.json"
LANGS = ("ru", "uk", "zh_CN", "zh_TW", "ja", "ko", "ar", "fa", "tr", "vi", "id", "hi", "bn", "th")
LANGS += ("sw", "pl", "de", "fr", "es", "it", "pt", "pt_BR", "nl", "en")


def messages(lang: str) -> list[str]:
    """The distinct translated messages of ``lang``'s installed catalogs; for ``en``, the
    English source messages (the catalogs' message ids) of every catalog."""
    pattern = "*" if lang == "en" else lang
    files = glob.glob(f"/usr/share/locale/{pattern}/LC_MESSAGES/*.mo")
    files += glob.glob(f"/usr/share/vim/*/lang/{pattern}*/LC_MESSAGES/*.mo")
    seen: set[str] = set()
    for path in sorted(files):
        try:
            with open(path, "rb") as fh:
                catalog = gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]
        except (OSError, ValueError, IndexError):  # unreadable or malformed catalogs
            continue
        if lang == "en":  # plural forms are keyed (msgid, n); the header's msgid is ""
            ids = (k[0] if isinstance(k, tuple) else k for k in catalog)
            seen.update(k for k in ids if isinstance(k, str) and k.strip())
        else:
            seen.update(v for v in catalog.values() if isinstance(v, str) and v.strip())
    return sorted(seen)


def main() -> int:
    argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    ).parse_args()
    from saferail.checks import canonicalize
    from saferail.detectors.extraction import extraction_request
    from saferail.detectors.features import rule_tokens
    from saferail.detectors.hazard import harmful_method_request
    from saferail.detectors.wrappers import jailbreak_wrapper

    rules = {
        "extraction (prompt_injection)": extraction_request,
        "wrapper (jailbreak)": jailbreak_wrapper,
        "hazard (harmful_request)": harmful_method_request,
    }
    read: Counter[str] = Counter()
    matched: dict[str, Counter[str]] = {name: Counter() for name in rules}
    for lang in LANGS:
        for text in messages(lang):
            read[lang] += 1
            words = rule_tokens(canonicalize(text).main.text)
            for name, rule in rules.items():
                matched[name][lang] += bool(rule(words))
    total = sum(read.values())
    if total == 0:
        print("locale_messages: no gettext catalogs found under /usr/share/locale")
        return 2
    print(f"translated program messages read: {total} ({dict(read)})")
    for name, counts in matched.items():
        print(f"{name}: {sum(counts.values())} matched ({dict(+counts)})")
    result = {
        "benchmark": "locale_messages",
        "command": "python benchmarks/locale_messages.py",
        "messages_read": dict(read),
        "matched": {name: dict(counts) for name, counts in matched.items()},
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
