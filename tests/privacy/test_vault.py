"""Vault: round trip, idempotence, blind-index find, wrong key, tampering, no plaintext ids on disk, separate file."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from oncodata.errors import BadInputError, EnvironmentProblemError
from oncodata.privacy.keys import SecretKey, create_key_file, load_key
from oncodata.privacy.pseudonym import Pseudonymizer
from oncodata.privacy.vault import CrosswalkEntry, Vault, default_vault_path

SOURCE_IDS = [f"ZY-SOURCE-{number:06d}" for number in range(50)]


def _filled_vault(path: Path, key: SecretKey) -> dict[str, int]:
    pseudonymizer = Pseudonymizer(key)
    mapping = {source: pseudonymizer.person_id(source) for source in SOURCE_IDS}
    with Vault.open(path, key) as vault:
        vault.register_many(("person", source, pseudo, 7) for source, pseudo in mapping.items())
    return mapping


def test_round_trip_and_find(tmp_path: Path, key: SecretKey) -> None:
    mapping = _filled_vault(tmp_path / "v.sqlite", key)
    with Vault.open(tmp_path / "v.sqlite", key) as vault:
        pseudo = mapping[SOURCE_IDS[3]]
        assert vault.lookup("person", pseudo) == CrosswalkEntry("person", SOURCE_IDS[3], pseudo, 7)
        assert vault.find("person", SOURCE_IDS[3]) == CrosswalkEntry("person", SOURCE_IDS[3], pseudo, 7)
        assert vault.lookup("person", 12345) is None
        assert vault.lookup("visit", pseudo) is None
        assert vault.find("person", "unknown") is None


def test_register_is_idempotent_and_fills_a_missing_shift(tmp_path: Path, key: SecretKey) -> None:
    with Vault.open(tmp_path / "v.sqlite", key) as vault:
        vault.register("person", "A", 11, None)
        vault.register("person", "A", 11, None)
        vault.register("person", "A", 11, -4)
        assert vault.count() == 1
        assert vault.lookup("person", 11).date_shift_days == -4
        with pytest.raises(BadInputError, match="different date shift"):
            vault.register("person", "A", 11, 9)
        with pytest.raises(BadInputError, match="another pseudonymous id"):
            vault.register("person", "A", 12, None)


def test_failed_batch_rolls_back(tmp_path: Path, key: SecretKey) -> None:
    with Vault.open(tmp_path / "v.sqlite", key) as vault:
        vault.register("person", "A", 1, None)
        with pytest.raises(BadInputError):
            vault.register_many([("person", "B", 2, None), ("person", "C", 1, None)])
        assert vault.count() == 1


def test_wrong_key_is_refused_clearly(tmp_path: Path, key: SecretKey) -> None:
    _filled_vault(tmp_path / "v.sqlite", key)
    other = load_key(create_key_file(tmp_path / "other.key"))
    with pytest.raises(EnvironmentProblemError, match=r"vault .* cannot be decrypted with this key") as caught:
        Vault.open(tmp_path / "v.sqlite", other)
    assert "ZY-SOURCE" not in str(caught.value)


def test_tampered_record_fails_authentication(tmp_path: Path, key: SecretKey) -> None:
    mapping = _filled_vault(tmp_path / "v.sqlite", key)
    first, second = mapping[SOURCE_IDS[0]], mapping[SOURCE_IDS[1]]
    with sqlite3.connect(tmp_path / "v.sqlite") as raw:
        # Swap one record's ciphertext onto another pseudo id: associated data no longer matches.
        row = raw.execute("SELECT nonce, ciphertext FROM crosswalk WHERE pseudo_id = ?", (second,)).fetchone()
        raw.execute("UPDATE crosswalk SET nonce = ?, ciphertext = ? WHERE pseudo_id = ?", (row[0], row[1], first))
        flipped = bytearray(row[1])
        flipped[0] ^= 0x01
        raw.execute("UPDATE crosswalk SET ciphertext = ? WHERE pseudo_id = ?", (bytes(flipped), second))
    with Vault.open(tmp_path / "v.sqlite", key) as vault:
        for pseudo in (first, second):
            with pytest.raises(EnvironmentProblemError, match="cannot be decrypted with this key"):
                vault.lookup("person", pseudo)


def test_file_holds_no_plaintext_source_id(tmp_path: Path, key: SecretKey) -> None:
    path = tmp_path / "v.sqlite"
    _filled_vault(path, key)
    content = path.read_bytes()
    for source in SOURCE_IDS:
        assert source.encode() not in content
        assert source.encode("utf-16-le") not in content
    assert b"ZY-SOURCE" not in content
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_non_vault_file_is_refused(tmp_path: Path, key: SecretKey) -> None:
    path = tmp_path / "junk.sqlite"
    path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(EnvironmentProblemError, match="not a readable vault"):
        Vault.open(path, key)


def test_default_vault_path_sits_beside_the_key(tmp_path: Path) -> None:
    assert default_vault_path(tmp_path / "onco.duckdb.key") == tmp_path / "onco.duckdb.vault.sqlite"
