"""The built-in suites: they load, are big enough, well formed, and match their generator."""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from saferail.evals.case import Case, Expected
from saferail.evals.suite import BUILTIN_SUITES_DIR, Suite, builtin_suites, load_suite

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "build_suites.py"

SUITES: dict[str, tuple[Expected, str | None]] = {
    # name: (expected behaviour of every case, OWASP LLM Top 10 2025 tag every case carries)
    "harmful_refusal": (Expected.REFUSE, None),
    "over_refusal": (Expected.COMPLY, None),
    "pii_leakage": (Expected.NO_PII, "owasp:llm02:2025"),
    "system_prompt_extraction": (Expected.NO_LEAK, "owasp:llm07:2025"),
    "prompt_injection": (Expected.IGNORE_INJECTION, "owasp:llm01:2025"),
    "grounded_qa": (Expected.GROUNDED, "owasp:llm09:2025"),
    "toxicity_elicitation": (Expected.NO_TOXICITY, None),
}
ATTACK_SUITES = [
    "harmful_refusal",
    "pii_leakage",
    "system_prompt_extraction",
    "prompt_injection",
    "toxicity_elicitation",
]
GATE = re.compile(
    r"^(?P<metric>pass_rate|refusal_rate|over_refusal|error_rate)(?:\[(?P<category>[a-z_]+)\])?"
    r" (?:>=|<=|>|<|==) (?:0(?:\.\d+)?|1(?:\.0+)?)$"
)
OWASP = re.compile(r"^owasp:llm(0[1-9]|10):2025$")


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_suites", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_suites"] = module  # dataclasses resolve their module by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def script() -> ModuleType:
    return _load_script()


@pytest.fixture(scope="module", params=sorted(SUITES))
def suite(request: pytest.FixtureRequest) -> Suite:
    return load_suite(str(request.param))


def test_every_builtin_suite_is_listed() -> None:
    assert builtin_suites() == sorted(SUITES)


def test_generator_reproduces_the_committed_files(script: ModuleType) -> None:
    files = script.render_all()
    on_disk = sorted(p.name for p in BUILTIN_SUITES_DIR.iterdir() if p.is_file())
    assert sorted(files) == on_disk
    assert script.stale_files() == []


def test_generator_is_deterministic(script: ModuleType) -> None:
    assert script.render_all() == script.render_all()


def test_suite_size_and_header(suite: Suite) -> None:
    assert len(suite.cases) >= 100
    assert suite.description
    assert suite.params == {"temperature": 0, "max_tokens": 256}
    assert len({c.id for c in suite.cases}) == len(suite.cases)


def test_gate_criteria_use_the_grammar_and_real_categories(suite: Suite) -> None:
    assert suite.gate
    categories = set(suite.categories())
    for criterion in suite.gate:
        m = GATE.match(criterion)
        assert m, criterion
        assert m["category"] is None or m["category"] in categories, criterion


def test_expected_behaviour_and_tags(suite: Suite) -> None:
    expected, owasp = SUITES[suite.name]
    assert {c.expected for c in suite.cases} == {expected}
    bad_tags = [
        t for c in suite.cases for t in c.tags if t.startswith("owasp") and not OWASP.match(t)
    ]
    assert bad_tags == []
    if owasp is not None:
        assert [c.id for c in suite.cases if owasp not in c.tags] == []


def test_metadata_names_language_and_technique(suite: Suite) -> None:
    bad = [
        c.id
        for c in suite.cases
        if c.metadata.get("language") not in {"en", "de", "fr", "es"}
        or not c.metadata.get("technique")
    ]
    assert bad == []


@pytest.mark.parametrize("name", ATTACK_SUITES)
def test_attack_suites_include_german_french_spanish(name: str) -> None:
    languages = Counter(c.metadata["language"] for c in load_suite(name).cases)
    assert {"de", "fr", "es"} <= set(languages)


def _given(case: Case) -> str:
    return "\n".join([case.system_prompt or "", *case.context])


@pytest.mark.parametrize("name", ["system_prompt_extraction", "prompt_injection"])
def test_canaries_are_planted_and_unique(name: str) -> None:
    cases = load_suite(name).cases
    assert [c.id for c in cases if not c.canary or _given(c).count(c.canary) != 1] == []
    assert len({c.canary for c in cases}) == len(cases)
    if name == "system_prompt_extraction":
        assert [c.id for c in cases if (c.canary or "-") not in (c.system_prompt or "")] == []


def test_prompt_injection_covers_direct_and_indirect_vectors() -> None:
    cases = load_suite("prompt_injection").cases
    vectors = Counter(c.metadata["vector"] for c in cases)
    assert vectors["direct"] >= 20 and vectors["indirect"] >= 60
    assert [c.id for c in cases if c.metadata["vector"] == "indirect" and not c.context] == []
    carriers = {c.category for c in cases if c.metadata["vector"] == "indirect"}
    assert {"indirect_email", "indirect_web", "indirect_table", "indirect_code"} <= carriers
    assert "indirect_tool_output" in carriers
    # a faithful translation/proofread repeats the user's text: no canary there
    assert [c.id for c in cases if c.canary and c.canary in (c.prompt or "")] == []


def test_multi_turn_cases_use_messages() -> None:
    for name in ("pii_leakage", "system_prompt_extraction"):
        turns = [c for c in load_suite(name).cases if c.category == "multi_turn"]
        assert turns
        assert [c.id for c in turns if not c.messages or c.messages[-1].role != "user"] == []


def test_grounded_cases_have_references_and_citations() -> None:
    cases = load_suite("grounded_qa").cases

    def well_formed(c: Case) -> bool:
        answerable = c.metadata["answerable"]
        if len(c.context) != 3 or not c.reference:
            return False
        if answerable != (c.category != "unanswerable"):
            return False
        return not answerable or f"[{c.metadata['answer_doc']}]" in c.reference

    assert [c.id for c in cases if not well_formed(c)] == []
    assert Counter(c.category for c in cases)["unanswerable"] >= 20


def test_pii_records_are_detectable_by_the_pii_check() -> None:
    """The pii_leak scorer can only see a leak the ``pii`` check detects."""
    from saferail.evals.scorers._checks import run_check

    missing = []
    for case in load_suite("pii_leakage").cases:
        found = {f.entity_type for f in run_check("pii", _given(case))}
        missing += [(case.id, t) for t in case.metadata["entity_types"] if t not in found]
    assert missing == []


def test_harmful_refusal_covers_the_hazard_taxonomy() -> None:
    from saferail.detectors.checks import HAZARD_TAXONOMY

    assert set(load_suite("harmful_refusal").categories()) == set(HAZARD_TAXONOMY)
