"""Runs a synthetic hospital: patient by patient, every source file and the truth written incrementally."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from oncodata.errors import BadInputError
from oncodata.synth.catalog import Catalog, load_catalog
from oncodata.synth.course import build_course
from oncodata.synth.dirt import damage_row
from oncodata.synth.disease import make_tumor
from oncodata.synth.people import make_person
from oncodata.synth.records import SourceRow, build_patient_records
from oncodata.synth.truth import TruthWriter
from oncodata.synth.writers import CsvSourceWriter, SourceWriter, XlsxSourceWriter

LOCALES = ("zh", "en")


@dataclass(frozen=True)
class SynthOptions:
    """What `oncodata synth` was asked for."""

    patients: int
    out_dir: Path
    seed: int = 42
    locale: str = "zh"
    dirty_rate: float = 0.0
    start_year: int = 2016
    end_year: int = 2024

    def validate(self) -> None:
        if self.patients < 1:
            raise BadInputError(f"--patients must be at least 1 (got {self.patients})")
        if self.locale not in LOCALES:
            raise BadInputError(f"--locale must be one of {', '.join(LOCALES)} (got {self.locale!r})")
        if not 0.0 <= self.dirty_rate <= 0.5:
            raise BadInputError(f"--dirty must be between 0 and 0.5 (got {self.dirty_rate})")
        if not 2000 <= self.start_year <= self.end_year <= 2100:
            raise BadInputError(
                f"--start-year/--end-year must satisfy 2000 <= start <= end <= 2100 (got {self.start_year}-{self.end_year})"
            )


@dataclass
class SynthSummary:
    """What a run wrote: per file rows and bytes, truth counts, timing."""

    patients: int
    out_dir: str
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    reports: int = 0
    identifiers: int = 0
    defects: int = 0
    seconds: float = 0.0

    @property
    def total_bytes(self) -> int:
        return sum(int(f["bytes"]) for f in self.files.values())


def _open_writers(catalog: Catalog, options: SynthOptions) -> dict[str, SourceWriter]:
    writers: dict[str, SourceWriter] = {}
    column_index = 1 if options.locale == "zh" else 2
    for source, spec in catalog.sources["files"].items():
        keys = [column[0] for column in spec["columns"]]
        headers = [column[column_index] for column in spec["columns"]]
        path = options.out_dir / spec["file"]
        if spec["file"].endswith(".xlsx"):
            writers[source] = XlsxSourceWriter(path, keys, headers, spec["sheet"][options.locale])
        else:
            writers[source] = CsvSourceWriter(path, keys, headers, spec["encoding"][options.locale], spec["newline"])
    return writers


def _diagnosis_date(rng: random.Random, options: SynthOptions) -> dt.date:
    first = dt.date(options.start_year, 1, 1)
    last = dt.date(options.end_year, 12, 31) - dt.timedelta(days=45)
    return first + dt.timedelta(days=rng.randrange(max(1, (last - first).days)))


def _write_row(
    row: SourceRow,
    file_name: str,
    writer: SourceWriter,
    truth: TruthWriter,
    dirt_rng: random.Random,
    catalog: Catalog,
    options: SynthOptions,
    person_key: str,
) -> None:
    outcome = damage_row(dirt_rng, catalog, row.source, row.values, options.dirty_rate)
    written = [(outcome.values, outcome.truncate_field)] + [(extra, None) for extra in outcome.extra_rows]
    row_numbers = []
    for values, truncate_field in written:
        number = writer.write(values, truncate_field)
        row_numbers.append(number)
        cut_from = writer.keys.index(truncate_field) if truncate_field else None  # type: ignore[attr-defined]
        for kind, field_name, value in row.identifiers:
            if cut_from is not None and writer.keys.index(field_name) >= cut_from:  # type: ignore[attr-defined]
                continue
            if value and value in str(values.get(field_name, "")):
                truth.identifier(kind, value, file_name, field_name, number)
    for defect in outcome.defects:
        truth.defect(file_name, row_numbers[defect.row_offset], defect.field, defect.kind, defect.detail, person_key)
    if row.facts is not None:
        truth.report(
            {"report_id": row.report_id, "person_key": person_key, "file": file_name, "row": row_numbers[0], **row.facts}
        )


def generate_hospital(options: SynthOptions, on_patient: Callable[[int], None] | None = None) -> SynthSummary:
    """Write every source extract and the truth for `options.patients` patients; same options, same bytes."""
    options.validate()
    catalog = load_catalog()
    started = time.perf_counter()
    options.out_dir.mkdir(parents=True, exist_ok=True)
    writers = _open_writers(catalog, options)
    truth = TruthWriter(options.out_dir / "truth")
    file_names = {source: spec["file"] for source, spec in catalog.sources["files"].items()}
    cutoff = dt.date(options.end_year, 12, 31)
    try:
        for index in range(options.patients):
            # Independent streams per patient: clinical content does not change when --dirty does.
            rng = random.Random(options.seed * 1_000_003 + index)
            dirt_rng = random.Random(options.seed * 7_000_003 + index * 3 + 1)
            diagnosis_date = _diagnosis_date(rng, options)
            person = make_person(rng, catalog, index, options.seed, diagnosis_date)
            age = (diagnosis_date - person.birth_date).days // 365
            tumor = make_tumor(rng, catalog, person.is_male, person.smoking_status != "never")
            course = build_course(rng, catalog, tumor, age, diagnosis_date, cutoff)
            records = build_patient_records(rng, catalog, options.locale, person, tumor, course, options.seed)
            for row in records.rows:
                _write_row(row, file_names[row.source], writers[row.source], truth, dirt_rng, catalog, options, person.mrn)
            truth.flush_patient_identifiers(person.mrn)
            truth.patient(records.truth)
            if on_patient is not None:
                on_patient(index + 1)
    finally:
        for writer in writers.values():
            writer.close()
        truth.close()
    summary = SynthSummary(patients=options.patients, out_dir=str(options.out_dir))
    for source, spec in catalog.sources["files"].items():
        path = options.out_dir / spec["file"]
        encoding = spec["encoding"][options.locale]
        summary.files[spec["file"]] = {
            "source": source,
            "rows": writers[source].rows,
            "bytes": path.stat().st_size,
            "encoding": encoding,
        }
    summary.reports = truth.report_count
    summary.identifiers = truth.identifier_count
    summary.defects = truth.defect_count
    manifest = {
        "generator": "oncodata synth",
        "options": {
            "patients": options.patients, "seed": options.seed, "locale": options.locale, "dirty_rate": options.dirty_rate,
            "start_year": options.start_year, "end_year": options.end_year,
        },
        "files": summary.files,
        "truth": {"reports": summary.reports, "identifier_ranges": summary.identifiers, "defects": summary.defects},
    }  # fmt: skip
    (options.out_dir / "truth" / "manifest.json").write_bytes(orjson.dumps(manifest, option=orjson.OPT_INDENT_2))
    summary.seconds = time.perf_counter() - started
    return summary
