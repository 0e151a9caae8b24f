"""Edge cases of the governance library found by using it as a demanding user would:
hostile manifests, key file names, zip destinations, odd dates, unreadable card.yaml files."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from saferail.evals.store import RunStore, SqlRunStore
from saferail.governance import (
    CardInfoError,
    RegisterError,
    TriageConfig,
    load_card_info,
    parse_register,
    parse_report,
    run_triage,
)
from saferail.governance.evidence import (
    Artifact,
    BuiltPack,
    EvidenceError,
    PackInfo,
    build_pack,
    verify_pack,
    zip_pack,
)
from saferail.governance.keys import SigningKey, SigningKeyError, generate_key, load_signing_key
from saferail.governance.templates import TemplateError, render
from saferail.governance.triage import TriageError
from saferail.targets.spec import target_from_spec


@pytest.fixture
def key(tmp_path: Path) -> SigningKey:
    return generate_key(tmp_path / "keys" / "release.key")


@pytest.fixture
def built(tmp_path: Path, key: SigningKey) -> BuiltPack:
    items = [Artifact.from_text("report.html", "<html>report</html>", kind="report")]
    return build_pack(tmp_path / "pack", items, info=PackInfo(verdict="go"), key=key)


def _canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


# -- evidence packs -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "public_key", ["ed25519:" + "A" * 42 + "==", "ed25519:" + "B" * 40 + "===="]
)
def test_a_manifest_naming_a_malformed_signer_key_is_a_problem_not_a_crash(
    built: BuiltPack, key: SigningKey, public_key: str
) -> None:
    manifest = built.path / "manifest.json"
    doc = json.loads(manifest.read_bytes())
    doc["signer"]["public_key"] = public_key
    manifest.write_bytes(_canonical(doc))
    report = verify_pack(built.path, key.public)  # used to raise SigningKeyError
    assert not report.valid
    assert ("format", "manifest.json") in [(p.code, p.where) for p in report.problems]
    assert any(p.message.startswith("signer.public_key: ") for p in report.problems)


def test_a_key_file_ending_in_pub_is_refused_instead_of_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "release.pub"
    with pytest.raises(SigningKeyError, match=r"must not end in \.pub"):
        generate_key(target)
    assert not target.exists()
    key = generate_key(tmp_path / "release.key")  # the usual name still works
    assert load_signing_key(tmp_path / "release.key").public == key.public


def test_zipping_the_current_directory_names_the_zip_after_the_pack(
    built: BuiltPack, key: SigningKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(built.path)
    out = zip_pack(".")  # used to raise ValueError: PosixPath('.') has an empty name
    assert out.resolve() == built.path.parent / "pack.zip"
    with zipfile.ZipFile(out) as archive:
        assert "pack/manifest.json" in archive.namelist()
    assert verify_pack(out, key.public).valid


def test_a_zip_is_never_written_into_the_pack_it_zips(built: BuiltPack, key: SigningKey) -> None:
    for out in (built.path / "pack.zip", built.path, built.path / "sub" / "x.zip"):
        with pytest.raises(EvidenceError, match="inside the pack it zips"):
            zip_pack(built.path, out)
    assert sorted(p.name for p in built.path.iterdir()) == sorted(
        ["approvals.head", "approvals.jsonl", "manifest.json", "manifest.sig", "report.html"]
    )
    assert verify_pack(built.path, key.public).valid


# -- risk register dates ------------------------------------------------------------------------

REGISTER = """\
reviewed: {reviewed}
risks:
  - id: R1
    title: leak
    owasp: LLM02
    nist: [data_privacy]
    likelihood: likely
    impact: high
    owner: me
    status: accepted
    acceptance: {{by: ciso, date: {date}, rationale: ok, expires: {expires}}}
"""


def test_register_dates_written_as_numbers_are_refused_with_a_clear_message() -> None:
    text = REGISTER.format(reviewed="20250501", date="0", expires="86400")
    with pytest.raises(RegisterError) as err:
        parse_register(text, source="r.yaml")
    lines = [str(issue) for issue in err.value.issues]
    assert lines == [
        "r.yaml:1: reviewed: expected a date written YYYY-MM-DD, got the number 20250501",
        "r.yaml:11: risks.0.acceptance.date: expected a date written YYYY-MM-DD, got the number 0",
        "r.yaml:11: risks.0.acceptance.expires: "
        "expected a date written YYYY-MM-DD, got the number 86400",
    ]
    fine = parse_register(
        REGISTER.format(reviewed="2025-05-01", date="2025-05-01", expires="2025-11-01")
    )
    acceptance = fine.risks[0].acceptance
    assert acceptance is not None and acceptance.expires == dt.date(2025, 11, 1)


# -- templates ----------------------------------------------------------------------------------


@pytest.mark.parametrize("date", ["2025-13-45", "5/1/2025", "last week", "2025-02-30"])
def test_a_template_date_that_is_not_a_date_is_refused(date: str) -> None:
    with pytest.raises(TemplateError, match="date must be YYYY-MM-DD"):
        render("postmortem", {"date": date})


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("2025-05-01", "2025-05-01"),
        (" 2025-05-01 ", "2025-05-01"),
        ("2025-05-01T10:00Z", "2025-05-01T10:00Z"),
        (dt.date(2025, 5, 1), "2025-05-01"),
        ("today", "2025-06-01"),
    ],
)
def test_template_dates_that_are_dates_are_rendered(given: Any, shown: str) -> None:
    text = render("postmortem", {"date": given}, today=dt.date(2025, 6, 1))
    assert f"| Date of this review | {shown} |" in text


# -- card.yaml ----------------------------------------------------------------------------------


def test_a_card_yaml_that_is_not_utf8_is_a_card_info_error(tmp_path: Path) -> None:
    card = tmp_path / "card.yaml"
    card.write_bytes(b"\xff\xfesystem_name: bot\n")
    with pytest.raises(CardInfoError, match=r"card\.yaml: not UTF-8 text"):
        load_card_info(card)
    with pytest.raises(CardInfoError, match="cannot read"):
        load_card_info(tmp_path)


# -- triage -------------------------------------------------------------------------------------


def test_a_report_from_the_future_is_refused_before_anything_is_sent(tmp_path: Path) -> None:
    report = parse_report(
        '{"messages": [{"role": "user", "content": "hi"}], "reported_at": "2999-01-01T00:00:00Z"}'
    )

    async def go(store: SqlRunStore, config: TriageConfig) -> None:
        await run_triage(report, target_from_spec("refuse"), store, config)

    soon = (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).isoformat()
    with RunStore(tmp_path / "runs.db") as store:
        with pytest.raises(TriageError, match="'2999-01-01T00:00:00Z' is in the future"):
            asyncio.run(go(store, TriageConfig(runs=1, minimize=False)))
        with pytest.raises(TriageError, match="is in the future"):
            asyncio.run(go(store, TriageConfig(runs=1, minimize=False, reported_at=soon)))
        assert store.list_runs() == []
        past = "2025-05-01T09:30:00+02:00"
        result = asyncio.run(
            run_triage(
                report,
                target_from_spec("refuse"),
                store,
                TriageConfig(runs=1, minimize=False, reported_at=past),
            )
        )
    assert result.timestamps.reported_at == "2025-05-01T07:30:00Z"
    assert result.timestamps.time_to_triage_s is not None
    assert result.timestamps.time_to_triage_s > 0
