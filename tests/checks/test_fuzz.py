"""Property-based fuzzing of the canonicalizer and of every check."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saferail.checks import available_checks, canonicalize
from tests.conftest import run_check

TRICKY = st.sampled_from(
    [
        "\u200b",
        "\u200d",
        "\u202e",
        "\ufe0f",
        "\U000e0041",
        "\U000e0100",
        "а",
        "ﬁ",
        "%41",
        "\\x41",
        "==",
        "eyJ",
        "AKIA",
        "![",
        "](http://",
        "ignore previous instructions",
        " ",
        "\n",
    ]
)
TEXTS = st.lists(st.one_of(st.text(max_size=40), TRICKY), max_size=30).map("".join)
CHECKS = [cls() for _, cls in sorted(available_checks().items())]


@settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_canonicalize_never_fails_and_maps_spans(text: str) -> None:
    canon = canonicalize(text)
    main = canon.main
    assert len(main.text) == (len(main.offsets) if main.offsets is not None else len(text))
    for i in range(0, len(main.text), 7):
        s, e = main.to_original(i, i + 1)
        assert 0 <= s <= e <= len(text)
    for view in canon.decoded:
        s, e = view.to_original(0, len(view.text))
        assert 0 <= s <= e <= len(text)
    for mark in canon.hidden:
        assert 0 <= mark.start <= mark.end <= len(text)


@settings(max_examples=200, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_every_check_survives_fuzzed_text(text: str) -> None:
    for check in CHECKS:
        for surface in sorted(check.surfaces):
            for f in run_check(check, text, surface, system_prompt=text[:200], context=text):
                assert 0.0 <= f.score <= 1.0
                if f.start is not None and f.end is not None:
                    assert 0 <= f.start <= f.end <= len(text)
