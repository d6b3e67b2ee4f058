"""Athena import on both engines: tab-separated unquoted files, local concepts replaced, the bundle extended."""

from __future__ import annotations

from pathlib import Path

import pytest

from oncodata.errors import BadInputError
from oncodata.store.base import Store
from oncodata.vocab.athena import import_athena

ATHENA_FIXTURE = Path(__file__).resolve().parents[1] / "data" / "vocab" / "athena"


def test_import_replaces_local_concepts_and_keeps_the_rest(vocab_store: Store):
    store = vocab_store
    concepts_before = store.scalar("SELECT count(*) FROM vocab.concept")
    chinese = store.scalar(
        "SELECT count(*) FROM vocab.concept_synonym AS s JOIN vocab.concept AS c ON c.concept_id = s.concept_id "
        "WHERE c.vocabulary_id = 'LOINC' AND c.concept_code = '2039-6'"
    )
    result = import_athena(store, ATHENA_FIXTURE)
    assert result.rows["concept"] == 7 and result.rows["drug_strength"] == 1
    assert result.replaced_local_concepts == 4  # CEA, pemetrexed, ICD10 C34.1, ICDO3 8000/3-C34.1
    # 4 replaced in place, PSA (same id) replaced in place, CA 15-3 and a branded drug are new.
    assert store.scalar("SELECT count(*) FROM vocab.concept") == concepts_before + 2
    assert (
        store.scalar("SELECT concept_name FROM vocab.concept WHERE concept_id = 90000007")
        == 'pemetrexed 500 MG Injection "Alimta"'
    )
    assert store.scalar("SELECT count(*) FROM vocab.concept_synonym WHERE concept_id = 90000001") == chinese
    # A China clinical-edition code the bundle has (and Athena lacks) now maps to Athena's ICDO3 concept.
    assert (
        store.scalar(
            "SELECT r.concept_id_2 FROM vocab.concept AS c JOIN vocab.concept_relationship AS r ON r.concept_id_1 = c.concept_id "
            "WHERE c.vocabulary_id = 'ICD10CN' AND c.concept_code = 'C34.100x001' AND r.relationship_id = 'Maps to'"
        )
        == 90000004
    )
    assert store.scalar("SELECT count(*) FROM vocab.source_to_concept_map WHERE target_concept_id = 90000001") >= 4
    assert (
        store.scalar(
            "SELECT count(*) FROM vocab.source_to_concept_map WHERE target_concept_id >= 2000000000 "
            "AND target_vocabulary_id = 'LOINC' AND target_concept_id NOT IN (SELECT concept_id FROM vocab.concept)"
        )
        == 0
    )
    assert store.scalar("SELECT vocabulary_version FROM cdm.cdm_source") == "v5.0 TEST-FIXTURE"
    assert store.scalar("SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'athena_%'") == 0
    # Importing the same download again changes nothing.
    relationships = store.scalar("SELECT count(*) FROM vocab.concept_relationship")
    again = import_athena(store, ATHENA_FIXTURE)
    assert again.replaced_local_concepts == 0
    assert store.scalar("SELECT count(*) FROM vocab.concept") == concepts_before + 2
    assert store.scalar("SELECT count(*) FROM vocab.concept_relationship") == relationships


def test_incomplete_or_malformed_download_is_refused(vocab_store: Store, tmp_path: Path):
    with pytest.raises(BadInputError, match=r"CONCEPT\.csv is missing"):
        import_athena(vocab_store, tmp_path)
    for path in ATHENA_FIXTURE.glob("*.csv"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "CONCEPT.csv").write_text("concept_id\tconcept_name\nnot-a-number\tx\n", encoding="utf-8")
    with pytest.raises(BadInputError, match=r"CONCEPT\.csv"):
        import_athena(vocab_store, tmp_path)
    assert vocab_store.scalar("SELECT count(*) FROM admin.concept_replacement") == 0
