"""The ``ungrounded`` check: claim splitting, claim support, findings, policy use, data set."""

from __future__ import annotations

import json
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from pydantic import ValidationError

import saferail.checks.citation
import saferail.checks.grounding  # noqa: F401  (registers the checks)
from saferail import Guard, parse_policy
from saferail.checks import available_checks
from saferail.checks._claims import Markers, split_claims
from saferail.checks._grounding.model import load_model
from saferail.checks.base import Finding
from saferail.checks.grounding import (
    Ungrounded,
    UngroundedParams,
    assess,
    claim_support,
    grounded_ratio,
)
from saferail.errors import PolicyError
from tests.conftest import DATASETS, REPO, run_check

CONTEXT = (
    "[1] The Millbrook Public Library opened in 1952 and holds 40,000 books. Its reading "
    "room seats 120 people.\n"
    "[2] Marie Curie was born in Warsaw in 1867. She studied physics at the University of "
    "Paris. She won the Nobel Prize in Physics in 1903.\n"
    "[3] Pierre Curie was born in Paris. He taught at the School of Industrial Physics and "
    "Chemistry."
)


def findings(text: str, context: str | None = CONTEXT, **params: object) -> list[Finding]:
    return run_check(Ungrounded(UngroundedParams(**params)), text, "output", context=context)


def flagged(text: str) -> list[str]:
    """The text of each claim scored at or above the default threshold."""
    return [text[f.start : f.end] for f in findings(text) if f.score >= 0.5 and f.start is not None]


# -- claim splitting ---------------------------------------------------------------------


def test_claims_are_sentences_and_clauses_with_spans() -> None:
    text = "The library opened in 1952. It seats 120 people; it holds 40,000 books!"
    claims = split_claims(text)
    assert [c.text for c in claims] == [
        "The library opened in 1952.",
        "It seats 120 people",
        "it holds 40,000 books!",
    ]
    for c in claims:
        assert text[c.start : c.end].startswith(c.text.rstrip(".!"))


def test_abbreviations_and_initials_do_not_end_a_sentence() -> None:
    text = "Dr. J. R. R. Tolkien taught in the U.S. and the U.K. for years. He wrote novels."
    assert [c.text for c in split_claims(text)] == [
        "Dr. J. R. R. Tolkien taught in the U.S. and the U.K. for years.",
        "He wrote novels.",
    ]
    assert [c.text for c in split_claims("It was 3.5 km long. Paul v. Clinton was filed.")] == [
        "It was 3.5 km long.",
        "Paul v. Clinton was filed.",
    ]


def test_questions_boilerplate_and_abstentions_are_not_claims() -> None:
    text = (
        "Sure! Here is what I found:\n"
        "I'm not sure. Do you mean the old building? The documents do not mention the price.\n"
        "As an AI, I cannot browse. Hope this helps! Yes."
    )
    assert split_claims(text) == []


def test_hedge_openers_are_peeled_off() -> None:
    text = "I think the library opened in 1953. Probably, it seats 120 people."
    claims = split_claims(text)
    assert [c.text for c in claims] == ["the library opened in 1953.", "it seats 120 people."]
    assert text[claims[0].start : claims[0].end] == "the library opened in 1953."


def test_bullets_and_citation_markers() -> None:
    text = (
        "- The library opened in 1952 [1].\n"
        "- Curie was born in 1867.[2] She studied physics [2, 3]."
    )
    claims = split_claims(text)
    assert [(c.text, c.citations) for c in claims] == [
        ("The library opened in 1952.", (1,)),
        ("Curie was born in 1867.", (2,)),
        ("She studied physics.", (2, 3)),
    ]
    assert text[claims[0].start : claims[0].end] == "The library opened in 1952 [1]."
    ranged = split_claims("It is old [1-3].", Markers("[n]"))
    assert ranged[0].citations == (1, 2, 3)


# -- claim support -----------------------------------------------------------------------


def test_supported_claims_are_not_flagged() -> None:
    text = (
        "The Millbrook Public Library opened in 1952. It holds 40,000 books. "
        "Marie Curie won the Nobel Prize in Physics in 1903."
    )
    assert flagged(text) == []


def test_changed_number_is_flagged() -> None:
    text = "The library opened in 1953."
    (f,) = findings(text)
    assert f.score >= 0.9 and f.category == "ungrounded" and f.entity_type == "UNSUPPORTED_CLAIM"
    assert text[f.start : f.end] == text
    assert f.detail is not None and "1953" in f.detail


def test_entity_swapped_for_one_the_context_lacks_is_flagged() -> None:
    assert flagged("Marie Curie was born in Krakow.") == ["Marie Curie was born in Krakow."]


def test_entity_swapped_across_documents_is_flagged() -> None:
    # every name is in the context, but not together
    assert flagged("Pierre Curie was born in Warsaw.") == ["Pierre Curie was born in Warsaw."]
    low = claim_support("Marie Curie won the Nobel Prize in Physics in 1903.", CONTEXT).score
    high = claim_support("Marie Curie won the Nobel Prize in Chemistry in 1903.", CONTEXT).score
    assert low < 0.5 <= high


def test_claim_absent_from_context_is_flagged() -> None:
    text = "The library runs a summer coding camp for teenagers."
    assert flagged(text) == [text]


def test_paraphrases_that_are_supported_pass() -> None:
    # pronoun subject, inflection, synonym ("finished"/"completed" style), digits vs words
    text = (
        "Curie won the Nobel Prize in Physics in 1903. The library has 40000 books. "
        "The library's reading room has seats for 120 people. Marie Curie studied physics."
    )
    assert flagged(text) == []
    ctx = "The bridge was completed in 1932 and carries two railway tracks."
    assert claim_support("The bridge was finished in 1932.", ctx).supported
    assert claim_support("The bridge carries 2 railway tracks.", ctx).supported
    assert not claim_support("The bridge carries 3 railway tracks.", ctx).supported


def test_negation_and_antonyms_are_flagged() -> None:
    assert flagged("The library did not open in 1952.") == ["The library did not open in 1952."]
    assert flagged("The library closed in 1952.") == ["The library closed in 1952."]


NEGATED_CONTEXT = (
    "[1] The CEO, Maria Lopez, was not present at the annual meeting. Smith was not "
    "elected; Jones was elected mayor in 1990.\n"
    "[2] The museum did not close in 1990 but reopened in 1995. Not only did the team win "
    "the cup, it also set a record."
)


@pytest.mark.parametrize(
    "claim",
    [
        "Maria Lopez was present at the annual meeting.",
        "The CEO was present at the annual meeting.",
        "Smith was elected.",
        "The museum closed in 1990.",
    ],
)
def test_claim_affirming_what_the_context_negates_is_flagged(claim: str) -> None:
    result = claim_support(claim, NEGATED_CONTEXT)
    assert not result.supported
    assert result.features["polarity"] == 0.0
    detail = findings(claim, context=NEGATED_CONTEXT)[0].detail
    assert detail == "the context says the opposite (negation)"


@pytest.mark.parametrize(
    "claim",
    [
        "Maria Lopez was not present at the annual meeting.",
        "Jones was elected mayor in 1990.",  # the negation is in the other clause
        "The museum reopened in 1995.",
        "The team won the cup.",  # "not only" does not negate
    ],
)
def test_negation_elsewhere_in_the_passage_does_not_flag_a_claim(claim: str) -> None:
    assert claim_support(claim, NEGATED_CONTEXT).supported


def test_only_the_unsupported_claim_is_reported_with_its_span() -> None:
    text = "The library opened in 1952. It holds 90,000 books. Its reading room seats 120 people."
    assert flagged(text) == ["It holds 90,000 books."]


def test_no_context_means_nothing_to_check() -> None:
    assert findings("The library opened in 1953.", context=None) == []
    assert findings("The library opened in 1953.", context="   ") == []


def test_unnumbered_context_is_one_document() -> None:
    ctx = "The museum opened in 1901. It displays 300 paintings."
    assert findings("The museum displays 300 paintings.", context=ctx) == []
    assert findings("The museum displays 500 paintings.", context=ctx)


def test_claim_support_restricted_to_documents() -> None:
    claim = "Pierre Curie was born in Paris."
    assert claim_support(claim, CONTEXT, (3,)).supported
    assert not claim_support(claim, CONTEXT, (1,)).supported
    assert claim_support(claim, CONTEXT, ()).score == 1.0


def test_assess_and_grounded_ratio() -> None:
    text = "The library opened in 1952. It holds 90,000 books. Is that right?"
    results = assess(text, CONTEXT)
    assert [r.supported for r in results] == [True, False]
    assert results[1].missing == ("90,000",)
    assert grounded_ratio(text, CONTEXT) == 0.5
    assert grounded_ratio("Hope this helps!", CONTEXT) is None
    assert grounded_ratio("The library opened in 1952.", CONTEXT) == 1.0


def test_scores_are_calibrated_probabilities() -> None:
    model = load_model()
    assert 0.0 < model.threshold < 1.0 and "similarity" not in model.features
    good = claim_support("The library opened in 1952.", CONTEXT).score
    bad = claim_support("The library opened in 1953.", CONTEXT).score
    assert 0.0 < good < 0.25 and 0.9 < bad <= 1.0


def test_model_card_sits_beside_the_model() -> None:
    card = REPO / "src" / "saferail" / "data" / "models" / "grounding.md"
    text = card.read_text(encoding="utf-8")
    assert "halueval_qa" in text and "scripts/train_grounding.py" in text
    assert load_model().meta["split"].startswith("crc32('grounding:' + question)")


# -- params and policy -------------------------------------------------------------------


def test_params_are_validated() -> None:
    with pytest.raises(ValidationError):
        UngroundedParams(min_word_similarity=1.5)
    with pytest.raises(ValidationError):
        UngroundedParams(max_findings=0)
    with pytest.raises(ValidationError):
        UngroundedParams.model_validate({"min_support": 0.8})


def test_min_word_similarity_param_turns_synonyms_off() -> None:
    ctx = "The bridge was completed in 1932."
    text = "The bridge was finished in 1932."
    assert findings(text, context=ctx) == []
    strict = findings(text, context=ctx, min_word_similarity=1.01)
    assert strict and strict[0].score >= 0.5


def test_max_findings() -> None:
    text = " ".join(f"The library owns {n} boats." for n in range(2, 12))
    assert len(findings(text, max_findings=3)) == 3


POLICY = """
output:
  checks:
    ungrounded:
      action: block
      threshold: 0.5
      params:
        min_word_similarity: 0.7
"""


def test_registered_and_usable_from_a_policy_file(tmp_path: Path) -> None:
    assert available_checks()["ungrounded"] is Ungrounded
    path = tmp_path / "policy.yaml"
    path.write_text(POLICY, encoding="utf-8")
    guard = Guard(path)
    ok = guard.check_output("The library opened in 1952.", context=CONTEXT)
    assert ok.action == "allow" and ok.findings == []
    bad = guard.check_output("The library opened in 1952. It holds 9 books.", context=CONTEXT)
    assert bad.action == "block"
    (f,) = bad.findings
    assert (f.check, f.category) == ("ungrounded", "ungrounded")
    assert bad.text[f.start : f.end] == "It holds 9 books."
    assert guard.check_output("It holds 9 books.").action == "allow"  # no context


def test_bad_params_in_a_policy_are_reported() -> None:
    bad = POLICY.replace("min_word_similarity: 0.7", "min_word_similarity: 3")
    with pytest.raises(PolicyError, match="min_word_similarity"):
        Guard(parse_policy(bad))


def test_batch_check_cli_with_context(tmp_path: Path) -> None:
    (tmp_path / "policy.yaml").write_text(POLICY, encoding="utf-8")
    rows = [
        {"id": 1, "text": "The library opened in 1952.", "context": CONTEXT},
        {"id": 2, "text": "The library opened in 1953.", "context": CONTEXT},
        {"id": 3, "text": "The library opened in 1953."},
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    # import the check modules first, as a plugin's entry point would
    code = (
        "import sys, saferail.checks.grounding, saferail.checks.citation; "
        "from saferail.cli import main; sys.exit(main())"
    )
    args = ["check", "--jsonl", str(src), "--out", str(out), "--policy", "policy.yaml"]
    proc = subprocess.run(
        [sys.executable, "-c", code, *args, "--direction", "output", "--no-progress"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    got = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["action"] for r in got] == ["allow", "block", "allow"]
    (f,) = got[1]["findings"]
    assert f["category"] == "ungrounded" and (f["start"], f["end"]) == (0, 27)


# -- data set ----------------------------------------------------------------------------

HALUEVAL = DATASETS / "halueval_qa" / "data.jsonl"


@pytest.mark.skipif(not HALUEVAL.is_file(), reason="../shared/datasets/halueval_qa not present")
def test_heldout_halueval_sample_balanced_accuracy() -> None:
    with HALUEVAL.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    test = [r for r in rows if zlib.crc32(("grounding:" + r["question"]).encode()) % 2 == 1]
    sample = test[:150]
    hits: dict[bool, list[bool]] = {True: [], False: []}
    for r in sample:
        score = max((c.score for c in assess(r["answer"], r["context"])), default=0.0)
        hits[r["label"] == "unsupported"].append(score >= 0.5)
    tpr = sum(hits[True]) / len(hits[True])
    tnr = 1 - sum(hits[False]) / len(hits[False])
    assert 0.5 * (tpr + tnr) >= 0.8
