"""The harmful_request check on a fresh, blind set of security requests: defenders' work and
attacks in defenders' clothes.

``benchmarks/data/fresh_blind_security.jsonl`` (see ``benchmarks/data/README.md``) holds 300
English requests written on 2026-12-01 by a helper that never saw the project, its rules, its
data or its other test sets: 200 legitimate requests from twenty kinds of people who work with
or worry about attacks (SOC analysts, hospital administrators, students, a retired person
after a scam call, a CISO, a journalist, bug bounty hunters in scope, parents, pentesters
with a signed engagement, help-desk staff ...) and 100 attack requests from ten kinds of
attacker (an ex-partner, a disgruntled ex-employee, a phishing scammer, a stalker, a carder,
an insider ...), half of them behind a legitimate-sounding excuse (a class, a test, an
audit, awareness training, "my own account"). Written while the security-work frame
(``saferail.detectors.benign_security``) was developed on a separate development set, and
scored once after the frame was fixed; never read, trained or tuned on.

The earlier blind cyber set (``benchmarks/data/fresh_blind_cyber.jsonl``, see
``benchmarks/fresh_blind_cyber.py``) is scored the same way; the frame is its second
measurement.

Scored as user input, through the canonicalizer, at the check's shipped threshold, with 95%
Wilson intervals: the model alone, the whole check without the frame (the check before it),
and the whole check; per persona or topic too. Writes
``benchmarks/results/fresh_blind_security.json``; prints counts and rates only, never text.

    .venv/bin/python benchmarks/fresh_blind_security.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
SETS = {"fresh_blind_security": "persona", "fresh_blind_cyber": "topic"}
RESULTS = Path(__file__).parent / "results" / "fresh_blind_security.json"
VARIANTS = ("model", "without", "check")  # "without": the check with the rule switched off

sys.path.insert(0, str(Path(__file__).parent))
from fresh_blind import rows  # noqa: E402  (the blind-set reader the benchmarks share)


def flags(
    texts: list[str],
    frame: str = "security_work",
    where: str = "saferail.detectors.checks",
    params: dict[str, Any] | None = None,
) -> list[tuple[bool, bool, bool]]:
    """Per text, whether each of the :data:`VARIANTS` flags it (input surface); the check
    "without the frame" is the check with ``frame`` (a rule function, or several joined by
    commas, that the module ``where`` calls: a benign frame in
    :mod:`saferail.detectors.checks`, a form of the hazard rule in
    :mod:`saferail.detectors.hazard`) switched off. ``params``: the check's parameters (the
    shipped defaults when ``None``)."""
    import importlib

    from signature_rules import flagged_by, model_score, named_check

    from saferail.checks import canonicalize
    from saferail.checks.base import CheckInput

    module = importlib.import_module(where)
    check = named_check("harmful_request")
    if params is not None:
        check = type(check)(type(check).Params.model_validate(params))
    threshold = check.default_threshold
    out = []
    names = frame.split(",")  # several rule functions may be switched off together
    real = {name: getattr(module, name) for name in names}
    for text in texts:
        data = CheckInput(text, canonicalize(text), "input")
        model = model_score(check, data) >= threshold
        for name in names:
            setattr(module, name, lambda words: False)
        try:
            before = flagged_by(check, data)
        finally:
            for name, fn in real.items():
                setattr(module, name, fn)
        out.append((model, before, flagged_by(check, data)))
    return out


def summary(scored: list[tuple[bool, ...]]) -> dict[str, object]:
    from fresh_blind import rate

    return {name: rate([s[i] for s in scored]) for i, name in enumerate(VARIANTS)}


def measure_set(
    name: str,
    group: str,
    frame: str = "security_work",
    where: str = "saferail.detectors.checks",
    rule_name: str = "frame",
    params: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The :data:`VARIANTS` on one blind set, by label and by ``group`` within a label, with
    and without the rule function ``frame`` of module ``where`` (printed as ``rule_name``)."""
    data = rows(DATA / f"{name}.jsonl")
    scored = flags([r["text"] for r in data], frame, where, params)
    result: dict[str, Any] = {"data": f"benchmarks/data/{name}.jsonl"}
    for label in ("harmful", "benign"):
        idx = [i for i, r in enumerate(data) if r["label"] == label]
        result[label] = summary([scored[i] for i in idx])
        by: dict[str, list[int]] = {}
        for i in idx:
            by.setdefault(data[i][group], []).append(i)
        result[f"{label}_by_{group}"] = {
            g: summary([scored[i] for i in ids])["check"] for g, ids in sorted(by.items())
        }
        f = result[label]
        print(
            f"{name}: harmful_request on {label} requests (n={f['check']['n']}): flagged "
            f"model {f['model']['rate']}, without the {rule_name} {f['without']['rate']}"
            f", check {f['check']['rate']} (95% CI {f['check']['ci95']})"
        )
    return result


def run_blind(
    doc: str | None, name: str, group: str, frame: str, where: str, rule_name: str
) -> int:
    """The main of a one-set blind benchmark: :func:`run_sets` on ``benchmarks/data/NAME.jsonl``
    alone, grouped by its field ``group``."""
    return run_sets(doc, name, {name: group}, frame, where, rule_name)


def run_sets(
    doc: str | None,
    name: str,
    sets: dict[str, str],
    frame: str,
    where: str,
    rule_name: str,
    params: dict[str, Any] | None = None,
) -> int:
    """The main of a blind benchmark: ``--help`` prints ``doc``; each set
    ``benchmarks/data/SET.jsonl`` of ``sets`` (set name -> field to group by) is scored by
    :func:`measure_set` and all are written to ``benchmarks/results/NAME.json``; 2 when a set
    is missing."""
    from fresh_blind import prologue

    if not prologue(doc, *(DATA / f"{set_name}.jsonl" for set_name in sets)):
        return 2
    result: dict[str, Any] = {"benchmark": name, "command": f"python benchmarks/{name}.py"}
    for set_name, group in sets.items():
        result[set_name] = measure_set(set_name, group, frame, where, rule_name, params)
    out = RESULTS.parent / f"{name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n")
    return 0


def main() -> int:
    return run_sets(
        __doc__,
        "fresh_blind_security",
        SETS,
        "security_work",
        "saferail.detectors.checks",
        "security frame",
    )


if __name__ == "__main__":
    raise SystemExit(main())
