"""Turn raw extract rows into de-identified staging rows, or quarantine entries saying what was wrong.

Work is column by column over chunks of rows (one list per field), which keeps the per-value cost to a few
cached calls; every identifier passes through the de-identification gate before anything is staged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from oncodata.privacy.gate import DeidentificationGate, generalize_location
from oncodata.sources.batch import NO_OUTPUT_REASON, ChunkResult, QuarantineEntry
from oncodata.sources.dates import DateParseError, date_parser
from oncodata.sources.mapping import FieldSpec, FileSpec
from oncodata.sources.staging import StagingColumn, arrow_schema, staging_columns
from oncodata.sources.tabular import RawRow
from oncodata.sources.values import ValueParseError, parse_integer, parse_number, parse_range, parse_result

CHUNK_ROWS = 5_000
TEXT_JOIN = {"note_text": "\n"}
Column = list[Any]


@dataclass
class _Rejections:
    """The first reason each row of a chunk was rejected (None while it is still good)."""

    reasons: list[tuple[str | None, str, str | None] | None]

    def reject(self, index: int, field_name: str | None, reason: str, value: str | None = None) -> None:
        if self.reasons[index] is None:
            self.reasons[index] = (field_name, reason, value)

    def ok(self, index: int) -> bool:
        return self.reasons[index] is None


def _parse_column(
    values: Column,
    parse: Callable[[str], Any],
    rejections: _Rejections,
    field_spec: FieldSpec,
    errors: tuple[type[Exception], ...],
) -> Column:
    parsed: Column = []
    keep_value = not field_spec.identifying
    for index, raw in enumerate(values):
        if raw is None:
            parsed.append(None)
            continue
        try:
            parsed.append(parse(raw))
        except errors as error:
            rejections.reject(index, field_spec.name, f"field {field_spec.name}: {error}", raw if keep_value else None)
            parsed.append(None)
    return parsed


class ExtractRowConverter:
    """Converts the rows of one mapped file; holds the gate that pseudonymizes, shifts and scrubs."""

    def __init__(self, gate: DeidentificationGate, spec: FileSpec, source_file: str, batch_id: str) -> None:
        self.gate = gate
        self.spec = spec
        self.source_file = source_file
        self.batch_id = batch_id
        self._columns = {name: {c.name: c for c in columns} for name, columns in staging_columns().items()}
        # The record key covers what is staged (never dropped identifiers), so equal records get equal keys.
        self._key_fields = [f.name for f in spec.fields.values() if f.role not in ("identifier", "ignore")]
        self._known_value_fields = [f.name for f in spec.fields.values() if f.role in ("identifier", "person_key", "record_id")]
        self._location_cache: dict[str, str | None] = {}

    def convert(self, rows: Iterable[RawRow]) -> Iterator[ChunkResult]:
        """Yield one ChunkResult per CHUNK_ROWS rows."""
        chunk: list[RawRow] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= CHUNK_ROWS:
                yield self._convert_chunk(chunk)
                chunk = []
        if chunk:
            yield self._convert_chunk(chunk)

    def _quarantine(self, number: int, field_name: str | None, reason: str, value: str | None = None) -> QuarantineEntry:
        return QuarantineEntry(self.source_file, number, field_name, reason[:500], value)

    def _convert_chunk(self, chunk: list[RawRow]) -> ChunkResult:
        result = ChunkResult(rows_read=len(chunk))
        key_field = self.spec.person_key.name
        key_slot = list(self.spec.fields).index(key_field)
        usable: list[RawRow] = []
        for row in chunk:
            if row.problem:
                result.quarantine.append(self._quarantine(row.number, row.problem_field, row.problem))
            elif not row.values[key_slot]:
                result.quarantine.append(self._quarantine(row.number, key_field, f"required field {key_field} is empty"))
            else:
                usable.append(row)
        if not usable:
            return result
        # One list per field: a transpose done by zip in C rather than a dict per row.
        raw = {
            name: list(column)
            for name, column in zip(self.spec.fields, zip(*(row.values for row in usable), strict=True), strict=True)
        }
        rejections = _Rejections([None] * len(usable))
        person_ids: list[int] = self.gate.pseudonymous_ids("person", raw[key_field])  # type: ignore[assignment]
        shifts = [self.gate.shift_days(person_id) for person_id in person_ids]
        values = self._convert_fields(raw, shifts, rejections)
        record_keys = [
            self.gate.record_key([self.spec.name, *parts]) for parts in zip(*(raw[n] for n in self._key_fields), strict=True)
        ]
        self._scrub_texts(raw, values, shifts, rejections)
        outputs = []
        for output in self.spec.outputs:
            present = values[output.when] if output.when else None
            mask = [rejections.ok(i) and (present is None or present[i] is not None) for i in range(len(usable))]
            columns = {
                name: self._output_column(values, sources, self._columns[output.table][name])
                for name, sources in output.columns.items()
            }
            for column in self._columns[output.table].values():
                if not column.required or column.name in ("batch_id", "source_file", "source_row", "record_key", "person_id"):
                    continue
                data = columns.get(column.name)
                source = output.columns.get(column.name, ("?",))[0]
                for i, wanted in enumerate(mask):
                    if wanted and (data is None or data[i] is None):
                        rejections.reject(i, source, f"{output.table}.{column.name} needs a value but field {source} is empty")
            outputs.append((output, mask, columns))
        fed = [False] * len(usable)
        tables: dict[str, list[pa.Table]] = {}
        for output, mask, columns in outputs:
            keep = [i for i, wanted in enumerate(mask) if wanted and rejections.ok(i)]
            if not keep:
                continue
            for i in keep:
                fed[i] = True
            data = {
                "batch_id": [self.batch_id] * len(keep),
                "source_file": [self.source_file] * len(keep),
                "source_row": [usable[i].number for i in keep],
                "record_key": [record_keys[i] for i in keep],
                "person_id": [person_ids[i] for i in keep],
            }
            data.update({name: [column[i] for i in keep] for name, column in columns.items()})
            schema = arrow_schema(output.table)
            subset = pa.schema([schema.field(name) for name in data])
            tables.setdefault(output.table, []).append(pa.Table.from_pydict(data, schema=subset))
        for i, row in enumerate(usable):
            reason = rejections.reasons[i]
            if reason is not None:
                result.quarantine.append(self._quarantine(row.number, *reason))
            elif not fed[i]:
                result.skipped[NO_OUTPUT_REASON] += 1
        result.tables = {name: pa.concat_tables(parts, promote_options="default") for name, parts in tables.items()}
        return result

    def _convert_fields(self, raw: dict[str, Column], shifts: list[int], rejections: _Rejections) -> dict[str, Column]:
        """Every field's column converted by its role; bad values reject their row."""
        values: dict[str, Column] = {}
        for field_spec in self.spec.fields.values():
            name, role, column = field_spec.name, field_spec.role, raw[field_spec.name]
            if field_spec.required:
                for i, value in enumerate(column):
                    if value is None:
                        rejections.reject(i, name, f"required field {name} is empty")
            if role in ("identifier", "record_id", "ignore", "person_key"):
                continue
            if role in ("visit_key", "provider"):
                values[name] = self.gate.pseudonymous_ids("visit" if role == "visit_key" else "provider", column)
            elif role in ("date", "datetime", "birth_date"):
                parsed = _parse_column(column, date_parser(field_spec.day_first), rejections, field_spec, (DateParseError,))
                if role == "birth_date":
                    values[f"{name}.year"] = [None if d is None else d.year for d in parsed]
                    values[f"{name}.month"] = [None if d is None else d.month for d in parsed]
                    values[name] = parsed
                else:
                    values[name] = [None if d is None else d + dt.timedelta(days=s) for d, s in zip(parsed, shifts, strict=True)]
            elif role in ("number", "integer"):
                parse = parse_number if role == "number" else parse_integer
                values[name] = _parse_column(column, parse, rejections, field_spec, (ValueParseError,))
            elif role == "result":
                parsed_results = [(None, None) if v is None else parse_result(v) for v in column]
                values[f"{name}.number"] = [p[0] for p in parsed_results]
                values[f"{name}.operator"] = [p[1] for p in parsed_results]
                values[f"{name}.text"] = values[name] = column
            elif role == "range":
                ranges = [(None, None) if v is None else parse_range(v) for v in column]
                values[f"{name}.low"] = [r[0] for r in ranges]
                values[f"{name}.high"] = [r[1] for r in ranges]
                values[name] = column
            elif role == "location":
                values[name] = [None if v is None else self._generalize(v) for v in column]
            else:  # code, value, text
                values[name] = column
        return values

    def _generalize(self, address: str) -> str | None:
        if address not in self._location_cache:
            self._location_cache[address] = generalize_location(address)
        return self._location_cache[address]

    def _scrub_texts(self, raw: dict[str, Column], values: dict[str, Column], shifts: list[int], rejections: _Rejections) -> None:
        """Scrub every free-text value of the chunk in one batch (several cores when it is large)."""
        text_fields = [f.name for f in self.spec.fields.values() if f.role == "text"]
        slots = [(name, i) for name in text_fields for i, v in enumerate(values[name]) if v is not None and rejections.ok(i)]
        if not slots:
            return
        known = [[raw[n][i] for n in self._known_value_fields if raw[n][i]] for _, i in slots]
        cleaned = self.gate.scrub_texts([values[name][i] for name, i in slots], [shifts[i] for _, i in slots], known)
        for name in text_fields:
            values[name] = list(values[name])
        for (name, i), text in zip(slots, cleaned, strict=True):
            values[name][i] = text

    def _output_column(self, values: dict[str, Column], sources: tuple[str, ...], column: StagingColumn) -> Column:
        """One staging column: a literal, a converted field, or several fields joined; fitted to the column type."""
        size = len(next(iter(values.values()))) if values else 0
        if len(sources) == 1 and sources[0].startswith("="):
            return [_fit(sources[0][1:], column)] * size
        if len(sources) == 1:
            return _fit_column(values.get(sources[0], [None] * size), column)
        separator = TEXT_JOIN.get(column.name, " ")
        parts = [values.get(s, [None] * size) for s in sources]
        joined = [separator.join(str(v) for v in row if v not in (None, "")) or None for row in zip(*parts, strict=True)]
        return _fit_column(joined, column)


def _fit_column(values: Column, column: StagingColumn) -> Column:
    """`_fit` over a whole column, with the common cases as one comprehension each (this runs on every cell)."""
    if column.sql_type == "VARCHAR":
        width = column.width
        if width:
            return [v if v is None or (type(v) is str and len(v) <= width) else str(v)[:width] for v in values]
        return [v if v is None or type(v) is str else str(v) for v in values]
    if column.sql_type == "DATE":
        return [v.date() if isinstance(v, dt.datetime) else v for v in values]
    return [None if v is None else _fit(v, column) for v in values]


def _fit(value: Any, column: StagingColumn) -> Any:
    """Coerce a converted value to the staging column's type (dates from datetimes, text cut to width)."""
    sql_type = column.sql_type
    if sql_type == "DATE":
        return value.date() if isinstance(value, dt.datetime) else value
    if sql_type == "TIMESTAMP":
        return value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
    if sql_type == "VARCHAR":
        text = str(value)
        return text[: column.width] if column.width else text
    if sql_type in ("BIGINT", "INTEGER"):
        return int(value)
    if sql_type == "DOUBLE":
        return float(value)
    return value
