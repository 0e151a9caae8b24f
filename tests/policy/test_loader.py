from pathlib import Path

import pytest

from saferail import PolicyError, load_policy, parse_policy
from saferail.policy import default_policy_path


def test_default_policy_loads_and_has_stable_content_hash() -> None:
    a = load_policy()
    b = load_policy(default_policy_path())
    assert a.version == b.version
    assert a.version.startswith("sha256:")
    assert "secret" in a.input.checks


def test_version_ignores_comments_and_key_order_but_not_content() -> None:
    one = parse_policy("name: x\ninput:\n  checks:\n    secret: {action: redact}\n")
    two = parse_policy("# comment\ninput:\n  checks:\n    secret:\n      action: redact\nname: x\n")
    three = parse_policy("name: x\ninput:\n  checks:\n    secret: {action: block}\n")
    assert one.version == two.version
    assert one.version != three.version


def issues_of(text: str) -> list[str]:
    with pytest.raises(PolicyError) as info:
        parse_policy(text, source="p.yaml")
    return [str(i) for i in info.value.issues]


def test_unknown_check_names_field_and_line() -> None:
    text = "name: x\ninput:\n  checks:\n    secrett:\n      action: block\n"
    (line,) = issues_of(text)
    assert line.startswith("p.yaml:4: input.checks.secrett: unknown check 'secrett'")


def test_every_mistake_is_reported_with_its_line() -> None:
    text = (
        "input:\n"
        "  checks:\n"
        "    secret:\n"
        "      threshold: 1.5\n"
        "      action: explode\n"
        "    hidden_text:\n"
        "      timeout_ms: fast\n"
        "  colour: red\n"
    )
    lines = issues_of(text)
    assert len(lines) == 4
    joined = "\n".join(lines)
    assert "p.yaml:4: input.checks.secret.threshold:" in joined
    assert "p.yaml:5: input.checks.secret.action:" in joined
    assert "p.yaml:7: input.checks.hidden_text.timeout_ms:" in joined
    assert "p.yaml:8: input.colour: unknown field 'colour'" in joined


def test_bad_check_params_are_reported_at_their_line() -> None:
    text = "input:\n  checks:\n    hidden_text:\n      params:\n        kinds: [nope]\n"
    (line,) = issues_of(text)
    assert line.startswith("p.yaml:5: input.checks.hidden_text.params.kinds")
    assert "unknown kinds" in line


def test_unknown_param_is_reported() -> None:
    text = "input:\n  checks:\n    secret:\n      params:\n        colour: 1\n"
    (line,) = issues_of(text)
    assert line == "p.yaml:5: input.checks.secret.params.colour: unknown field 'colour'"


def test_check_on_unsupported_surface_is_rejected() -> None:
    text = "input:\n  checks:\n    system_prompt_leak: {}\n"
    (line,) = issues_of(text)
    assert "does not run on input" in line


def test_yaml_syntax_error_has_line() -> None:
    (line,) = issues_of("input:\n  checks: [unclosed\n")
    assert line.startswith("p.yaml:") and "syntax error" in line


def test_non_mapping_root_is_rejected() -> None:
    (line,) = issues_of("- a\n- b\n")
    assert "must be a YAML mapping" in line


def test_missing_file_is_policy_error(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="cannot read"):
        load_policy(tmp_path / "missing.yaml")


def test_empty_file_is_an_empty_policy() -> None:
    policy = parse_policy("")
    assert policy.input.checks == {}
    assert policy.settings.early_exit is True


@pytest.mark.parametrize("value", [{"input": {}}, None, b"input: {}"])
def test_parse_policy_of_something_other_than_text_is_a_clear_type_error(value: object) -> None:
    with pytest.raises(TypeError, match="parse_policy takes YAML text, not"):
        parse_policy(value)  # type: ignore[arg-type]
