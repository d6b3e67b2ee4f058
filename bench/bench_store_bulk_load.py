"""Bulk-load throughput of the Store adapters: Arrow rows/s into cdm.measurement on DuckDB and PostgreSQL."""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
from pathlib import Path

import numpy as np
import pyarrow as pa

from bench.common import peak_memory_mb, throwaway_postgres, timed, write_result
from oncodata.lifecycle import initialize
from oncodata.settings import Settings
from oncodata.store import open_store


def measurement_rows(count: int, seed: int = 7) -> pa.Table:
    """Realistic-shaped lab rows: ids, concepts, dates, values, units, source strings."""
    rng = np.random.default_rng(seed)
    start = np.datetime64("2018-01-01")
    dates = start + rng.integers(0, 6 * 365, count).astype("timedelta64[D]")
    return pa.table(
        {
            "measurement_id": pa.array(np.arange(1, count + 1), pa.int64()),
            "person_id": pa.array(rng.integers(1, count // 50 + 2, count), pa.int64()),
            "measurement_concept_id": pa.array(rng.choice([3013444, 3016436, 3019170], count), pa.int64()),
            "measurement_date": pa.array(dates, pa.date32()),
            "measurement_type_concept_id": pa.array(np.full(count, 32817), pa.int64()),
            "value_as_number": pa.array(rng.gamma(2.0, 3.0, count)),
            "unit_source_value": pa.array(rng.choice(["ng/mL", "μg/L", "U/mL"], count)),
            "measurement_source_value": pa.array(rng.choice(["癌胚抗原(CEA)", "CYFRA21-1", "NSE"], count)),
        }
    )


def people(count: int) -> pa.Table:
    """Persons the measurements point at (PostgreSQL checks the foreign key at commit)."""
    return pa.table(
        {
            "person_id": pa.array(np.arange(1, count + 1), pa.int64()),
            "gender_concept_id": pa.array(np.full(count, 8507), pa.int64()),
            "year_of_birth": pa.array(np.full(count, 1960), pa.int32()),
            "race_concept_id": pa.array(np.zeros(count), pa.int64()),
            "ethnicity_concept_id": pa.array(np.zeros(count), pa.int64()),
        }
    )


def bench_engine(url: str, data: pa.Table) -> dict[str, float]:
    with open_store(url) as store:
        initialize(store, Settings())
        store.load_arrow("cdm.person", people(data.num_rows // 50 + 2))
        with timed() as elapsed, store.transaction():
            written = store.load_arrow("cdm.measurement", data)
        assert written == data.num_rows
        assert store.scalar("SELECT count(*) FROM cdm.measurement") == data.num_rows
    seconds = elapsed["seconds"]
    return {"rows": data.num_rows, "seconds": round(seconds, 3), "rows_per_second": round(data.num_rows / seconds)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    data = measurement_rows(args.rows)
    figures: dict[str, object] = {"rows": args.rows, "generated_on": dt.date.today().isoformat()}
    with tempfile.TemporaryDirectory() as folder:
        figures["duckdb"] = bench_engine(str(Path(folder) / "bench.duckdb"), data)
    with throwaway_postgres() as url:
        figures["postgresql"] = bench_engine(url, data)
    figures["peak_memory_mb"] = round(peak_memory_mb(), 1)
    path = write_result("store_bulk_load", figures)
    print(f"wrote {path}: {figures}")


if __name__ == "__main__":
    main()
