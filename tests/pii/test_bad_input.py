"""Wrong input to the public PII API (vault, operators, streaming de-anonymization,
surrogates): typed errors naming the argument, never an obscure internal exception, a
silent wrong result or a hang."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from saferail.errors import SaferailError
from saferail.pii.model import PiiEntity
from saferail.pii.operators import (
    RedactionConfig,
    RedactionContext,
    RedactionError,
    apply_operator,
    redact,
)
from saferail.pii.stream import StreamingDeanonymizer, deanonymize
from saferail.pii.surrogates import make_surrogate
from saferail.pii.vault import MemoryVaultStore, SQLiteVaultStore, Vault, VaultError, VaultKeyError

KEY = bytes(range(32))
TEXT = "Card 4111 1111 1111 1111 belongs to Anna Berg."
PERSON = PiiEntity(36, 45, "PERSON", 0.9, "test")


@pytest.fixture
def vault() -> Vault:
    return Vault(KEY, MemoryVaultStore())


# -- Vault construction -----------------------------------------------------------------------


@pytest.mark.parametrize("key", [None, "k" * 32, b"k" * 16, b"k" * 33, 32])
def test_a_bad_key_is_a_vault_key_error(key: Any) -> None:
    with pytest.raises(VaultKeyError, match="32 bytes"):
        Vault(key)


@pytest.mark.parametrize("ttl", ["60", float("nan"), -1, 0, [60]])
def test_a_bad_ttl_is_a_vault_error(ttl: Any) -> None:
    with pytest.raises(VaultError, match="ttl_s must be a positive number"):
        Vault(KEY, ttl_s=ttl)


@pytest.mark.parametrize("store", [{}, "/tmp/vault.db", Path("vault.db")])
def test_a_store_that_is_not_a_store(store: Any) -> None:
    with pytest.raises(TypeError, match="store must be a VaultStore"):
        Vault(KEY, store)


@pytest.mark.parametrize("name", [None, "", 5])
def test_from_env_needs_a_variable_name(name: Any) -> None:
    with pytest.raises(TypeError, match="env_var must be an environment variable name"):
        Vault.from_env(env_var=name)


def test_max_attempts_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_attempts must be at least 1"):
        Vault(KEY, max_attempts=0)


def test_sqlite_store_on_an_unusable_path(tmp_path: Path) -> None:
    with pytest.raises(VaultError, match="cannot open vault database"):
        SQLiteVaultStore(tmp_path)  # a directory
    with pytest.raises(VaultError, match="cannot open vault database"):
        SQLiteVaultStore(str(tmp_path / "a\0b.db"))
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(VaultError, match="cannot open vault database"):
        SQLiteVaultStore(blocker / "sub" / "v.db")


def test_sqlite_store_of_none_is_not_a_file_named_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(TypeError, match="path must be"):
        SQLiteVaultStore(None)  # type: ignore[arg-type]
    assert not (tmp_path / "None").exists()


# -- Vault calls ------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [None, 5, b"x"])
def test_original_needs_a_str_surrogate(vault: Vault, bad: Any) -> None:
    with pytest.raises(VaultError, match="surrogate must be a string"):
        vault.original("t", "s", bad)


def test_original_of_an_unknown_surrogate_is_none(vault: Vault) -> None:
    vault.pseudonymize("t", "s", "PERSON", "Anna Berg")
    assert vault.original("t", "s", "Nobody Here") is None
    assert vault.original("t", "s", "") is None
    assert vault.original("t", "s", "\ud800") is None


@pytest.mark.parametrize(("tenant", "session"), [(None, "s"), ("t", 5), ("", "s")])
def test_version_checks_its_scope(vault: Vault, tenant: Any, session: Any) -> None:
    with pytest.raises(VaultError, match="must be a non-empty string"):
        vault.version(tenant, session)


def test_odd_but_valid_values_round_trip(vault: Vault) -> None:
    for value in ("\ud800", "a\0b", "Anna\udcffBerg", "x" * 100_000):
        s = vault.pseudonymize("t", "s", "PERSON", value)
        assert s != value and vault.original("t", "s", s) == value


@pytest.mark.parametrize("store", ["memory", "sqlite"])
def test_a_closed_vault_says_so(store: str, tmp_path: Path) -> None:
    backing = MemoryVaultStore() if store == "memory" else SQLiteVaultStore(tmp_path / "v.db")
    v = Vault(KEY, backing)
    s = v.pseudonymize("t", "s", "PERSON", "Anna Berg")
    v.close()
    for call in (
        lambda: v.pseudonymize("t", "s", "PERSON", "Bo Falk"),
        lambda: v.original("t", "s", s),
        lambda: v.surrogates("t", "s"),
        lambda: v.forget("t", "s"),
        lambda: v.purge_expired(),
    ):
        with pytest.raises(VaultError, match="the vault is closed"):
            call()
    v.close()  # closing twice is fine


# -- redact / apply_operator ------------------------------------------------------------------


@pytest.mark.parametrize("bad", [None, b"Anna Berg", 5])
def test_redact_text_must_be_a_str(bad: Any) -> None:
    with pytest.raises(TypeError, match="text must be a str"):
        redact(bad, [], RedactionConfig(), RedactionContext())


def test_redact_entities_must_be_pii_entities() -> None:
    with pytest.raises(TypeError, match="entities must be a list of PiiEntity"):
        redact(TEXT, None, RedactionConfig(), RedactionContext())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"entities\[0\] must be a PiiEntity"):
        redact(TEXT, [(36, 45, "PERSON")], RedactionConfig(), RedactionContext())  # type: ignore[list-item]


@pytest.mark.parametrize(
    "entity",
    [
        PiiEntity(None, 4, "PERSON", 0.9, "t"),  # type: ignore[arg-type]
        PiiEntity(0.0, 4.0, "PERSON", 0.9, "t"),  # type: ignore[arg-type]
        PiiEntity(0, 4, None, 0.9, "t"),  # type: ignore[arg-type]
        PiiEntity(0, 4, "", 0.9, "t"),
    ],
)
def test_redact_rejects_a_malformed_entity(entity: PiiEntity) -> None:
    with pytest.raises(TypeError, match=r"entities\[0\]"):
        redact(TEXT, [entity], RedactionConfig(), RedactionContext())


def test_redact_config_and_context_types() -> None:
    with pytest.raises(TypeError, match="config must be a RedactionConfig"):
        redact(TEXT, [PERSON], {"default": {"operator": "mask"}}, RedactionContext())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="context must be a RedactionContext"):
        redact(TEXT, [PERSON], RedactionConfig(), None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="config must be an OperatorConfig"):
        apply_operator(None, "PERSON", "Anna", RedactionContext())  # type: ignore[arg-type]


def test_redact_happy_path_is_unchanged() -> None:
    out = redact(TEXT, [PERSON], RedactionConfig(), RedactionContext())
    assert out.text == "Card 4111 1111 1111 1111 belongs to <PERSON_1>."


@pytest.mark.parametrize("key", ["0123456789abcdef0123", 12345678901234567890])
def test_a_hash_key_of_the_wrong_type(key: Any) -> None:
    config = RedactionConfig.model_validate({"default": {"operator": "hash"}})
    with pytest.raises(RedactionError, match="hash_key must be bytes"):
        redact(TEXT, [PERSON], config, RedactionContext(hash_key=key))


def test_pseudonymize_needs_a_real_vault() -> None:
    config = RedactionConfig.model_validate({"default": {"operator": "pseudonymize"}})
    with pytest.raises(RedactionError, match="vault must be a Vault"):
        redact(TEXT, [PERSON], config, RedactionContext(vault=KEY, session="s"))  # type: ignore[arg-type]


def test_odd_strings_redact(vault: Vault) -> None:
    config = RedactionConfig.model_validate({"default": {"operator": "pseudonymize"}})
    ctx = RedactionContext(vault=vault, session="s")
    out = redact("\ud800nna\0Berg", [PiiEntity(0, 9, "PERSON", 0.9, "t")], config, ctx)
    assert "\ud800" not in out.text and deanonymize(out.text, vault, "default", "s") == (
        "\ud800nna\0Berg"
    )


# -- deanonymize / StreamingDeanonymizer ------------------------------------------------------


@pytest.mark.parametrize("bad", [None, b"x", 5])
def test_deanonymize_text_must_be_a_str(vault: Vault, bad: Any) -> None:
    with pytest.raises(TypeError, match="text must be a str"):
        deanonymize(bad, vault, "t", "s")
    with pytest.raises(TypeError, match="text must be a str"):
        deanonymize(bad, vault, "t", "empty")  # no surrogates: still refused, not returned


def test_deanonymize_needs_a_vault() -> None:
    with pytest.raises(TypeError, match="vault must have surrogates"):
        deanonymize("x", None, "t", "s")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="vault must have surrogates"):
        StreamingDeanonymizer(None, "t", "s")  # type: ignore[arg-type]


def test_a_token_not_in_the_vault_is_left_alone(vault: Vault) -> None:
    s = vault.pseudonymize("t", "s", "PERSON", "Anna Berg")
    text = f"<PERSON_9> and {s} and Nobody"
    assert deanonymize(text, vault, "t", "s") == "<PERSON_9> and Anna Berg and Nobody"


@pytest.mark.parametrize(("tenant", "session"), [(None, "s"), ("t", 5), ("t", "")])
def test_stream_scope_is_checked_up_front(vault: Vault, tenant: Any, session: Any) -> None:
    with pytest.raises(VaultError, match="must be a non-empty string"):
        StreamingDeanonymizer(vault, tenant, session)


@pytest.mark.parametrize("bad", [None, b"x", 5])
def test_feed_needs_a_str(vault: Vault, bad: Any) -> None:
    stream = StreamingDeanonymizer(vault, "t", "s")
    with pytest.raises(TypeError, match="chunk must be a str"):
        stream.feed(bad)


def test_feeding_after_the_vault_closed_is_an_error(vault: Vault) -> None:
    s = vault.pseudonymize("t", "s", "PERSON", "Anna Berg")
    stream = StreamingDeanonymizer(vault, "t", "s")
    assert stream.feed(s[:2]) == ""
    vault.close()
    with pytest.raises(VaultError, match="closed"):
        stream.feed(s[2:])


def test_many_small_chunks_finish(vault: Vault) -> None:
    s = vault.pseudonymize("t", "s", "PERSON", "Anna Berg")
    text = (f"{s} wrote. " * 5_000)[:60_000]
    stream = StreamingDeanonymizer(vault, "t", "s")
    t0 = time.perf_counter()
    out = "".join(stream.feed(c) for c in text) + stream.flush()
    assert time.perf_counter() - t0 < 5
    assert out == deanonymize(text, vault, "t", "s")


def test_odd_strings_stream(vault: Vault) -> None:
    s = vault.pseudonymize("t", "s", "PERSON", "Anna Berg")
    text = f"\ud800{s}\0{s}\udcff"
    stream = StreamingDeanonymizer(vault, "t", "s")
    assert "".join(stream.feed(c) for c in text) + stream.flush() == (
        "\ud800Anna Berg\0Anna Berg\udcff"
    )


# -- make_surrogate ---------------------------------------------------------------------------


def test_make_surrogate_argument_types() -> None:
    with pytest.raises(TypeError, match="value must be a str"):
        make_surrogate("PERSON", None, b"seed")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="seed must be bytes"):
        make_surrogate("PERSON", "Anna", "seed")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="entity_type must be a str"):
        make_surrogate(None, "Anna", b"seed")  # type: ignore[arg-type]


def test_make_surrogate_of_a_long_value_finishes() -> None:
    t0 = time.perf_counter()
    out = make_surrogate("NATIONAL_ID", "A1" * 50_000, b"seed")
    assert time.perf_counter() - t0 < 5
    assert len(out) == 100_000 and out != "A1" * 50_000


def test_errors_are_saferail_errors() -> None:
    assert issubclass(VaultError, SaferailError) and issubclass(RedactionError, SaferailError)
