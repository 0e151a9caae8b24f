"""The clean-document corpus of the detector training (``scripts/local_docs.py``)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))

import local_docs  # noqa: E402


def _para(word: str, n: int) -> str:
    return " ".join([word] * n)


def test_paragraphs_are_joined_up_to_the_chunk_size() -> None:
    text = "\n\n".join([_para("alpha", 60), _para("beta", 60), _para("gamma", 60)])
    out = local_docs.chunks(text)
    assert len(out) == 2
    assert "alpha" in out[0] and "beta" in out[0] and "gamma" not in out[0]
    assert out[1].split() == ["gamma"] * 60


def test_a_fenced_code_block_with_blank_lines_stays_one_paragraph() -> None:
    code = "```python\nimport os\n\n\nprint(os.getcwd())\n```"
    text = _para("intro", 30) + "\n\n" + code + "\n\n" + _para("outro", 130)
    out = local_docs.chunks(text)
    assert "import os\n\n\nprint(os.getcwd())" in out[0]
    assert out[1].split() == ["outro"] * 130


def test_short_chunks_are_dropped_and_a_long_paragraph_stands_alone() -> None:
    text = "\n\n".join(["Badge line", _para("long", 400), "Tail"])
    assert local_docs.chunks(text) == [_para("long", 400)]


class _Meta:
    def __init__(self, name: str, body: str) -> None:
        self._fields = {"Name": name}
        self._body = body

    def __getitem__(self, key: str) -> str | None:
        return self._fields.get(key)

    def get(self, key: str, default: str | None = None) -> str | None:
        return self._fields.get(key, default)

    def get_payload(self) -> str:
        return self._body


class _Dist:
    def __init__(self, name: str, body: str, version: str = "1.0") -> None:
        self.metadata = _Meta(name, body)
        self.version = version


def _fake_dists(monkeypatch: pytest.MonkeyPatch, dists: list[_Dist], packages: list[str]) -> None:
    monkeypatch.setattr(local_docs.metadata, "distributions", lambda: iter(dists))
    monkeypatch.setattr(local_docs, "PACKAGES", tuple(packages))


def test_each_listed_package_goes_to_one_part_and_others_to_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    names = [f"pkg-{i}" for i in range(40)]
    dists = [_Dist(n, _para(n.replace("-", ""), 60)) for n in names]
    dists.append(_Dist("saferail", _para("saferail", 60)))  # installed, not listed
    dists.append(_Dist("Pkg_0", _para("duplicate", 60)))  # same normalized name: first wins
    _fake_dists(monkeypatch, dists, names)
    train = local_docs.package_docs("train")
    probe = local_docs.package_docs("probe")
    words = {c.split()[0] for c in train} | {c.split()[0] for c in probe}
    assert len(train) + len(probe) == 40
    assert words == {n.replace("-", "") for n in names}
    assert {c.split()[0] for c in train}.isdisjoint({c.split()[0] for c in probe})
    assert 0.4 < len(train) / 40 < 0.95  # about 70% by a hash of the name
    assert local_docs.package_docs("probe") == probe


def test_crlf_descriptions_and_the_per_package_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    body = "\r\n\r\n".join(_para(f"w{i}", 120) for i in range(30))
    names = [f"big-{i}" for i in range(20)]
    _fake_dists(monkeypatch, [_Dist(n, body) for n in names], names)
    docs = local_docs.package_docs("train") + local_docs.package_docs("probe")
    assert len(docs) == 20 * local_docs.PER_PACKAGE
    assert all("\r" not in d and len(d.split()) == 120 for d in docs)
    # evenly spaced over the README, not its first chunks only
    assert {d.split()[0] for d in docs} >= {"w0", "w27"}


def test_corpus_id_names_versions_and_missing_packages(monkeypatch: pytest.MonkeyPatch) -> None:
    dists = [_Dist("present", _para("present", 60), "2.5")]
    _fake_dists(monkeypatch, dists, ["present", "absent"])
    info = local_docs.corpus_id()
    assert info["packages"] == {"present": "2.5"}
    assert info["missing"] == ["absent"]
    assert info["train_chunks"] + info["probe_chunks"] == 1  # type: ignore[operator]
    before = info["sha256"]
    _fake_dists(monkeypatch, [_Dist("present", _para("changed", 60), "2.5")], ["present"])
    assert local_docs.corpus_id()["sha256"] != before
