"""Stream rows of a CSV/TSV or Excel extract as strings, with header matching and per-row structural checks."""

from __future__ import annotations

import csv
import datetime as dt
import operator
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from oncodata.errors import BadInputError
from oncodata.sources.encoding import detect_encoding
from oncodata.sources.mapping import FileSpec

csv.field_size_limit(sys.maxsize)
# surrogateescape turns each undecodable byte into one of these code points.
_UNDECODABLE = re.compile("[\udc80-\udcff]")


@dataclass(frozen=True)
class RawRow:
    """One data row: its 1-based number after the header, and the value of each mapped field (None if blank),
    in the order of the file spec's fields."""

    number: int
    values: tuple[str | None, ...]
    problem: str | None = None
    problem_field: str | None = None  # the field a structural problem is in (where a short line ends)


@dataclass
class TabularFile:
    """An opened extract: detected encoding, header, which column each field lives in, unmapped columns."""

    path: Path
    spec: FileSpec
    encoding: str | None
    header: list[str]
    column_of_field: dict[str, int]
    unmapped_columns: list[str] = field(default_factory=list)


def _clean_header(value: object) -> str:
    return str(value if value is not None else "").replace("\ufeff", "").strip()


def _match_header(path: Path, spec: FileSpec, header: list[str]) -> tuple[dict[str, int], list[str]]:
    position = {name: index for index, name in enumerate(header) if name}
    column_of_field: dict[str, int] = {}
    for field_spec in spec.fields.values():
        found = next((position[h] for h in field_spec.headers if h in position), None)
        if found is not None:
            column_of_field[field_spec.name] = found
        elif field_spec.required:
            expected = " or ".join(repr(h) for h in field_spec.headers)
            raise BadInputError(f"{path.name}: required column {expected} (field {field_spec.name}) is missing from the header")
    used = set(column_of_field.values())
    return column_of_field, [name for index, name in enumerate(header) if index not in used and name]


def _text_lines(path: Path, encoding: str) -> Iterator[str]:
    # Undecodable bytes survive as lone surrogates so the row can be quarantined instead of the file failing.
    with open(path, "rb") as handle:
        for raw in handle:
            yield raw.decode(encoding, errors="surrogateescape")


def _has_undecodable(values: list[str]) -> bool:
    return _UNDECODABLE.search("\x1f".join(values)) is not None


def open_csv(path: Path, spec: FileSpec) -> tuple[TabularFile, Iterator[RawRow]]:
    """Open a CSV/TSV extract; rows are produced lazily so files of any size stream in constant memory."""
    if path.stat().st_size == 0:
        raise BadInputError(f"{path.name}: the file is empty (no header row)")
    encoding = detect_encoding(path) if spec.encoding == "auto" else spec.encoding
    if encoding == "utf-8-sig":
        encoding = "utf-8"  # the BOM is stripped from the header by _clean_header
    reader = csv.reader(_text_lines(path, encoding), delimiter=spec.delimiter)
    header: list[str] = []
    for _ in range(spec.header_row):
        header = next(reader, [])
    header = [_clean_header(h) for h in header]
    if not any(header):
        raise BadInputError(f"{path.name}: no header row found at line {spec.header_row}")
    if _has_undecodable(header):
        raise BadInputError(f"{path.name}: the header is not valid {encoding}; set `encoding:` in the mapping")
    column_of_field, unmapped = _match_header(path, spec, header)
    opened = TabularFile(path, spec, encoding, header, column_of_field, unmapped)
    return opened, _csv_rows(reader, opened)


def _field_indexes(opened: TabularFile) -> list[int | None]:
    return [opened.column_of_field.get(name) for name in opened.spec.fields]


def _column_names(opened: TabularFile) -> list[str]:
    """Each header column by the mapped field it holds, else by its header text."""
    names = list(opened.header)
    for name, index in opened.column_of_field.items():
        names[index] = name
    return names


def _csv_rows(reader: Iterator[list[str]], opened: TabularFile) -> Iterator[RawRow]:
    width = len(opened.header)
    column_names = _column_names(opened)
    indexes = _field_indexes(opened)
    present = [i for i in indexes if i is not None]
    pick = operator.itemgetter(*present) if len(present) > 1 else (lambda cells: (cells[present[0]],))
    slots = [None if i is None else present.index(i) for i in indexes]
    complete = all(i is not None for i in indexes)
    for number, cells in enumerate(reader, start=1):
        if not cells or (len(cells) == 1 and not cells[0].strip()):
            continue  # blank line
        problem: str | None = None
        problem_field: str | None = None
        if len(cells) < width:
            # A line cut short ends inside (or right after) its last column: name that field.
            problem_field = column_names[len(cells) - 1]
            problem = (
                f"row has {len(cells)} columns but the header has {width}: the line ends in field {problem_field} "
                "(truncated or broken line?)"
            )
        elif len(cells) > width:
            problem = f"row has {len(cells)} columns but the header has {width} (truncated or broken line?)"
        elif _has_undecodable(cells):
            problem = f"row holds bytes that are not valid {opened.encoding} (mixed encodings?)"
        if problem:
            yield RawRow(number, (), problem, problem_field)
            continue
        picked = [value.strip() or None for value in pick(cells)]
        yield RawRow(number, tuple(picked) if complete else tuple(None if slot is None else picked[slot] for slot in slots))


def _excel_cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if (value.hour, value.minute, value.second) != (0, 0, 0) else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text or None


def open_excel(path: Path, spec: FileSpec) -> tuple[TabularFile, Iterator[RawRow]]:
    """Open one sheet of an .xlsx workbook in read-only (streaming) mode."""
    from openpyxl import load_workbook  # heavy import, only when a workbook is read

    if path.stat().st_size == 0:
        raise BadInputError(f"{path.name}: the file is empty")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged workbook
        raise BadInputError(f"{path.name}: not a readable .xlsx workbook ({type(error).__name__})") from error
    names = workbook.sheetnames
    sheet_name = next((s for s in spec.sheets if s in names), None) or (names[0] if not spec.sheets or len(names) == 1 else None)
    if sheet_name is None:
        raise BadInputError(f"{path.name}: no sheet named {' or '.join(spec.sheets)} (sheets: {', '.join(names)})")
    rows = workbook[sheet_name].iter_rows(values_only=True)
    header: list[str] = []
    for _ in range(spec.header_row):
        header = [_clean_header(v) for v in next(rows, ())]
    if not any(header):
        workbook.close()
        raise BadInputError(f"{path.name} [{sheet_name}]: no header row found at row {spec.header_row}")
    column_of_field, unmapped = _match_header(path, spec, header)
    opened = TabularFile(path, spec, None, header, column_of_field, unmapped)
    indexes = _field_indexes(opened)

    def generate() -> Iterator[RawRow]:
        try:
            for number, cells in enumerate(rows, start=1):
                texts = [_excel_cell_text(v) for v in cells]
                if not any(texts):
                    continue
                texts += [None] * (len(header) - len(texts))
                yield RawRow(number, tuple(None if index is None else texts[index] for index in indexes))
        finally:
            workbook.close()

    return opened, generate()


def open_tabular(path: Path, spec: FileSpec) -> tuple[TabularFile, Iterator[RawRow]]:
    """Open an extract according to its mapping entry."""
    return open_excel(path, spec) if spec.format == "excel" else open_csv(path, spec)
