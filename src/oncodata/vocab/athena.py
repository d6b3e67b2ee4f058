"""Import an official OHDSI Athena download (tab-separated CONCEPT.csv and friends) over the bundled vocabulary.

Files are parsed by DuckDB's CSV reader with explicit types (tab, no quoting, dates YYYYMMDD) and streamed as Arrow
batches into scratch tables, then merged in one transaction with set-based SQL:
- a local concept (id >= 2,000,000,000) whose vocabulary_id + concept_code Athena now has is replaced by Athena's
  concept; its relationships, ancestors, synonyms (the Chinese names), approved and shipped mappings are re-pointed,
  and the replacement is recorded in admin.concept_replacement;
- Athena's concepts, relationships and ancestors replace the bundled rows between Athena concepts; bundled rows
  that touch a concept Athena does not have are kept, so the bundle is extended rather than lost.
Run `oncodata build --rebuild` afterwards to remap staged data (the mapping engine reads the new vocabulary).
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from oncodata.errors import BadInputError
from oncodata.store.base import Store, sql_literal
from oncodata.vocab.bundle import LOCAL_CONCEPT_ID_START, VOCABULARY_TABLES

# Athena file -> (table, DuckDB column types in file order). DRUG_STRENGTH is optional, the rest are required.
ATHENA_FILES: dict[str, tuple[str, dict[str, str]]] = {
    "CONCEPT.csv": ("concept", {}),
    "CONCEPT_RELATIONSHIP.csv": ("concept_relationship", {}),
    "CONCEPT_ANCESTOR.csv": ("concept_ancestor", {}),
    "CONCEPT_SYNONYM.csv": ("concept_synonym", {}),
    "VOCABULARY.csv": ("vocabulary", {}),
    "DOMAIN.csv": ("domain", {}),
    "CONCEPT_CLASS.csv": ("concept_class", {}),
    "RELATIONSHIP.csv": ("relationship", {}),
    "DRUG_STRENGTH.csv": (
        "drug_strength",
        {
            "drug_concept_id": "BIGINT",
            "ingredient_concept_id": "BIGINT",
            "amount_value": "DOUBLE",
            "amount_unit_concept_id": "BIGINT",
            "numerator_value": "DOUBLE",
            "numerator_unit_concept_id": "BIGINT",
            "denominator_value": "DOUBLE",
            "denominator_unit_concept_id": "BIGINT",
            "box_size": "INTEGER",
            "valid_start_date": "DATE",
            "valid_end_date": "DATE",
            "invalid_reason": "VARCHAR",
        },
    ),
}
OPTIONAL_FILES = frozenset({"DRUG_STRENGTH.csv"})
ARROW_TO_DUCKDB = {"int64": "BIGINT", "string": "VARCHAR", "date32[day]": "DATE"}
BATCH_ROWS = 200_000


def athena_columns(file_name: str) -> dict[str, str]:
    """DuckDB types of an Athena file's columns, derived from the vocabulary table shapes."""
    table, explicit = ATHENA_FILES[file_name]
    if explicit:
        return explicit
    return {name: ARROW_TO_DUCKDB[str(kind)] for name, kind in VOCABULARY_TABLES[table].items()}


@dataclass
class ImportResult:
    """Rows read per table, local concepts replaced, and seconds taken."""

    rows: dict[str, int] = field(default_factory=dict)
    replaced_local_concepts: int = 0
    seconds: float = 0.0


def _check_folder(folder: Path) -> list[str]:
    if not folder.is_dir():
        raise BadInputError(f"{folder}: not a folder; give the unzipped Athena download")
    present = [name for name in ATHENA_FILES if (folder / name).is_file()]
    missing = [name for name in ATHENA_FILES if name not in present and name not in OPTIONAL_FILES]
    if missing:
        raise BadInputError(f"{folder}: {missing[0]} is missing; an Athena download has CONCEPT.csv, CONCEPT_RELATIONSHIP.csv, …")
    return present


def _read_sql(path: Path, columns: dict[str, str]) -> str:
    spec = ", ".join(f"'{name}': '{kind}'" for name, kind in columns.items())
    # Athena files are unquoted: a double quote inside a concept name is a literal character.
    return (
        f"SELECT * FROM read_csv({sql_literal(str(path))}, delim = '\t', header = true, quote = '', escape = '', "
        f"columns = {{{spec}}}, dateformat = '%Y%m%d', auto_detect = false, null_padding = true)"
    )


def _stage_file(store: Store, reader: duckdb.DuckDBPyConnection, folder: Path, file_name: str) -> int:
    table, _ = ATHENA_FILES[file_name]
    columns = athena_columns(file_name)
    store.execute(f"DROP TABLE IF EXISTS staging.athena_{table}")
    store.execute(f"CREATE TABLE staging.athena_{table} AS SELECT * FROM vocab.{table} WHERE 1 = 0")
    try:
        batches = reader.sql(_read_sql(folder / file_name, columns)).to_arrow_reader(BATCH_ROWS)
    except duckdb.Error as error:
        reason = str(error).splitlines()[0]
        raise BadInputError(f"{folder / file_name}: not an Athena file ({reason})") from error
    try:
        return store.load_arrow(f"staging.athena_{table}", batches)
    except duckdb.Error as error:
        raise BadInputError(f"{folder / file_name}: unreadable row ({str(error).splitlines()[0]})") from error


# Re-point every reference to a replaced local concept (the replacement rows of this import are the only ones left
# pointing at concepts that still exist).
REPOINT = [
    ("vocab.concept_relationship", "concept_id_1"),
    ("vocab.concept_relationship", "concept_id_2"),
    ("vocab.concept_ancestor", "ancestor_concept_id"),
    ("vocab.concept_ancestor", "descendant_concept_id"),
    ("vocab.concept_synonym", "concept_id"),
    ("vocab.source_to_concept_map", "target_concept_id"),
    ("admin.mapping_review", "target_concept_id"),
]
ATHENA_CONCEPTS = "(SELECT concept_id FROM staging.athena_concept)"


def _merge(store: Store, staged: set[str]) -> int:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    replacing = (
        "FROM vocab.concept AS l JOIN staging.athena_concept AS a "
        "ON a.vocabulary_id = l.vocabulary_id AND a.concept_code = l.concept_code "
        "WHERE l.concept_id >= $local AND a.concept_id <> l.concept_id"
    )
    replaced = int(store.scalar(f"SELECT count(*) {replacing}", {"local": LOCAL_CONCEPT_ID_START}))
    store.execute(
        "INSERT INTO admin.concept_replacement (old_concept_id, new_concept_id, vocabulary_id, concept_code, replaced_at) "
        f"SELECT l.concept_id, a.concept_id, l.vocabulary_id, l.concept_code, $now {replacing}",
        {"local": LOCAL_CONCEPT_ID_START, "now": now},
    )
    for table, column in REPOINT:
        store.execute(
            f"UPDATE {table} SET {column} = (SELECT r.new_concept_id FROM admin.concept_replacement AS r "
            f"WHERE r.old_concept_id = {table}.{column}) "
            f"WHERE {column} IN (SELECT old_concept_id FROM admin.concept_replacement)"
        )
    # Earlier reviews recorded their targets' old ids; an earlier chain of replacements is followed the same way.
    store.execute(
        "DELETE FROM vocab.concept WHERE concept_id IN (SELECT old_concept_id FROM admin.concept_replacement) "
        f"OR concept_id IN {ATHENA_CONCEPTS}"
    )
    store.execute("INSERT INTO vocab.concept SELECT * FROM staging.athena_concept")
    for table, first, second in [
        ("concept_relationship", "concept_id_1", "concept_id_2"),
        ("concept_ancestor", "ancestor_concept_id", "descendant_concept_id"),
    ]:
        store.execute(f"DELETE FROM vocab.{table} WHERE {first} IN {ATHENA_CONCEPTS} AND {second} IN {ATHENA_CONCEPTS}")
        store.execute(f"INSERT INTO vocab.{table} SELECT * FROM staging.athena_{table}")
    store.execute(
        "INSERT INTO vocab.concept_synonym SELECT a.* FROM staging.athena_concept_synonym AS a WHERE NOT EXISTS "
        "(SELECT 1 FROM vocab.concept_synonym AS s WHERE s.concept_id = a.concept_id "
        "AND s.concept_synonym_name = a.concept_synonym_name)"
    )
    for table, key in [
        ("vocabulary", "vocabulary_id"),
        ("domain", "domain_id"),
        ("concept_class", "concept_class_id"),
        ("relationship", "relationship_id"),
    ]:
        store.execute(f"DELETE FROM vocab.{table} WHERE {key} IN (SELECT {key} FROM staging.athena_{table})")
        store.execute(f"INSERT INTO vocab.{table} SELECT * FROM staging.athena_{table}")
    if "drug_strength" in staged:
        store.execute(
            "DELETE FROM vocab.drug_strength WHERE drug_concept_id IN (SELECT drug_concept_id FROM staging.athena_drug_strength)"
        )
        store.execute("INSERT INTO vocab.drug_strength SELECT * FROM staging.athena_drug_strength")
    # Keep the mapping table consistent with its targets' vocabularies after re-pointing.
    store.execute(
        "UPDATE vocab.source_to_concept_map SET target_vocabulary_id = (SELECT c.vocabulary_id FROM vocab.concept AS c "
        "WHERE c.concept_id = vocab.source_to_concept_map.target_concept_id) "
        "WHERE target_concept_id IN (SELECT new_concept_id FROM admin.concept_replacement)"
    )
    version = store.scalar("SELECT vocabulary_version FROM staging.athena_vocabulary WHERE vocabulary_id = 'None'")
    if version:
        store.execute("UPDATE cdm.cdm_source SET vocabulary_version = $v", {"v": str(version)[:20]})
    return replaced


def import_athena(store: Store, folder: Path) -> ImportResult:
    """Load an Athena download into the vocabulary tables in one transaction; see the module docstring."""
    started = time.perf_counter()
    present = _check_folder(folder)
    result = ImportResult()
    reader = duckdb.connect()
    try:
        with store.transaction():
            for name in present:
                result.rows[ATHENA_FILES[name][0]] = _stage_file(store, reader, folder, name)
            result.replaced_local_concepts = _merge(store, set(result.rows))
            for table in result.rows:
                store.execute(f"DROP TABLE staging.athena_{table}")
    finally:
        reader.close()
    result.seconds = time.perf_counter() - started
    return result
