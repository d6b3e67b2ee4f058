"""Generate per-engine DDL for the CDM from the schema data: tables, primary keys, indexes, foreign keys.

Per-engine behaviour is kept as small tables of differences (the sqlglot way), not branches in the code.

>>> create_table_statement(cdm_table("death"), "postgresql").splitlines()[1].strip()
'person_id BIGINT NOT NULL,'
"""

from __future__ import annotations

import re

from oncodata.cdm.schema import Field, Table, cdm_indexes, cdm_table, cdm_table_map, cdm_tables

CDM_SCHEMAS = ("cdm", "vocab", "results")
PROJECT_SCHEMAS = ("staging", "admin")

# spec type -> engine type; varchar(n) keeps its length, varchar(max) becomes unbounded text.
TYPE_NAMES: dict[str, dict[str, str]] = {
    "duckdb": {
        "integer": "INTEGER",
        "bigint": "BIGINT",
        "float": "DOUBLE",
        "date": "DATE",
        "datetime": "TIMESTAMP",
        "varchar(max)": "VARCHAR",
    },
    "postgresql": {
        "integer": "INTEGER",
        "bigint": "BIGINT",
        "float": "DOUBLE PRECISION",
        "date": "DATE",
        "datetime": "TIMESTAMP",
        "varchar(max)": "TEXT",
    },
}

# Foreign keys are declared only on PostgreSQL, deferred to commit so a build may insert in any order, and only
# between clinical/health-system tables: references into the vocabulary would block replacing it on an Athena
# import. DuckDB enforces foreign keys row by row without deferral and forbids deleting referenced rows, which
# would rule out incremental rebuilds, so there the quality checks (isForeignKey) verify integrity instead.
DECLARE_FOREIGN_KEYS = {"duckdb": False, "postgresql": True}
VOCABULARY_TABLES = frozenset(t.name for t in cdm_tables() if t.schema == "vocab")

_VARCHAR = re.compile(r"varchar\((\d+)\)")
# Spec column names that are reserved words in SQL and must be quoted in DDL.
RESERVED_COLUMN_NAMES = frozenset({"offset"})


def quote_column(name: str) -> str:
    return f'"{name}"' if name in RESERVED_COLUMN_NAMES else name


def column_type(field: Field, engine: str) -> str:
    """The engine type for one spec field, widening integer `*_id` columns to bigint."""
    names = TYPE_NAMES[engine]
    if field.is_widened_id:
        return names["bigint"]
    if match := _VARCHAR.fullmatch(field.spec_datatype):
        return f"VARCHAR({match.group(1)})"
    return names[field.spec_datatype]


def create_schema_statements() -> list[str]:
    return [f"CREATE SCHEMA IF NOT EXISTS {schema}" for schema in (*CDM_SCHEMAS, *PROJECT_SCHEMAS)]


def create_table_statement(table: Table, engine: str) -> str:
    """CREATE TABLE with spec column order, NOT NULL on required fields and the primary key inline."""
    lines = [
        f"  {quote_column(f.name)} {column_type(f, engine)}{' NOT NULL' if f.required or f.primary_key else ''}"
        for f in table.fields
    ]
    if table.primary_key is not None:
        lines.append(f"  CONSTRAINT xpk_{table.name} PRIMARY KEY ({table.primary_key.name})")
    return f"CREATE TABLE IF NOT EXISTS {table.qualified_name} (\n" + ",\n".join(lines) + "\n)"


def create_index_statements() -> list[str]:
    """The official indexes, skipping those that duplicate a primary key (the key already indexes it)."""
    statements = []
    for index in cdm_indexes():
        table = cdm_table(index.table)
        if table.primary_key is not None and table.primary_key.name == index.column:
            continue
        statements.append(f"CREATE INDEX IF NOT EXISTS {index.name} ON {table.qualified_name} ({index.column})")
    return statements


def foreign_key_statements(engine: str) -> list[str]:
    """ALTER TABLE … FOREIGN KEY statements for the engine (empty where they are not declared)."""
    if not DECLARE_FOREIGN_KEYS[engine]:
        return []
    tables = cdm_table_map()
    statements = []
    for table in cdm_tables():
        for field in table.fields:
            if not field.fk_table or field.fk_table in VOCABULARY_TABLES or table.name in VOCABULARY_TABLES:
                continue
            target = tables[field.fk_table]
            statements.append(
                f"ALTER TABLE {table.qualified_name} ADD CONSTRAINT fpk_{table.name}_{field.name} "
                f"FOREIGN KEY ({field.name}) REFERENCES {target.qualified_name} ({field.fk_field}) "
                "DEFERRABLE INITIALLY DEFERRED"
            )
    return statements


def full_cdm_statements(engine: str) -> list[str]:
    """Everything that creates the CDM on an empty database, in a valid order."""
    return [
        *create_schema_statements(),
        *(create_table_statement(table, engine) for table in cdm_tables()),
        *foreign_key_statements(engine),
    ]
