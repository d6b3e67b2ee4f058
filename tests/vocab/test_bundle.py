"""The bundled vocabulary: loaded once by init on both engines, ids honest about where they come from, usable hierarchy."""

from __future__ import annotations

import csv
from pathlib import Path

from oncodata.store.base import Store
from oncodata.vocab.bundle import LOCAL_CONCEPT_ID_START, VOCABULARY_TABLES, load_bundled_vocabulary, read_bundled_table
from oncodata.vocab.normalize import DATA_DIR

LUNG_CANCER = 443388  # "Malignant tumor of lung", stated in the DQD concept-level file


def _concept_rows() -> list[dict[str, str]]:
    with (DATA_DIR / "CONCEPT.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_init_loads_every_bundled_table_once(vocab_store: Store):
    for table in VOCABULARY_TABLES:
        assert vocab_store.scalar(f"SELECT count(*) FROM vocab.{table}") == read_bundled_table(table).num_rows
    assert vocab_store.scalar("SELECT count(*) FROM vocab.source_to_concept_map") > 200
    assert load_bundled_vocabulary(vocab_store).loaded is False
    assert vocab_store.scalar("SELECT count(*) FROM vocab.concept") == read_bundled_table("concept").num_rows


def test_ids_are_local_unless_stated_or_core():
    rows = _concept_rows()
    assert len({row["concept_id"] for row in rows}) == len(rows)
    assert len({(row["vocabulary_id"], row["concept_code"]) for row in rows}) == len(rows)
    for row in rows:
        local = int(row["concept_id"]) >= LOCAL_CONCEPT_ID_START
        assert local == (row["id_origin"] == "local"), row
    assert sum(row["id_origin"] == "local" for row in rows) > 1000


def test_reference_ids_appear_in_the_reference_files(shared_reference: Path):
    text = "\n".join(path.read_text(encoding="utf-8", errors="replace") for path in shared_reference.rglob("*.csv"))
    for row in _concept_rows():
        if row["id_origin"] == "reference":
            assert row["concept_id"] in text, row


def test_lung_cancer_hierarchy_reaches_one_ancestor(vocab_store: Store):
    lung_conditions = vocab_store.scalar(
        "SELECT count(*) FROM vocab.concept WHERE vocabulary_id = 'ICDO3' AND domain_id = 'Condition' "
        "AND concept_code LIKE '%/3-C34.%'"
    )
    under_lung = vocab_store.scalar(
        "SELECT count(*) FROM vocab.concept_ancestor AS a JOIN vocab.concept AS c ON c.concept_id = a.descendant_concept_id "
        "WHERE a.ancestor_concept_id = $lung AND c.vocabulary_id = 'ICDO3' AND c.concept_code LIKE '%/3-C34.%'",
        {"lung": LUNG_CANCER},
    )
    assert lung_conditions > 150 and under_lung == lung_conditions


def test_china_clinical_edition_code_maps_to_a_standard_lung_concept(vocab_store: Store):
    rows = vocab_store.query(
        "SELECT t.concept_code, t.standard_concept FROM vocab.concept AS s "
        "JOIN vocab.concept_relationship AS r ON r.concept_id_1 = s.concept_id AND r.relationship_id = 'Maps to' "
        "JOIN vocab.concept AS t ON t.concept_id = r.concept_id_2 "
        "WHERE s.vocabulary_id = 'ICD10CN' AND s.concept_code = 'C34.100x001'"
    )
    assert rows == [("8000/3-C34.1", "S")]


def test_ajcc_lung_categories_use_the_oncology_codes(vocab_store: Store):
    codes = {
        row[0] for row in vocab_store.query("SELECT concept_code FROM vocab.concept WHERE vocabulary_id = 'Cancer Modifier'")
    }
    for code in ["p-8th_AJCC/UICC-T2a", "c-8th_AJCC/UICC-Stage-3A", "c-8th_AJCC/UICC-N2", "p-8th_AJCC/UICC-M1c"]:
        assert code in codes
    parent = vocab_store.scalar(
        "SELECT p.concept_code FROM vocab.concept AS c JOIN vocab.concept_relationship AS r ON r.concept_id_1 = c.concept_id "
        "JOIN vocab.concept AS p ON p.concept_id = r.concept_id_2 WHERE c.concept_code = 'p-8th_AJCC/UICC-T2a' "
        "AND r.relationship_id = 'Is a'"
    )
    assert parent == "p-8th_AJCC/UICC-T2"


def test_relationships_and_synonyms_point_at_bundled_concepts():
    ids = {int(row["concept_id"]) for row in _concept_rows()}
    relationships = read_bundled_table("concept_relationship")
    assert set(relationships.column("concept_id_1").to_pylist()) <= ids
    assert set(relationships.column("concept_id_2").to_pylist()) <= ids
    synonyms = read_bundled_table("concept_synonym")
    assert set(synonyms.column("concept_id").to_pylist()) <= ids
    assert "吉非替尼" in synonyms.column("concept_synonym_name").to_pylist()
