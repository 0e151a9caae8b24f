"""Load-time verification: a one-byte change to a bundled model or suite is refused."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from saferail.checks._grounding import model as grounding_model
from saferail.detectors import model as detector_model
from saferail.detectors import static
from saferail.errors import SaferailError
from saferail.evals.suite import load_suite
from saferail.guard import Guard
from saferail.policy import parse_policy
from saferail.supply.pins import (
    ALLOW_UNPINNED_ENV,
    ArtifactIntegrityError,
    check_pins,
    compute_pins,
    data_dir,
    load_pins,
    sha256_file,
)
from tests.supply.conftest import flip_byte

REPO = Path(__file__).resolve().parents[2]


def _refused(exc: pytest.ExceptionInfo[ArtifactIntegrityError], path: Path, key: str) -> None:
    message = str(exc.value)
    assert "\n" not in message
    assert str(path) in message and key in message
    pinned = load_pins()[key]
    assert f"pinned {pinned[:12]}" in message
    assert f"SHA-256 {sha256_file(path)[:12]}" in message


def _untracked() -> set[str]:
    """Data files not committed yet (someone's work in progress in a shared checkout)."""
    proc = subprocess.run(
        ["git", "ls-files", "--others", "--exclude-standard", "."],
        cwd=data_dir(),
        capture_output=True,
        text=True,
    )
    return set(proc.stdout.split()) if proc.returncode == 0 else set()


def test_the_installation_matches_its_pins() -> None:
    wip = _untracked()
    problems = [p for p in check_pins() if not (p.kind == "unpinned" and p.path in wip)]
    assert problems == [], "bundled data changed: run python scripts/update_pins.py"


def test_every_model_and_suite_is_pinned() -> None:
    pins = load_pins()
    for key in ("models/prompt_injection.npz", "models/grounding.json", "suites/pii_leakage.jsonl"):
        assert re.fullmatch(r"[0-9a-f]{64}", pins[key])
    assert "default_policy.yaml" in pins and "redteam/goals.yaml" in pins


def test_an_unchanged_copy_loads(data_copy: Path) -> None:
    model = detector_model.load_model("refusal")
    assert model.name == "refusal"
    assert grounding_model.load_model().features
    assert len(load_suite("over_refusal").cases) > 0


def test_one_byte_change_to_a_classifier_is_refused(data_copy: Path) -> None:
    path = data_copy / "models" / "prompt_injection.npz"
    flip_byte(path)
    with pytest.raises(ArtifactIntegrityError) as exc:
        detector_model.load_model("prompt_injection")
    _refused(exc, path, "models/prompt_injection.npz")
    assert isinstance(exc.value, SaferailError)
    # a guard whose policy runs that check refuses to start
    with pytest.raises(ArtifactIntegrityError):
        Guard(parse_policy("input:\n  checks:\n    prompt_injection: {}\n"))


def test_one_byte_change_to_the_grounding_model_is_refused(data_copy: Path) -> None:
    path = data_copy / "models" / "grounding.json"
    original = path.read_bytes()
    i = original.index(b'"bias": ') + len(b'"bias": ')
    path.write_bytes(
        original[:i] + (b"+" if original[i : i + 1] == b"-" else b"-") + original[i + 1 :]
    )
    assert sum(a != b for a, b in zip(original, path.read_bytes(), strict=True)) == 1
    with pytest.raises(ArtifactIntegrityError) as exc:
        grounding_model.load_model()
    _refused(exc, path, "models/grounding.json")


def test_one_byte_change_to_the_static_table_is_refused(data_copy: Path) -> None:
    path = data_copy / "models" / "static_minilm.npz"
    flip_byte(path)
    with pytest.raises(ArtifactIntegrityError) as exc:
        static.load_embedder()
    _refused(exc, path, "models/static_minilm.npz")


@pytest.mark.parametrize("name", ["over_refusal.jsonl", "over_refusal.yaml"])
def test_one_byte_change_to_a_builtin_suite_is_refused(data_copy: Path, name: str) -> None:
    path = data_copy / "suites" / name
    text = path.read_text(encoding="utf-8")
    i = text.index("What") if name.endswith(".jsonl") else text.index("name:")
    path.write_text(text[:i] + text[i].swapcase() + text[i + 1 :], encoding="utf-8")
    with pytest.raises(ArtifactIntegrityError) as exc:
        load_suite("over_refusal")
    _refused(exc, path, f"suites/{name}")


def test_a_new_unpinned_builtin_suite_is_refused(data_copy: Path) -> None:
    suites = data_copy / "suites"
    shutil.copy(suites / "over_refusal.yaml", suites / "smuggled.yaml")
    with pytest.raises(ArtifactIntegrityError, match=r"no pinned SHA-256.*suites/smuggled\.yaml"):
        load_suite("smuggled")


def test_user_suite_files_are_not_pinned(data_copy: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    for name in ("over_refusal.yaml", "over_refusal.jsonl"):
        shutil.copy(data_copy / "suites" / name, mine / name)
    yaml_file = mine / "over_refusal.yaml"
    yaml_file.write_text("# my copy\n" + yaml_file.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_suite(mine / "over_refusal.yaml").name == "over_refusal"


def test_escape_hatch_allows_a_modified_artifact(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = data_copy / "suites" / "over_refusal.yaml"
    path.write_text("# edited\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ArtifactIntegrityError):
        load_suite("over_refusal")
    monkeypatch.setenv(ALLOW_UNPINNED_ENV, "1")
    assert load_suite("over_refusal").name == "over_refusal"


def test_check_pins_lists_every_kind_of_difference(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "b.txt").write_text("b")
    pins = compute_pins(tmp_path)
    (tmp_path / "a.txt").write_text("A")
    (tmp_path / "b.txt").unlink()
    (tmp_path / "c.txt").write_text("c")
    problems = {(p.kind, p.path) for p in check_pins(tmp_path, pins)}
    assert problems == {("hash_mismatch", "a.txt"), ("missing", "b.txt"), ("unpinned", "c.txt")}


def test_update_pins_check_mode(tmp_path: Path) -> None:
    (tmp_path / "x.bin").write_bytes(b"\x00\x01")
    script = [sys.executable, str(REPO / "scripts" / "update_pins.py"), "--data", str(tmp_path)]
    assert subprocess.run([*script, "--check"], capture_output=True).returncode == 1
    assert subprocess.run(script, capture_output=True).returncode == 0
    pins = json.loads((tmp_path / "PINS.json").read_text())
    assert pins["files"] == {"x.bin": sha256_file(tmp_path / "x.bin")}
    assert subprocess.run([*script, "--check"], capture_output=True).returncode == 0


def test_a_modified_grounding_model_fails_closed_in_the_guard(data_copy: Path) -> None:
    path = data_copy / "models" / "grounding.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"bias": 4', '"bias": 5', 1))
    guard = Guard(parse_policy("output:\n  checks:\n    ungrounded: {}\n"))
    decision = guard.check_output("Paris is in Spain.", context="Paris is the capital of France.")
    assert decision.action == "block"  # fail_mode closed: the check errored, nothing passes
    assert any("ArtifactIntegrityError" in e and "grounding.json" in e for e in decision.errors)


def test_every_pinned_file_ships_as_package_data() -> None:
    """A wheel must carry every pinned file, or its installation fails verification."""
    import tomllib
    from pathlib import PurePosixPath

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["saferail"]
    for key in load_pins():
        rel = PurePosixPath("data", key)
        shipped = any(rel.match(g) and len(rel.parts) == len(PurePosixPath(g).parts) for g in globs)
        assert shipped, f"{rel} is pinned but no package-data glob ships it"
