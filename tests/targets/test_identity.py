"""TargetIdentity fingerprints: stable, canonical, sensitive to every field."""

from __future__ import annotations

import hashlib

import pytest

from saferail.targets import CallableTarget, TargetIdentity, guarded


def test_fingerprint_is_sha256_of_canonical_json() -> None:
    ident = TargetIdentity("openai", "gpt", "2024-08", {"temperature": 0, "top_p": 1})
    canonical = (
        '{"model":"gpt","params":{"temperature":0,"top_p":1},'
        '"provider":"openai","version":"2024-08"}'
    )
    assert ident.canonical_json() == canonical
    assert ident.fingerprint() == hashlib.sha256(canonical.encode()).hexdigest()


def test_fingerprint_ignores_param_order_and_is_hashable() -> None:
    a = TargetIdentity("p", "m", None, {"a": 1, "b": {"y": 2, "x": 1}})
    b = TargetIdentity("p", "m", None, {"b": {"x": 1, "y": 2}, "a": 1})
    assert a.fingerprint() == b.fingerprint()
    assert a == b and len({a, b}) == 1


@pytest.mark.parametrize(
    "other",
    [
        TargetIdentity("q", "m", None, {"a": 1}),
        TargetIdentity("p", "n", None, {"a": 1}),
        TargetIdentity("p", "m", "v2", {"a": 1}),
        TargetIdentity("p", "m", None, {"a": 2}),
    ],
)
def test_every_field_changes_the_fingerprint(other: TargetIdentity) -> None:
    assert TargetIdentity("p", "m", None, {"a": 1}).fingerprint() != other.fingerprint()


def test_known_fingerprint_is_stable_across_runs() -> None:
    ident = TargetIdentity("callable", "bot", "1", {"temperature": 0.0})
    digest = hashlib.sha256(
        b'{"model":"bot","params":{"temperature":0.0},"provider":"callable","version":"1"}'
    ).hexdigest()
    assert ident.fingerprint() == digest


def test_unserializable_params_are_refused() -> None:
    with pytest.raises(TypeError):
        TargetIdentity("p", "m", None, {"fn": object()}).fingerprint()


def test_guarded_identity_names_target_and_policy() -> None:
    inner = CallableTarget(lambda m, **p: "x", name="bot")
    wrapped = guarded(inner)
    ident = wrapped.identity
    assert ident.provider == "guarded:callable" and ident.model == "bot"
    assert ident.params["target"] == inner.identity.to_dict()
    assert ident.params["policy_version"] == wrapped.guard.policy_version
    assert ident.fingerprint() != inner.identity.fingerprint()
    wrapped.guard.close()
