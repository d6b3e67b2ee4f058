"""The packaged CDM schema data: complete, keyed as the spec says, and identical to the OHDSI specification."""

from __future__ import annotations

import csv
from pathlib import Path

from oncodata.cdm.ddl import column_type, create_table_statement, foreign_key_statements
from oncodata.cdm.schema import cdm_indexes, cdm_table, cdm_table_map, cdm_tables


def test_schema_data_has_every_table_and_field():
    tables = cdm_tables()
    assert len(tables) == 39
    assert sum(len(t.fields) for t in tables) == 432
    assert {t.schema for t in tables} == {"cdm", "vocab", "results"}
    assert cdm_table("cohort").schema == "results"
    assert cdm_table("concept").schema == "vocab"


def test_twenty_nine_primary_keys():
    keyed = {t.name: t.primary_key.name for t in cdm_tables() if t.primary_key}
    assert len(keyed) == 29
    assert keyed["person"] == "person_id"
    assert keyed["vocabulary"] == "vocabulary_id"
    assert keyed["cohort_definition"] == "cohort_definition_id"
    assert "death" not in keyed and "episode_event" not in keyed


def test_integer_ids_are_widened_but_other_types_follow_the_spec():
    person = cdm_table("person")
    assert column_type(person.field("person_id"), "postgresql") == "BIGINT"
    assert column_type(person.field("gender_concept_id"), "duckdb") == "BIGINT"
    assert column_type(person.field("year_of_birth"), "postgresql") == "INTEGER"
    assert column_type(person.field("person_source_value"), "postgresql") == "VARCHAR(50)"
    assert column_type(cdm_table("note").field("note_text"), "postgresql") == "TEXT"
    assert column_type(cdm_table("measurement").field("value_as_number"), "postgresql") == "DOUBLE PRECISION"
    assert column_type(cdm_table("concept").field("vocabulary_id"), "postgresql") == "VARCHAR(20)"


def test_create_table_keeps_spec_order_and_required_flags():
    ddl = create_table_statement(cdm_table("observation_period"), "duckdb")
    body = [line.strip() for line in ddl.splitlines()[1:-1]]
    assert body[:2] == ["observation_period_id BIGINT NOT NULL,", "person_id BIGINT NOT NULL,"]
    assert body[-1] == "CONSTRAINT xpk_observation_period PRIMARY KEY (observation_period_id)"


def test_indexes_name_real_columns():
    tables = cdm_table_map()
    for index in cdm_indexes():
        assert index.column in {f.name for f in tables[index.table].fields}, index


def test_foreign_keys_only_on_postgres_and_never_into_the_vocabulary():
    assert foreign_key_statements("duckdb") == []
    statements = foreign_key_statements("postgresql")
    assert len(statements) == 52
    assert not any("REFERENCES vocab." in s for s in statements)
    assert all(s.endswith("DEFERRABLE INITIALLY DEFERRED") for s in statements)


def test_schema_data_matches_the_ohdsi_specification(shared_reference: Path):
    with open(shared_reference / "omop" / "OMOP_CDMv5.4_Field_Level.csv", encoding="utf-8-sig", newline="") as handle:
        spec = list(csv.DictReader(handle))
    ours = [(f.table, f.name, f.spec_datatype, f.required) for t in cdm_tables() for f in t.fields]
    theirs = [(r["cdmTableName"], r["cdmFieldName"].strip('"'), r["cdmDatatype"].lower(), r["isRequired"] == "Yes") for r in spec]
    assert ours == theirs
    spec_keys = {(r["cdmTableName"], r["cdmFieldName"]) for r in spec if r["isPrimaryKey"] == "Yes"}
    our_keys = {(t.name, t.primary_key.name) for t in cdm_tables() if t.primary_key}
    assert spec_keys <= our_keys
    assert our_keys - spec_keys == {("cohort_definition", "cohort_definition_id")}
