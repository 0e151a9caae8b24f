"""The pseudonymization vault: consistency, isolation, expiry, encryption at rest."""

from __future__ import annotations

import base64
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from saferail.errors import SaferailError
from saferail.pii import vault as vault_mod
from saferail.pii.vault import (
    MemoryVaultStore,
    SQLiteVaultStore,
    Vault,
    VaultError,
    VaultKeyError,
    env_key,
    generate_key,
)

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def vault(clock: Clock) -> Iterator[Vault]:
    with Vault(KEY, MemoryVaultStore(), ttl_s=100, clock=clock) as v:
        yield v


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "vault" / "pii.db"


def test_consistent_and_reversible(vault: Vault) -> None:
    s = vault.pseudonymize("acme", "s1", "PERSON", "Anna Berg")
    assert s != "Anna Berg"
    assert vault.pseudonymize("acme", "s1", "PERSON", "Anna Berg") == s
    assert vault.original("acme", "s1", s) == "Anna Berg"
    assert vault.surrogates("acme", "s1") == {s: "Anna Berg"}
    assert vault.original("acme", "s1", "nobody") is None


def test_same_value_other_entity_type_is_a_separate_entry(vault: Vault) -> None:
    a = vault.pseudonymize("acme", "s1", "PASSPORT", "X1234567")
    b = vault.pseudonymize("acme", "s1", "NATIONAL_ID", "X1234567")
    assert a != b
    assert vault.surrogates("acme", "s1") == {a: "X1234567", b: "X1234567"}


def test_unique_within_session(vault: Vault) -> None:
    values = [f"Person{i} Example" for i in range(200)]
    surrogates = [vault.pseudonymize("acme", "s1", "PERSON", v) for v in values]
    assert len(set(surrogates)) == len(values)
    assert not set(surrogates) & set(values)


def test_collision_takes_next_attempt(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def fake(entity_type: str, value: str, seed: bytes, attempt: int) -> str:
        calls.append(attempt)
        return f"SURROGATE-{attempt}"

    monkeypatch.setattr(vault_mod, "make_surrogate", fake)
    assert vault.pseudonymize("acme", "s1", "PASSPORT", "A1") == "SURROGATE-0"
    assert vault.pseudonymize("acme", "s1", "PASSPORT", "B2") == "SURROGATE-1"
    assert vault.pseudonymize("acme", "s1", "PASSPORT", "C3") == "SURROGATE-2"
    # another session starts again at attempt 0: uniqueness is per session
    assert vault.pseudonymize("acme", "s2", "PASSPORT", "D4") == "SURROGATE-0"
    # a candidate equal to a real value already in the session is skipped too
    assert vault.pseudonymize("acme", "s3", "PASSPORT", "SURROGATE-0") == "SURROGATE-1"
    assert vault.pseudonymize("acme", "s3", "PASSPORT", "E5") == "SURROGATE-2"


def test_gives_up_with_typed_error(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vault_mod, "make_surrogate", lambda *a: "SAME")
    vault.pseudonymize("acme", "s1", "PASSPORT", "A1")
    with pytest.raises(VaultError, match="no unique"):
        vault.pseudonymize("acme", "s1", "PASSPORT", "B2")


def test_session_and_tenant_isolation(vault: Vault) -> None:
    s = vault.pseudonymize("acme", "s1", "EMAIL_ADDRESS", "anna@corp.io")
    assert vault.original("acme", "s2", s) is None
    assert vault.original("globex", "s1", s) is None
    assert vault.surrogates("acme", "s2") == {}
    assert vault.surrogates("globex", "s1") == {}
    other = vault.pseudonymize("acme", "s2", "EMAIL_ADDRESS", "anna@corp.io")
    assert vault.original("acme", "s2", other) == "anna@corp.io"
    assert other != s  # surrogates are seeded per session
    assert vault.original("acme", "s1", other) is None


def test_ttl_expiry_after_last_use(clock: Clock) -> None:
    store = MemoryVaultStore()
    with Vault(KEY, store, ttl_s=100, clock=clock, purge_interval_s=10**6) as vault:
        s = vault.pseudonymize("t", "s", "PERSON", "Anna Berg")
        clock.now += 90
        assert vault.original("t", "s", s) == "Anna Berg"  # use: expiry moves to +100
        clock.now += 90
        assert vault.surrogates("t", "s") == {s: "Anna Berg"}
        clock.now += 100  # 100 s after the last use
        assert vault.original("t", "s", s) is None
        assert vault.surrogates("t", "s") == {}
        assert vault.purge_expired() == 1
        assert vault.purge_expired() == 0


def test_use_of_one_entry_keeps_the_whole_session_alive(clock: Clock) -> None:
    with Vault(KEY, ttl_s=100, clock=clock) as vault:
        a = vault.pseudonymize("t", "s", "PERSON", "Anna Berg")
        clock.now += 60
        vault.pseudonymize("t", "s", "PERSON", "Bo Ek")
        clock.now += 60
        assert vault.original("t", "s", a) == "Anna Berg"


def test_expired_entries_can_be_recreated(clock: Clock) -> None:
    with Vault(KEY, SQLiteVaultStore(":memory:"), ttl_s=10, clock=clock) as vault:
        s = vault.pseudonymize("t", "s", "PERSON", "Anna Berg")
        clock.now += 11
        assert vault.original("t", "s", s) is None
        assert vault.pseudonymize("t", "s", "PERSON", "Anna Berg") == s  # expired row replaced
        assert vault.original("t", "s", s) == "Anna Berg"


def test_no_ttl_never_expires(clock: Clock) -> None:
    with Vault(KEY, ttl_s=None, clock=clock) as vault:
        s = vault.pseudonymize("t", "s", "PERSON", "Anna Berg")
        clock.now += 10**9
        assert vault.original("t", "s", s) == "Anna Berg"


def test_expired_rows_are_purged_lazily(clock: Clock, db: Path) -> None:
    with Vault(KEY, SQLiteVaultStore(db), ttl_s=10, clock=clock) as vault:
        vault.pseudonymize("t", "s", "PERSON", "Anna Berg")
        clock.now += 120  # past the ttl and the purge interval
        vault.pseudonymize("t", "other", "PERSON", "Bo Ek")  # any call purges
        with sqlite3.connect(db) as con:
            (n,) = con.execute("SELECT count(*) FROM vault_entries").fetchone()
        con.close()
        assert n == 1


def test_forget(vault: Vault) -> None:
    s = vault.pseudonymize("t", "s", "PERSON", "Anna Berg")
    keep = vault.pseudonymize("t", "s2", "PERSON", "Anna Berg")
    assert vault.forget("t", "s") == 1
    assert vault.original("t", "s", s) is None
    assert vault.surrogates("t", "s") == {}
    assert vault.original("t", "s2", keep) == "Anna Berg"


def test_version_changes_only_when_mapping_changes(vault: Vault) -> None:
    v0 = vault.version("t", "s")
    vault.pseudonymize("t", "s", "PERSON", "Anna Berg")
    v1 = vault.version("t", "s")
    assert v1 != v0
    vault.pseudonymize("t", "s", "PERSON", "Anna Berg")
    vault.pseudonymize("t", "other", "PERSON", "Bo Ek")
    assert vault.version("t", "s") == v1
    vault.forget("t", "s")
    assert vault.version("t", "s") != v1


def test_sqlite_store_holds_no_plaintext(db: Path) -> None:
    originals = {
        "PERSON": "Anna Katarina Berg",
        "EMAIL_ADDRESS": "anna.berg@corp-mail.io",
        "CREDIT_CARD": "4111 1111 1111 1111",
        "US_SSN": "123-45-6789",
    }
    with Vault(KEY, SQLiteVaultStore(db)) as vault:
        for et, value in originals.items():
            vault.pseudonymize("tenant-acme-xyz", "session-42-abc", et, value)
        vault.original("tenant-acme-xyz", "session-42-abc", "x")
        data = b"".join(p.read_bytes() for p in db.parent.iterdir())  # db, -wal, -shm
    data += b"".join(p.read_bytes() for p in db.parent.iterdir())
    assert data
    for value in [*originals.values(), "tenant-acme-xyz", "session-42-abc"]:
        assert value.encode() not in data
        assert value.encode("utf-16-le") not in data


def test_sqlite_persists_across_reopen(db: Path) -> None:
    with Vault(KEY, SQLiteVaultStore(db)) as vault:
        s = vault.pseudonymize("t", "s", "EMAIL_ADDRESS", "anna@corp.io")
    with Vault(KEY, SQLiteVaultStore(db)) as vault:
        assert vault.original("t", "s", s) == "anna@corp.io"
        assert vault.pseudonymize("t", "s", "EMAIL_ADDRESS", "anna@corp.io") == s
        assert vault.surrogates("t", "s") == {s: "anna@corp.io"}


def test_wrong_key_is_a_typed_error(db: Path) -> None:
    with Vault(KEY, SQLiteVaultStore(db)) as vault:
        vault.pseudonymize("t", "s", "PERSON", "Anna Berg")
    store = SQLiteVaultStore(db)
    try:
        with pytest.raises(VaultKeyError, match="not the key"):
            Vault(OTHER_KEY, store)
    finally:
        store.close()
    assert issubclass(VaultKeyError, VaultError) and issubclass(VaultError, SaferailError)


def test_undecryptable_entry_is_a_typed_error(db: Path) -> None:
    with Vault(KEY, SQLiteVaultStore(db)) as vault:
        s = vault.pseudonymize("t", "s", "PERSON", "Anna Berg")
        with sqlite3.connect(db) as con:
            (ct,) = con.execute("SELECT ciphertext FROM vault_entries").fetchone()
            flipped = bytes([ct[0] ^ 1]) + ct[1:]
            con.execute("UPDATE vault_entries SET ciphertext = ?", (flipped,))
        con.close()
        with pytest.raises(VaultError, match="failed to decrypt"):
            vault.original("t", "s", s)


def test_key_validation_and_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(VaultKeyError):
        Vault(b"short")
    monkeypatch.delenv("SAFERAIL_VAULT_KEY", raising=False)
    with pytest.raises(VaultKeyError, match="not set"):
        Vault.from_env()
    monkeypatch.setenv("SAFERAIL_VAULT_KEY", "not base64 !!")
    with pytest.raises(VaultKeyError, match="base64"):
        Vault.from_env()
    monkeypatch.setenv("SAFERAIL_VAULT_KEY", base64.b64encode(b"x" * 16).decode())
    with pytest.raises(VaultKeyError, match="32 bytes"):
        Vault.from_env()
    key = generate_key()
    monkeypatch.setenv("SAFERAIL_VAULT_KEY", base64.b64encode(key).decode())
    with Vault.from_env() as vault:
        s = vault.pseudonymize("t", "s", "PERSON", "Anna Berg")
        assert vault.original("t", "s", s) == "Anna Berg"
    monkeypatch.setenv("SAFERAIL_VAULT_KEY", base64.urlsafe_b64encode(key).decode())
    Vault.from_env().close()


def test_an_unpadded_url_safe_key_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    key = generate_key()  # secrets.token_urlsafe() and many tools drop the "=" padding
    monkeypatch.setenv("SAFERAIL_VAULT_KEY", base64.urlsafe_b64encode(key).decode().rstrip("="))
    assert env_key() == key
    monkeypatch.setenv("SAFERAIL_VAULT_KEY", "abcde")  # no padding can make this base64
    with pytest.raises(VaultKeyError, match="not valid base64"):
        env_key()


def test_bad_input_is_a_typed_error(vault: Vault) -> None:
    with pytest.raises(VaultError):
        vault.pseudonymize("t", "s", "PERSON", "")
    with pytest.raises(VaultError):
        vault.pseudonymize("t", "", "PERSON", "Anna")
    with pytest.raises(VaultError):
        Vault(KEY, ttl_s=0)


def test_thread_safe_consistency(db: Path) -> None:
    with Vault(KEY, SQLiteVaultStore(db)) as vault:
        results: list[dict[str, str]] = []

        def work() -> None:
            results.append(
                {
                    v: vault.pseudonymize("t", "s", "PERSON", v)
                    for v in (f"Name{i} Person" for i in range(30))
                }
            )

        threads = [threading.Thread(target=work) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert all(r == results[0] for r in results)
        assert len(set(results[0].values())) == 30
        assert len(vault.surrogates("t", "s")) == 30
