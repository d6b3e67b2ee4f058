"""PostgreSQL adapter (psycopg 3): the multi-user server engine, bulk loads through COPY."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

import psycopg
import pyarrow as pa
import pyarrow.csv as pa_csv

from oncodata.errors import DatabaseUnreachableError
from oncodata.store.base import Params, Store
from oncodata.store.url import DatabaseURL, redact

CONNECT_TIMEOUT_SECONDS = 5
COPY_BATCH_ROWS = 50_000

# PostgreSQL type oids -> Arrow types, so empty results still carry a schema.
ARROW_TYPE_OF_OID: dict[int, pa.DataType] = {
    16: pa.bool_(),
    20: pa.int64(),
    21: pa.int64(),
    23: pa.int64(),
    700: pa.float64(),
    701: pa.float64(),
    1700: pa.float64(),
    1082: pa.date32(),
    1114: pa.timestamp("us"),
    1184: pa.timestamp("us", tz="UTC"),
}


def _plain(value: Any) -> Any:
    return float(value) if isinstance(value, decimal.Decimal) else value


class PostgresStore(Store):
    """A Store on one PostgreSQL database."""

    engine = "postgresql"

    def __init__(self, url: DatabaseURL) -> None:
        super().__init__(url)
        try:
            self.connection = psycopg.connect(url.target, autocommit=True, connect_timeout=CONNECT_TIMEOUT_SECONDS)
        except psycopg.Error as error:
            lines = [line.strip() for line in str(error).strip().splitlines() if line.strip()]
            reason = redact(lines[0]) if lines else type(error).__name__
            raise DatabaseUnreachableError(f"cannot connect to database {url.display}: {reason}") from error

    def execute_native(self, sql: str, params: Params = None) -> None:
        self.connection.execute(sql, params)  # type: ignore[arg-type]

    def query_native(self, sql: str, params: Params = None) -> list[tuple[Any, ...]]:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)  # type: ignore[arg-type]
            return [tuple(_plain(value) for value in row) for row in cursor.fetchall()]

    def query_arrow_native(self, sql: str, params: Params = None) -> pa.Table:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)  # type: ignore[arg-type]
            rows = cursor.fetchall()
            description = cursor.description or []
        names = [column.name for column in description]
        arrays = []
        for index, column in enumerate(description):
            values = [_plain(row[index]) for row in rows]
            arrow_type = ARROW_TYPE_OF_OID.get(column.type_code)
            if arrow_type is None:
                arrow_type = pa.string()
                values = [None if v is None else (v if isinstance(v, str) else str(v)) for v in values]
            elif arrow_type == pa.date32():
                values = [v if v is None or isinstance(v, dt.date) else dt.date.fromisoformat(str(v)) for v in values]
            arrays.append(pa.array(values, type=arrow_type))
        return pa.table(arrays, names=names) if names else pa.table({})

    def load_arrow(self, table: str, data: pa.Table | pa.RecordBatchReader) -> int:
        columns = ", ".join(f'"{name}"' for name in data.schema.names)
        batches = data.to_batches(max_chunksize=COPY_BATCH_ROWS) if isinstance(data, pa.Table) else data
        written = 0
        options = pa_csv.WriteOptions(include_header=False, quoting_style="needed")
        statement = f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv)"
        # CSV keeps NULL (unquoted empty) and '' (quoted empty) apart, unlike COPY's text format.
        with self.connection.cursor() as cursor, cursor.copy(statement) as copy:
            for batch in batches:
                if batch.num_rows == 0:
                    continue
                sink = pa.BufferOutputStream()
                pa_csv.write_csv(batch, sink, write_options=options)
                copy.write(sink.getvalue().to_pybytes())
                written += batch.num_rows
        return written

    def _begin(self) -> None:
        self.connection.execute("BEGIN")

    def _commit(self) -> None:
        self.connection.execute("COMMIT")

    def _rollback(self) -> None:
        self.connection.execute("ROLLBACK")

    def close(self) -> None:
        self.connection.close()
