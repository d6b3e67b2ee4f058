"""The build on both engines: a complete oncology CDM from staged synthetic data, traceable and reproducible."""

from __future__ import annotations

from pathlib import Path

import pytest

from oncodata.build.agreement import score_against_truth
from oncodata.build.pipeline import build_cdm
from oncodata.cdm.schema import tables_in_schema
from oncodata.lifecycle import initialize
from oncodata.privacy.gate import DeidentificationGate
from oncodata.settings import Settings
from oncodata.sources.hospital import ingest_hospital_extracts
from oncodata.sources.mapping import load_mapping
from oncodata.store import Store, open_store

CONTENT_TABLES = [t.name for t in tables_in_schema("cdm") if t.name not in ("cdm_source",)]


def _snapshot(store: Store) -> dict[str, list[tuple]]:
    return {table: sorted(map(tuple, store.query(f"SELECT * FROM cdm.{table}")), key=repr) for table in CONTENT_TABLES}


@pytest.fixture
def built(cdm_store: Store, gate: DeidentificationGate, hospital: Path) -> Store:
    ingest_hospital_extracts(cdm_store, gate, hospital, load_mapping())
    build_cdm(cdm_store, rebuild=True)
    return cdm_store


def test_every_domain_is_filled_and_linked(built: Store):
    counts = built.count_rows([f"cdm.{t}" for t in CONTENT_TABLES])
    for table in ("person", "observation_period", "visit_occurrence", "condition_occurrence", "drug_exposure", "procedure_occurrence",
                  "measurement", "observation", "note", "note_nlp", "death", "episode", "episode_event", "drug_era", "condition_era"):  # fmt: skip
        assert counts[f"cdm.{table}"] > 0, table
    assert counts["cdm.person"] == 60 and counts["cdm.observation_period"] == 60
    assert built.scalar("SELECT count(*) FROM cdm.cdm_source") == 1
    orphan_modifiers = built.scalar(
        "SELECT count(*) FROM cdm.measurement m WHERE m.meas_event_field_concept_id = 1147127 "
        "AND m.measurement_event_id NOT IN (SELECT condition_occurrence_id FROM cdm.condition_occurrence)"
    )
    assert orphan_modifiers == 0
    assert built.scalar("SELECT count(*) FROM cdm.measurement WHERE meas_event_field_concept_id = 1147127") > 200
    dangling = built.scalar(
        "SELECT count(*) FROM cdm.episode e WHERE e.episode_parent_id IS NOT NULL "
        "AND e.episode_parent_id NOT IN (SELECT episode_id FROM cdm.episode)"
    )
    assert dangling == 0
    assert built.scalar("SELECT count(*) FROM cdm.episode WHERE episode_concept_id = 32528") == 60
    overlapping = built.scalar(
        "SELECT count(*) FROM cdm.observation_period a JOIN cdm.observation_period b ON a.person_id = b.person_id "
        "AND a.observation_period_id < b.observation_period_id AND a.observation_period_start_date <= b.observation_period_end_date"
    )
    assert overlapping == 0


def test_every_event_row_is_traced_to_its_source(built: Store):
    for table, key in (("condition_occurrence", "condition_occurrence_id"), ("drug_exposure", "drug_exposure_id"),
                       ("measurement", "measurement_id"), ("note", "note_id"), ("visit_occurrence", "visit_occurrence_id")):  # fmt: skip
        untraced = built.scalar(
            f"SELECT count(*) FROM cdm.{table} t WHERE NOT EXISTS (SELECT 1 FROM admin.lineage l WHERE l.cdm_table = '{table}' "
            f"AND l.cdm_id = t.{key})"
            + (
                " AND coalesce(t.condition_status_source_value, '') <> 'primary cancer'"
                if table == "condition_occurrence"
                else ""
            )
            + (" AND t.meas_event_field_concept_id IS NULL" if table == "measurement" else "")
        )
        assert untraced == 0, table
    source = built.query("SELECT DISTINCT source_file FROM admin.lineage WHERE cdm_table = 'measurement'")
    assert source == [("lis_lab_results.csv",)]


def test_rebuild_reproduces_the_cdm_exactly(built: Store):
    before = _snapshot(built)
    build_cdm(built, rebuild=True)
    assert _snapshot(built) == before


def test_agreement_with_the_generator_truth(built: Store, gate: DeidentificationGate, hospital: Path):
    scores = score_against_truth(built, gate, hospital / "truth")
    assert scores["diagnosis_date"]["agreement"] >= 0.9
    assert scores["histology"]["agreement"] >= 0.9
    assert scores["death"]["agreement"] >= 0.98
    assert scores["EGFR status"]["agreement"] >= 0.9
    assert scores["lines of therapy"]["agreement"] >= 0.75


def test_incremental_build_equals_a_full_build(database_url: str, gate: DeidentificationGate, hospital: Path, tmp_path: Path):
    """build(a) + build(b) == build(a + b): a second batch rebuilds only its persons, with the same result."""
    mapping = load_mapping()
    first = tmp_path / "first"
    first.mkdir()
    for name in ("his_patient_master.csv", "his_visits.csv", "emr_diagnoses.csv", "pathology_reports.csv"):
        (first / name).write_bytes((hospital / name).read_bytes())
    with open_store(database_url) as store:
        initialize(store, Settings())
        ingest_hospital_extracts(store, gate, first, mapping)
        build_cdm(store)
        later = ingest_hospital_extracts(store, gate, hospital, mapping)
        report = build_cdm(store, batch_id=later.batch_id)
        assert report.mode == "incremental"
        incremental = _snapshot(store)
    other = tmp_path / "whole.duckdb"
    with open_store(str(other)) as store:
        initialize(store, Settings())
        ingest_hospital_extracts(store, gate, hospital, mapping)
        build_cdm(store, rebuild=True)
        assert _snapshot(store) == incremental


def test_persons_left_out_of_person_leave_no_orphans(cdm_store: Store, gate: DeidentificationGate, hospital: Path):
    """A patient whose master record was quarantined has no PERSON row, so none of their events enter the CDM."""
    ingest_hospital_extracts(cdm_store, gate, hospital, load_mapping())
    dropped = cdm_store.scalar("SELECT min(person_id) FROM staging.person")
    cdm_store.execute("DELETE FROM staging.person WHERE person_id = $p", {"p": dropped})
    build_cdm(cdm_store, rebuild=True)  # on PostgreSQL an orphan would also fail the deferred foreign keys at commit
    for table in (
        "condition_occurrence",
        "measurement",
        "episode",
        "observation_period",
        "condition_era",
        "drug_exposure",
        "note",
    ):
        orphans = cdm_store.scalar(f"SELECT count(*) FROM cdm.{table} WHERE person_id NOT IN (SELECT person_id FROM cdm.person)")
        assert orphans == 0, table
    assert cdm_store.scalar("SELECT count(*) FROM cdm.person") == 59


def test_note_nlp_rows_carry_the_concepts_of_their_codes(built: Store):
    staged = built.query(
        "SELECT c.concept_class_id, c.vocabulary_id, count(*) FROM cdm.note_nlp AS n "
        "JOIN vocab.concept AS c ON c.concept_id = n.note_nlp_concept_id GROUP BY c.concept_class_id, c.vocabulary_id"
    )
    assert ("Staging/Grading", "Cancer Modifier") in {(cls, vocab) for cls, vocab, _ in staged}
    # A TNM category is a standard Cancer Modifier concept: both ids are that concept.
    assert (
        built.scalar(
            "SELECT count(*) FROM cdm.note_nlp WHERE term_modifiers LIKE '%category=T,%' AND note_nlp_concept_id <> 0 "
            "AND note_nlp_concept_id = note_nlp_source_concept_id"
        )
        > 0
    )
    # A histology's ICD-O-3 code is its source concept; the non-standard morphology maps to no standard concept alone.
    histology_sources = built.query(
        "SELECT DISTINCT c.vocabulary_id FROM cdm.note_nlp AS n JOIN vocab.concept AS c ON c.concept_id = n.note_nlp_source_concept_id "
        "WHERE n.term_modifiers LIKE '%category=histology%'"
    )
    assert histology_sources == [("ICDO3",)]
    # A metastasis site gets the build's metastasis concept ("骨" → Metastasis to bone), as the modifiers do.
    metastasis = built.query(
        "SELECT DISTINCT c.concept_code FROM cdm.note_nlp AS n JOIN vocab.concept AS c ON c.concept_id = n.note_nlp_concept_id "
        "WHERE n.term_modifiers LIKE '%category=metastasis%' AND n.note_nlp_concept_id <> 0"
    )
    assert metastasis and all(code.startswith("MET-") for (code,) in metastasis)
    assert built.scalar("SELECT count(*) FROM cdm.note_nlp WHERE note_nlp_concept_id IS NULL") == 0
