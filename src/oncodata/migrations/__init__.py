"""The ordered list of OncoData schema migrations; each later issue appends one, never edits an old one."""

from __future__ import annotations

from oncodata.migrations import (
    m0001_omop_cdm_v54,
    m0002_indexes_and_batches,
    m0003_access_control,
    m0004_staging_and_quarantine,
    m0005_vocabulary_mapping,
    m0006_cdm_build,
    m0007_analytics_results,
    m0008_data_quality_results,
    m0009_project_tables_out_of_vocab,
    m0010_note_finding_codes,
    m0011_note_fact_new_lesions,
)
from oncodata.store.migrate import Migration

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "OMOP CDM v5.4 schemas and tables", m0001_omop_cdm_v54.apply),
    Migration(2, "official CDM indexes and the batch register", m0002_indexes_and_batches.apply),
    Migration(3, "user accounts and the hash-chained audit log", m0003_access_control.apply),
    Migration(4, "pseudonymized staging tables, file register, quarantine", m0004_staging_and_quarantine.apply),
    Migration(5, "mapping review decisions, concept replacements, resolved staging values", m0005_vocabulary_mapping.apply),
    Migration(6, "report facts, NOTE_NLP findings, lineage, stable ids for the CDM build", m0006_cdm_build.apply),
    Migration(7, "cohort members, attrition and generation runs for analytics", m0007_analytics_results.apply),
    Migration(8, "data quality runs and per-check results", m0008_data_quality_results.apply),
    Migration(9, "mapping review and concept replacements move from vocab to admin", m0009_project_tables_out_of_vocab.apply),
    Migration(10, "NOTE_NLP findings keep their ICD-O-3 or Cancer Modifier code", m0010_note_finding_codes.apply),
    Migration(11, "imaging facts say whether new lesions are reported", m0011_note_fact_new_lesions.apply),
)

LATEST_VERSION = MIGRATIONS[-1].version

# The project's own tables in the `results` schema, beside the spec's COHORT and COHORT_DEFINITION.
PROJECT_RESULT_TABLES = ("cohort_attrition", "cohort_candidate", "cohort_generation", "cohort_member", "dq_result", "dq_run")
