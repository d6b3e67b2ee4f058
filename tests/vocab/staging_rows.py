"""Write realistic staging rows (the ingest contract) for mapping tests, without needing the ingest stage."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pyarrow as pa

from oncodata.store.base import Store

DATE_COLUMN = {
    "condition": "condition_start_date",
    "drug": "drug_start_date",
    "measurement": "measurement_date",
    "procedure": "procedure_date",
    "observation": "observation_date",
}


def stage(store: Store, domain: str, values: Sequence[tuple[str | None, str | None, str | None]], **extra: list) -> None:
    """One staging row per (source_vocabulary, source_code, source_text); extra columns given as lists."""
    count = len(values)
    columns: dict[str, pa.Array | list] = {
        "batch_id": ["test-batch"] * count,
        "source_file": [f"{domain}.csv"] * count,
        "source_row": pa.array(range(1, count + 1), pa.int64()),
        "record_key": [f"{domain}-{i}" for i in range(count)],
        "person_id": pa.array([1000 + i % 7 for i in range(count)], pa.int64()),
        DATE_COLUMN[domain]: pa.array([dt.date(2023, 1, 1)] * count, pa.date32()),
        "source_vocabulary": pa.array([v[0] for v in values], pa.string()),
        "source_code": pa.array([v[1] for v in values], pa.string()),
        "source_text": pa.array([v[2] for v in values], pa.string()),
    }
    for name, data in extra.items():
        columns[name] = data
    store.load_arrow(f"staging.{domain}", pa.table(columns))
