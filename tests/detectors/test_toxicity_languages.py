"""``benchmarks/toxicity_languages.py`` and its sets: the blind set of toxic and benign chat
messages in eight languages and the abuse rule's development files are well formed and as
their READMEs describe; the benchmark counts model, rule and check per language and kind.
No data-set text is printed."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCH))

import toxicity_languages as tl  # noqa: E402
from fresh_blind import rows  # noqa: E402

LANGS = {"en", "de", "fr", "es", "it", "nl", "pl", "pt"}
FIELDS = frozenset({"text", "label", "lang", "kind"})


@pytest.mark.parametrize(
    ("name", "dropped"),
    [
        # rows dropped as near-duplicates of earlier sets, by (language, label)
        ("blind", {("pl", "toxic"): 1, ("pt", "toxic"): 1}),
        (
            "blind2",
            {("en", "toxic"): 1, ("nl", "toxic"): 2, ("it", "benign"): 3, ("nl", "benign"): 1},
        ),
    ],
)
def test_blind_sets_have_thirty_of_each_label_per_language_less_the_dropped(
    name: str, dropped: dict[tuple[str, str], int]
) -> None:
    (path,) = tl.SETS[name]
    data = rows(path)
    assert {frozenset(r) for r in data} == {FIELDS}
    expected = Counter({(lang, label): 30 for lang in LANGS for label in ("toxic", "benign")})
    expected.subtract(dropped)
    assert Counter((r["lang"], r["label"]) for r in data) == expected
    assert len({r["text"] for r in data}) == len(data) == 480 - sum(dropped.values())


def test_development_files_have_sixty_of_each_label_per_language() -> None:
    langs = [("en", "de", "fr", "es"), ("it", "nl", "pl", "pt")]
    for path, own in zip(tl.SETS["dev"], langs, strict=True):
        data = rows(path)
        assert {frozenset(r) for r in data} == {FIELDS}
        counts = Counter((r["lang"], r["label"]) for r in data)
        assert counts == {(lang, label): 60 for lang in own for label in ("toxic", "benign")}
        assert len(Counter((r["lang"], r["kind"]) for r in data)) == 4 * 12


def test_measure_counts_model_rule_and_check(tmp_path: Path) -> None:
    path = tmp_path / "set.jsonl"
    lines = [
        {"lang": "de", "label": "toxic", "kind": "insult", "text": "du bist ein Vollidiot"},
        {"lang": "en", "label": "benign", "kind": "everyday", "text": "what time is it in Oslo"},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    result = tl.measure((path,))
    assert result["by_language"]["de/toxic"] == {"n": 1, "model": 0, "rule": 1, "check": 1}
    assert result["by_language"]["en/benign"] == {"n": 1, "model": 0, "rule": 0, "check": 0}
    assert result["total"]["toxic (not English)"]["check"] == 1
    assert "benign (not English)" not in result["total"]
    assert result["by_kind"]["toxic/insult"]["rule"] == 1


def test_missing_set_is_one_line_and_exit_2(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(tl.SETS, "dev", (tmp_path / "absent.jsonl",))
    monkeypatch.setattr(sys, "argv", ["toxicity_languages.py", "--set", "dev"])
    assert tl.main() == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("toxicity_languages: no such file:") and "\n" not in err
