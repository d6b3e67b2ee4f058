"""Analytics figures on a synthetic CDM written directly with Arrow bulk loads (not the build): cohort generation and
a stratified Kaplan-Meier on N patients (default 100,000), on DuckDB (target < 1 s each) and optionally PostgreSQL.

The CDM comes from oncodata.analytics.synthetic_cdm (persons, observation periods, lung cancer diagnoses with stage
modifiers, EGFR results, first-line regimens, progression, death with known exponential survival per stage),
because the build stage is being written in parallel; medians by stage are compared with the generator's truth.

Usage: python -m bench.bench_analytics [--patients N] [--postgres] [--repeat R]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import Any

from bench.common import peak_memory_mb, throwaway_postgres, timed, write_result
from oncodata.analytics.characterize import characterize
from oncodata.analytics.cohort import create_cohort
from oncodata.analytics.definition import parse_definition
from oncodata.analytics.survival import survival_analysis
from oncodata.analytics.synthetic_cdm import MEDIAN_OS_DAYS, write_synthetic_cdm
from oncodata.lifecycle import initialize
from oncodata.settings import load_settings
from oncodata.store import open_store

DEFINITION = {
    "name": "advanced NSCLC, EGFR tested",
    "entry": {"concepts": [{"vocabulary_id": "SNOMED", "concept_code": "363358000"}]},
    "observation": {"prior_days": 0},
    "inclusion": [
        {"kind": "histology", "morphology": ["8140/3", "8070/3"]},
        {"kind": "stage_group", "values": ["3B", "3C", "4"]},
        {"kind": "biomarker", "status": "tested", "concepts": [{"vocabulary_id": "HGNC", "concept_code": "HGNC:3236"}]},
        {"kind": "age", "min": 18},
    ],
}
ALL_LUNG = {"name": "all lung cancer", "entry": DEFINITION["entry"]}


def measure(url: str, patients: int, repeat: int, folder: Path) -> dict[str, Any]:
    store = open_store(url)
    initialize(store, load_settings(config_file=folder / "absent.toml", environ={}))
    with timed() as load:
        counts = write_synthetic_cdm(store, patients)
    cohort_seconds, km_seconds = [], []
    summary = None
    for _ in range(repeat):
        with timed() as t:
            summary = create_cohort(store, parse_definition(DEFINITION))
        cohort_seconds.append(t["seconds"])
    everyone = create_cohort(store, parse_definition(ALL_LUNG))
    survival_analysis(store, everyone.cohort_id, "os", by="sex")  # warm numpy/scipy paths
    result = None
    for _ in range(repeat):
        with timed() as t:
            result = survival_analysis(store, everyone.cohort_id, "os", by="stage")
        km_seconds.append(t["seconds"])
    with timed() as table1:
        characterize(store, [everyone.cohort_id])
    assert summary is not None and result is not None
    store.close()
    return {
        "engine": url.split(":", 1)[0] if "://" in url else "duckdb",
        "patients": patients,
        "synthetic_cdm_rows": counts,
        "synthetic_cdm_load_seconds": round(load["seconds"], 2),
        "cohort_generation_seconds": round(min(cohort_seconds), 3),
        "cohort_generation_runs": [round(s, 3) for s in cohort_seconds],
        "cohort_persons": summary.persons,
        "cohort_attrition": [row.as_dict() for row in summary.attrition],
        "stratified_km_seconds": round(min(km_seconds), 3),
        "stratified_km_runs": [round(s, 3) for s in km_seconds],
        "km_persons": everyone.persons,
        "km_strata": {s.name: {"n": s.n, "events": s.events, "median_days": s.median_days} for s in result.strata},
        "table1_seconds": round(table1["seconds"], 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--postgres", action="store_true", help="also measure on a throwaway PostgreSQL database")
    args = parser.parse_args()
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        runs.append(measure(str(Path(tmp) / "bench.duckdb"), args.patients, args.repeat, Path(tmp)))
        if args.postgres:
            with throwaway_postgres() as url:
                runs.append(measure(url, args.patients, args.repeat, Path(tmp)))
    figures = {
        "cdm_source": "synthetic CDM written directly with Arrow bulk loads (oncodata.analytics.synthetic_cdm), not the build",
        "targets": {"cohort_generation_seconds": 1.0, "stratified_km_seconds": 1.0},
        "truth_median_os_days_by_substage": MEDIAN_OS_DAYS,
        "runs": runs,
        "peak_memory_mb": round(peak_memory_mb(), 1),
    }
    path = write_result("analytics", figures)
    for run in runs:
        print(
            f"{run['engine']}: {run['patients']:,} patients — cohort {run['cohort_generation_seconds']}s "
            f"({run['cohort_persons']:,} persons), stratified KM {run['stratified_km_seconds']}s, Table 1 {run['table1_seconds']}s"
        )
    print(f"-> {path}")


if __name__ == "__main__":
    main()
