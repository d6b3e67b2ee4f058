"""What the staging tables look like to a writer: column types and widths, and Arrow schemas built from them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pyarrow as pa

from oncodata.migrations.m0004_staging_and_quarantine import PROVENANCE, STAGING_TABLES
from oncodata.migrations.m0006_cdm_build import ADDED_STAGING_COLUMNS

_COLUMN = re.compile(r"^\s*(\w+)\s+([A-Z]+)(?:\((\d+)\))?(\s+NOT NULL)?\s*,?\s*$")
ARROW_TYPES = {
    "VARCHAR": pa.string(),
    "BIGINT": pa.int64(),
    "INTEGER": pa.int32(),
    "DOUBLE": pa.float64(),
    "DATE": pa.date32(),
    "TIMESTAMP": pa.timestamp("us"),
}


@dataclass(frozen=True)
class StagingColumn:
    """One staging column: its SQL type, width (for VARCHAR(n)) and whether it may be empty."""

    name: str
    sql_type: str
    width: int | None
    required: bool

    @property
    def arrow_type(self) -> pa.DataType:
        return ARROW_TYPES[self.sql_type]


@lru_cache(maxsize=1)
def staging_columns() -> dict[str, tuple[StagingColumn, ...]]:
    """Columns of every staging table, read from the schema migration that created them."""
    tables: dict[str, tuple[StagingColumn, ...]] = {}
    for table, body in STAGING_TABLES.items():
        columns = []
        for line in [*(PROVENANCE + body).splitlines(), *ADDED_STAGING_COLUMNS.get(table, ())]:
            if match := _COLUMN.match(line):
                name, sql_type, width, not_null = match.groups()
                columns.append(StagingColumn(name, sql_type, int(width) if width else None, bool(not_null)))
        tables[table] = tuple(columns)
    return tables


def arrow_schema(table: str) -> pa.Schema:
    return pa.schema([pa.field(c.name, c.arrow_type) for c in staging_columns()[table]])
