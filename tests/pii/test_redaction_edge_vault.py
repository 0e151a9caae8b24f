"""A SQLite vault store that fails mid-use (locked, damaged) raises VaultError, not a raw
``sqlite3`` error that callers (the pii check, the CLI) do not know to expect."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from saferail.pii.vault import SQLiteVaultStore, Vault, VaultError

KEY = bytes(range(32))


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[Vault]:
    """A vault whose SQLite file another connection holds an exclusive lock on."""
    path = tmp_path / "vault.db"
    store = SQLiteVaultStore(path)
    vault = Vault(KEY, store)
    vault.pseudonymize("acme", "s1", "PERSON", "Orla Vance")
    store._db.execute("PRAGMA busy_timeout = 0")  # fail at once instead of after 5 s
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        yield vault
    finally:
        other.execute("ROLLBACK")
        other.close()
        vault.close()


def test_a_locked_store_is_a_vault_error_on_write(locked: Vault) -> None:
    with pytest.raises(VaultError, match="database is locked"):
        locked.pseudonymize("acme", "s1", "PERSON", "Ilse Marr")


def test_a_locked_store_is_a_vault_error_on_forget(locked: Vault) -> None:
    with pytest.raises(VaultError, match="vault database"):
        locked.forget("acme", "s1")


def test_the_store_works_again_once_unlocked(tmp_path: Path) -> None:
    path = tmp_path / "vault.db"
    store = SQLiteVaultStore(path)
    store._db.execute("PRAGMA busy_timeout = 0")
    with Vault(KEY, store) as vault:
        first = vault.pseudonymize("acme", "s1", "PERSON", "Orla Vance")
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        with pytest.raises(VaultError):
            vault.pseudonymize("acme", "s1", "PERSON", "Ilse Marr")
        other.execute("ROLLBACK")
        other.close()
        assert vault.pseudonymize("acme", "s1", "PERSON", "Orla Vance") == first
        second = vault.pseudonymize("acme", "s1", "PERSON", "Ilse Marr")
        assert vault.original("acme", "s1", second) == "Ilse Marr"
