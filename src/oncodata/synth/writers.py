"""Streaming writers for the source extracts: CSV in the file's encoding, and a byte-reproducible Excel workbook."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any, Protocol

from openpyxl import Workbook

FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)
FIXED_XLSX_TIMESTAMP = "2020-01-01T00:00:00Z"


class SourceWriter(Protocol):
    rows: int

    def write(self, values: dict[str, Any], truncate_field: str | None = None) -> int: ...

    def close(self) -> None: ...


class CsvSourceWriter:
    """Writes rows to one CSV file in its encoding; `row` numbers are 1-based data records (header excluded)."""

    def __init__(self, path: Path, keys: list[str], headers: list[str], encoding: str, newline: str) -> None:
        self.path = path
        self.keys = keys
        self.handle = path.open("w", encoding=encoding, newline="")
        self.newline = newline
        self.writer = csv.writer(self.handle, lineterminator=newline)
        self.writer.writerow(headers)
        self.rows = 0

    def write(self, values: dict[str, Any], truncate_field: str | None = None) -> int:
        self.rows += 1
        cells = [values.get(key, "") for key in self.keys]
        if truncate_field is None:
            self.writer.writerow(cells)
            return self.rows
        # A record cut off mid-line (an interrupted export): keep everything before the field, then half of it.
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="").writerow(cells)
        line = buffer.getvalue()
        index = self.keys.index(truncate_field)
        # Tail cells (reference range, prescriber...) never need quoting, so their offset is exact.
        start = len(line) - len(",".join(str(c) for c in cells[index:]))
        cut = start + max(1, len(str(cells[index])) // 2)
        self.handle.write(line[:cut] + self.newline)
        return self.rows

    def close(self) -> None:
        self.handle.close()


class XlsxSourceWriter:
    """One sheet in a write-only openpyxl workbook; repacked on close so the bytes depend only on the content."""

    def __init__(self, path: Path, keys: list[str], headers: list[str], sheet: str) -> None:
        self.path = path
        self.keys = keys
        self.workbook = Workbook(write_only=True)
        self.sheet = self.workbook.create_sheet(sheet)
        self.sheet.append(headers)
        self.rows = 0

    def write(self, values: dict[str, Any], truncate_field: str | None = None) -> int:
        self.rows += 1
        self.sheet.append([_excel_cell(values.get(key, "")) for key in self.keys])
        return self.rows

    def close(self) -> None:
        fixed = dt.datetime(2020, 1, 1)
        self.workbook.properties.created = fixed
        self.workbook.properties.creator = "oncodata synth"
        temporary = self.path.with_suffix(".tmp.xlsx")
        self.workbook.save(temporary)
        _repack_deterministically(temporary, self.path)
        temporary.unlink()


def _excel_cell(value: Any) -> Any:
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    return value


def _repack_deterministically(source: Path, target: Path) -> None:
    """Copy the zip with fixed member timestamps and fixed core-property dates (openpyxl stamps the save time).

    Members are streamed in chunks: the sheet XML grows with the number of patients and must not be held in memory.
    """
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as repacked:
        for info in sorted(original.infolist(), key=lambda i: i.filename):
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            if info.filename == "docProps/core.xml":
                text = original.read(info.filename).decode("utf-8")
                text = re.sub(
                    r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)", rf"\g<1>{FIXED_XLSX_TIMESTAMP}\g<2>", text
                )
                repacked.writestr(member, text.encode("utf-8"))
                continue
            with original.open(info) as reader, repacked.open(member, "w", force_zip64=info.file_size > 2**30) as writer:
                shutil.copyfileobj(reader, writer, 1 << 20)
