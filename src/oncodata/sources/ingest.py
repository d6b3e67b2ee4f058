"""The ingest service: open the de-identification gate, run the right reader, report the batch."""

from __future__ import annotations

from pathlib import Path

from oncodata.errors import UsageError
from oncodata.privacy.gate import DeidentificationGate
from oncodata.settings import Settings
from oncodata.sources.batch import BatchReport, ProgressCallback
from oncodata.sources.fhir.ingest import ingest_fhir
from oncodata.sources.hospital import ingest_hospital_extracts
from oncodata.sources.mapping import load_mapping
from oncodata.store.base import Store

SOURCE_FORMATS = ("hospital", "fhir")


def ingest(
    store: Store,
    settings: Settings,
    path: Path,
    source_format: str,
    *,
    mapping_file: Path | None = None,
    user: str | None = None,
    progress: ProgressCallback | None = None,
) -> BatchReport:
    """Stage one folder or file of `source_format` ("hospital" extracts with a mapping, or "fhir") as a batch."""
    if source_format not in SOURCE_FORMATS:
        raise UsageError(f"--format {source_format!r}: choose hospital or fhir")
    if mapping_file is not None and source_format != "hospital":
        raise UsageError("--mapping applies to --format hospital only")
    mapping = load_mapping(mapping_file) if source_format == "hospital" else None
    gate = DeidentificationGate.open(settings.db, settings.key_file)
    try:
        if mapping is not None:
            return ingest_hospital_extracts(store, gate, path, mapping, user=user, progress=progress)
        return ingest_fhir(store, gate, path, user=user, progress=progress)
    finally:
        gate.close()


def list_batches(store: Store) -> list[dict[str, object]]:
    """Every committed batch with its reconciliation, newest first."""
    rows = store.query(
        "SELECT batch_id, source_kind, source_path, status, started_at, finished_at, started_by, rows_read, rows_staged, "
        "rows_quarantined, rows_skipped FROM admin.batch ORDER BY started_at DESC, batch_id DESC"
    )
    names = [
        "batch_id",
        "source_kind",
        "source_path",
        "status",
        "started_at",
        "finished_at",
        "started_by",
        "read",
        "staged",
        "quarantined",
        "skipped",
    ]
    batches = []
    for row in rows:
        batch = dict(zip(names, row, strict=True))
        batch["reconciles"] = batch["read"] == (batch["staged"] or 0) + (batch["quarantined"] or 0) + (batch["skipped"] or 0)
        for moment in ("started_at", "finished_at"):
            value = batch[moment]
            batch[moment] = value.isoformat(timespec="seconds") if value is not None else None  # type: ignore[union-attr]
        batches.append(batch)
    return batches
