"""Audit findings on the vault and surrogates: expiry, cost per call, alnum-free values.

All values are made up.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from saferail.pii.stream import StreamingDeanonymizer, deanonymize
from saferail.pii.surrogates import make_surrogate
from saferail.pii.vault import (
    MemoryVaultStore,
    SQLiteVaultStore,
    Vault,
    VaultKeyError,
    VaultRecord,
    VaultStore,
)

KEY = bytes(range(32))


class Clock:
    def __init__(self, step: float = 0.0) -> None:
        self.now = 1000.0
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def _stores(tmp_path: Path) -> list[VaultStore]:
    return [MemoryVaultStore(), SQLiteVaultStore(tmp_path / "v.db")]


@pytest.mark.parametrize("kind", [0, 1], ids=["memory", "sqlite"])
def test_a_new_entry_does_not_revive_expired_entries_of_its_session(
    tmp_path: Path, kind: int
) -> None:
    clock = Clock()
    store = _stores(tmp_path)[kind]
    with Vault(KEY, store, ttl_s=100, clock=clock, purge_interval_s=10**6) as vault:
        old = vault.pseudonymize("acme", "s1", "PERSON", "Orla Vance")
        clock.now += 150  # expired, not purged yet
        assert vault.original("acme", "s1", old) is None
        new = vault.pseudonymize("acme", "s1", "PERSON", "Bram Oakes")
        assert vault.original("acme", "s1", old) is None
        assert vault.surrogates("acme", "s1") == {new: "Bram Oakes"}
        assert deanonymize(f"{old} and {new}", vault, "acme", "s1") == f"{old} and Bram Oakes"


class _CountingStore(MemoryVaultStore):
    """Counts the records each ``touch`` rewrites."""

    def __init__(self) -> None:
        super().__init__()
        self.rewritten = 0

    def touch(self, scope: bytes, expires_at: float | None, now: float | None = None) -> None:
        self.rewritten += len(self.list_scope(scope, float("-inf")))
        if now is None:
            super().touch(scope, expires_at)
        else:
            super().touch(scope, expires_at, now)


def test_many_new_values_in_one_session_do_not_rewrite_the_session_each_time() -> None:
    store = _CountingStore()
    n = 400
    clock = Clock(step=0.0005)  # calls in quick succession, as in one CLI run
    with Vault(KEY, store, ttl_s=86400, clock=clock) as vault:
        for i in range(n):
            vault.pseudonymize("acme", "big", "EMAIL_ADDRESS", f"user{i}@corp.io")
        # every value still resolves, and the work stayed linear (not n * n / 2 rewrites)
        assert len(vault.surrogates("acme", "big")) == n
    assert store.rewritten <= 4 * n


def test_a_session_is_still_kept_alive_by_use() -> None:
    clock = Clock()
    with Vault(KEY, ttl_s=100, clock=clock) as vault:
        s = vault.pseudonymize("acme", "s1", "PERSON", "Orla Vance")
        for _ in range(5):
            clock.now += 60
            assert vault.original("acme", "s1", s) == "Orla Vance"
        clock.now += 101
        assert vault.original("acme", "s1", s) is None


def test_a_store_whose_touch_takes_no_now_still_works() -> None:
    class OldStore(MemoryVaultStore):
        def touch(self, scope: bytes, expires_at: float | None) -> None:  # type: ignore[override]
            super().touch(scope, expires_at)

    clock = Clock()
    with Vault(KEY, OldStore(), ttl_s=100, clock=clock) as vault:
        s = vault.pseudonymize("acme", "s1", "PERSON", "Orla Vance")
        clock.now += 60
        assert vault.original("acme", "s1", s) == "Orla Vance"


@pytest.mark.parametrize("values", [["---", "...", "—"], ["**", "++", "//", "~~"]])
def test_several_values_without_letters_or_digits_get_unique_surrogates(
    values: list[str],
) -> None:
    with Vault(KEY) as vault:
        got = [vault.pseudonymize("acme", "s1", "NATIONAL_ID", v) for v in values]
        assert len(set(got)) == len(values)
        assert all(g not in values for g in got)
        for value, surrogate in zip(values, got, strict=True):
            assert vault.original("acme", "s1", surrogate) == value


def test_the_alnum_free_fallback_is_deterministic_per_attempt() -> None:
    a = [make_surrogate("NATIONAL_ID", "--", b"k" * 32, attempt) for attempt in range(3)]
    assert a == [make_surrogate("NATIONAL_ID", "--", b"k" * 32, i) for i in range(3)]
    assert len(set(a)) == 3
    assert make_surrogate("PERSON", "[PERSON]", b"k" * 32) != "[PERSON]"


def test_unicode_round_trip_split_at_every_position() -> None:
    with Vault(KEY) as vault:
        people = ["Zoë Ångström", "José Núñez", "Anna Berg"]
        fakes = [vault.pseudonymize("acme", "u", "PERSON", p) for p in people]
        # (surrogates are whole words: two glued into one word are not restored, so they
        # are joined here by a dash)
        text = f"«{fakes[0]}»{fakes[1]}—{fakes[2]} and {fakes[0]} again 😀"
        want = f"«{people[0]}»{people[1]}—{people[2]} and {people[0]} again 😀"
        assert deanonymize(text, vault, "acme", "u") == want
        for cut in range(len(text) + 1):
            stream = StreamingDeanonymizer(vault, "acme", "u")
            assert stream.feed(text[:cut]) + stream.feed(text[cut:]) + stream.flush() == want


def test_a_vault_record_is_never_touched_past_its_expiry_by_the_store_api() -> None:
    store = MemoryVaultStore()
    rec = VaultRecord(b"i", b"s", b"scope", "PERSON", b"n" * 12, b"c", 10.0)
    assert store.put(rec, now=0.0)
    store.touch(b"scope", 100.0, now=20.0)
    assert store.get_by_index(b"i", 30.0) is None
    store.touch(b"scope", 100.0)  # the original protocol: every record of the scope
    assert store.get_by_index(b"i", 30.0) is not None


class _StaleFirstRead:
    """A store whose first key-check read comes from before another process wrote its own
    (two processes opening one new vault at the same moment)."""

    def __init__(self, inner: VaultStore) -> None:
        self.inner = inner
        self.stale = True

    def get_meta(self, name: str) -> bytes | None:
        if self.stale:
            self.stale = False
            return None
        return self.inner.get_meta(name)

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)


@pytest.mark.parametrize("kind", [0, 1], ids=["memory", "sqlite"])
def test_two_keys_claiming_one_new_store_at_once_cannot_both_win(tmp_path: Path, kind: int) -> None:
    store = _stores(tmp_path)[kind]
    first = Vault(os.urandom(32), store)
    surrogate = first.pseudonymize("t", "s", "PERSON", "Ada Lovelace")
    with pytest.raises(VaultKeyError):  # it used to overwrite the first key's check
        Vault(os.urandom(32), _StaleFirstRead(store))  # type: ignore[arg-type]
    assert first.original("t", "s", surrogate) == "Ada Lovelace"
