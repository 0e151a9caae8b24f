"""RetrievalGate edge cases: deny lists matched loosely, blank tenants, limits after redaction."""

from __future__ import annotations

from saferail import Guard, parse_policy
from saferail.agents.retrieval import Document, DropReason, RetrievalGate, RetrievalPolicy


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
