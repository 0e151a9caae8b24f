"""How long a text the ``pii`` check handles within its time budget, by kind of text.

The check runs with a per-check budget (``settings.timeout_ms``, 250 ms by default) and a
check over budget fails closed: a long retrieved document or tool output that takes longer
is blocked. This measures the check alone (``Pii().run`` on the canonical text, one core)
on four kinds of long text, each built to 10 KB, 50 KB and 200 KB:

* ``prose``: HaluEval knowledge passages (``../shared/datasets/halueval_qa``), English
  encyclopedia text with names, places and dates;
* ``pii_dense``: Presidio's synthetic PII sentences (``presidio_synth_v2``), nearly every
  line a name, address, phone number or card number;
* ``number_table``: a generated CSV-like table of ids, amounts, counts and timestamps (no
  personal data, many number-shaped candidates);
* ``log``: generated server log lines (timestamps, IPs, request ids, durations).

Reports the median time of 3 runs per text, microseconds per KB at 200 KB, and the size that
fits the default 250 ms budget at that rate. Then, per kind, a 1 MB text (the default
``settings.max_chars``) goes through a ``Guard`` whose policy runs ``pii`` with the default
budget: the check's status and time (it stops itself at its budget, see
``saferail.checks.checkpoint``), the whole call's time, and the canonicalizer's alone (it
runs before any check and has no budget), medians of 3. No text is printed. Usage::

    .venv/bin/python benchmarks/pii_long_text.py [--out FILE]

Run it with ``PYTHONPATH=<another checkout>/src`` to measure other code on the same texts.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "datasets"
RESULTS = ROOT / "benchmarks" / "results" / "pii_long_text.json"
SIZES = (10_000, 50_000, 200_000)
BUDGET_MS = 250.0


def _rows(name: str) -> list[dict[str, object]]:
    with open(DATA / name / "data.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def _fill(pieces: list[str], size: int, sep: str) -> str:
    out: list[str] = []
    total = 0
    i = 0
    while total < size:
        piece = pieces[i % len(pieces)]
        out.append(piece)
        total += len(piece) + len(sep)
        i += 1
    return sep.join(out)[:size]


def _number_table(rng: random.Random, n: int) -> list[str]:
    rows = []
    for i in range(n):
        rows.append(
            f"{100000 + i},{rng.randrange(10**8, 10**10)},"
            f"{rng.randrange(1, 999)}.{rng.randrange(100):02d},"
            f"{rng.randrange(1, 50)},2026-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d} "
            f"{rng.randrange(24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d},"
            f"{rng.randrange(10**11, 10**12)}"
        )
    return rows


def _log(rng: random.Random, n: int) -> list[str]:
    lines = []
    for _ in range(n):
        ip = ".".join(str(rng.randrange(1, 255)) for _ in range(4))
        lines.append(
            f"2026-11-{rng.randrange(1, 29):02d}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:"
            f"{rng.randrange(60):02d}Z INFO req={rng.getrandbits(64):016x} ip={ip} "
            f"path=/api/v1/items/{rng.randrange(10**6)} status=200 ms={rng.randrange(1, 900)}"
        )
    return lines


def _kinds() -> dict[str, tuple[list[str], str]]:
    """Each kind of text as its pieces and the separator that joins them."""
    rng = random.Random(0)
    prose = sorted({str(r["context"]) for r in _rows("halueval_qa")})
    rng.shuffle(prose)
    dense = [str(r["text"]) for r in _rows("presidio_synth_v2")]
    return {
        "prose": (prose, " "),
        "pii_dense": (dense, "\n"),
        "number_table": (_number_table(rng, 4000), "\n"),
        "log": (_log(rng, 3000), "\n"),
    }


def texts() -> dict[str, list[str]]:
    return {k: [_fill(p, n, sep) for n in SIZES] for k, (p, sep) in _kinds().items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    if not DATA.is_dir():
        print("pii_long_text: ../shared/datasets not found")
        return 2
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    import saferail
    from saferail.checks import canonicalize
    from saferail.checks.base import CheckInput
    from saferail.checks.pii import Pii

    check = Pii()
    check.run(CheckInput("warm up: Anna Berg, 555-0100", canonicalize("x"), "input"))
    out: dict[str, object] = {"code": str(Path(saferail.__file__).parent), "kinds": {}}
    for kind, docs in texts().items():
        row: dict[str, object] = {}
        for doc in docs:
            data = CheckInput(doc, canonicalize(doc), "input")
            times = []
            for _ in range(3):
                t0 = time.perf_counter()
                check.run(data)
                times.append((time.perf_counter() - t0) * 1000.0)
            row[str(len(doc))] = round(statistics.median(times), 2)
        ms_200k = float(row[str(SIZES[-1])])  # type: ignore[arg-type]
        us_per_kb = ms_200k * 1000.0 / (SIZES[-1] / 1000)
        row["us_per_kb"] = round(us_per_kb, 1)
        row["kb_within_250ms"] = round(BUDGET_MS * 1000.0 / us_per_kb)
        out["kinds"][kind] = row  # type: ignore[index]
        print(f"{kind:13s} " + "  ".join(f"{k}: {v}" for k, v in row.items()), flush=True)
    out["over_budget_1mb"] = _over_budget()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=1) + "\n")
    return 0


def _over_budget() -> dict[str, object]:
    """A 1 MB text of each kind through a Guard running ``pii`` on its default budget."""
    from saferail import Guard, parse_policy
    from saferail.checks import canonicalize

    guard = Guard(parse_policy("input:\n  checks:\n    pii: {action: redact}\n"))
    rows: dict[str, object] = {}
    for kind, (pieces, sep) in _kinds().items():
        doc = _fill(pieces, 1_000_000, sep)
        check_ms, call_ms, canon_ms, status = [], [], [], set()
        for _ in range(3):
            t0 = time.perf_counter()
            canonicalize(doc)
            canon_ms.append((time.perf_counter() - t0) * 1000.0)
            t0 = time.perf_counter()
            decision = guard.check_input(doc)
            call_ms.append((time.perf_counter() - t0) * 1000.0)
            run = decision.checks[0]
            check_ms.append(run.latency_ms)
            status.add(run.status)
        row = {
            "pii_status": "/".join(sorted(status)),
            "pii_ms": round(statistics.median(check_ms), 1),
            "call_ms": round(statistics.median(call_ms), 1),
            "canonicalize_ms": round(statistics.median(canon_ms), 1),
        }
        rows[kind] = row
        print(f"1 MB {kind:13s} " + "  ".join(f"{k}: {v}" for k, v in row.items()))
    guard.close()
    return rows


if __name__ == "__main__":
    sys.exit(main())
