"""Ingest a folder (or one file) of hospital extracts through the mapping into one staging batch."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from functools import partial
from pathlib import Path

from oncodata.errors import BadInputError
from oncodata.privacy.gate import DeidentificationGate
from oncodata.sources.batch import BatchReport, ChunkResult, ProgressCallback, run_batch
from oncodata.sources.extract_rows import ExtractRowConverter
from oncodata.sources.mapping import FileSpec, MappingSpec
from oncodata.sources.tabular import open_tabular
from oncodata.store.base import Store


def match_files(path: Path, mapping: MappingSpec) -> tuple[list[tuple[Path, FileSpec]], list[str]]:
    """Pair each extract with its mapping entry; warnings name entries without a file and files without an entry."""
    if not path.exists():
        raise BadInputError(f"{path}: no such file or folder")
    if path.is_file():
        for spec in mapping.files:
            if fnmatch.fnmatch(path.name, spec.pattern):
                return [(path, spec)], []
        raise BadInputError(f"{path.name}: no entry of the mapping matches this file name")
    pairs: list[tuple[Path, FileSpec]] = []
    warnings: list[str] = []
    candidates = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
    claimed: set[Path] = set()
    for spec in mapping.files:
        matches = [p for p in candidates if fnmatch.fnmatch(p.name, spec.pattern)]
        if not matches:
            warnings.append(f"mapping entry {spec.name}: no file matches {spec.pattern!r}")
        pairs.extend((p, spec) for p in matches if p not in claimed)
        claimed.update(matches)
    warnings.extend(f"{p.name}: not in the mapping, not read" for p in candidates if p not in claimed)
    return pairs, warnings


class ExtractJob:
    """One extract file opened for a batch: header checked now, rows converted lazily chunk by chunk."""

    def __init__(self, gate: DeidentificationGate, path: Path, spec: FileSpec, batch_id: str) -> None:
        self.path = path
        self.source_format = spec.format
        opened, self._rows = open_tabular(path, spec)
        self.encoding = opened.encoding
        self.warnings = (
            [f"columns not in the mapping were not read: {', '.join(opened.unmapped_columns)}"] if opened.unmapped_columns else []
        )
        self._spec = spec
        self._converter = ExtractRowConverter(gate, spec, path.name, batch_id)

    def chunks(self) -> Iterator[ChunkResult]:
        return self._converter.convert(self._rows)

    def source_field(self, table: str, column: str) -> str | None:
        """The mapped field a staging column is filled from (`birth_date.year` -> `birth_date`)."""
        for output in self._spec.outputs:
            sources = output.columns.get(column) if output.table == table else None
            if sources and not sources[0].startswith("="):
                return sources[0].split(".", 1)[0]
        return None


def ingest_hospital_extracts(
    store: Store,
    gate: DeidentificationGate,
    path: Path,
    mapping: MappingSpec,
    *,
    user: str | None = None,
    progress: ProgressCallback | None = None,
) -> BatchReport:
    """Read, de-identify and stage every new extract in one batch."""
    pairs, warnings = match_files(path, mapping)
    jobs = [(file_path, partial(ExtractJob, gate, file_path, spec)) for file_path, spec in pairs]
    return run_batch(store, "hospital", path, jobs, warnings=warnings, user=user, progress=progress)  # type: ignore[arg-type]
