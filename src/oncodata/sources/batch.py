"""Batches: one transaction per load, content hashes for idempotence, dedupe, quarantine and reconciliation."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import tomllib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Protocol

import pyarrow as pa

from oncodata.sources.staging import staging_columns
from oncodata.store.base import Store, sql_literal

HASH_BLOCK = 1 << 20
# Staging rows are buffered and written in large Arrow batches: many small inserts cost more than the data.
FLUSH_ROWS = 100_000
MAX_QUARANTINE_VALUE = 250
QUARANTINE_SCHEMA = pa.schema(
    [
        ("batch_id", pa.string()),
        ("source_file", pa.string()),
        ("source_row", pa.int64()),
        ("field_name", pa.string()),
        ("reason", pa.string()),
        ("offending_value", pa.string()),
    ]
)
DUPLICATE_REASON = "duplicate of a record already staged"
CONFLICT_REASON = "conflicting record"
# Conflicting records are deleted from staging in groups of this many (one VALUES list per statement).
CONFLICT_DELETE_CHUNK = 500
NO_OUTPUT_REASON = "row feeds no staging table (every output's `when` field is empty)"
ProgressCallback = Callable[[str, int], None]


@dataclass(frozen=True)
class QuarantineEntry:
    """A source record that could not be used: where, which field, why, and the value only if it is not identifying."""

    source_file: str
    source_row: int
    field_name: str | None
    reason: str
    offending_value: str | None


@dataclass
class ChunkResult:
    """Staging rows per table, quarantined records and explicitly skipped ones, for one chunk of a file."""

    tables: dict[str, pa.Table] = field(default_factory=dict)
    quarantine: list[QuarantineEntry] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    rows_read: int = 0


class FileJob(Protocol):
    """One source file of a batch: how it was read, and its converted chunks."""

    path: Path
    source_format: str
    encoding: str | None
    warnings: list[str]

    def chunks(self) -> Iterator[ChunkResult]: ...


def new_batch_id() -> str:
    """Sortable and unique: UTC time to the microsecond (batches of one second still sort in load order), plus randomness."""
    return f"b{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S%f}-{secrets.token_hex(3)}"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class FileReport:
    """Reconciliation of one source file: read = staged + quarantined + skipped."""

    source_file: str
    content_sha256: str
    size_bytes: int
    source_format: str
    encoding: str | None
    read: int = 0
    staged: int = 0
    quarantined: int = 0
    skipped: int = 0
    skipped_by_reason: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)

    @property
    def reconciles(self) -> bool:
        return self.read == self.staged + self.quarantined + self.skipped


@dataclass
class BatchReport:
    """Totals over a batch, in records (rows for extracts, resources for FHIR)."""

    batch_id: str
    source_kind: str
    files: list[FileReport] = field(default_factory=list)
    unchanged_files: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def total(self, attribute: str) -> int:
        return sum(int(getattr(f, attribute)) for f in self.files)

    @property
    def skipped_by_reason(self) -> dict[str, int]:
        counter: Counter[str] = Counter()
        for report in self.files:
            counter.update(report.skipped_by_reason)
        return dict(counter)

    def as_json(self) -> dict[str, object]:
        return {
            "batch_id": self.batch_id if self.files else None,
            "files": len(self.files),
            "read": self.total("read"),
            "staged": self.total("staged"),
            "quarantined": self.total("quarantined"),
            "skipped": self.total("skipped"),
            "skipped_by_reason": self.skipped_by_reason,
            "unchanged_files": self.unchanged_files,
            "per_file": [
                {
                    "file": f.source_file,
                    "read": f.read,
                    "staged": f.staged,
                    "quarantined": f.quarantined,
                    "skipped": f.skipped,
                    "encoding": f.encoding,
                    "warnings": f.warnings,
                }
                for f in self.files
            ],
            "warnings": self.warnings,
        }


def already_ingested(store: Store, content_sha256: str) -> bool:
    """True when a committed batch already holds a file with exactly these bytes."""
    return bool(store.scalar("SELECT count(*) FROM admin.source_file WHERE content_sha256 = $h", {"h": content_sha256}))


def write_quarantine(store: Store, batch_id: str, entries: list[QuarantineEntry]) -> None:
    if not entries:
        return
    rows = [
        {
            "batch_id": batch_id,
            "source_file": e.source_file,
            "source_row": e.source_row,
            "field_name": e.field_name,
            "reason": e.reason[:500],
            "offending_value": e.offending_value[:MAX_QUARANTINE_VALUE] if e.offending_value else None,
        }
        for e in entries
    ]
    store.load_arrow("admin.quarantine", pa.Table.from_pylist(rows, schema=QUARANTINE_SCHEMA))


def remove_duplicates(store: Store, batch_id: str) -> None:
    """Drop this batch's staging rows whose record is already staged, by an earlier batch or an earlier record."""
    for table in staging_columns():
        this = f"staging.{table}"
        earlier_in_batch = (
            f"o.source_file < {this}.source_file OR (o.source_file = {this}.source_file AND o.source_row < {this}.source_row)"
        )
        store.execute(
            f"DELETE FROM {this} WHERE batch_id = $b AND ("
            f"EXISTS (SELECT 1 FROM {this} o WHERE o.record_key = {this}.record_key AND o.batch_id <> $b) "
            f"OR EXISTS (SELECT 1 FROM {this} o WHERE o.record_key = {this}.record_key AND o.batch_id = $b "
            f"AND ({earlier_in_batch})))",
            {"b": batch_id},
        )


@dataclass(frozen=True)
class ConflictRule:
    """A staging table holding one fact per key, and the columns two records of that key must agree on."""

    table: str
    key: tuple[str, ...]
    compare: tuple[str, ...]


@lru_cache(maxsize=1)
def conflict_rules() -> tuple[ConflictRule, ...]:
    """The rules of data/record_conflicts.toml."""
    with resources.files("oncodata.sources").joinpath("data", "record_conflicts.toml").open("rb") as handle:
        document = tomllib.load(handle)
    return tuple(ConflictRule(table, tuple(rule["key"]), tuple(rule["compare"])) for table, rule in document.items())


def _conflict_query(rule: ConflictRule) -> str:
    """Records of one batch that disagree with the first record of their key, with that first record and the columns."""
    window = f"OVER (PARTITION BY {', '.join(rule.key)} ORDER BY source_file, source_row)"
    firsts = ", ".join(f"{c}, first_value({c}) {window} AS first_{c}" for c in rule.compare)
    differs = [f"x.{c} IS DISTINCT FROM x.first_{c}" for c in rule.compare]
    which = " ".join(f"WHEN {condition} THEN '{c}'" for c, condition in zip(rule.compare, differs, strict=True))
    return (
        f"SELECT x.source_file, x.source_row, x.first_file, x.first_row, CASE {which} END AS column_name FROM ("
        f"SELECT source_file, source_row, first_value(source_file) {window} AS first_file, "
        f"first_value(source_row) {window} AS first_row, {firsts} FROM staging.{rule.table} WHERE batch_id = $b) AS x "
        f"WHERE {' OR '.join(differs)} ORDER BY x.source_file, x.source_row"
    )


def quarantine_conflicts(
    store: Store, batch_id: str, source_field: Callable[[str, str, str], str | None] | None = None
) -> list[QuarantineEntry]:
    """Take every record that contradicts an earlier record of the same key (this batch) out of staging.

    `source_field(file, table, column)` names the source field behind a staging column (the column itself when None).
    Returns the quarantine entries; the caller writes them and counts them per file.
    """
    entries: dict[tuple[str, int], QuarantineEntry] = {}
    for rule in conflict_rules():
        for file, row, first_file, first_row, column in store.query(_conflict_query(rule), {"b": batch_id}):
            key = (str(file), int(row))
            if key in entries:
                continue
            name = (source_field(key[0], rule.table, str(column)) if source_field else None) or str(column)
            where = f"row {first_row}" if first_file == file else f"row {first_row} of {first_file}"
            same = " and ".join(k.removesuffix("_id") for k in rule.key)
            reason = f"{CONFLICT_REASON}: same {same} as {where} but a different {name}"
            entries[key] = QuarantineEntry(key[0], key[1], name, reason, None)
    keys = sorted(entries)
    for start in range(0, len(keys), CONFLICT_DELETE_CHUNK):
        chunk = keys[start : start + CONFLICT_DELETE_CHUNK]
        values = ", ".join(f"({sql_literal(file)}, {row})" for file, row in chunk)
        for table in staging_columns():
            store.execute(
                f"DELETE FROM staging.{table} WHERE batch_id = $b AND EXISTS (SELECT 1 FROM (VALUES {values}) AS c(f, r) "
                f"WHERE c.f = staging.{table}.source_file AND c.r = staging.{table}.source_row)",
                {"b": batch_id},
            )
    return [entries[key] for key in keys]


def staged_records_per_file(store: Store, batch_id: str) -> dict[str, int]:
    """Distinct source records of each file that still feed at least one staging table."""
    union = " UNION ALL ".join(f"SELECT source_file, source_row FROM staging.{t} WHERE batch_id = $b" for t in staging_columns())
    rows = store.query(
        f"SELECT source_file, count(DISTINCT source_row) FROM ({union}) AS staged GROUP BY source_file",
        {"b": batch_id},
    )
    return {str(name): int(count) for name, count in rows}


def _record_batch(store: Store, report: BatchReport, source_path: str, started_at: dt.datetime, user: str | None) -> None:
    """Write the batch register, per-file reconciliation and skip counts (inside the batch's transaction)."""
    for f in report.files:
        store.execute(
            "INSERT INTO admin.source_file VALUES ($b, $file, $sha, $size, $format, $encoding, $read, $staged, $q, $skipped)",
            {
                "b": report.batch_id,
                "file": f.source_file,
                "sha": f.content_sha256,
                "size": f.size_bytes,
                "format": f.source_format,
                "encoding": f.encoding,
                "read": f.read,
                "staged": f.staged,
                "q": f.quarantined,
                "skipped": f.skipped,
            },
        )
        for reason, count in f.skipped_by_reason.items():
            record_type = reason.split(":", 1)[0] if ":" in reason else "record"
            store.execute(
                "INSERT INTO admin.skipped_record VALUES ($b, $file, $type, $reason, $n)",
                {"b": report.batch_id, "file": f.source_file, "type": record_type[:100], "reason": reason[:250], "n": count},
            )
    store.execute(
        "INSERT INTO admin.batch (batch_id, source_kind, source_path, status, started_at, finished_at, started_by, rows_read, "
        "rows_staged, rows_quarantined, rows_skipped) "
        "VALUES ($b, $kind, $path, 'committed', $start, $end, $user, $read, $staged, $q, $s)",
        {
            "b": report.batch_id,
            "kind": report.source_kind,
            "path": source_path,
            "start": started_at,
            "end": dt.datetime.now(dt.UTC).replace(tzinfo=None),
            "user": user,
            "read": report.total("read"),
            "staged": report.total("staged"),
            "q": report.total("quarantined"),
            "s": report.total("skipped"),
        },
    )


class _StagingBuffer:
    """Collects Arrow chunks per staging table and loads them in large batches."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.pending: dict[str, list[pa.Table]] = {}
        self.rows = 0

    def add(self, table: str, data: pa.Table) -> None:
        self.pending.setdefault(table, []).append(data)
        self.rows += data.num_rows
        if self.rows >= FLUSH_ROWS:
            self.flush()

    def flush(self) -> None:
        for table, parts in self.pending.items():
            self.store.load_arrow(f"staging.{table}", pa.concat_tables(parts, promote_options="default"))
        self.pending, self.rows = {}, 0


def run_batch(
    store: Store,
    kind: str,
    source_path: Path,
    jobs: list[tuple[Path, Callable[[str], FileJob]]],
    *,
    warnings: list[str] | None = None,
    user: str | None = None,
    progress: ProgressCallback | None = None,
) -> BatchReport:
    """Stage every new file in one transaction: a crash or Ctrl-C leaves nothing, and the next run redoes it all.

    Each job is a file plus a factory that opens it for a given batch id. Files whose exact bytes were already
    ingested are left out; records staged before (same record key) are counted as skipped duplicates.
    """
    report = BatchReport(new_batch_id(), kind, warnings=list(warnings or []))
    started = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    buffer = _StagingBuffer(store)
    opened: dict[str, FileJob] = {}
    with store.transaction():
        for path, open_job in jobs:
            digest = file_sha256(path)
            if already_ingested(store, digest):
                report.unchanged_files.append(path.name)
                continue
            job = open_job(report.batch_id)
            opened[path.name] = job
            file_report = FileReport(
                path.name, digest, path.stat().st_size, job.source_format, job.encoding, warnings=job.warnings
            )
            for chunk in job.chunks():
                for table, data in chunk.tables.items():
                    buffer.add(table, data)
                write_quarantine(store, report.batch_id, chunk.quarantine)
                file_report.read += chunk.rows_read
                file_report.quarantined += len(chunk.quarantine)
                file_report.skipped_by_reason.update(chunk.skipped)
                if progress:
                    progress(path.name, chunk.rows_read)
            report.files.append(file_report)
        if not report.files:
            return report
        buffer.flush()
        remove_duplicates(store, report.batch_id)

        def source_field(file: str, table: str, column: str) -> str | None:
            # Extract jobs know which source field fills a staging column; other jobs name the column itself.
            named = getattr(opened.get(file), "source_field", None)
            return named(table, column) if named is not None else None

        conflicts = quarantine_conflicts(store, report.batch_id, source_field)
        write_quarantine(store, report.batch_id, conflicts)
        conflicts_per_file = Counter(entry.source_file for entry in conflicts)
        staged = staged_records_per_file(store, report.batch_id)
        for file_report in report.files:
            file_report.quarantined += conflicts_per_file.get(file_report.source_file, 0)
            file_report.staged = staged.get(file_report.source_file, 0)
            file_report.skipped = file_report.read - file_report.staged - file_report.quarantined
            duplicates = file_report.skipped - sum(file_report.skipped_by_reason.values())
            if duplicates:
                file_report.skipped_by_reason[DUPLICATE_REASON] = duplicates
        _record_batch(store, report, str(source_path), started, user)
    return report
