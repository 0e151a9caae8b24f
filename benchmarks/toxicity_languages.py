"""toxicity in eight languages: what the model finds, what the abuse rule adds, what it costs.

Scores a labelled set of chat messages (``toxic`` / ``benign``, with ``lang`` and ``kind``)
through the ``toxicity`` check with its opt-in abuse rule on (``params: {abuse_rule: true}``;
canonicalizer first, input surface, shipped threshold) and counts, per language and per
kind, the rows flagged by the model alone (the default check), by the abuse rule alone
(``saferail.detectors.abuse``) and by the whole opted-in check. By default the first blind
set ``benchmarks/data/fresh_blind_toxicity_ml.jsonl``; ``--set blind2`` the second one (see
their README); ``--set dev`` the two development files ``scripts/data/toxicity_ml_a.jsonl``
and ``_b.jsonl`` the rule was written on. Prints counts only, never text; writes
``benchmarks/results/toxicity_languages.json`` (``_blind2``, ``_dev`` for the other sets;
``--out`` elsewhere). ``--latency`` also times the check per 1 KB message on one core,
without and with the rule, in alternating passes of the same run (``detectors.py``'s
messages; p50 of each pass, median over passes).

    .venv/bin/python benchmarks/toxicity_languages.py [--set blind|blind2|dev] [--latency]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
from fresh_blind import rows  # noqa: E402

SETS = {
    "blind": (ROOT / "benchmarks" / "data" / "fresh_blind_toxicity_ml.jsonl",),
    "blind2": (ROOT / "benchmarks" / "data" / "fresh_blind_toxicity_ml_2.jsonl",),
    "dev": (
        ROOT / "scripts" / "data" / "toxicity_ml_a.jsonl",
        ROOT / "scripts" / "data" / "toxicity_ml_b.jsonl",
    ),
}
RESULTS = Path(__file__).parent / "results" / "toxicity_languages{}.json"  # set name, if not blind
COLUMNS = ("n", "model", "rule", "check")


def flags(check: Any, text: str) -> tuple[bool, bool, bool]:
    """(model alone, rule alone, whole check) at the shipped threshold, over every view."""
    from saferail.checks import canonicalize
    from saferail.checks.base import CheckInput
    from saferail.detectors.abuse import abuse
    from saferail.detectors.checks import score_text

    data = CheckInput(text, canonicalize(text), "input")
    views = list(data.views())
    cut = check.default_threshold
    model = max(score_text(check.model, v.text) for v in views) >= cut
    rule = any(abuse(v.text) for v in views)
    whole = max(score for score, _ in check.score_views(data)) >= cut
    return model, rule, whole


def measure(paths: tuple[Path, ...]) -> dict[str, Any]:
    """Counts by (language, label) and by (label, kind), and the totals with and without
    English."""
    from saferail.checks import available_checks
    from saferail.detectors.abuse import ToxicityParams

    check = available_checks()["toxicity"](ToxicityParams(abuse_rule=True))  # opt-in rule on
    table: dict[str, dict[str, list[int]]] = {"by_language": {}, "by_kind": {}, "total": {}}
    for path in paths:
        for row in rows(path):
            hit = flags(check, row["text"])
            keys = (
                ("by_language", f"{row['lang']}/{row['label']}"),
                ("by_kind", f"{row['label']}/{row['kind']}"),
                ("total", row["label"]),
                ("total", f"{row['label']} (not English)" if row["lang"] != "en" else ""),
            )
            for part, key in keys:
                if not key:
                    continue
                counts = table[part].setdefault(key, [0, 0, 0, 0])
                counts[0] += 1
                for i, flagged in enumerate(hit, start=1):
                    counts[i] += int(flagged)
    return {
        part: {key: dict(zip(COLUMNS, counts, strict=True)) for key, counts in sorted(t.items())}
        for part, t in table.items()
    }


def latency(passes: int = 5) -> dict[str, float]:
    """Median over alternating passes of each pass's p50 (ms per 1 KB message) for the
    toxicity check without and with the abuse rule, features recomputed every call."""
    import statistics
    import time

    from detectors import forget_features, messages_1kb

    from saferail.checks import available_checks, canonicalize
    from saferail.checks.base import CheckInput
    from saferail.detectors.abuse import ToxicityParams

    datas = [CheckInput(t, canonicalize(t), "input") for t in messages_1kb(400)]
    cls = available_checks()["toxicity"]
    checks = {"without": cls(), "with": cls(ToxicityParams(abuse_rule=True))}
    p50s: dict[str, list[float]] = {name: [] for name in checks}
    for _ in range(passes):
        for name, check in checks.items():
            times = []
            for data in datas:
                forget_features()
                t0 = time.perf_counter_ns()
                check.run(data)
                times.append((time.perf_counter_ns() - t0) / 1e6)
            p50s[name].append(statistics.median(times))
    return {f"p50_ms_{name}_rule": round(statistics.median(v), 4) for name, v in p50s.items()}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--set", choices=tuple(SETS), default="blind")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--latency", action="store_true", help="also time the check")
    args = parser.parse_args()
    paths = SETS[args.set]
    missing = [p for p in paths if not p.is_file()]
    if missing:
        print(f"toxicity_languages: no such file: {missing[0]}", file=sys.stderr)
        return 2
    result = {
        "benchmark": "toxicity_languages",
        "command": f"python benchmarks/toxicity_languages.py --set {args.set}",
        "set": args.set,
        **measure(paths),
    }
    if args.latency:
        if hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        result["latency_1kb"] = latency()
        print("toxicity per 1 KB message:", result["latency_1kb"])
    for part in ("by_language", "by_kind", "total"):
        print(f"{part:24s} {'n':>5s} {'model':>6s} {'rule':>6s} {'check':>6s}")
        for key, c in result[part].items():
            print(f"  {key:22s} {c['n']:5d} {c['model']:6d} {c['rule']:6d} {c['check']:6d}")
    out = args.out or Path(str(RESULTS).format("" if args.set == "blind" else f"_{args.set}"))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
