"""Writers for DIR/truth/: patients, report facts, planted identifiers (with row ranges) and the defect list."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import orjson

IDENTIFIER_COLUMNS = ["person_key", "kind", "value", "file", "field", "row_first", "row_last"]
DEFECT_COLUMNS = ["file", "row", "field", "defect", "detail", "person_key"]


class TruthWriter:
    """Appends truth records as they are produced, so memory does not grow with the number of patients."""

    def __init__(self, truth_dir: Path) -> None:
        truth_dir.mkdir(parents=True, exist_ok=True)
        self.patients = (truth_dir / "patients.jsonl").open("wb")
        self.reports = (truth_dir / "reports.jsonl").open("wb")
        self.identifiers_handle = (truth_dir / "identifiers.csv").open("w", encoding="utf-8", newline="")
        self.identifiers = csv.writer(self.identifiers_handle, lineterminator="\n")
        self.identifiers.writerow(IDENTIFIER_COLUMNS)
        self.defects_handle = (truth_dir / "defects.csv").open("w", encoding="utf-8", newline="")
        self.defects = csv.writer(self.defects_handle, lineterminator="\n")
        self.defects.writerow(DEFECT_COLUMNS)
        self.defect_count = 0
        self.identifier_count = 0
        self.report_count = 0
        self._ranges: dict[tuple[str, str, str, str], list[list[int]]] = {}

    def patient(self, record: dict[str, Any]) -> None:
        self.patients.write(orjson.dumps(record) + b"\n")

    def report(self, record: dict[str, Any]) -> None:
        self.report_count += 1
        self.reports.write(orjson.dumps(record) + b"\n")

    def defect(self, file: str, row: int, field: str, kind: str, detail: str, person_key: str) -> None:
        self.defect_count += 1
        self.defects.writerow([file, row, field, kind, detail, person_key])

    def identifier(self, kind: str, value: str, file: str, field: str, row: int) -> None:
        """Record one occurrence; consecutive rows of the same value in the same column merge into one range."""
        ranges = self._ranges.setdefault((kind, value, file, field), [])
        if ranges and ranges[-1][1] in (row, row - 1):
            ranges[-1][1] = row
        else:
            ranges.append([row, row])

    def flush_patient_identifiers(self, person_key: str) -> None:
        for (kind, value, file, field), ranges in self._ranges.items():
            for first, last in ranges:
                self.identifier_count += 1
                self.identifiers.writerow([person_key, kind, value, file, field, first, last])
        self._ranges.clear()

    def close(self) -> None:
        for handle in (self.patients, self.reports, self.identifiers_handle, self.defects_handle):
            handle.close()
