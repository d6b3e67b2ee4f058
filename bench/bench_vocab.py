"""Vocabulary figures: mapping coverage and top-1 suggestion accuracy on synthetic-hospital sources, load/import speed.

- coverage: share of diagnosis, drug and lab records mapped to a standard concept after the shipped mappings
  (target >= 98%), through resolve_source_concepts on staging rows read straight from the synth CSV files;
- top-1: the first suggestion for each distinct local lab item name and drug name, with the shipped mappings
  left out (the matcher never reads them), scored against the generator's truth (target >= 90%);
- speed: bundled vocabulary load on DuckDB and PostgreSQL, and an Athena-format import of a generated download.

Usage: python -m bench.bench_vocab [--patients N] [--athena-concepts N]
"""

from __future__ import annotations

import argparse
import random
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import yaml

from bench.common import peak_memory_mb, throwaway_postgres, timed, write_result
from oncodata.lifecycle import initialize
from oncodata.settings import load_settings
from oncodata.store import open_store
from oncodata.store.base import Store
from oncodata.synth import SynthOptions, generate_hospital
from oncodata.vocab.athena import import_athena
from oncodata.vocab.matcher import ConceptMatcher
from oncodata.vocab.resolve import resolve_source_concepts
from oncodata.vocab.review import mapping_coverage

ROOT = Path(__file__).resolve().parents[1]
SYNTH_DATA = ROOT / "src" / "oncodata" / "synth" / "data"
SEED = 20240601
DIRTY_RATE = 0.02
# What each LIS item code of the generator denotes (its truth), as (vocabulary_id, concept_code) in the bundle.
LAB_TRUTH = {
    "CEA": ("LOINC", "2039-6"),
    "CYFRA21_1": ("OncoData", "LAB-CYFRA21-1"),
    "NSE": ("OncoData", "LAB-NSE"),
    "SCC": ("OncoData", "LAB-SCC-AG"),
    "PROGRP": ("OncoData", "LAB-PROGRP"),
    "WBC": ("LOINC", "6690-2"),
    "NEUT": ("LOINC", "751-8"),
    "LYM": ("LOINC", "731-0"),
    "HGB": ("LOINC", "718-7"),
    "PLT": ("LOINC", "777-3"),
    "ALT": ("LOINC", "1742-6"),
    "AST": ("LOINC", "1920-8"),
    "TBIL": ("LOINC", "1975-2"),
    "ALB": ("LOINC", "1751-7"),
    "CREA": ("LOINC", "2160-0"),
    "UREA": ("LOINC", "3094-0"),
}
# Ingredient of a generator drug when its English name is a product rather than the ingredient.
INGREDIENT_OF = {"nab-paclitaxel": "paclitaxel"}


def read_source(folder: Path, name: str, encoding: str, columns: list[str]) -> pa.Table:
    """Some columns of one source file as strings; malformed rows (the dirt injector's truncated lines) are skipped."""
    options = pacsv.ParseOptions(newlines_in_values=True, invalid_row_handler=lambda row: "skip")
    convert = pacsv.ConvertOptions(
        strings_can_be_null=True, column_types={c: pa.string() for c in columns}, include_columns=columns
    )
    return pacsv.read_csv(
        folder / name, read_options=pacsv.ReadOptions(encoding=encoding), parse_options=options, convert_options=convert
    )


def _staging_columns(domain: str, count: int, date_column: str) -> dict[str, Any]:
    import datetime as dt

    return {
        "batch_id": ["bench"] * count,
        "source_file": [domain] * count,
        "source_row": pa.array(range(1, count + 1), pa.int64()),
        "record_key": [f"{domain}-{i}" for i in range(count)],
        "person_id": pa.array([1] * count, pa.int64()),
        date_column: pa.array([dt.date(2023, 1, 1)] * count, pa.date32()),
    }


def stage_synth_sources(store: Store, folder: Path) -> dict[str, int]:
    """Diagnoses, medication orders and lab results as the ingest stage would stage their coded columns."""
    diagnoses = read_source(folder, "emr_diagnoses.csv", "utf-8", ["诊断编码", "诊断名称"])
    orders = read_source(folder, "his_medication_orders.csv", "utf-8", ["药品通用名", "商品名"])
    labs = read_source(folder, "lis_lab_results.csv", "gbk", ["项目代码", "项目名称", "单位"])
    surgery = read_source(folder, "surgery_records.csv", "utf-8", ["手术编码", "手术名称"])
    condition = _staging_columns("condition", diagnoses.num_rows, "condition_start_date")
    condition.update(
        source_vocabulary=["ICD10CN"] * diagnoses.num_rows,
        source_code=diagnoses.column("诊断编码"),
        source_text=diagnoses.column("诊断名称"),
    )
    generic, brand = orders.column("药品通用名").to_pylist(), orders.column("商品名").to_pylist()
    drug = _staging_columns("drug", orders.num_rows, "drug_start_date")
    # The local drug name as HIS orders show it: generic name with the brand in brackets.
    drug.update(
        source_vocabulary=pa.array([None] * orders.num_rows, pa.string()),
        source_code=pa.array([None] * orders.num_rows, pa.string()),
        source_text=[f"{g}({b})" if g and b else (g or b) for g, b in zip(generic, brand, strict=True)],
    )
    measurement = _staging_columns("measurement", labs.num_rows, "measurement_date")
    measurement.update(
        source_vocabulary=["LOCAL_LAB"] * labs.num_rows,
        source_code=labs.column("项目代码"),
        source_text=labs.column("项目名称"),
        unit_source_value=labs.column("单位"),
    )
    procedure = _staging_columns("procedure", surgery.num_rows, "procedure_date")
    procedure.update(
        source_vocabulary=["ICD9ProcCN"] * surgery.num_rows,
        source_code=surgery.column("手术编码"),
        source_text=surgery.column("手术名称"),
    )
    staged = [("condition", condition), ("drug", drug), ("measurement", measurement), ("procedure", procedure)]
    for domain, columns in staged:
        store.load_arrow(f"staging.{domain}", pa.table(columns))
    return {domain: len(columns["record_key"]) for domain, columns in staged}


def top1_accuracy(store: Store, folder: Path) -> dict[str, Any]:
    """First suggestion for each distinct local lab item name and drug name against the generator's truth."""
    concept_of = {(v, c): int(i) for i, v, c in store.query("SELECT concept_id, vocabulary_id, concept_code FROM vocab.concept")}
    names = {
        int(i): n.lower() for i, n in store.query("SELECT concept_id, concept_name FROM vocab.concept WHERE domain_id = 'Drug'")
    }
    matcher = ConceptMatcher(store, ["measurement", "drug"])
    labs = read_source(folder, "lis_lab_results.csv", "gbk", ["项目代码", "项目名称", "单位"])
    lab_pairs = Counter(zip(labs.column("项目名称").to_pylist(), labs.column("项目代码").to_pylist(), strict=True))
    drugs_yaml = yaml.safe_load((SYNTH_DATA / "drugs.yaml").read_text(encoding="utf-8"))["drugs"]
    truth_by_brand = {entry["brand"]: INGREDIENT_OF.get(entry["en"], entry["en"]) for entry in drugs_yaml.values()}
    orders = read_source(folder, "his_medication_orders.csv", "utf-8", ["药品通用名", "商品名"])
    generic, brand = orders.column("药品通用名").to_pylist(), orders.column("商品名").to_pylist()
    drug_generic = Counter((g, truth_by_brand.get(b)) for g, b in zip(generic, brand, strict=True) if g and b in truth_by_brand)
    drug_combined = Counter(
        (f"{g}({b})", truth_by_brand.get(b)) for g, b in zip(generic, brand, strict=True) if g and b in truth_by_brand
    )

    def score(pairs: Counter, domain: str, correct: Any) -> dict[str, Any]:
        right_values = right_records = 0
        misses = []
        for (text, truth), records in pairs.items():
            if not text or truth is None:
                continue
            candidates = matcher.candidates(domain, text, limit=1)
            ok = bool(candidates) and correct(candidates[0].concept_id, truth)
            right_values += ok
            right_records += records * ok
            if not ok:
                misses.append(text)
        values = sum(1 for (text, truth) in pairs if text and truth is not None)
        records = sum(n for (text, truth), n in pairs.items() if text and truth is not None)
        return {
            "values": values,
            "top1_values": round(right_values / values, 4) if values else None,
            "records": records,
            "top1_records": round(right_records / records, 4) if records else None,
            "missed_examples": sorted(misses)[:15],
        }

    return {
        "lab_item_names": score(lab_pairs, "measurement", lambda cid, code: cid == concept_of.get(LAB_TRUTH[code])),
        "drug_generic_names": score(drug_generic, "drug", lambda cid, en: names.get(cid) == en),
        "drug_generic_with_brand": score(drug_combined, "drug", lambda cid, en: names.get(cid) == en),
    }


def held_out_top1(store: Store) -> dict[str, Any]:
    """Top-1 on hospital-style names written by hand outside the generator (tests/data/vocab/realistic_names.csv)."""
    import csv

    matcher = ConceptMatcher(store)
    with (ROOT / "tests" / "data" / "vocab" / "realistic_names.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    concept_of = {(v, c): int(i) for i, v, c in store.query("SELECT concept_id, vocabulary_id, concept_code FROM vocab.concept")}
    right = 0
    for row in rows:
        best = matcher.candidates(row["domain"], row["source_text"], limit=1)
        right += bool(best) and best[0].concept_id == concept_of.get((row["vocabulary_id"], row["concept_code"]))
    return {"names": len(rows), "top1": round(right / len(rows), 4)}


def write_athena_download(folder: Path, concepts: int) -> int:
    """A generated download in Athena's exact format (tab-separated, unquoted, YYYYMMDD) of `concepts` concepts."""
    rng = random.Random(SEED)
    folder.mkdir(parents=True, exist_ok=True)
    first = 100_000_000
    with (folder / "CONCEPT.csv").open("w", encoding="utf-8") as handle:
        handle.write(
            "concept_id\tconcept_name\tdomain_id\tvocabulary_id\tconcept_class_id\tstandard_concept\tconcept_code\t"
            "valid_start_date\tvalid_end_date\tinvalid_reason\n"
        )
        for i in range(concepts):
            # A literal double quote inside a name, as Athena files have them (quoting is off).
            name = f'Generated concept {i} "quoted" name'
            handle.write(f"{first + i}\t{name}\tMeasurement\tBenchVocab\tLab Test\tS\tB{i}\t19700101\t20991231\t\n")
    with (folder / "CONCEPT_RELATIONSHIP.csv").open("w", encoding="utf-8") as handle:
        handle.write("concept_id_1\tconcept_id_2\trelationship_id\tvalid_start_date\tvalid_end_date\tinvalid_reason\n")
        for i in range(concepts):
            j = first + rng.randrange(concepts)
            handle.write(f"{first + i}\t{j}\tIs a\t19700101\t20991231\t\n{j}\t{first + i}\tSubsumes\t19700101\t20991231\t\n")
    with (folder / "CONCEPT_ANCESTOR.csv").open("w", encoding="utf-8") as handle:
        handle.write("ancestor_concept_id\tdescendant_concept_id\tmin_levels_of_separation\tmax_levels_of_separation\n")
        for i in range(concepts):
            handle.write(f"{first + i}\t{first + i}\t0\t0\n")
    with (folder / "CONCEPT_SYNONYM.csv").open("w", encoding="utf-8") as handle:
        handle.write("concept_id\tconcept_synonym_name\tlanguage_concept_id\n")
        for i in range(0, concepts, 2):
            handle.write(f"{first + i}\tsynonym {i}\t90000100\n")
    small = {
        "VOCABULARY.csv": "vocabulary_id\tvocabulary_name\tvocabulary_reference\tvocabulary_version\tvocabulary_concept_id\n"
        "BenchVocab\tGenerated\tbench\tv1\t99999999\n",
        "DOMAIN.csv": "domain_id\tdomain_name\tdomain_concept_id\n",
        "CONCEPT_CLASS.csv": "concept_class_id\tconcept_class_name\tconcept_class_concept_id\n",
        "RELATIONSHIP.csv": "relationship_id\trelationship_name\tis_hierarchical\tdefines_ancestry\treverse_relationship_id\t"
        "relationship_concept_id\n",
    }
    for name, text in small.items():
        (folder / name).write_text(text, encoding="utf-8")
    return sum(path.stat().st_size for path in folder.glob("*.csv"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=2000)
    parser.add_argument("--athena-concepts", type=int, default=1_000_000)
    args = parser.parse_args()
    settings = load_settings(config_file=Path("/nonexistent/oncodata.toml"), environ={})
    figures: dict[str, Any] = {"patients": args.patients, "dirty_rate": DIRTY_RATE, "seed": SEED}
    with tempfile.TemporaryDirectory(prefix="bench_vocab_") as work:
        work_dir = Path(work)
        synth_dir = work_dir / "synth"
        with timed() as synth_time:
            generate_hospital(SynthOptions(patients=args.patients, out_dir=synth_dir, seed=SEED, dirty_rate=DIRTY_RATE))
        figures["synth_seconds"] = round(synth_time["seconds"], 1)
        with open_store(str(work_dir / "bench.duckdb")) as store:
            with timed() as init_time:
                initialize(store, settings)
            figures["init_with_bundled_vocabulary_seconds_duckdb"] = round(init_time["seconds"], 2)
            figures["bundled_concepts"] = int(store.scalar("SELECT count(*) FROM vocab.concept"))
            figures["staged_records"] = stage_synth_sources(store, synth_dir)
            with timed() as resolve_time:
                values = resolve_source_concepts(store)
            figures["resolve"] = {"distinct_values": values, "seconds": round(resolve_time["seconds"], 2)}
            coverage = mapping_coverage(store)["domains"]
            figures["coverage_after_shipped_mappings"] = {
                domain: {
                    **coverage[domain],
                    "share_records": round(coverage[domain]["records_mapped"] / coverage[domain]["records"], 4),
                }
                for domain in ("condition", "drug", "measurement", "procedure")
            }
            methods = store.query(
                "SELECT domain, method, sum(records) FROM staging.concept_resolution GROUP BY domain, method ORDER BY 1, 2"
            )
            figures["records_by_method"] = {f"{d}:{m}": int(n) for d, m, n in methods}
            units = store.query("SELECT status, count(*) FROM staging.unit_resolution GROUP BY status ORDER BY 1")
            figures["unit_pairs_by_status"] = {status: int(n) for status, n in units}
            resolve_source_concepts(store, use_shipped=False)
            coverage_without = mapping_coverage_without_shipped(store)
            figures["coverage_without_shipped_mappings"] = coverage_without
            figures["top1_without_shipped_mappings"] = top1_accuracy(store, synth_dir)
            figures["top1_held_out_names"] = held_out_top1(store)
            athena_dir = work_dir / "athena"
            size = write_athena_download(athena_dir, args.athena_concepts)
            with timed() as import_time:
                result = import_athena(store, athena_dir)
            figures["athena_import_duckdb"] = {
                "bytes": size,
                "rows": result.rows,
                "seconds": round(import_time["seconds"], 2),
                "mb_per_second": round(size / 1e6 / import_time["seconds"], 1),
            }
        try:
            with throwaway_postgres() as url, open_store(url) as pg:
                with timed() as pg_init:
                    initialize(pg, settings)
                figures["init_with_bundled_vocabulary_seconds_postgresql"] = round(pg_init["seconds"], 2)
                with timed() as pg_import:
                    result = import_athena(pg, athena_dir)
                figures["athena_import_postgresql"] = {
                    "bytes": size,
                    "seconds": round(pg_import["seconds"], 2),
                    "mb_per_second": round(size / 1e6 / pg_import["seconds"], 1),
                }
        except Exception as error:  # the PostgreSQL figures are optional: no server, no figure
            figures["postgresql_error"] = type(error).__name__
    figures["peak_memory_mb"] = round(peak_memory_mb(), 1)
    path = write_result("vocab", figures)
    print(path.read_text(encoding="utf-8"))


def mapping_coverage_without_shipped(store: Store) -> dict[str, float]:
    """Record share mapped when only codes (Maps to) and lexical matching are used, per domain."""
    rows = store.query(
        "SELECT domain, sum(records), sum(CASE WHEN target_concept_id <> 0 THEN records ELSE 0 END) "
        "FROM staging.concept_resolution GROUP BY domain"
    )
    return {domain: round(int(mapped) / int(records), 4) for domain, records, mapped in rows if records}


if __name__ == "__main__":
    main()
