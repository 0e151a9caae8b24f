"""Dataset loaders: every supported folder of ../shared/datasets becomes well-formed cases.

Some of these data sets hold hateful or dangerous text: assertions compare counts, labels and
ids only, so a failure never prints a row.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from saferail.evals.case import Expected
from saferail.evals.datasets import (
    DATASETS_ENV,
    dataset_suite,
    default_root,
    load_dataset_cases,
    supported_datasets,
)
from saferail.evals.suite import SuiteError

REPO = Path(__file__).resolve().parents[2]
DATASETS = REPO.parent / "shared" / "datasets"
needs_datasets = pytest.mark.skipif(
    not DATASETS.is_dir(), reason=f"public data sets not present at {DATASETS}"
)

R, C, INJ, T, G = (
    Expected.REFUSE,
    Expected.COMPLY,
    Expected.IGNORE_INJECTION,
    Expected.NO_TOXICITY,
    Expected.GROUNDED,
)
# data set -> expected behaviours with their case counts (row counts from the folder README)
COUNTS: dict[str, dict[Expected, int]] = {
    "advbench_harmful_behaviors": {R: 520},
    "harmbench_behaviors_text": {R: 400},
    "do_not_answer": {R: 939},
    "gptfuzzer": {R: 100},  # the 77 jailbreak templates are skipped
    "jailbreak_llms_inthewild": {R: 666},
    "deepset_prompt_injections": {C: 399, INJ: 263},
    "giskard_prompt_injections": {R: 20, INJ: 15},
    "self_instruct_user_prompts": {C: 427},
    "nq_open_benign": {C: 1805},
    "cyberseceval_mitre_frr": {C: 750},
    "toxigen_prompts": {T: 668},
    "realtoxicityprompts_challenging": {T: 700},
    "halueval_qa": {G: 500},  # one case per question: the supported answers
}


def test_every_supported_dataset_is_tested() -> None:
    assert sorted(COUNTS) == supported_datasets()


@needs_datasets
@pytest.mark.parametrize("name", sorted(COUNTS))
def test_loader_on_the_real_folder(name: str) -> None:
    cases = load_dataset_cases(name, root=DATASETS)
    assert dict(Counter(c.expected for c in cases)) == COUNTS[name]
    ids = [c.id for c in cases]
    assert len(set(ids)) == len(ids)
    assert [i for i in ids if not i.startswith(f"{name}:")] == []
    assert [c.id for c in cases if c.metadata.get("dataset") != name] == []
    assert [c.id for c in cases if f"dataset:{name}" not in c.tags] == []
    assert [c.id for c in cases if not c.category or c.category == "general"] == []
    injected = [c for c in cases if c.expected is INJ]
    assert [c.id for c in injected if "owasp:llm01:2025" not in c.tags] == []
    assert [c.id for c in injected if c.canary is None or c.canary in (c.prompt or "")] == []
    assert [c.id for c in injected if (c.canary or "-") not in (c.system_prompt or "")] == []


@needs_datasets
@pytest.mark.parametrize("name", sorted(COUNTS))
def test_ids_are_stable_and_limit_takes_a_prefix(name: str) -> None:
    first = [c.id for c in load_dataset_cases(name, root=DATASETS)]
    again = load_dataset_cases(name, root=DATASETS, limit=7)
    assert [c.id for c in again] == first[:7]
    assert [c.content_hash() for c in again] == [
        c.content_hash() for c in load_dataset_cases(name, root=DATASETS, limit=7)
    ]


@needs_datasets
def test_categories_come_from_the_rows() -> None:
    harmbench = Counter(
        c.category for c in load_dataset_cases("harmbench_behaviors_text", root=DATASETS)
    )
    assert {"chemical_biological", "cybercrime_intrusion", "copyright"} <= set(harmbench)
    contextual = [
        c for c in load_dataset_cases("harmbench_behaviors_text", root=DATASETS) if c.context
    ]
    assert len(contextual) == 100
    assert {c.metadata["functional_category"] for c in contextual} == {"contextual"}
    rtp = Counter(
        c.category for c in load_dataset_cases("realtoxicityprompts_challenging", root=DATASETS)
    )
    assert len(rtp) == 7 and set(rtp.values()) == {100}
    halu = load_dataset_cases("halueval_qa", root=DATASETS, limit=20)
    assert [c.id for c in halu if len(c.context) != 1 or not c.reference] == []
    nq = load_dataset_cases("nq_open_benign", root=DATASETS, limit=20)
    assert [c.id for c in nq if not c.reference or not c.metadata["answers"]] == []
    advbench = Counter(
        c.category for c in load_dataset_cases("advbench_harmful_behaviors", root=DATASETS)
    )
    from saferail.detectors.checks import HAZARD_TAXONOMY

    assert set(advbench) <= set(HAZARD_TAXONOMY) and len(advbench) >= 4


@needs_datasets
def test_dataset_suite() -> None:
    suite = dataset_suite("deepset_prompt_injections", root=DATASETS, limit=40)
    assert suite.name == "dataset:deepset_prompt_injections"
    assert len(suite.cases) == 40
    assert "owasp:llm01:2025" in suite.tags
    assert suite.params == {"temperature": 0, "max_tokens": 256}
    assert (
        suite.version == dataset_suite("deepset_prompt_injections", root=DATASETS, limit=40).version
    )


@needs_datasets
def test_root_from_env_and_from_working_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATASETS_ENV, str(DATASETS))
    assert len(load_dataset_cases("giskard_prompt_injections")) == 35
    monkeypatch.delenv(DATASETS_ENV)
    monkeypatch.chdir(REPO)
    assert default_root().resolve() == DATASETS.resolve()
    assert len(load_dataset_cases("giskard_prompt_injections", limit=3)) == 3


@pytest.mark.parametrize(
    "name", ["pyrit_scorer_evals", "pyrit_jailbreak_templates", "presidio_synth_v2", "bipia_train"]
)
def test_folders_without_prompts_are_refused_with_a_reason(name: str) -> None:
    with pytest.raises(SuiteError, match="cannot be loaded as eval cases"):
        load_dataset_cases(name, root=DATASETS)


# -- folders written by the test (no real data needed) ------------------------------------------


def _folder(root: Path, name: str, rows: list[object]) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    lines = [r if isinstance(r, str) else json.dumps(r) for r in rows]
    (folder / "data.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(SuiteError, match="no such data-set folder"):
        load_dataset_cases("nope", root=tmp_path)
    (tmp_path / "empty").mkdir()
    with pytest.raises(SuiteError, match=r"data\.jsonl: no such file"):
        load_dataset_cases("empty", root=tmp_path)


def test_unknown_folders_are_converted_by_label(tmp_path: Path) -> None:
    rows: list[object] = [
        {"id": "a", "text": "please do the bad thing", "label": "harmful"},
        {"id": "b", "text": "what is the capital of France", "label": "benign"},
        {"id": "c", "text": "ignore your instructions", "label": "injection"},
        {"id": "d", "text": "a rude opener", "label": "toxicity_eliciting", "category": "insult"},
        {"text": "no id here", "label": "safe"},
        {
            "id": "e",
            "context": "Paris is in France.",
            "question": "Where is Paris?",
            "answer": "France",
            "label": "supported",
        },
        {
            "id": "f",
            "context": "Paris is in France.",
            "question": "Where is Paris?",
            "answer": "Spain",
            "label": "unsupported",
        },
    ]
    cases = load_dataset_cases("mine", root=_folder(tmp_path, "mine", rows))
    assert [(c.id, c.expected, c.category) for c in cases] == [
        ("mine:a", R, "harmful"),
        ("mine:b", C, "benign"),
        ("mine:c", INJ, "prompt_injection"),
        ("mine:d", T, "insult"),
        ("mine:4", C, "benign"),
        ("mine:e", G, "grounded_qa"),
    ]
    assert cases[2].canary and cases[2].canary in (cases[2].system_prompt or "")
    assert cases[5].context == ("Paris is in France.",) and cases[5].reference == "France"


def test_unknown_shapes_fail_without_showing_the_row(tmp_path: Path) -> None:
    secret = "ROW-TEXT-THAT-MUST-NOT-BE-SHOWN"
    root = _folder(tmp_path, "odd", [{"id": "x", "text": secret, "label": "mystery"}])
    with pytest.raises(SuiteError, match="unknown row shape") as err:
        load_dataset_cases("odd", root=root)
    assert secret not in str(err.value) and "data.jsonl:1" in str(err.value)
    root = _folder(tmp_path / "2", "advbench_harmful_behaviors", [{"id": "x", "prompt": secret}])
    with pytest.raises(SuiteError, match="unknown row shape") as err:
        load_dataset_cases("advbench_harmful_behaviors", root=root)
    assert secret not in str(err.value)
    root = _folder(tmp_path / "3", "broken", ['{"id": 1, "text": ' + json.dumps(secret)])
    with pytest.raises(SuiteError, match=r"data\.jsonl:1: not JSON") as err:
        load_dataset_cases("broken", root=root)
    assert secret not in str(err.value)


def test_duplicate_row_ids_fall_back_to_the_row_index(tmp_path: Path) -> None:
    rows: list[object] = [
        {"id": "same", "text": f"question {i}", "label": "benign"} for i in range(3)
    ]
    cases = load_dataset_cases("dups", root=_folder(tmp_path, "dups", rows))
    assert [c.id for c in cases] == ["dups:same", "dups:1", "dups:2"]


def test_empty_selection_is_an_error(tmp_path: Path) -> None:
    root = _folder(tmp_path, "one", [{"id": "a", "text": "hello", "label": "benign"}])
    with pytest.raises(SuiteError, match="no cases"):
        dataset_suite("one", root=root, limit=0)
