"""The Store interface every engine adapter implements: canonical SQL in, rows or Arrow out, bulk Arrow loads."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from oncodata.store.transpile import to_dialect
from oncodata.store.url import DatabaseURL

Params = Mapping[str, Any] | Sequence[Any] | None


def sql_literal(value: str) -> str:
    """A SQL string literal for generated SQL (quotes doubled); values from users still go in as parameters."""
    return "'" + value.replace("'", "''") + "'"


@dataclass(frozen=True)
class ColumnInfo:
    """One column as the engine reports it in information_schema."""

    name: str
    data_type: str
    nullable: bool
    position: int


class Store(ABC):
    """A connection to one OncoData database on one engine.

    SQL given to `execute`/`query` is written once in the canonical dialect and transpiled for the engine;
    `execute_native` is for engine-specific statements (DDL generated per dialect, COPY, PRAGMA).
    """

    engine: str

    def __init__(self, url: DatabaseURL) -> None:
        self.url = url

    # -- engine primitives -------------------------------------------------------------------------------
    @abstractmethod
    def execute_native(self, sql: str, params: Params = None) -> None:
        """Run one statement already in the engine's dialect."""

    @abstractmethod
    def query_native(self, sql: str, params: Params = None) -> list[tuple[Any, ...]]:
        """Run one engine-dialect query and return all rows."""

    @abstractmethod
    def query_arrow_native(self, sql: str, params: Params = None) -> pa.Table:
        """Run one engine-dialect query and return an Arrow table."""

    @abstractmethod
    def load_arrow(self, table: str, data: pa.Table | pa.RecordBatchReader) -> int:
        """Append Arrow data to `schema.table`, matching columns by name; returns rows written."""

    @abstractmethod
    def _begin(self) -> None: ...

    @abstractmethod
    def _commit(self) -> None: ...

    @abstractmethod
    def _rollback(self) -> None: ...

    @abstractmethod
    def close(self) -> None:
        """Release the connection; the Store cannot be used afterwards."""

    # -- shared behaviour --------------------------------------------------------------------------------
    _transaction_depth: int = 0

    def sql(self, canonical_sql: str) -> str:
        """The engine's rendering of a canonical statement (useful for logging and tests)."""
        return to_dialect(canonical_sql, self.engine)

    def execute(self, sql: str, params: Params = None) -> None:
        """Run one canonical-dialect statement."""
        self.execute_native(self.sql(sql), params)

    def query(self, sql: str, params: Params = None) -> list[tuple[Any, ...]]:
        """Run one canonical-dialect query and return all rows as tuples."""
        return self.query_native(self.sql(sql), params)

    def scalar(self, sql: str, params: Params = None) -> Any:
        """First column of the first row, or None when there is no row."""
        rows = self.query(sql, params)
        return rows[0][0] if rows else None

    def query_arrow(self, sql: str, params: Params = None) -> pa.Table:
        """Run one canonical-dialect query and return an Arrow table."""
        return self.query_arrow_native(self.sql(sql), params)

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """All statements inside commit together or not at all; nested blocks join the outer transaction."""
        if self._transaction_depth:
            self._transaction_depth += 1
            try:
                yield self
            finally:
                self._transaction_depth -= 1
            return
        self._begin()
        self._transaction_depth = 1
        try:
            yield self
        except BaseException:
            self._transaction_depth = 0
            self._rollback()
            raise
        self._transaction_depth = 0
        self._commit()

    def schema_names(self) -> set[str]:
        """Names of the schemas in the current database."""
        rows = self.query("SELECT schema_name FROM information_schema.schemata WHERE catalog_name = current_database()")
        return {row[0] for row in rows}

    def table_names(self, schema: str) -> list[str]:
        """Base tables of one schema, sorted."""
        rows = self.query(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = $schema AND table_type = 'BASE TABLE' AND table_catalog = current_database() "
            "ORDER BY table_name",
            {"schema": schema},
        )
        return [row[0] for row in rows]

    def table_exists(self, schema: str, table: str) -> bool:
        return table in self.table_names(schema)

    def columns(self, schema: str, table: str) -> list[ColumnInfo]:
        """Columns of one table in ordinal order, with the engine's type names."""
        rows = self.query(
            "SELECT column_name, data_type, is_nullable, ordinal_position FROM information_schema.columns "
            "WHERE table_schema = $schema AND table_name = $table AND table_catalog = current_database() "
            "ORDER BY ordinal_position",
            {"schema": schema, "table": table},
        )
        return [
            ColumnInfo(name, data_type.lower(), nullable == "YES", int(position)) for name, data_type, nullable, position in rows
        ]

    def count_rows(self, tables: Sequence[str]) -> dict[str, int]:
        """Row counts of many `schema.table` names in a single query."""
        if not tables:
            return {}
        union = " UNION ALL ".join(f"SELECT '{name}' AS t, count(*) AS n FROM {name}" for name in tables)
        return {name: int(count) for name, count in self.query(union)}

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
