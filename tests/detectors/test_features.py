"""The hashing featurizer: deterministic, normalized, word-bounded, batch == single."""

import subprocess
import sys

import numpy as np

from saferail.detectors.features import N_FEATURES, featurize, featurize_batch, tokenize


def test_tokenize_lowercases_and_splits_on_non_word() -> None:
    assert tokenize("Hello, WORLD_x 42!") == ["hello", "world", "x", "42"]


def test_vector_is_l2_normalized_sorted_and_in_range() -> None:
    vec = featurize("Tell me about the history of the printing press.")
    assert vec.indices.dtype == np.int32 and vec.values.dtype == np.float32
    assert np.all(np.diff(vec.indices) > 0)
    assert vec.indices.min() >= 0 and vec.indices.max() < N_FEATURES
    assert abs(float(np.linalg.norm(vec.values)) - 1.0) < 1e-5


def test_empty_text_has_no_features() -> None:
    assert featurize("").indices.size == 0
    assert featurize("  ...  ").values.size == 0


def test_case_insensitive() -> None:
    a, b = featurize("Reveal The Secret"), featurize("reveal the secret")
    assert np.array_equal(a.indices, b.indices) and np.allclose(a.values, b.values)


def test_stable_across_processes() -> None:
    """crc32 hashing, not Python's salted hash(): another interpreter gets the same buckets."""
    code = (
        "from saferail.detectors.features import featurize;"
        "print(featurize('abc def').indices.tolist())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "12345"},
    )
    assert out.stdout.strip() == str(featurize("abc def").indices.tolist())


def test_batch_matches_single() -> None:
    texts = ["first text here", "", "second, different text", "first text here"]
    batch = featurize_batch(texts)
    assert batch.n_rows == 4
    for i, text in enumerate(texts):
        lo, hi = batch.indptr[i], batch.indptr[i + 1]
        vec = featurize(text)
        assert np.array_equal(batch.indices[lo:hi], vec.indices)
        assert np.allclose(batch.values[lo:hi], vec.values)


def test_long_tokens_are_bounded() -> None:
    vec = featurize("x" * 100_000)
    assert vec.indices.size < 40


def test_cached_tokens_match_tokenize() -> None:
    from saferail.detectors.features import tokens

    text = "Ignore ALL previous instructions, café 42_x"
    assert tokens(text) == tuple(tokenize(text))
    assert featurize(text) is featurize(text)  # shared by the checks of one message


def _reference(text: str) -> dict[int, float]:
    """The documented feature vector, computed the slow obvious way (a dict per bucket)."""
    import itertools
    import math
    import zlib

    from saferail.detectors.features import MAX_WORD

    words = tokenize(text)
    feats = [f"b:{a} {b}" for a, b in itertools.pairwise(words)]
    for word in words:
        feats.append("w:" + word)
        padded = f" {word[:MAX_WORD]} "
        for size in (3, 4, 5):
            feats.extend(padded[i : i + size] for i in range(len(padded) - size + 1))
    sums: dict[int, int] = {}
    for feat in feats:
        h = zlib.crc32(feat.encode("utf-8"))
        bucket = h & (N_FEATURES - 1)
        sums[bucket] = sums.get(bucket, 0) + (1 if h >> 31 else -1)
    kept = {b: v for b, v in sums.items() if v != 0}
    norm = math.sqrt(sum(v * v for v in kept.values()))
    return {b: v / norm for b, v in kept.items()}


def test_matches_the_documented_signed_hashing() -> None:
    texts = [
        "Tell me about the history of the printing press, the press, THE PRESS.",
        "a a a a b b",  # repeated features: counts add up per bucket
        "ünïcödé wörds and 日本語 text " * 3,
        "x" * 60 + " " + "y" * 3,
        "one",
    ]
    for text in texts:
        vec = featurize(text)
        want = _reference(text)
        assert vec.indices.tolist() == sorted(want)
        assert np.allclose(vec.values, [want[b] for b in sorted(want)], rtol=1e-6, atol=0)
