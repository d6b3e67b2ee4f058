"""DuckDB adapter: the embedded default engine, one database file, Arrow-native bulk loads."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from oncodata.errors import DatabaseUnreachableError
from oncodata.store.base import Params, Store
from oncodata.store.url import DatabaseURL


class DuckDBStore(Store):
    """A Store on a DuckDB file (or `:memory:`)."""

    engine = "duckdb"

    def __init__(self, url: DatabaseURL, *, must_exist: bool = False, read_only: bool = False) -> None:
        super().__init__(url)
        if url.is_file:
            path = Path(url.target)
            if must_exist and not path.exists():
                raise DatabaseUnreachableError(f"database {url.display} does not exist; run `oncodata init` first")
            if not path.parent.exists():
                raise DatabaseUnreachableError(f"cannot open database {url.display}: folder {path.parent} does not exist")
        try:
            self.connection = duckdb.connect(url.target, read_only=read_only)
        except duckdb.Error as error:
            reason = str(error).splitlines()[0]
            raise DatabaseUnreachableError(f"cannot open database {url.display}: {reason}") from error

    def execute_native(self, sql: str, params: Params = None) -> None:
        self.connection.execute(sql, params)

    def query_native(self, sql: str, params: Params = None) -> list[tuple[Any, ...]]:
        return self.connection.execute(sql, params).fetchall()

    def query_arrow_native(self, sql: str, params: Params = None) -> pa.Table:
        return self.connection.sql(sql, params=params).to_arrow_table()

    def load_arrow(self, table: str, data: pa.Table | pa.RecordBatchReader) -> int:
        view = f"oncodata_load_{uuid.uuid4().hex}"
        columns = ", ".join(f'"{name}"' for name in data.schema.names)
        self.connection.register(view, data)
        try:
            # DuckDB answers an INSERT with a one-row result holding the inserted count.
            inserted = self.connection.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {view}").fetchone()
            return int(inserted[0]) if inserted else 0
        finally:
            self.connection.unregister(view)

    def _begin(self) -> None:
        self.connection.execute("BEGIN TRANSACTION")

    def _commit(self) -> None:
        self.connection.execute("COMMIT")

    def _rollback(self) -> None:
        self.connection.execute("ROLLBACK")

    def close(self) -> None:
        self.connection.close()
