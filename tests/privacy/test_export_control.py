"""Export control: small cells shown as <5 (rows and pyarrow tables), k-anonymity with coarsening."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest

from oncodata.errors import BadInputError
from oncodata.privacy.export_control import (
    age_band,
    check_k_anonymity,
    date_to_year,
    suppress_small_cells,
    suppress_small_cells_table,
)


def test_small_cells_in_rows() -> None:
    rows = [{"stage": "IA", "n": 120}, {"stage": "IIIB", "n": 4}, {"stage": "IVB", "n": 0}, {"stage": "IIA", "n": 5}]
    shown = suppress_small_cells(rows, ["n"])
    assert [row["n"] for row in shown] == [120, "<5", 0, 5]
    assert rows[1]["n"] == 4  # the input is not modified
    assert [row["n"] for row in suppress_small_cells(rows, ["n"], threshold=11)] == [120, "<11", 0, "<11"]
    with pytest.raises(BadInputError, match="not in the rows"):
        suppress_small_cells(rows, ["count"])


def test_small_cells_in_a_table() -> None:
    table = pa.table({"stage": ["IA", "IIIB", "IVB"], "n": [120, 3, 0]})
    shown = suppress_small_cells_table(table, ["n"], threshold=10)
    assert shown["n"].to_pylist() == ["120", "<10", "0"]
    assert shown["stage"].to_pylist() == ["IA", "IIIB", "IVB"]


def test_k_anonymity_reports_smallest_class_and_offenders() -> None:
    rows = [{"age": 60 + index % 3, "sex": "F", "zip3": "310"} for index in range(12)]
    rows.append({"age": 91, "sex": "M", "zip3": "100"})
    raw = check_k_anonymity(rows, ["age", "sex", "zip3"], k=5)
    assert raw.smallest_class_size == 1 and not raw.satisfied
    assert {"age": 91, "sex": "M", "zip3": "100", "size": 1} in raw.offending_groups
    assert {"age": 60, "sex": "F", "zip3": "310", "size": 4} in raw.offending_groups
    coarse = check_k_anonymity(rows, ["age", "sex"], k=5, coarsen={"age": age_band(5)})
    assert coarse.offending_groups == [{"age": "90-94", "sex": "M", "size": 1}]
    assert coarse.smallest_class_size == 1 and coarse.class_count == 2


def test_k_anonymity_on_a_table_with_dates_coarsened_to_year() -> None:
    table = pa.table({"diagnosed": [dt.date(2021, month, 1) for month in range(1, 13)], "sex": ["F"] * 12})
    report = check_k_anonymity(table, ["diagnosed", "sex"], k=5, coarsen={"diagnosed": date_to_year})
    assert report.satisfied and report.smallest_class_size == 12
    with pytest.raises(BadInputError):
        check_k_anonymity(table, ["race"], k=5)
