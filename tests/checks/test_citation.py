"""The ``citation`` check: required, valid and supporting citations; params; policy use."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

import saferail.checks.citation
import saferail.checks.grounding  # noqa: F401  (registers the checks)
from saferail import Guard, parse_policy
from saferail.checks import available_checks
from saferail.checks._claims import split_claims
from saferail.checks.base import Finding
from saferail.checks.citation import Citation, CitationParams
from saferail.errors import PolicyError
from tests.conftest import run_check

# numbered the way the eval harness writes documents into the prompt
CONTEXT = (
    "[1] The Millbrook Public Library opened in 1952 and holds 40,000 books.\n\n"
    "[2] Marie Curie was born in Warsaw in 1867. She won the Nobel Prize in Physics in 1903.\n\n"
    "[3] The Orient Express first ran from Paris to Constantinople in 1883."
)


def cite(text: str, context: str | None = CONTEXT, **params: object) -> list[Finding]:
    return run_check(Citation(CitationParams(**params)), text, "output", context=context)


def kinds(text: str, context: str | None = CONTEXT, **params: object) -> list[tuple[str, str]]:
    """(entity_type, spanned text) of each finding at or above the default threshold."""
    out = []
    for f in cite(text, context, **params):
        assert f.check == "citation" and f.category == "citation"
        assert f.start is not None and f.end is not None
        if f.score >= 0.5:
            out.append((f.entity_type or "", text[f.start : f.end]))
    return out


def test_correct_citations_pass() -> None:
    text = (
        "The library opened in 1952 [1]. Marie Curie won the Nobel Prize in Physics in 1903 "
        "[2]. The Orient Express first ran in 1883.[3]"
    )
    assert cite(text) == []


def test_missing_citation() -> None:
    text = "The library opened in 1952 [1]. Marie Curie was born in Warsaw."
    assert kinds(text) == [("MISSING_CITATION", "Marie Curie was born in Warsaw.")]


def test_out_of_range_id() -> None:
    text = "The library opened in 1952 [4]."
    (f,) = cite(text)
    assert f.entity_type == "INVALID_CITATION" and f.score == 1.0
    assert text[f.start : f.end] == "[4]"
    assert f.detail == "cites [4]; the context has documents 1-3"


def test_one_bad_id_in_a_list_is_flagged() -> None:
    text = "Marie Curie was born in Warsaw [2, 9]."
    assert kinds(text) == [("INVALID_CITATION", "[2, 9]")]


def test_cited_document_does_not_support_the_claim() -> None:
    # true according to the context as a whole, but document 1 does not say it
    text = "Marie Curie was born in Warsaw in 1867 [1]."
    (f,) = cite(text)
    assert f.entity_type == "UNSUPPORTED_CITATION" and f.score >= 0.9
    assert text[f.start : f.end] == text
    assert cite("Marie Curie was born in Warsaw in 1867 [2].") == []
    assert cite("Marie Curie was born in Warsaw in 1867 [1, 2].") == []
    assert cite("Marie Curie was born in Warsaw in 1867 [1-2].") == []


def test_cited_document_with_a_changed_fact() -> None:
    text = "The Orient Express first ran from Paris to Constantinople in 1893 [3]."
    assert kinds(text) == [("UNSUPPORTED_CITATION", text)]


def test_require_when_context_needs_a_context() -> None:
    text = "The library opened in 1952."
    assert kinds(text) == [("MISSING_CITATION", text)]
    assert cite(text, context=None) == []


def test_require_always_and_never() -> None:
    text = "The library opened in 1952."
    assert kinds(text, context=None, require="always") == [("MISSING_CITATION", text)]
    assert cite(text, require="never") == []
    # never requires, but what is cited is still checked
    assert kinds("The library opened in 1952 [7].", require="never") == [
        ("INVALID_CITATION", "[7]")
    ]


def test_ids_are_not_validated_without_a_context() -> None:
    assert cite("The library opened in 1952 [7].", context=None) == []


def test_unnumbered_context_is_document_one() -> None:
    ctx = "The museum opened in 1901. It displays 300 paintings."
    assert cite("The museum opened in 1901 [1].", context=ctx) == []
    assert kinds("The museum opened in 1901 [2].", context=ctx) == [("INVALID_CITATION", "[2]")]


def test_questions_and_boilerplate_need_no_citation() -> None:
    text = "The library opened in 1952 [1]. Would you like to know more? Hope this helps!"
    assert cite(text) == []


def test_custom_marker() -> None:
    text = "The library opened in 1952 (1). Marie Curie was born in Warsaw (5)."
    assert kinds(text, marker="(n)") == [("INVALID_CITATION", "(5)")]
    assert kinds("The library opened in 1952 [^1].", marker="[^n]") == []


def test_paragraph_scope() -> None:
    text = (
        "The library opened in 1952. It holds 40,000 books [1].\n\n"
        "Marie Curie was born in Warsaw. She won the Nobel Prize in Physics in 1903."
    )
    assert kinds(text, scope="paragraph") == [
        (
            "MISSING_CITATION",
            "Marie Curie was born in Warsaw. She won the Nobel Prize in Physics in 1903.",
        )
    ]
    # in claim scope every uncited claim is missing one
    assert [k for k, _ in kinds(text)] == ["MISSING_CITATION"] * 3
    # an uncited claim in a cited paragraph is checked against the paragraph's citations
    wrong = "The library opened in 1952. It holds 40,000 books [2]."
    assert ("UNSUPPORTED_CITATION", "The library opened in 1952.") in kinds(
        wrong, scope="paragraph"
    )


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"require": "sometimes"}, "require"),
        ({"marker": "[x]"}, "marker"),
        ({"marker": "n"}, "marker"),
        ({"marker": "[nn]"}, "marker"),
        ({"scope": "document"}, "scope"),
        ({"min_word_similarity": -0.1}, "min_word_similarity"),
        ({"required": True}, "required"),
    ],
)
def test_params_validation_errors(params: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as err:
        CitationParams.model_validate(params)
    assert field in str(err.value)


POLICY = """
output:
  checks:
    citation:
      action: warn
      params:
        require: when_context
        marker: "[n]"
    ungrounded:
      action: block
"""


def test_usable_from_a_policy_file_with_ungrounded(tmp_path: Path) -> None:
    assert available_checks()["citation"] is Citation
    path = tmp_path / "policy.yaml"
    path.write_text(POLICY, encoding="utf-8")
    guard = Guard(path)
    good = guard.check_output("The library opened in 1952 [1].", context=CONTEXT)
    assert good.action == "allow" and good.findings == []
    bad = guard.check_output("The library opened in 1952 [5]. It is big.", context=CONTEXT)
    assert bad.action == "block"  # ungrounded blocks; citation warns
    got = {(f.check, f.entity_type) for f in bad.findings}
    assert ("citation", "INVALID_CITATION") in got and ("citation", "MISSING_CITATION") in got
    assert ("ungrounded", "UNSUPPORTED_CLAIM") in got  # "big" is not in the context
    only_citation = guard.check_output("The library opened in 1952 [5].", context=CONTEXT)
    assert only_citation.action == "warn"
    # uncited answer without a context: nothing is required
    assert guard.check_output("The library opened in 1952.").action == "allow"


def test_bad_params_in_a_policy_are_reported() -> None:
    with pytest.raises(PolicyError, match="require"):
        Guard(parse_policy(POLICY.replace("require: when_context", "require: often")))
    with pytest.raises(PolicyError, match="marker"):
        Guard(parse_policy(POLICY.replace('marker: "[n]"', 'marker: "[id]"')))


def test_long_answer_with_many_cited_claims_is_split_correctly() -> None:
    """A 200 KB answer of a few thousand cited claims: every claim keeps its own markers
    (the per-claim marker lookup must not rescan every marker of the answer)."""
    paras = []
    for i in range(4000):
        cite = f" [{i % 3 + 1}]" if i % 4 else ""
        paras.append(f"Claim number {i} names the library{cite}. It holds {i} books.")
    text = "\n\n".join(paras)
    assert len(text) > 200_000
    claims = split_claims(text)
    assert len(claims) == 8000
    assert [c.citations for c in claims[0::2]] == [
        (i % 3 + 1,) if i % 4 else () for i in range(4000)
    ]
    assert all(c.citations == () for c in claims[1::2])
    assert [c.paragraph for c in claims[0::2]] == list(range(4000))
    check = Citation(CitationParams(scope="paragraph", check_support=False))
    missing = [f for f in run_check(check, text, "output", context="[1] a\n[2] b\n[3] c")]
    assert len(missing) == 1000
    assert all(f.entity_type == "MISSING_CITATION" for f in missing)
    assert (
        text[missing[0].start : missing[0].end]
        == "Claim number 0 names the library. It holds 0 books."
    )


@pytest.mark.parametrize(
    "text",
    [
        "The library opened in 1952 [1] and Marie Curie was born in Warsaw in 1867 [2].",
        "The library opened in 1952 [1], and Marie Curie was born in Warsaw in 1867 [2].",
        "The library opened in 1952 [1] while the Orient Express first ran in 1883 [3].",
    ],
)
def test_a_sentence_citing_mid_way_is_two_claims(text: str) -> None:
    # before: one claim "X and Y" citing [1, 2], which no single passage supports (score 1.0)
    assert kinds(text) == []
    first, second = split_claims(text)
    assert first.citations == (1,) and first.text == "The library opened in 1952"
    assert second.citations in {(2,), (3,)} and not second.text.startswith(("and", ","))


def test_each_half_is_still_checked_against_its_own_document() -> None:
    text = "The library opened in 1952 [2] and Marie Curie was born in Warsaw in 1867 [1]."
    found = kinds(text)
    assert [k for k, _ in found] == ["UNSUPPORTED_CITATION", "UNSUPPORTED_CITATION"]


def test_markers_side_by_side_or_after_few_words_stay_one_claim() -> None:
    (claim,) = split_claims("The library opened in 1952 [1][2].")
    assert claim.citations == (1, 2)
    (claim,) = split_claims("The library opened in 1952 [1] and holds 40,000 books.")
    assert claim.citations == (1,) and claim.text.endswith("holds 40,000 books.")


def test_spaces_inside_a_marker() -> None:
    # "[ 1 ]" was not read as a marker: the claim was reported as uncited
    assert kinds("The library opened in 1952 [ 1 ].") == []
    (claim,) = split_claims("Marie Curie was born in Warsaw [ 2 , 3 ].")
    assert claim.citations == (2, 3)
