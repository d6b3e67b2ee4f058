"""Storage engines behind one Store interface: DuckDB (embedded default), PostgreSQL, and a seam for Spark."""

from __future__ import annotations

from oncodata.errors import UsageError
from oncodata.store.base import ColumnInfo, Store
from oncodata.store.url import DatabaseURL, parse_database_url

__all__ = ["ColumnInfo", "DatabaseURL", "Store", "open_store", "parse_database_url"]


def open_store(url: str, *, must_exist: bool = False) -> Store:
    """Open the database at `url` with the adapter its scheme names.

    `must_exist` refuses to create a new DuckDB file (for read-only commands such as `status`).
    Adapters are imported lazily so one engine's driver problems never affect another.
    """
    parsed = parse_database_url(url)
    if parsed.engine == "duckdb":
        from oncodata.store.duckdb_store import DuckDBStore

        return DuckDBStore(parsed, must_exist=must_exist)
    if parsed.engine == "postgresql":
        from oncodata.store.postgres_store import PostgresStore

        return PostgresStore(parsed)
    # Spark slots in here as a third adapter implementing Store over PySpark DataFrames.
    raise UsageError(f"database URL {parsed.display}: the {parsed.engine} engine is not available in this version")
