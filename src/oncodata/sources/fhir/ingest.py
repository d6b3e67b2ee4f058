"""Stage FHIR R4 bundles and NDJSON: every resource staged, skipped with its type and reason, or quarantined."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa

from oncodata.privacy.gate import DeidentificationGate
from oncodata.sources.batch import BatchReport, ChunkResult, ProgressCallback, QuarantineEntry, run_batch
from oncodata.sources.fhir.reader import ResourceAt, fhir_files, read_resources
from oncodata.sources.fhir.resources import Fact, interpret
from oncodata.sources.staging import arrow_schema, staging_columns
from oncodata.store.base import Store

CHUNK_RESOURCES = 5_000


def _patient_identifiers(resource: dict[str, Any]) -> list[str]:
    """Names and identifier values of a Patient, removed from that patient's notes before scrubbing."""
    values: list[str] = []
    for name in resource.get("name") or []:
        if isinstance(name, dict):
            values.extend(str(part) for part in [*(name.get("given") or []), name.get("family")] if part)
    for identifier in resource.get("identifier") or []:
        if isinstance(identifier, dict) and identifier.get("value"):
            values.append(str(identifier["value"]))
    for telecom in resource.get("telecom") or []:
        if isinstance(telecom, dict) and telecom.get("value"):
            values.append(str(telecom["value"]))
    return values


class FhirFileJob:
    """One bundle or NDJSON file opened for a batch."""

    source_format = "fhir"
    encoding = "utf-8"

    def __init__(self, gate: DeidentificationGate, path: Path, batch_id: str) -> None:
        self.gate = gate
        self.path = path
        self.batch_id = batch_id
        self.warnings: list[str] = []
        self._known_values: dict[str, list[str]] = {}
        self._columns = {name: {c.name: c for c in columns} for name, columns in staging_columns().items()}
        self._resources = read_resources(path)
        # A malformed bundle must fail now, naming the file, before anything of the batch is written.
        self._first = next(self._resources, None)

    def chunks(self) -> Iterator[ChunkResult]:
        pending: list[ResourceAt] = [] if self._first is None else [self._first]
        for item in self._resources:
            pending.append(item)
            if len(pending) >= CHUNK_RESOURCES:
                yield self._convert(pending)
                pending = []
        if pending:
            yield self._convert(pending)

    def _convert(self, items: list[ResourceAt]) -> ChunkResult:
        result = ChunkResult(rows_read=len(items))
        staged: list[tuple[int, str, str, Fact]] = []  # position, patient source id, record key, fact
        for item in items:
            if item.resource is None:
                result.quarantine.append(QuarantineEntry(self.path.name, item.position, None, item.problem or "unreadable", None))
                continue
            resource = item.resource
            outcome = interpret(resource)
            if outcome.quarantine_reason:
                result.quarantine.append(
                    QuarantineEntry(self.path.name, item.position, outcome.quarantine_field, outcome.quarantine_reason, None)
                )
                continue
            if outcome.skip_reason:
                result.skipped[outcome.skip_reason] += 1
                continue
            assert outcome.patient_id is not None
            if resource.get("resourceType") == "Patient":
                self._known_values[outcome.patient_id] = _patient_identifiers(resource)
            digest = hashlib.sha256(orjson.dumps(resource, option=orjson.OPT_SORT_KEYS)).hexdigest()
            key = self.gate.record_key([str(resource["resourceType"]), str(resource["id"]), digest])
            staged.extend((item.position, outcome.patient_id, key, fact) for fact in outcome.facts)
        result.tables = self._stage(staged)
        return result

    def _stage(self, staged: list[tuple[int, str, str, Fact]]) -> dict[str, pa.Table]:
        """Pseudonymize ids, shift dates, scrub note text, and build one Arrow table per staging table."""
        if not staged:
            return {}
        gate = self.gate
        person_ids = gate.pseudonymous_ids("person", [patient for _, patient, _, _ in staged])
        visit_ids = gate.pseudonymous_ids("visit", [fact.visit_source_id for *_, fact in staged])
        provider_ids = gate.pseudonymous_ids("provider", [fact.provider_source_id for *_, fact in staged])
        note_slots = [i for i, (*_, fact) in enumerate(staged) if fact.text_columns]
        if note_slots:
            texts = [staged[i][3].values["note_text"] for i in note_slots]
            shifts = [gate.shift_days(person_ids[i]) for i in note_slots]  # type: ignore[arg-type]
            known = [self._known_values.get(staged[i][1], []) for i in note_slots]
            for i, clean in zip(note_slots, gate.scrub_texts(texts, shifts, known), strict=True):
                staged[i][3].values["note_text"] = clean
        rows: dict[str, list[dict[str, Any]]] = {}
        for index, (position, _, key, fact) in enumerate(staged):
            person_id = person_ids[index]
            assert person_id is not None
            shift = dt.timedelta(days=gate.shift_days(person_id))
            row: dict[str, Any] = {
                "batch_id": self.batch_id,
                "source_file": self.path.name,
                "source_row": position,
                "record_key": key,
                "person_id": person_id,
            }
            columns = self._columns[fact.table]
            for name, value in fact.values.items():
                width = columns[name].width
                row[name] = value[:width] if isinstance(value, str) and width else value
            for name, when in fact.dates.items():
                shifted = None if when is None else when + shift
                row[name] = shifted.date() if shifted is not None and columns[name].sql_type == "DATE" else shifted
            if "visit_id" in columns:
                row["visit_id"] = visit_ids[index]
            if fact.table == "visit":
                row["provider_id"] = provider_ids[index]
            rows.setdefault(fact.table, []).append(row)
        return {table: pa.Table.from_pylist(table_rows, schema=arrow_schema(table)) for table, table_rows in rows.items()}


def ingest_fhir(
    store: Store,
    gate: DeidentificationGate,
    path: Path,
    *,
    user: str | None = None,
    progress: ProgressCallback | None = None,
) -> BatchReport:
    """Stage every new bundle/NDJSON file at `path` in one batch."""
    files = fhir_files(path)
    warnings = [] if files else [f"{path}: no .json or .ndjson files found"]
    jobs = [(file_path, partial(FhirFileJob, gate, file_path)) for file_path in files]
    return run_batch(store, "fhir", path, jobs, warnings=warnings, user=user, progress=progress)  # type: ignore[arg-type]
