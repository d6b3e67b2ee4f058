"""Pseudonymous ids: stable, kind-separated, key-dependent, 63-bit, vectorized, collision-checked through the vault."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from oncodata.privacy.dateshift import DateShifter
from oncodata.privacy.keys import SecretKey, load_key
from oncodata.privacy.pseudonym import ID_BITS, PseudonymCollisionError, Pseudonymizer
from oncodata.privacy.vault import Vault


def test_stable_across_instances_and_reloads(key_path: Path) -> None:
    first = Pseudonymizer(load_key(key_path)).person_id("MRN-000123")
    second = Pseudonymizer(load_key(key_path)).person_id("MRN-000123")
    assert first == second
    assert 0 < first < 2**ID_BITS


def test_kinds_are_separate_namespaces(key: SecretKey) -> None:
    pseudonymizer = Pseudonymizer(key)
    ids = {
        pseudonymizer.person_id("42"),
        pseudonymizer.visit_id("42"),
        pseudonymizer.provider_id("42"),
        pseudonymizer.care_site_id("42"),
        pseudonymizer.pseudonymous_id("specimen", "42"),
    }
    assert len(ids) == 5


def test_different_keys_and_ids_give_different_pseudonyms(key: SecretKey) -> None:
    other = SecretKey(bytes(32))
    assert Pseudonymizer(key).person_id("A") != Pseudonymizer(other).person_id("A")
    assert Pseudonymizer(key).person_id("A") != Pseudonymizer(key).person_id("B")


def test_vectorized_matches_scalar_and_keeps_nulls(key: SecretKey) -> None:
    pseudonymizer = Pseudonymizer(key)
    sources = pa.chunked_array([["p1", "p2", None], ["p1", "p3"]])
    ids = pseudonymizer.pseudonymous_ids("person", sources)
    assert ids.type == pa.int64()
    assert ids.to_pylist() == [
        pseudonymizer.person_id("p1"),
        pseudonymizer.person_id("p2"),
        None,
        pseudonymizer.person_id("p1"),
        pseudonymizer.person_id("p3"),
    ]


def test_registers_mappings_and_shifts_in_the_vault(tmp_path: Path, key: SecretKey) -> None:
    shifter = DateShifter(key)
    with Vault.open(tmp_path / "v.sqlite", key) as vault:
        pseudonymizer = Pseudonymizer(key, vault=vault, date_shifter=shifter)
        person = pseudonymizer.person_id("H-1")
        ids = pseudonymizer.pseudonymous_ids("person", pa.array(["H-1", "H-2", "H-2"]))
        visit = pseudonymizer.visit_id("V-9")
        assert ids[0].as_py() == person
        entry = vault.lookup("person", person)
        assert entry is not None and entry.source_id == "H-1" and entry.date_shift_days == shifter.shift_days(person)
        assert vault.lookup("visit", visit).date_shift_days is None
        assert vault.count("person") == 2


def test_collision_is_detected_through_the_vault(tmp_path: Path, key: SecretKey) -> None:
    pseudonymizer = Pseudonymizer(key)
    with Vault.open(tmp_path / "v.sqlite", key) as vault:
        real = pseudonymizer.person_id("A")
        vault.register("person", "A", real, None)
        # Simulate the astronomically rare case: another source id arriving with the same pseudonymous id.
        with pytest.raises(PseudonymCollisionError, match="collision"):
            vault.register("person", "B", real, None)
