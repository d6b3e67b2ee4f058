"""The OMOP CDM v5.4 schema as data: tables, fields, keys and indexes loaded from the packaged spec files."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

CDM_VERSION = "v5.4"
# Not in the spec's key list but required in practice: one row per cohort definition id.
EXTRA_PRIMARY_KEYS = {("cohort_definition", "cohort_definition_id")}


@dataclass(frozen=True)
class Field:
    """One CDM column as the spec defines it."""

    table: str
    name: str
    position: int
    spec_datatype: str
    required: bool
    primary_key: bool
    fk_table: str | None
    fk_field: str | None
    fk_domain: str | None
    fk_class: str | None

    @property
    def is_widened_id(self) -> bool:
        """Integer identifiers (`*_id`) are stored as bigint so pseudonymous ids and large sites fit."""
        return self.spec_datatype == "integer" and self.name.endswith("_id")


@dataclass(frozen=True)
class Table:
    """One CDM table: its schema (cdm, vocab or results) and its fields in spec order."""

    name: str
    schema: str
    fields: tuple[Field, ...]

    @property
    def qualified_name(self) -> str:
        return f"{self.schema}.{self.name}"

    @property
    def primary_key(self) -> Field | None:
        return next((f for f in self.fields if f.primary_key), None)

    def field(self, name: str) -> Field:
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        raise KeyError(f"{self.name}.{name}")


@dataclass(frozen=True)
class Index:
    """One official OMOP index; `cluster` marks the one PostgreSQL may CLUSTER the table on."""

    name: str
    table: str
    column: str
    cluster: bool


def _read_csv(name: str) -> list[dict[str, str]]:
    with resources.files("oncodata.cdm").joinpath("data", name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=1)
def cdm_tables() -> tuple[Table, ...]:
    """All 39 tables of OMOP CDM v5.4 in spec order."""
    by_table: dict[str, list[Field]] = {}
    schema_of: dict[str, str] = {}
    for row in _read_csv("cdm_v54_fields.csv"):
        table = row["table_name"]
        schema_of[table] = row["schema_name"]
        by_table.setdefault(table, []).append(
            Field(
                table=table,
                name=row["field_name"],
                position=int(row["position"]),
                spec_datatype=row["spec_datatype"],
                required=row["required"] == "yes",
                primary_key=row["primary_key"] == "yes" or (table, row["field_name"]) in EXTRA_PRIMARY_KEYS,
                fk_table=row["fk_table"] or None,
                fk_field=row["fk_field"] or None,
                fk_domain=row["fk_domain"] or None,
                fk_class=row["fk_class"] or None,
            )
        )
    return tuple(Table(name, schema_of[name], tuple(fields)) for name, fields in by_table.items())


@lru_cache(maxsize=1)
def cdm_table_map() -> dict[str, Table]:
    """Tables by name."""
    return {table.name: table for table in cdm_tables()}


def cdm_table(name: str) -> Table:
    """One table by name (KeyError when the spec has no such table)."""
    return cdm_table_map()[name]


def tables_in_schema(schema: str) -> tuple[Table, ...]:
    """Tables that live in one of the schemas `cdm`, `vocab` or `results`."""
    return tuple(table for table in cdm_tables() if table.schema == schema)


@lru_cache(maxsize=1)
def cdm_indexes() -> tuple[Index, ...]:
    """The official OMOP CDM v5.4 indexes."""
    return tuple(
        Index(r["index_name"], r["table_name"], r["column_name"], r["cluster"] == "yes") for r in _read_csv("cdm_v54_indexes.csv")
    )
