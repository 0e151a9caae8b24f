"""Privacy: content capture is opt-in and fail-closed; ids are keyed hashes; events built
from guard decisions carry labels and numbers only."""

from __future__ import annotations

import base64
import os
import stat
from pathlib import Path

import pytest

from saferail.guard.pipeline import Guard
from saferail.telemetry.content import ContentCapture
from saferail.telemetry.hashing import KEY_ENV, Hasher, TelemetryKeyError, load_key
from saferail.telemetry.record import EventContext, decision_event, gateway_event, label
from tests.telemetry.conftest import PII_PROMPTS, pii_guard, pii_in
from tests.together import run_together


def test_capture_is_off_by_default() -> None:
    assert ContentCapture().capture(input=PII_PROMPTS[0]) is None


def test_captured_content_is_redacted_by_the_pii_check() -> None:
    capture = ContentCapture(enabled=True)
    scanner = pii_guard()
    for prompt in PII_PROMPTS:
        got = capture.capture(input=prompt, output="Sure.")
        assert got is not None and got.redacted and got.input is not None
        assert pii_in([got.input], scanner) == []
        assert got.output == "Sure."
    assert capture.dropped == 0


def test_capture_is_cut_to_the_limit() -> None:
    got = ContentCapture(enabled=True, max_chars=10).capture(output="abcdefghijklmnop")
    assert got is not None and got.output == "abcdefghij" and got.truncated


@pytest.mark.parametrize(
    ("text", "prefix"),
    [
        ("Please charge my card 4111 1111 1111 1111 tomorrow", "4111"),
        ("Hi, please write to me at orla.vance@corp.io about it", "orla.vance@"),
        ("Hi there, my phone number is +1 415 555 0134, call me", "415 555"),
        ("Hi, my IBAN is DE89 3704 0044 0532 0130 00 ok", "DE89 3704"),
    ],
)
def test_the_cut_never_keeps_part_of_an_entity(text: str, prefix: str) -> None:
    # cut at 40 characters, inside the entity: a cut-off number or address is no longer
    # recognised by the PII check, so the cut itself must not split it
    assert prefix in text[:40] and len(text) > 40
    capture = ContentCapture(enabled=True, max_chars=40)
    got = capture.capture(input=text)
    assert got is not None and got.input is not None and got.truncated
    assert prefix not in got.input
    assert text.startswith(got.input) and len(got.input) <= 40
    assert capture.dropped == 0


def test_the_cut_keeps_an_entity_that_ends_before_it() -> None:
    text = "4111 1111 1111 1111 is the card, and the rest of this is cut off"
    got = ContentCapture(enabled=True, max_chars=40).capture(output=text)
    assert got is not None and got.output is not None
    assert got.output == "<CREDIT_CARD_1> is the card, and the"  # text[19:40], after it


def test_redaction_failure_drops_the_content(monkeypatch: pytest.MonkeyPatch) -> None:
    capture = ContentCapture(enabled=True)

    def broken(self: Guard, *a: object, **k: object) -> None:
        raise RuntimeError("the PII check crashed")

    monkeypatch.setattr(Guard, "check_input", broken)
    assert capture.capture(input=PII_PROMPTS[0]) is None
    assert capture.dropped == 1


def test_pii_left_after_redaction_drops_the_content(monkeypatch: pytest.MonkeyPatch) -> None:
    capture = ContentCapture(enabled=True)
    real = Guard.check_input
    calls: list[int] = []

    def leaky(self: Guard, text: object, **k: object) -> object:
        decision = real(self, text, **k)  # type: ignore[arg-type]
        calls.append(1)
        if len(calls) == 1:
            decision.text = str(text)  # a redactor that silently did nothing
        return decision

    monkeypatch.setattr(Guard, "check_input", leaky)
    assert capture.capture(input=PII_PROMPTS[0]) is None
    assert capture.dropped == 1


def test_hasher_is_keyed_and_stable() -> None:
    a, b = Hasher(b"a" * 32), Hasher(b"b" * 32)
    assert a.hash("orla.vance@corp.io") == a.hash("orla.vance@corp.io")
    assert a.hash("orla.vance@corp.io") != b.hash("orla.vance@corp.io")
    assert a.hash(None) is None
    digest = a.hash("orla.vance@corp.io") or ""
    assert digest.startswith("hmac-sha256:") and "orla" not in digest
    with pytest.raises(TelemetryKeyError):
        Hasher(b"short")


def test_key_file_is_created_private_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "home" / "telemetry.key"
    key = load_key(path)
    assert len(key) == 32 and load_key(path) == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_key_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    raw = os.urandom(24)
    monkeypatch.setenv(KEY_ENV, base64.b64encode(raw).decode())
    assert load_key(tmp_path / "unused.key") == raw
    assert not (tmp_path / "unused.key").exists()
    monkeypatch.setenv(KEY_ENV, "!!!")
    with pytest.raises(TelemetryKeyError):
        load_key()


def test_decision_events_hold_no_text() -> None:
    guard = Guard()
    ctx = EventContext(hasher=Hasher(b"k" * 32), model="m1", policy_id="default")
    for prompt in PII_PROMPTS:
        decision = guard.check_input(prompt)
        event = decision_event(decision, ctx, conversation="orla.vance@corp.io", user="u-1")
        text = event.model_dump_json()
        assert pii_in([text], pii_guard()) == []
        assert event.verdict == "fail" and event.categories == ["pii"]
        assert event.risk_categories == ["owasp:llm02:2025"]
        assert event.reason_code == f"saferail.input_{event.action}ed.pii"
        assert event.check == "pii" and event.score is not None
        assert {c.check for c in event.checks} == {c.check for c in decision.checks}
    guard.close()


def test_gateway_dicts_become_events() -> None:
    ctx = EventContext(source="gateway", hasher=Hasher(b"k" * 32))
    event = gateway_event(
        {
            "type": "saferail.gateway.decision",
            "surface": "input",
            "action": "block",
            "categories": ["prompt_injection"],
            "policy_version": "sha256:00ff",
            "latency_ms": 0.25,
            "tenant": "team-a",
            "stream": False,
            "request_id": "chatcmpl-1",
            "session": "orla.vance@corp.io",
        },
        ctx,
    )
    assert (event.source, event.verdict, event.action) == ("gateway", "fail", "block")
    assert event.reason_code == "saferail.input_blocked.prompt_injection"
    assert event.conversation_hash == ctx.hasher.hash("orla.vance@corp.io")  # type: ignore[union-attr]
    errored = gateway_event({"surface": "output", "action": "error"}, ctx)
    assert errored.verdict == "error" and errored.action == "error"


def test_labels_that_look_like_text_are_digested() -> None:
    assert label("case-12") == "case-12"
    assert label("what is my email orla@x.io") == label("what is my email orla@x.io")
    assert (label("what is my email orla@x.io") or "").startswith("sha256:")


def test_a_label_with_a_trailing_line_break_is_digested_so_the_event_still_builds() -> None:
    from pydantic import TypeAdapter

    from saferail.telemetry.event import Label

    for text in ("gpt-4o\n", "tenant-a\r\n"):
        value = label(text)
        assert value is not None and value.startswith("sha256:")
        assert TypeAdapter(Label).validate_python(value) == value


def test_instrumented_guard_captures_the_last_user_turn_redacted() -> None:
    from collections.abc import Sequence

    from saferail.telemetry.emitter import Emitter
    from saferail.telemetry.event import SafetyEvent
    from saferail.telemetry.instrumentation import instrument

    got: list[SafetyEvent] = []

    class Keep:
        name = "keep"

        def write(self, events: Sequence[SafetyEvent]) -> None:
            got.extend(events)

        def close(self) -> None:
            return None

    emitter = Emitter([Keep()], flush_interval_s=0.001)
    guard = Guard()
    wrapped = instrument(guard, emitter, capture=ContentCapture(enabled=True))
    messages = [
        {"role": "system", "content": "You are helpful."},
        {"role": "user", "content": PII_PROMPTS[0]},
    ]
    decision = wrapped.check_input(messages, conversation="c-1")
    assert decision.action == guard.check_input(messages).action  # telemetry changes nothing
    assert wrapped.policy is guard.policy  # everything else is the Guard's
    assert emitter.flush()
    (event,) = got
    assert event.content is not None and event.content.input is not None
    assert "<PERSON_1>" in event.content.input and "<EMAIL_ADDRESS_1>" in event.content.input
    assert pii_in([event.model_dump_json()], pii_guard()) == []
    emitter.close()
    guard.close()


def test_lone_surrogates_hash_and_valid_text_hashes_as_before() -> None:
    import hashlib
    import hmac

    hasher = Hasher(b"a" * 32)
    assert (hasher.hash("conv-\ud800") or "").startswith("hmac-sha256:")
    assert hasher.hash("conv-\ud800") != hasher.hash("conv-\ufffd")
    sub = hmac.new(b"a" * 32, b"saferail/telemetry/ids/v1", hashlib.sha256).digest()
    expected = hmac.digest(sub, b"orla.vance@corp.io", "sha256")[:16].hex()
    assert hasher.hash("orla.vance@corp.io") == "hmac-sha256:" + expected
    assert (label("tenant \udc80") or "").startswith("sha256:")


def test_captured_text_with_lone_surrogates_can_be_written() -> None:
    from saferail.telemetry.event import CapturedContent

    content = CapturedContent(input="a\ud800b", output="\udcff")
    assert (content.input, content.output) == ("a\ufffdb", "\ufffd")
    content.model_dump_json()  # used to raise: surrogates not allowed


def _key_text(path: str) -> str:
    return base64.b64encode(load_key(path)).decode()


def test_processes_starting_together_agree_on_one_key(tmp_path: Path) -> None:
    """Replicas started at once all read the one complete key, never a half-written file."""
    for round_ in range(6):
        path = str(tmp_path / f"home{round_}" / "telemetry.key")
        got = run_together(_key_text, path)
        assert len(set(got)) == 1 and not got[0].startswith("error"), got
        assert base64.b64decode(got[0]) == load_key(path)
        assert sorted(p.name for p in Path(path).parent.iterdir()) == ["telemetry.key"]
