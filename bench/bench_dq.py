"""Benchmark `oncodata dq`: full suite time and checks/s on a synthetic CDM, and fused vs one-query-per-check."""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from bench.common import peak_memory_mb, timed, write_result
from oncodata.lifecycle import initialize
from oncodata.quality import run_quality_checks
from oncodata.quality.catalog import Check, load_checks
from oncodata.quality.runner import QualityRun
from oncodata.settings import load_settings
from oncodata.store import open_store
from oncodata.store.base import Store

# Realistic row counts per person: ~20 visits, ~10 conditions, ~40 measurements, ~20 drug exposures.
SYNTHETIC_CDM = """
INSERT INTO vocab.concept SELECT 756265, 'OMOP CDM Version 5.4', 'Metadata', 'CDM', 'CDM', 'S', 'CDM v5.4', DATE '1970-01-01', DATE '2099-12-31', NULL WHERE NOT EXISTS (SELECT 1 FROM vocab.concept WHERE concept_id = 756265)
INSERT INTO cdm.person (person_id, gender_concept_id, year_of_birth, race_concept_id, ethnicity_concept_id) SELECT i, CASE WHEN i % 2 = 0 THEN 8507 ELSE 8532 END, 1940 + i % 40, 0, 0 FROM range(1, {n} + 1) r(i)
INSERT INTO cdm.observation_period SELECT i, i, DATE '2015-01-01' + CAST(i % 300 AS INTEGER), DATE '2023-01-01' + CAST(i % 300 AS INTEGER), 32817 FROM range(1, {n} + 1) r(i)
INSERT INTO cdm.visit_occurrence (visit_occurrence_id, person_id, visit_concept_id, visit_start_date, visit_end_date, visit_type_concept_id) SELECT i, (i - 1) // 20 + 1, CASE WHEN i % 5 = 0 THEN 9201 ELSE 9202 END, DATE '2016-01-01' + CAST(i % 2000 AS INTEGER), DATE '2016-01-01' + CAST(i % 2000 AS INTEGER) + CAST(i % 5 = 0 AS INTEGER) * 4, 32817 FROM range(1, 20 * {n} + 1) r(i)
INSERT INTO cdm.condition_occurrence (condition_occurrence_id, person_id, condition_concept_id, condition_start_date, condition_type_concept_id, visit_occurrence_id) SELECT i, (i - 1) // 10 + 1, CASE WHEN i % 10 = 1 THEN {primary} ELSE {other_condition} END, DATE '2016-01-01' + CAST((2 * i) % 2000 AS INTEGER), 32817, 2 * i FROM range(1, 10 * {n} + 1) r(i)
INSERT INTO cdm.measurement (measurement_id, person_id, measurement_concept_id, measurement_date, measurement_type_concept_id, value_as_number, unit_concept_id, visit_occurrence_id, measurement_event_id, meas_event_field_concept_id) SELECT i, (i - 1) // 40 + 1, CASE i % 40 WHEN 1 THEN {t2a} WHEN 2 THEN {n0} WHEN 3 THEN {m0} WHEN 4 THEN {stage} WHEN 5 THEN {size} WHEN 6 THEN {pdl1} ELSE {lab} END, DATE '2016-01-01' + CAST(i % 2000 AS INTEGER), 32817, CASE WHEN i % 40 > 4 THEN i % 90 END, CASE WHEN i % 40 > 6 THEN 8554 END, (i - 1) // 2 + 1, CASE WHEN i % 40 BETWEEN 1 AND 6 THEN ((i - 1) // 40) * 10 + 1 END, CASE WHEN i % 40 BETWEEN 1 AND 6 THEN 1147127 END FROM range(1, 40 * {n} + 1) r(i)
INSERT INTO cdm.drug_exposure (drug_exposure_id, person_id, drug_concept_id, drug_exposure_start_date, drug_exposure_end_date, drug_type_concept_id) SELECT i, (i - 1) // 20 + 1, {drug}, DATE '2017-01-01' + CAST(i % 1500 AS INTEGER), DATE '2017-01-01' + CAST(i % 1500 AS INTEGER), 32817 FROM range(1, 20 * {n} + 1) r(i)
INSERT INTO cdm.episode (episode_id, person_id, episode_concept_id, episode_start_date, episode_parent_id, episode_number, episode_object_concept_id, episode_type_concept_id) SELECT 2 * i - 1, i, 32528, DATE '2016-01-01', NULL, NULL, {primary}, 32545 FROM range(1, {n} + 1) r(i)
INSERT INTO cdm.episode (episode_id, person_id, episode_concept_id, episode_start_date, episode_parent_id, episode_number, episode_object_concept_id, episode_type_concept_id) SELECT 2 * i, i, 32531, DATE '2017-01-01', 2 * i - 1, 1, 4273629, 32545 FROM range(1, {n} + 1) r(i)
INSERT INTO cdm.episode_event SELECT 2 * i - 1, (i - 1) * 10 + 1, 1147127 FROM range(1, {n} + 1) r(i)
INSERT INTO cdm.episode_event SELECT 2 * ((i - 1) // 20 + 1), i, 1147094 FROM range(1, 20 * {n} + 1) r(i)
INSERT INTO cdm.death (person_id, death_date, death_type_concept_id) SELECT i, DATE '2023-06-01', 32817 FROM range(1, {n} + 1, 7) r(i)
"""
CONCEPTS = {
    "primary": ("ICDO3", "8140/3-C34.1"),
    "other_condition": ("ICDO3", "8000/3-C34.9"),
    "t2a": ("Cancer Modifier", "p-8th_AJCC/UICC-T2a"),
    "n0": ("Cancer Modifier", "p-8th_AJCC/UICC-N0"),
    "m0": ("Cancer Modifier", "p-8th_AJCC/UICC-M0"),
    "stage": ("Cancer Modifier", "p-8th_AJCC/UICC-Stage-1B"),
    "size": ("OncoData", "SIZE-TUMOR"),
    "pdl1": ("OncoData", "BIOMARKER-PDL1-TPS"),
    "lab": ("OncoData", "LAB-NSE"),
    "drug": ("RxNorm", "2555"),
}


def build_synthetic_cdm(store: Store, persons: int, folder: Path) -> dict[str, int]:
    """Initialize and fill a DuckDB CDM directly with SQL; returns table row counts."""
    initialize(store, load_settings(config_file=folder / "absent.toml", environ={}))
    values: dict[str, object] = {"n": persons}
    for name, (vocabulary, code) in CONCEPTS.items():
        values[name] = store.scalar(
            "SELECT concept_id FROM vocab.concept WHERE vocabulary_id = $v AND concept_code = $c", {"v": vocabulary, "c": code}
        )
    for statement in SYNTHETIC_CDM.format(**values).strip().splitlines():
        store.execute_native(statement)
    tables = ("person", "visit_occurrence", "condition_occurrence", "measurement", "drug_exposure", "episode", "episode_event")
    return {t: int(store.scalar(f"SELECT count(*) FROM cdm.{t}")) for t in tables}


def _timed_runs(store: Store, checks: list[Check], mode: str, repeat: int) -> tuple[QualityRun, list[float]]:
    """Run the suite `repeat` times in `mode`; the last run and every wall time (the machine may be shared)."""
    times: list[float] = []
    run = None
    for _ in range(repeat):
        with timed() as elapsed:
            run = run_quality_checks(store, checks, mode=mode)
        times.append(elapsed["seconds"])
    assert run is not None
    return run, times


def measure(persons: int, per_check: bool, repeat: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(str(Path(folder) / "bench.duckdb"))
        with timed() as built:
            rows = build_synthetic_cdm(store, persons, Path(folder))
        checks = load_checks()
        fused, fused_times = _timed_runs(store, checks, "fused", repeat)
        fused_seconds = statistics.median(fused_times)
        figures: dict[str, object] = {
            "persons": persons,
            "rows": rows,
            "build_seconds": round(built["seconds"], 2),
            "checks": len(checks),
            "fused_seconds": round(fused_seconds, 2),
            "fused_seconds_each": [round(t, 2) for t in fused_times],
            "fused_queries": fused.queries,
            "checks_per_second": round(len(checks) / fused_seconds, 1),
            "failed": fused.count("failed"),
            "not_applicable": fused.count("not_applicable"),
            "errors": fused.count("is_error"),
        }
        if per_check:
            single, single_times = _timed_runs(store, checks, "per-check", repeat)
            single_seconds = statistics.median(single_times)
            same = [(r.num_violated, r.num_denominator) for r in fused.results] == [
                (r.num_violated, r.num_denominator) for r in single.results
            ]
            figures.update(
                per_check_seconds=round(single_seconds, 2),
                per_check_seconds_each=[round(t, 2) for t in single_times],
                per_check_queries=single.queries,
                per_check_over_fused=round(single_seconds / fused_seconds, 2),
                identical_numbers=same,
            )
        store.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--per-check-up-to", type=int, default=100000, help="also time per-check mode up to this size")
    parser.add_argument("--repeat", type=int, default=3, help="runs per mode; the median is reported")
    args = parser.parse_args()
    runs = [measure(int(size), int(size) <= args.per_check_up_to, args.repeat) for size in args.sizes.split(",")]
    path = write_result(
        "dq",
        {
            "engine": "duckdb",
            "data": "synthetic CDM generated directly with SQL (bench_dq.build_synthetic_cdm), not from oncodata synth/build",
            "modes": {
                "fused": "one SELECT per scan (all checks of a table together); scans of empty tables skipped; lookups "
                "several scans join (person birth/gender, visit dates, death, referenced keys) computed once",
                "per-check": "one query per check with every join inline, as DQD runs them",
            },
            "seconds": f"median of {args.repeat} runs per mode on the same database (each run listed)",
            "runs": runs,
            "peak_memory_mb": round(peak_memory_mb(), 1),
        },
    )
    print(path.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
