"""Load the bundled vocabulary (OMOP-shaped CSV files in data/) and the shipped source mappings into an empty database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from oncodata.store.base import Store
from oncodata.vocab.normalize import DATA_DIR, text_key

# Concept ids at or above this are local to OncoData; an Athena import replaces them by vocabulary_id + concept_code.
LOCAL_CONCEPT_ID_START = 2_000_000_000
SHIPPED_SINCE = dt.date(1970, 1, 1)
VALID_UNTIL = dt.date(2099, 12, 31)

STRING = pa.string()
DATE = pa.date32()
INTEGER = pa.int64()
# Arrow schema of each vocabulary table, in the column order of the bundled files (= the CDM v5.4 spec).
VOCABULARY_TABLES: dict[str, dict[str, pa.DataType]] = {
    "concept": {
        "concept_id": INTEGER,
        "concept_name": STRING,
        "domain_id": STRING,
        "vocabulary_id": STRING,
        "concept_class_id": STRING,
        "standard_concept": STRING,
        "concept_code": STRING,
        "valid_start_date": DATE,
        "valid_end_date": DATE,
        "invalid_reason": STRING,
    },
    "concept_relationship": {
        "concept_id_1": INTEGER,
        "concept_id_2": INTEGER,
        "relationship_id": STRING,
        "valid_start_date": DATE,
        "valid_end_date": DATE,
        "invalid_reason": STRING,
    },
    "concept_ancestor": {
        "ancestor_concept_id": INTEGER,
        "descendant_concept_id": INTEGER,
        "min_levels_of_separation": INTEGER,
        "max_levels_of_separation": INTEGER,
    },
    "concept_synonym": {"concept_id": INTEGER, "concept_synonym_name": STRING, "language_concept_id": INTEGER},
    "vocabulary": {
        "vocabulary_id": STRING,
        "vocabulary_name": STRING,
        "vocabulary_reference": STRING,
        "vocabulary_version": STRING,
        "vocabulary_concept_id": INTEGER,
    },
    "domain": {"domain_id": STRING, "domain_name": STRING, "domain_concept_id": INTEGER},
    "concept_class": {"concept_class_id": STRING, "concept_class_name": STRING, "concept_class_concept_id": INTEGER},
    "relationship": {
        "relationship_id": STRING,
        "relationship_name": STRING,
        "is_hierarchical": STRING,
        "defines_ancestry": STRING,
        "reverse_relationship_id": STRING,
        "relationship_concept_id": INTEGER,
    },
}


@dataclass(frozen=True)
class BundleLoadResult:
    """Rows written per vocabulary table (empty when the vocabulary was already there)."""

    rows: dict[str, int]

    @property
    def loaded(self) -> bool:
        return bool(self.rows)


def read_bundled_table(table: str) -> pa.Table:
    """One bundled file as Arrow, typed like the CDM table (extra columns such as id_origin dropped)."""
    types = VOCABULARY_TABLES[table]
    options = pacsv.ConvertOptions(column_types=types, include_columns=list(types), strings_can_be_null=True)
    return pacsv.read_csv(DATA_DIR / f"{table.upper()}.csv", convert_options=options)


def read_concept_origins() -> pa.Table:
    """concept_id with id_origin: 'reference' (stated in ../shared/reference), 'core' (core OMOP id) or 'local'."""
    options = pacsv.ConvertOptions(
        column_types={"concept_id": INTEGER}, include_columns=["concept_id", "vocabulary_id", "id_origin"]
    )
    return pacsv.read_csv(DATA_DIR / "CONCEPT.csv", convert_options=options)


def read_shipped_mappings() -> pa.Table:
    """The shipped source mappings: local codes and names of the synthetic hospital, targets by vocabulary + code."""
    return pacsv.read_csv(DATA_DIR / "shipped_mappings.csv", convert_options=pacsv.ConvertOptions(strings_can_be_null=False))


def vocabulary_is_empty(store: Store) -> bool:
    return not store.scalar("SELECT count(*) FROM vocab.concept")


def load_bundled_vocabulary(store: Store) -> BundleLoadResult:
    """Fill the empty vocabulary tables from the bundle, then the shipped mappings; does nothing if concepts exist."""
    if not vocabulary_is_empty(store):
        return BundleLoadResult({})
    rows: dict[str, int] = {}
    with store.transaction():
        for table in VOCABULARY_TABLES:
            rows[table] = store.load_arrow(f"vocab.{table}", read_bundled_table(table))
        rows["source_to_concept_map"] = load_shipped_mappings(store)
    return BundleLoadResult(rows)


def load_shipped_mappings(store: Store) -> int:
    """Write the shipped mappings into SOURCE_TO_CONCEPT_MAP and record them as decisions of origin 'shipped'."""
    shipped = read_shipped_mappings()
    targets = {
        (vocabulary, code): concept_id
        for concept_id, vocabulary, code in store.query(
            "SELECT concept_id, vocabulary_id, concept_code FROM vocab.concept WHERE standard_concept = 'S'"
        )
    }
    keys = [text_key(code) for code in shipped.column("source_code").to_pylist()]
    target_ids = [
        targets.get((vocabulary, code))
        for vocabulary, code in zip(
            shipped.column("target_vocabulary_id").to_pylist(), shipped.column("target_concept_code").to_pylist(), strict=True
        )
    ]
    missing = [code for code, target in zip(keys, target_ids, strict=True) if target is None]
    if missing:
        raise ValueError(f"shipped mappings point at {len(missing)} concepts that are not in the bundle")
    count = len(keys)
    store.load_arrow(
        "vocab.source_to_concept_map",
        pa.table(
            {
                "source_code": keys,
                "source_concept_id": pa.array([0] * count, INTEGER),
                "source_vocabulary_id": shipped.column("source_vocabulary_id"),
                "source_code_description": pc.utf8_slice_codeunits(shipped.column("source_code_description"), 0, 255),
                "target_concept_id": pa.array(target_ids, INTEGER),
                "target_vocabulary_id": shipped.column("target_vocabulary_id"),
                "valid_start_date": pa.array([SHIPPED_SINCE] * count, DATE),
                "valid_end_date": pa.array([VALID_UNTIL] * count, DATE),
            }
        ),
    )
    store.load_arrow(
        "admin.mapping_review",
        pa.table(
            {
                "domain": shipped.column("domain"),
                "source_vocabulary_id": shipped.column("source_vocabulary_id"),
                "source_code": keys,
                "source_text": shipped.column("source_code"),
                "decision": ["approve"] * count,
                "origin": ["shipped"] * count,
                "target_concept_id": pa.array(target_ids, INTEGER),
                "target_vocabulary_id": shipped.column("target_vocabulary_id"),
                "target_concept_code": shipped.column("target_concept_code"),
            }
        ),
    )
    return count
