"""Cross-check saferail's group fairness metrics against fairlearn on the same data.

    .venv/bin/python benchmarks/fairness_crosscheck.py [--skip-setup] [--out PATH]

fairlearn runs in its own virtual environment, created here on first use
(``benchmarks/.venvs/fairness``: ``fairlearn`` and its dependencies), and is driven through
a small worker in a subprocess that reads the scenarios as JSON on stdin. saferail computes
the same metrics in this process with ``saferail.evals.fairness`` (pure Python). fairlearn is
not a dependency of saferail; it is only the reference here.

Scenarios are seeded random label sets (2 to 6 groups, balanced and imbalanced, rare and
common positives) plus the hand-computed example of the tests. For each one the script prints
the selection rate spread (demographic parity difference), the TPR and FPR spreads and the
equalized odds difference from both libraries, and exits 1 if any differs by more than 1e-9.

One deliberate difference is shown separately and not counted as a mismatch: a group with no
positive (negative) cases has no true (false) positive rate. saferail leaves such a group out
of that spread; fairlearn's confusion-matrix normalization turns its rate into 0, so the
spread depends on an undefined value.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _peer_venv

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venvs" / "fairness"
VENV_PY = VENV / "bin" / "python"
PACKAGES = ("fairlearn",)
TOLERANCE = 1e-9

WORKER = """
import json, sys, warnings
warnings.simplefilter("ignore")
import fairlearn
from fairlearn.metrics import (
    MetricFrame, demographic_parity_difference, equalized_odds_difference,
    false_positive_rate, selection_rate, true_positive_rate,
)
out = {"version": fairlearn.__version__, "results": []}
for s in json.load(sys.stdin):
    yt, yp, g = s["y_true"], s["y_pred"], s["groups"]
    frame = MetricFrame(
        metrics={"tpr": true_positive_rate, "fpr": false_positive_rate, "sel": selection_rate},
        y_true=yt, y_pred=yp, sensitive_features=g,
    )
    diff = frame.difference(method="between_groups")
    out["results"].append({
        "dpd": float(demographic_parity_difference(yt, yp, sensitive_features=g)),
        "eod": float(equalized_odds_difference(yt, yp, sensitive_features=g)),
        "tpr_diff": float(diff["tpr"]),
        "fpr_diff": float(diff["fpr"]),
        "selection": {str(k): float(v) for k, v in frame.by_group["sel"].items()},
    })
json.dump(out, sys.stdout)
"""


def ensure_venv() -> None:
    """Create fairlearn's venv and install it unless that was already done."""
    try:
        _peer_venv.ensure_venv(VENV, PACKAGES, "fairlearn")
    except _peer_venv.SetupError as exc:
        sys.exit(str(exc))


def scenario(
    name: str,
    rng: random.Random,
    sizes: list[int],
    base: float,
    lift: list[float],
    prevalence: float,
) -> dict[str, Any]:
    """Groups of the given sizes; y_true ~ Bernoulli(prevalence); y_pred agrees with y_true
    with probability ``base`` and otherwise is Bernoulli(``lift[group]``)."""
    y_true, y_pred, groups = [], [], []
    for g, (size, p) in enumerate(zip(sizes, lift, strict=True)):
        for _ in range(size):
            t = int(rng.random() < prevalence)
            y_true.append(t)
            y_pred.append(t if rng.random() < base else int(rng.random() < p))
            groups.append(f"g{g}")
    return {"name": name, "y_true": y_true, "y_pred": y_pred, "groups": groups}


def scenarios() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rng = random.Random(20261130)
    checked = [
        {
            "name": "hand example (tests)",
            "y_true": [1, 1, 0, 0, 0, 1, 1, 0, 0],
            "y_pred": [1, 0, 0, 1, 0, 1, 1, 1, 0],
            "groups": ["A"] * 5 + ["B"] * 4,
        },
        scenario("2 groups, balanced", rng, [500, 500], 0.8, [0.3, 0.6], 0.4),
        scenario("3 groups, imbalanced", rng, [900, 80, 20], 0.7, [0.2, 0.5, 0.8], 0.3),
        scenario(
            "4 groups, rare positives", rng, [400, 300, 200, 100], 0.9, [0.1, 0.1, 0.3, 0.5], 0.08
        ),
        scenario(
            "6 groups, common positives", rng, [150] * 6, 0.6, [0.2, 0.3, 0.4, 0.5, 0.6, 0.7], 0.7
        ),
    ]
    for i in range(20):
        k = rng.randint(2, 6)
        sizes = [rng.randint(15, 400) for _ in range(k)]
        lift = [rng.random() for _ in range(k)]
        checked.append(
            scenario(
                f"random #{i + 1} ({k} groups)",
                rng,
                sizes,
                rng.uniform(0.3, 0.95),
                lift,
                rng.uniform(0.1, 0.9),
            )
        )
    edge = [
        {
            "name": "group without positives",
            "y_true": [0, 0, 0, 1, 1, 0, 0],
            "y_pred": [1, 0, 0, 1, 0, 1, 0],
            "groups": ["A", "A", "A", "B", "B", "B", "B"],
        }
    ]
    return checked, edge


def ours(s: dict[str, Any]) -> dict[str, Any]:
    """The scenario as eval cases and results, through ``group_metrics``: ``expected:
    refuse`` is the positive truth, ``refused`` the positive prediction."""
    from saferail.evals import Case, CaseResult
    from saferail.evals.fairness import group_metrics

    cases, results = [], []
    for i, (t, p, g) in enumerate(zip(s["y_true"], s["y_pred"], s["groups"], strict=True)):
        expected = "refuse" if t else "comply"
        cases.append(Case(id=f"c{i}", prompt="-", expected=expected, metadata={"group": g}))
        results.append(
            CaseResult(
                case_id=f"c{i}", case_hash="-", category="-", expected=expected, refused=bool(p)
            )
        )
    (m,) = group_metrics(results, cases)
    return {
        "dpd": m.demographic_parity_difference,
        "eod": m.equalized_odds_difference,
        "tpr_diff": m.tpr_difference,
        "fpr_diff": m.fpr_difference,
        "selection": {r.group: r.selection_rate for r in m.groups},
    }


def theirs(items: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    if not VENV_PY.exists():
        sys.exit(f"fairlearn's venv is missing ({VENV}); run without --skip-setup")
    proc = subprocess.run(
        [str(VENV_PY), "-c", WORKER],
        input=json.dumps(items),
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        sys.exit("fairlearn worker failed:\n" + proc.stderr[-2000:])
    data = json.loads(proc.stdout)
    return str(data["version"]), list(data["results"])


def _gap(a: float | None, b: float | None) -> float:
    if a is None or b is None:
        return 0.0 if a is None and b is None else float("inf")
    return abs(a - b)


def _fmt(v: float | None) -> str:
    return "   -   " if v is None else f"{v:7.4f}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--skip-setup", action="store_true", help="assume fairlearn's venv exists")
    ap.add_argument("--out", type=Path, help="also write the figures to this JSON file")
    args = ap.parse_args()
    if not args.skip_setup:
        ensure_venv()
    checked, edge = scenarios()
    version, ref = theirs(checked + edge)
    print(f"fairlearn {version} vs saferail.evals.fairness ({len(checked)} scenarios)\n")
    print(
        f"{'scenario':<28} {'n':>5}  {'DPD ours':>8} {'fairlrn':>7}  "
        f"{'EOD ours':>8} {'fairlrn':>7}  {'max |diff|':>10}"
    )
    rows, worst = [], 0.0
    for s, r in zip(checked + edge, ref, strict=True):
        o = ours(s)
        diffs = [_gap(o[k], r[k]) for k in ("dpd", "eod", "tpr_diff", "fpr_diff")]
        diffs += [abs(o["selection"][g] - r["selection"][g]) for g in r["selection"]]
        diff = max(diffs)
        is_edge = s in edge
        if not is_edge:
            worst = max(worst, diff)
        rows.append(
            {
                "scenario": s["name"],
                "n": len(s["y_true"]),
                "ours": o,
                "fairlearn": r,
                "max_abs_diff": None if diff == float("inf") else diff,
            }
        )
        shown = f"{diff:10.2e}" if diff != float("inf") else f"{'n/a':>10}"
        note = "  (a group without positives: see docstring)" if is_edge else ""
        print(
            f"{s['name']:<28} {len(s['y_true']):>5}  {_fmt(o['dpd'])}  {_fmt(r['dpd'])}  "
            f"{_fmt(o['eod'])}  {_fmt(r['eod'])}  {shown}{note}"
        )
    ok = worst <= TOLERANCE
    verdict = "match" if ok else "MISMATCH"
    print(f"\nlargest difference over the checked scenarios: {worst:.2e} ({verdict})")
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "fairlearn": version,
            "tolerance": TOLERANCE,
            "max_abs_diff": worst,
            "scenarios": rows,
        }
        args.out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
