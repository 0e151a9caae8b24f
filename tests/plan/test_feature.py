"""Feature files: the example loads; mistakes are one line with their file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from saferail.plan import FeatureError, example_feature_path, load_feature, parse_feature


def test_the_example_feature_loads() -> None:
    feature = load_feature(example_feature_path())
    assert feature.name == "order-help" and feature.surface == "agent"
    assert [t.name for t in feature.acting_tools] == ["send_email", "issue_refund"]
    assert feature.sensitive_data == {"pii", "financial"}
    assert feature.user_facing


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: x\nsurface: robot\n", ":2: surface: Input should be 'chat', 'rag'"),
        ("name: x\nsurface: chat\ncolour: red\n", ":3: colour: unknown field 'colour'"),
        ("name: x\nsurface: agent\n", ":1: <root>: an 'agent' feature needs its 'tools'"),
        ("name: x\nsurface: rag\n", "a 'rag' feature needs its 'retrieval' sources"),
        (
            "name: x\nsurface: chat\nlanguages: [english]\n",
            "language 'english': use an ISO 639-1 code",
        ),
        (
            "name: x\nsurface: agent\ntools:\n  - {name: a}\n  - {name: b, side_effects: fly}\n",
            ":5: tools.1.side_effects: Input should be",
        ),
        ("name: x\nsurface: [chat\n", "YAML syntax error"),
        ("- a list\n", "a feature file must be a YAML mapping"),
    ],
)
def test_mistakes_are_reported_in_one_line(text: str, message: str) -> None:
    with pytest.raises(FeatureError) as exc:
        parse_feature(text, source="f.yaml")
    assert "\n" not in str(exc.value)
    assert str(exc.value).startswith("f.yaml")
    assert message in str(exc.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FeatureError, match="cannot read"):
        load_feature(tmp_path / "nope.yaml")


def test_derived_properties() -> None:
    api = parse_feature("name: batch\nsurface: api\nusers: [developers]\n")
    assert not api.user_facing and api.sensitive_data == frozenset()
    rag = parse_feature(
        "name: kb\nsurface: rag\nretrieval: [{name: docs, trust: web, contains_pii: true}]\n"
    )
    assert rag.sensitive_data == {"pii"} and rag.retrieval[0].untrusted
    assert "kb" in rag.prompt
