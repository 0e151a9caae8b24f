"""The ML-BOM: valid CycloneDX, complete, and verification catches every kind of tampering."""

from __future__ import annotations

import copy
import datetime as dt
import importlib.metadata as md
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator

from saferail import __version__
from saferail.evals.suite import load_suite
from saferail.policy import load_policy
from saferail.supply.bom import BomError, build_bom, content_serial, render_bom, validate_bom
from saferail.supply.lineage import DATASETS, MODELS
from saferail.supply.pins import (
    ALLOW_UNPINNED_ENV,
    compute_pins,
    data_dir,
    render_pins,
    sha256_file,
)
from saferail.supply.verify import verify_bom, verify_installation
from tests.supply.conftest import flip_byte

T0 = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A pinned copy of the data folder (other work in the checkout cannot change it)."""
    root = tmp_path_factory.mktemp("install") / "data"
    shutil.copytree(data_dir(), root, ignore=shutil.ignore_patterns("__pycache__"))
    (root / "PINS.json").write_text(render_pins(compute_pins(root)), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def bom(snapshot: Path) -> dict[str, Any]:
    return build_bom(data=snapshot, timestamp=T0)


@pytest.fixture
def data(snapshot: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the snapshot that a test may tamper with."""
    monkeypatch.delenv(ALLOW_UNPINNED_ENV, raising=False)
    root = tmp_path / "data"
    shutil.copytree(snapshot, root)
    return root


def _components(bom: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    todo = list(bom["components"])
    while todo:
        comp = todo.pop()
        out[comp["bom-ref"]] = comp
        todo.extend(comp.get("components", []))
    return out


def _sha(comp: dict[str, Any]) -> str:
    (h,) = comp["hashes"]
    assert h["alg"] == "SHA-256"
    return str(h["content"])


def test_the_bom_validates_against_the_cyclonedx_schema(bom: dict[str, Any]) -> None:
    text = render_bom(bom)
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    assert bom["bomFormat"] == "CycloneDX" and bom["specVersion"] == "1.6"
    assert bom["metadata"]["component"]["version"] == __version__
    assert bom["metadata"]["timestamp"].startswith("2026-03-01")


def test_models_carry_hashes_model_cards_and_lineage(snapshot: Path, bom: dict[str, Any]) -> None:
    comps = _components(bom)
    for file, info in MODELS.items():
        comp = comps[f"data:models/{file}"]
        assert comp["type"] == "machine-learning-model"
        assert _sha(comp) == sha256_file(snapshot / "models" / file)
        card = comp["modelCard"]
        assert card["modelParameters"]["task"] == info.task
        refs = [d["ref"] for d in card["modelParameters"].get("datasets", [])]
        assert refs == [f"dataset:{name}" for name in info.training]
        assert all(ref in comps for ref in refs)
    detector = comps["data:models/prompt_injection.npz"]["modelCard"]
    metrics = {
        m["type"]: m["value"] for m in detector["quantitativeAnalysis"]["performanceMetrics"]
    }
    assert set(metrics) >= {"recall", "fpr", "roc_auc", "decision-threshold"}
    deps = {d["ref"]: set(d.get("dependsOn", [])) for d in bom["dependencies"]}
    assert "dataset:jailbreak_llms_inthewild" in deps["data:models/jailbreak.npz"]
    assert "model:all-MiniLM-L6-v2" in deps["data:models/static_minilm.npz"]


def test_datasets_have_licenses_and_sources(bom: dict[str, Any]) -> None:
    comps = _components(bom)
    for name in {d for m in MODELS.values() for d in m.training}:
        comp = comps[f"dataset:{name}"]
        assert comp["scope"] == "excluded"  # not shipped: only what was derived from it
        (lic,) = comp["licenses"]
        expected = DATASETS[name].license
        assert lic.get("expression", lic.get("license", {}).get("id")) == expected
        assert comp["data"][0]["type"] == "dataset"


def test_suites_policy_and_packages(snapshot: Path, bom: dict[str, Any]) -> None:
    comps = _components(bom)
    suite = comps["data:suites/pii_leakage.yaml"]
    assert suite["version"] == load_suite("pii_leakage").version
    (cases,) = suite["components"]
    assert cases["bom-ref"] == "data:suites/pii_leakage.jsonl"
    assert _sha(cases) == sha256_file(snapshot / "suites" / "pii_leakage.jsonl")
    assert comps["policy:default"]["version"] == load_policy().version
    assert comps["data:redteam/goals.yaml"]["type"] == "data"
    assert comps["data:default_policy.yaml"]["hashes"]
    pydantic = comps[f"pkg:pypi/pydantic@{md.version('pydantic')}"]
    assert pydantic["type"] == "library" and pydantic["licenses"]
    assert f"pkg:pypi/saferail@{__version__}" in comps


def test_every_bundled_file_is_in_the_bom(snapshot: Path, bom: dict[str, Any]) -> None:
    paths = {
        p["value"]
        for comp in _components(bom).values()
        for p in comp.get("properties", [])
        if p["name"] == "saferail:path"
    }
    on_disk = {f"data/{rel}" for rel in compute_pins(snapshot)}
    assert on_disk <= paths


def test_an_invalid_bom_is_rejected_in_one_line(bom: dict[str, Any]) -> None:
    broken = copy.deepcopy(bom)
    broken["components"][0]["type"] = "spaceship"
    with pytest.raises(BomError) as exc:
        validate_bom(broken)
    assert "\n" not in str(exc.value) and "spaceship" in str(exc.value)


def test_a_tampered_installation_gets_no_bom(data: Path) -> None:
    flip_byte(data / "models" / "toxicity.npz")
    with pytest.raises(BomError, match=r"hash_mismatch: models/toxicity\.npz"):
        build_bom(data=data)


def test_verify_passes_on_the_installation_it_describes(data: Path, bom: dict[str, Any]) -> None:
    report = verify_bom(bom, data=data)
    assert report.ok, report.problems
    assert report.files >= len(compute_pins(data)) and report.packages > 20


def test_verify_detects_tampering_missing_files_and_drift(
    data: Path, bom: dict[str, Any], tmp_path: Path
) -> None:
    flip_byte(data / "models" / "jailbreak.npz")
    (data / "suites" / "toxicity_elicitation.jsonl").unlink()
    (data / "models" / "backdoor.npz").write_bytes(b"\x00" * 16)
    drifted = copy.deepcopy(bom)
    for comp in drifted["components"]:
        if comp["bom-ref"].startswith("pkg:pypi/pyyaml@"):
            comp["version"] = "0.0.1"
    policy = tmp_path / "policy.yaml"
    policy.write_text("name: default\ninput:\n  checks:\n    secret: {}\n")
    report = verify_bom(drifted, data=data, policy=policy)
    found = {(p.kind, p.subject) for p in report.problems}
    assert found == {
        ("hash_mismatch", "data:models/jailbreak.npz"),
        ("missing", "data:suites/toxicity_elicitation.jsonl"),
        ("unlisted", "data:models/backdoor.npz"),
        ("version_drift", "pypi:pyyaml"),
        ("version_drift", "policy:default"),
    }
    assert not report.ok


def test_verify_reports_a_changed_suite_version(data: Path, bom: dict[str, Any]) -> None:
    path = data / "suites" / "over_refusal.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\ntags:\n", "\ntags:\n- changed-tag\n", 1))  # one more tag
    kinds = {(p.kind, p.subject) for p in verify_bom(bom, data=data).problems}
    assert kinds == {
        ("hash_mismatch", "data:suites/over_refusal.yaml"),
        ("version_drift", "data:suites/over_refusal.yaml"),
    }


def test_verify_installation_against_pins(data: Path) -> None:
    assert verify_installation(data).problems == []
    flip_byte(data / "suites" / "grounded_qa.jsonl")
    (problem,) = verify_installation(data).problems
    assert (problem.kind, problem.subject) == ("hash_mismatch", "data:suites/grounded_qa.jsonl")


def test_bom_file_round_trip(data: Path, bom: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "bom.cdx.json"
    path.write_text(render_bom(bom), encoding="utf-8")
    assert verify_bom(path, data=data).ok
    path.write_text(json.dumps({"bomFormat": "CycloneDX"}))
    with pytest.raises(BomError, match="not a valid CycloneDX"):
        verify_bom(path, data=data)


def test_verify_with_a_policy_but_no_policy_in_the_bom_is_not_a_silent_pass(
    data: Path, bom: dict[str, Any], tmp_path: Path
) -> None:
    stripped = copy.deepcopy(bom)
    stripped["components"] = [
        c for c in stripped["components"] if not c["bom-ref"].startswith("policy:")
    ]
    policy = tmp_path / "policy.yaml"
    policy.write_text("name: mine\ninput:\n  checks:\n    secret: {}\n")
    report = verify_bom(stripped, data=data, policy=policy)
    assert [(p.kind, p.subject) for p in report.problems] == [("missing", "policy")]
    assert "records no policy" in report.problems[0].detail
    assert verify_bom(stripped, data=data).ok  # no --policy: nothing was asked to compare


def test_the_serial_number_is_derived_from_the_content(bom: dict[str, Any], snapshot: Path) -> None:
    again = build_bom(data=snapshot, timestamp=T0)
    assert render_bom(again) == render_bom(bom)
    assert content_serial(bom) == bom["serialNumber"]
    changed = dict(bom, version=2)
    assert content_serial(changed) != bom["serialNumber"]
