"""After `init`, each engine holds exactly the OMOP CDM v5.4 schema: every field, type, nullability and key."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from oncodata.cdm.ddl import create_index_statements
from oncodata.cdm.schema import cdm_tables
from oncodata.lifecycle import initialize
from oncodata.migrations import PROJECT_RESULT_TABLES
from oncodata.settings import Settings
from oncodata.store import Store, open_store

# information_schema type names each spec type may legitimately appear as.
COMPATIBLE_TYPES = {
    "integer": {"integer", "bigint"},
    "float": {"double", "double precision"},
    "date": {"date"},
    "datetime": {"timestamp", "timestamp without time zone"},
    "varchar": {"character varying", "varchar", "text"},
}


def _family(spec_type: str) -> str:
    return "varchar" if spec_type.startswith("varchar") else spec_type


@pytest.fixture
def initialized(store: Store) -> Store:
    initialize(store, Settings())
    return store


def test_every_field_exists_with_compatible_type_and_nullability(initialized: Store):
    for table in cdm_tables():
        columns = initialized.columns(table.schema, table.name)
        assert [c.name for c in columns] == [f.name for f in table.fields], table.name
        for field, column in zip(table.fields, columns, strict=True):
            assert column.data_type in COMPATIBLE_TYPES[_family(field.spec_datatype)], (table.name, field.name, column.data_type)
            if field.is_widened_id:
                assert column.data_type == "bigint", (table.name, field.name)
            assert column.nullable is not (field.required or field.primary_key), (table.name, field.name)


def test_nothing_else_sits_in_the_cdm_schemas(initialized: Store):
    expected = {(t.schema, t.name) for t in cdm_tables()}
    present = {(schema, name) for schema in ("cdm", "vocab") for name in initialized.table_names(schema)}
    assert present == {pair for pair in expected if pair[0] in ("cdm", "vocab")}
    # results holds the spec's cohort tables plus the project's own declared result tables (DQ runs, cohort details).
    results = set(initialized.table_names("results"))
    assert {t.name for t in cdm_tables() if t.schema == "results"} <= results
    assert results - {t.name for t in cdm_tables()} <= set(PROJECT_RESULT_TABLES)
    assert {"staging", "admin"} <= initialized.schema_names()


def test_primary_keys_are_declared(initialized: Store):
    rows = initialized.query(
        "SELECT tc.table_name, kcu.column_name FROM information_schema.table_constraints tc "
        "JOIN information_schema.key_column_usage kcu ON tc.constraint_name = kcu.constraint_name "
        "AND tc.table_schema = kcu.table_schema AND tc.table_name = kcu.table_name "
        "WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema IN ('cdm', 'vocab', 'results')"
    )
    spec_tables = {t.name for t in cdm_tables()}
    assert {row for row in rows if row[0] in spec_tables} == {(t.name, t.primary_key.name) for t in cdm_tables() if t.primary_key}


def test_primary_keys_reject_duplicates(initialized: Store):
    initialized.execute("INSERT INTO vocab.domain VALUES ('Test domain', 'Test domain', 0)")
    with pytest.raises(Exception):  # noqa: B017 - each engine raises its own constraint error
        initialized.execute("INSERT INTO vocab.domain VALUES ('Test domain', 'Again', 0)")


def test_official_indexes_exist(initialized: Store):
    expected = {statement.split()[5] for statement in create_index_statements()}
    if initialized.engine == "postgresql":
        rows = initialized.query("SELECT indexname FROM pg_indexes WHERE schemaname IN ('cdm', 'vocab')")
    else:
        rows = initialized.query("SELECT index_name FROM duckdb_indexes() WHERE schema_name IN ('cdm', 'vocab')")
    assert expected <= {row[0] for row in rows}


def test_postgres_declares_deferred_foreign_keys(postgres_url: str):
    initialized = open_store(postgres_url)
    initialize(initialized, Settings())
    count = initialized.scalar(
        "SELECT count(*) FROM information_schema.table_constraints WHERE constraint_type = 'FOREIGN KEY' AND table_schema = 'cdm'"
    )
    assert count == 52
    # Deferred: a child row may be written before its parent inside one transaction.
    with initialized.transaction():
        initialized.execute("INSERT INTO cdm.observation_period VALUES (1, 7, DATE '2020-01-01', DATE '2020-12-31', 32817)")
        initialized.execute(
            "INSERT INTO cdm.person (person_id, gender_concept_id, year_of_birth, race_concept_id, "
            "ethnicity_concept_id) VALUES (7, 8507, 1960, 0, 0)"
        )
    with pytest.raises(Exception), initialized.transaction():  # noqa: B017
        initialized.execute("INSERT INTO cdm.death (person_id, death_date) VALUES (999, DATE '2021-01-01')")
    initialized.close()


def test_schema_matches_the_spec_file_on_disk(initialized: Store, shared_reference: Path):
    with open(shared_reference / "omop" / "OMOP_CDMv5.4_Field_Level.csv", encoding="utf-8-sig", newline="") as handle:
        spec = list(csv.DictReader(handle))
    schema_of = {t.name: t.schema for t in cdm_tables()}
    for row in spec:
        table, field = row["cdmTableName"], row["cdmFieldName"].strip('"')
        columns = {c.name: c for c in initialized.columns(schema_of[table], table)}
        assert field in columns, (table, field)
        assert columns[field].data_type in COMPATIBLE_TYPES[_family(row["cdmDatatype"].lower())], (table, field)
        assert columns[field].nullable is not (row["isRequired"] == "Yes" or row["isPrimaryKey"] == "Yes"), (table, field)
    spec_tables = {row["cdmTableName"] for row in spec}
    for schema in ("cdm", "vocab"):
        assert set(initialized.table_names(schema)) <= spec_tables
    assert set(initialized.table_names("results")) <= spec_tables | set(PROJECT_RESULT_TABLES)
