"""The Store contract on both engines: canonical SQL, parameters, transactions, Arrow bulk loads."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest

from oncodata.store import Store


@pytest.fixture
def patients(store: Store) -> Store:
    store.execute("CREATE SCHEMA IF NOT EXISTS staging")
    store.execute(
        "CREATE TABLE staging.patient (patient_id BIGINT PRIMARY KEY, name VARCHAR(50), diagnosis_date DATE, "
        "tumour_size_mm DOUBLE, admitted_at TIMESTAMP)"
    )
    return store


def _sample_rows() -> pa.Table:
    return pa.table(
        {
            "patient_id": pa.array([1, 2, 3], pa.int64()),
            "name": pa.array(["肺腺癌 pT1b", "", None]),
            "diagnosis_date": pa.array([dt.date(2021, 3, 4), None, dt.date(2024, 2, 29)], pa.date32()),
            "tumour_size_mm": pa.array([18.5, None, 42.0]),
            "admitted_at": pa.array([dt.datetime(2021, 3, 1, 8, 30), None, None], pa.timestamp("us")),
        }
    )


def test_bulk_load_round_trips_nulls_empty_strings_unicode_and_dates(patients: Store):
    assert patients.load_arrow("staging.patient", _sample_rows()) == 3
    rows = patients.query("SELECT patient_id, name, diagnosis_date, tumour_size_mm, admitted_at FROM staging.patient ORDER BY 1")
    assert rows == [
        (1, "肺腺癌 pT1b", dt.date(2021, 3, 4), 18.5, dt.datetime(2021, 3, 1, 8, 30)),
        (2, "", None, None, None),
        (3, None, dt.date(2024, 2, 29), 42.0, None),
    ]


def test_bulk_load_accepts_a_column_subset_and_a_batch_reader(patients: Store):
    data = pa.table({"name": ["a", "b"], "patient_id": pa.array([10, 11], pa.int64())})
    reader = pa.RecordBatchReader.from_batches(data.schema, data.to_batches(max_chunksize=1))
    assert patients.load_arrow("staging.patient", reader) == 2
    assert patients.query("SELECT patient_id, name, diagnosis_date FROM staging.patient ORDER BY 1") == [
        (10, "a", None),
        (11, "b", None),
    ]


def test_named_parameters_and_literal_percent_signs(patients: Store):
    patients.load_arrow("staging.patient", _sample_rows())
    count = patients.scalar("SELECT count(*) FROM staging.patient WHERE name LIKE '%pT1%' AND patient_id >= $low", {"low": 1})
    assert count == 1


def test_canonical_date_arithmetic_runs_on_every_engine(patients: Store):
    patients.load_arrow("staging.patient", _sample_rows())
    days = patients.scalar(
        "SELECT date_diff('day', diagnosis_date, DATE '2024-03-04') FROM staging.patient WHERE patient_id = $id", {"id": 3}
    )
    assert days == 4


def test_query_arrow_keeps_types_even_when_empty(patients: Store):
    patients.load_arrow("staging.patient", _sample_rows())
    table = patients.query_arrow("SELECT patient_id, diagnosis_date, tumour_size_mm FROM staging.patient ORDER BY 1")
    assert table.column("patient_id").to_pylist() == [1, 2, 3]
    assert pa.types.is_integer(table.schema.field("patient_id").type)
    assert pa.types.is_date(table.schema.field("diagnosis_date").type)
    empty = patients.query_arrow("SELECT patient_id, tumour_size_mm FROM staging.patient WHERE patient_id < 0")
    assert empty.num_rows == 0
    assert pa.types.is_integer(empty.schema.field("patient_id").type)
    assert pa.types.is_floating(empty.schema.field("tumour_size_mm").type)


def test_transaction_commits_together(patients: Store):
    with patients.transaction():
        patients.execute("INSERT INTO staging.patient (patient_id, name) VALUES (1, 'a')")
        with patients.transaction():  # nested blocks join the outer one
            patients.execute("INSERT INTO staging.patient (patient_id, name) VALUES (2, 'b')")
    assert patients.scalar("SELECT count(*) FROM staging.patient") == 2


def test_transaction_rolls_back_everything_on_error(patients: Store):
    with pytest.raises(RuntimeError), patients.transaction():
        patients.execute("INSERT INTO staging.patient (patient_id, name) VALUES (1, 'a')")
        patients.load_arrow("staging.patient", pa.table({"patient_id": pa.array([2], pa.int64())}))
        raise RuntimeError("crash mid-batch")
    assert patients.scalar("SELECT count(*) FROM staging.patient") == 0
    # The store stays usable after a rollback.
    patients.execute("INSERT INTO staging.patient (patient_id) VALUES (3)")
    assert patients.scalar("SELECT count(*) FROM staging.patient") == 1


def test_failed_bulk_load_inside_transaction_leaves_nothing(patients: Store):
    duplicate_keys = pa.table({"patient_id": pa.array([5, 5], pa.int64())})
    with pytest.raises(Exception), patients.transaction():  # noqa: B017 - each engine raises its own type
        patients.load_arrow("staging.patient", duplicate_keys)
    assert patients.scalar("SELECT count(*) FROM staging.patient") == 0


def test_introspection_reports_tables_and_columns(patients: Store):
    assert "staging" in patients.schema_names()
    assert patients.table_names("staging") == ["patient"]
    assert patients.table_exists("staging", "patient")
    assert not patients.table_exists("staging", "visit")
    columns = patients.columns("staging", "patient")
    assert [c.name for c in columns] == ["patient_id", "name", "diagnosis_date", "tumour_size_mm", "admitted_at"]
    assert columns[0].nullable is False
    assert columns[1].nullable is True
    assert patients.count_rows(["staging.patient"]) == {"staging.patient": 0}
