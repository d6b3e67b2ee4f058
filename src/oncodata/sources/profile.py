"""Profile source extracts for an ETL designer (a WhiteRabbit-style scan report), streaming in bounded memory."""

from __future__ import annotations

import csv
import datetime as dt
import fnmatch
import heapq
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from oncodata.errors import BadInputError
from oncodata.sources.dates import DateParseError, date_parser
from oncodata.sources.encoding import detect_encoding
from oncodata.sources.mapping import IDENTIFYING_ROLES, FieldSpec, FileSpec, MappingSpec
from oncodata.sources.tabular import _excel_cell_text  # the same cell-to-text rule ingest applies

csv.field_size_limit(sys.maxsize)
SUFFIX_FORMATS = {".csv": "csv", ".txt": "csv", ".tsv": "tsv", ".tab": "tsv", ".xlsx": "excel", ".xlsm": "excel"}
DELIMITER_CANDIDATES = (",", "\t", ";", "|")
CHUNK_ROWS = 4_096  # rows are profiled column-wise in chunks of this many, so most work runs in C
_MASK64 = (1 << 64) - 1
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_UNDECODABLE = re.compile("[\udc80-\udcff]")  # what surrogateescape makes of bytes the codec cannot read
ProgressCallback = Callable[[str, int], None]


@dataclass(frozen=True)
class ProfileRules:
    """Thresholds and patterns from `data/profile_rules.yaml`."""

    distinct_exact_limit: int
    distinct_sketch_size: int
    heavy_hitter_capacity: int
    top_values_shown: int
    min_cell_count: int
    sample_values: int
    type_share: float
    identifier_share: float
    free_text_mean_length: float
    identifier_patterns: dict[str, re.Pattern[str]]
    name_headers: re.Pattern[str]
    name_values: re.Pattern[str]
    identifier_headers: re.Pattern[str]

    def with_overrides(self, **overrides: Any) -> ProfileRules:
        values = {name: getattr(self, name) for name in self.__dataclass_fields__}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return ProfileRules(**values)


@lru_cache(maxsize=1)
def load_profile_rules() -> ProfileRules:
    """The shipped profile rules."""
    with resources.files("oncodata.sources").joinpath("data", "profile_rules.yaml").open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    return ProfileRules(
        distinct_exact_limit=int(raw["distinct_exact_limit"]),
        distinct_sketch_size=int(raw["distinct_sketch_size"]),
        heavy_hitter_capacity=int(raw["heavy_hitter_capacity"]),
        top_values_shown=int(raw["top_values_shown"]),
        min_cell_count=int(raw["min_cell_count"]),
        sample_values=int(raw["sample_values"]),
        type_share=float(raw["type_share"]),
        identifier_share=float(raw["identifier_share"]),
        free_text_mean_length=float(raw["free_text_mean_length"]),
        identifier_patterns={str(k): re.compile(str(v)) for k, v in raw["identifier_patterns"].items()},
        name_headers=re.compile(str(raw["name_headers"])),
        name_values=re.compile(str(raw["name_values"])),
        identifier_headers=re.compile(str(raw["identifier_headers"])),
    )


class DistinctCounter:
    """Distinct values: exact up to a bound, then a KMV (k minimum hash values) estimate; never more than the bound held."""

    def __init__(self, exact_limit: int, sketch_size: int) -> None:
        self.exact_limit = exact_limit
        self.sketch_size = sketch_size
        self._exact: set[str] | None = set()
        self._heap: list[int] = []  # negated hashes: a max-heap of the k smallest
        self._members: set[int] = set()

    @property
    def is_exact(self) -> bool:
        return self._exact is not None

    @property
    def entries(self) -> int:
        return len(self._exact) if self._exact is not None else len(self._heap)

    def add(self, value: str) -> None:
        if self._exact is not None:
            self._exact.add(value)
            if len(self._exact) > self.exact_limit:
                for held in self._exact:
                    self._add_hash(held)
                self._exact = None
            return
        self._add_hash(value)

    def add_many(self, values: list[str]) -> None:
        if self._exact is not None:
            self._exact.update(values)
            if len(self._exact) > self.exact_limit:
                held, self._exact = self._exact, None
                self.add_many(list(held))
            return
        threshold = -self._heap[0] if len(self._heap) >= self.sketch_size else _MASK64 + 1
        for hashed in {hash(v) & _MASK64 for v in values}:
            if hashed < threshold and hashed not in self._members:
                if len(self._heap) < self.sketch_size:
                    heapq.heappush(self._heap, -hashed)
                else:
                    self._members.discard(-heapq.heapreplace(self._heap, -hashed))
                self._members.add(hashed)
                if len(self._heap) >= self.sketch_size:
                    threshold = -self._heap[0]

    def _add_hash(self, value: str) -> None:
        hashed = hash(value) & _MASK64
        if hashed in self._members:
            return
        if len(self._heap) < self.sketch_size:
            heapq.heappush(self._heap, -hashed)
            self._members.add(hashed)
        elif hashed < -self._heap[0]:
            self._members.discard(-heapq.heapreplace(self._heap, -hashed))
            self._members.add(hashed)

    def count(self) -> int:
        if self._exact is not None:
            return len(self._exact)
        if len(self._heap) < self.sketch_size:
            return len(self._heap)
        kth_smallest = -self._heap[0]
        return round((self.sketch_size - 1) * (1 << 64) / (kth_smallest + 1))


class HeavyHitters:
    """Misra-Gries frequent values in at most `capacity` counters; a count is low by at most `error_bound`."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.counters: dict[str, int] = {}
        self.error_bound = 0
        self.largest_size = 0

    def add(self, value: str) -> None:
        counters = self.counters
        if value in counters:
            counters[value] += 1
        elif len(counters) < self.capacity:
            counters[value] = 1
            self.largest_size = max(self.largest_size, len(counters))
        else:
            # Decrement every counter (and drop the newcomer): amortized O(1), as the dropped mass pays for it.
            self.error_bound += 1
            self.counters = {key: count - 1 for key, count in counters.items() if count > 1}

    def add_many(self, values: list[str]) -> None:
        """Merge a chunk's exact counts, then keep the `capacity` largest by subtracting the next count (mergeable MG)."""
        counters = self.counters
        for value, count in Counter(values).items():
            counters[value] = counters.get(value, 0) + count
        self.largest_size = max(self.largest_size, len(counters))
        if len(counters) > self.capacity:
            cut = heapq.nlargest(self.capacity + 1, counters.values())[-1]
            self.error_bound += cut
            self.counters = {key: count - cut for key, count in counters.items() if count > cut}

    def top(self, n: int) -> list[tuple[str, int]]:
        return sorted(self.counters.items(), key=lambda item: (-item[1], item[0]))[:n]


@dataclass(frozen=True)
class ColumnContext:
    """What is known about a column before reading it: header, position, and its mapping field if any."""

    header: str
    position: int
    field_spec: FieldSpec | None
    mapping_entry: str | None


class ColumnProfiler:
    """Accumulates one column's statistics value by value in bounded memory."""

    def __init__(self, context: ColumnContext, rules: ProfileRules) -> None:
        self.context = context
        self.rules = rules
        self.nulls = 0
        self.values = 0
        self.length_min: int | None = None
        self.length_max = 0
        self.length_total = 0
        self.distinct = DistinctCounter(rules.distinct_exact_limit, rules.distinct_sketch_size)
        self.heavy = HeavyHitters(rules.heavy_hitter_capacity)
        self.identifier_hits: Counter[str] = Counter()
        self.name_hits = 0
        self.name_header = bool(rules.name_headers.search(context.header))
        self.track_numbers = True
        self.track_dates = True
        self.numbers = 0
        self.number_min: float | None = None
        self.number_max: float | None = None
        self.dates = 0
        self.date_min: dt.datetime | None = None
        self.date_max: dt.datetime | None = None
        self._parse_date = date_parser(False)

    @property
    def sampled(self) -> int:
        return min(self.values, self.rules.sample_values)

    def add(self, value: str | None) -> None:
        if not value:
            self.nulls += 1
            return
        self.values += 1
        length = len(value)
        self.length_total += length
        self.length_max = max(self.length_max, length)
        self.length_min = length if self.length_min is None else min(self.length_min, length)
        self.distinct.add(value)
        self.heavy.add(value)
        if self.values <= self.rules.sample_values:
            self._inspect_sample(value)
            if self.values == self.rules.sample_values:
                self._decide_types()
        if self.track_numbers and _NUMBER.fullmatch(value):
            number = float(value)
            self.numbers += 1
            self.number_min = number if self.number_min is None else min(self.number_min, number)
            self.number_max = number if self.number_max is None else max(self.number_max, number)
        if self.track_dates and value[0].isdigit():
            try:
                moment = self._parse_date(value)
            except DateParseError:
                return
            self.dates += 1
            self.date_min = moment if self.date_min is None else min(self.date_min, moment)
            self.date_max = moment if self.date_max is None else max(self.date_max, moment)

    def add_many(self, cells: list[str | None] | tuple[str | None, ...]) -> None:
        """The same statistics as `add`, for one column of a chunk of rows."""
        present = [v for v in cells if v]
        self.nulls += len(cells) - len(present)
        if not present:
            return
        lengths = list(map(len, present))
        self.length_total += sum(lengths)
        self.length_max = max(self.length_max, max(lengths))
        self.length_min = min(lengths) if self.length_min is None else min(self.length_min, min(lengths))
        start = self.values
        self.values += len(present)
        for value in present[: max(self.rules.sample_values - start, 0)]:
            self._inspect_sample(value)
        self.distinct.add_many(present)
        self.heavy.add_many(present)
        if self.track_numbers:
            numbers = [float(v) for v in present if _NUMBER.fullmatch(v)]
            if numbers:
                self.numbers += len(numbers)
                low, high = min(numbers), max(numbers)
                self.number_min = low if self.number_min is None else min(self.number_min, low)
                self.number_max = high if self.number_max is None else max(self.number_max, high)
        if self.track_dates:
            parse = self._parse_date
            for value in present:
                if not value[0].isdigit():
                    continue
                try:
                    moment = parse(value)
                except DateParseError:
                    continue
                self.dates += 1
                if self.date_min is None or moment < self.date_min:
                    self.date_min = moment
                if self.date_max is None or moment > self.date_max:
                    self.date_max = moment
        if start < self.rules.sample_values <= self.values:
            self._decide_types()

    def _inspect_sample(self, value: str) -> None:
        for kind, pattern in self.rules.identifier_patterns.items():
            if pattern.fullmatch(value):
                self.identifier_hits[kind] += 1
        if self.name_header and self.rules.name_values.fullmatch(value):
            self.name_hits += 1

    def _decide_types(self) -> None:
        """After the sample: keep parsing numbers/dates only for columns that mostly hold them."""
        seen = max(self.values, 1)
        if self.numbers / seen < self.rules.type_share:
            self.track_numbers = False
        if self.dates / seen < self.rules.type_share:
            self.track_dates = False

    def identifying_reason(self) -> tuple[str, str] | None:
        """(how, why) when the column is identifying: by its mapping role, its header, or its content."""
        spec = self.context.field_spec
        if spec is not None and spec.role in IDENTIFYING_ROLES:
            return "mapping", f"mapping entry {self.context.mapping_entry}: field {spec.name} has identifying role {spec.role}"
        sampled = self.sampled
        if sampled:
            kind, hits = max(self.identifier_hits.items(), key=lambda item: item[1], default=("", 0))
            if hits / sampled >= self.rules.identifier_share:
                return "content", f"{hits / sampled:.0%} of sampled values look like {kind.replace('_', ' ')}"
            if self.name_header and self.name_hits / sampled >= self.rules.identifier_share:
                return (
                    "header+content",
                    f"a name header and {self.name_hits / sampled:.0%} of sampled values look like personal names",
                )
        if self.rules.identifier_headers.search(self.context.header):
            return "header", "the header names an identifier (id number, hospital number, contact detail or address)"
        return None

    def result(self) -> dict[str, Any]:
        if self.values < self.rules.sample_values:
            self._decide_types()
        rules = self.rules
        total = self.values + self.nulls
        identifying = self.identifying_reason()
        mean_length = self.length_total / self.values if self.values else None
        free_text = mean_length is not None and mean_length >= rules.free_text_mean_length
        role = self.context.field_spec.role if self.context.field_spec else None
        column: dict[str, Any] = {
            "name": self.context.header,
            "position": self.context.position + 1,
            "mapping_field": self.context.field_spec.name if self.context.field_spec else None,
            "mapping_role": role,
            "rows": total,
            "nulls": self.nulls,
            "null_share": round(self.nulls / total, 4) if total else None,
            "distinct": self.distinct.count(),
            "distinct_exact": self.distinct.is_exact,
            "length": {
                "min": self.length_min,
                "max": self.length_max if self.values else None,
                "mean": round(mean_length, 1) if mean_length is not None else None,
            },
            "identifying": {"by": identifying[0], "reason": identifying[1]} if identifying else None,
            "free_text": free_text,
            "type": self._type_name(),
        }
        column["numeric"] = self._numeric(identifying is not None)
        column["dates"] = self._dates(identifying is not None)
        column.update(self._top_values(identifying is not None or free_text))
        return column

    def _type_name(self) -> str:
        if not self.values:
            return "empty"
        if self.track_dates and self.dates / self.values >= self.rules.type_share:
            return "date"
        if self.track_numbers and self.numbers / self.values >= self.rules.type_share:
            return "number"
        return "text"

    def _numeric(self, identifying: bool) -> dict[str, Any] | None:
        if not self.track_numbers or not self.numbers:
            return None
        if identifying:
            return {"values": self.numbers, "min": None, "max": None, "hidden": True}
        return {
            "values": self.numbers,
            "min": _plain_number(self.number_min),
            "max": _plain_number(self.number_max),
            "hidden": False,
        }

    def _dates(self, identifying: bool) -> dict[str, Any] | None:
        if not self.track_dates or not self.dates or self.date_min is None or self.date_max is None:
            return None
        if identifying:  # an exact date of a patient is identifying: the range is given by month only
            return {"values": self.dates, "min": self.date_min.strftime("%Y-%m"), "max": self.date_max.strftime("%Y-%m"),
                    "granularity": "month"}  # fmt: skip
        return {"values": self.dates, "min": _iso(self.date_min), "max": _iso(self.date_max), "granularity": "exact"}

    def _top_values(self, hidden: bool) -> dict[str, Any]:
        if hidden:
            return {"top_values": None, "top_values_exact": None, "top_values_suppressed": None}
        rules = self.rules
        shown: list[dict[str, Any]] = []
        suppressed = 0
        for value, count in self.heavy.top(rules.heavy_hitter_capacity):
            if count < rules.min_cell_count:
                suppressed += 1
                continue
            if len(shown) < rules.top_values_shown:
                shown.append({"value": _masked(value, rules), "count": count})
        return {
            "top_values": shown,
            "top_values_exact": self.heavy.error_bound == 0,
            "top_values_count_error_bound": self.heavy.error_bound,
            # distinct frequent-value candidates not listed because they occur fewer than min_cell_count times
            "top_values_suppressed": suppressed,
        }


def _masked(value: str, rules: ProfileRules) -> str:
    """A listed value that holds an identifier anywhere is replaced by a placeholder naming its kind."""
    for kind, pattern in rules.identifier_patterns.items():
        if pattern.search(value):
            return f"<hidden: holds a {kind.replace('_', ' ')}>"
    return value if len(value) <= 80 else value[:77] + "..."


def _plain_number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def _iso(moment: dt.datetime) -> str:
    return moment.date().isoformat() if moment.time() == dt.time() else moment.isoformat(sep=" ")


@dataclass
class SheetScan:
    """One opened file or sheet: how it was read, its header, and a stream of data rows (lists of cell text)."""

    label: str
    sheet: str | None
    encoding: str | None
    delimiter: str | None
    header: list[str]
    rows: Iterator[list[str | None]]
    problems: Counter[str] = field(default_factory=Counter)


def _clean_header(value: object, position: int) -> str:
    text = str(value if value is not None else "").replace("\ufeff", "").strip()
    return text or f"(column {position + 1})"


def _sniff_delimiter(first_line: str) -> str:
    counts = {candidate: first_line.count(candidate) for candidate in DELIMITER_CANDIDATES}
    best = max(counts, key=lambda candidate: counts[candidate])
    return best if counts[best] else ","


def _open_text(path: Path, spec: FileSpec | None) -> SheetScan:
    """Open a CSV/TSV file: detect its encoding and delimiter, read the header, stream the rows."""
    if path.stat().st_size == 0:
        raise BadInputError(f"{path.name}: the file is empty (no header row)")
    with open(path, "rb") as handle:
        head = handle.read(65536)
    if b"\x00" in head:
        raise BadInputError(f"{path.name}: holds NUL bytes, so it is not a UTF-8/GBK text export (UTF-16? re-save it as UTF-8)")
    encoding = detect_encoding(path) if spec is None or spec.encoding == "auto" else spec.encoding
    codec = "utf-8" if encoding == "utf-8-sig" else encoding  # the BOM is removed from the header text
    header_row = spec.header_row if spec else 1
    if spec is not None:
        delimiter = spec.delimiter
    elif SUFFIX_FORMATS.get(path.suffix.lower()) == "tsv":
        delimiter = "\t"
    else:
        delimiter = _sniff_delimiter(
            head.split(b"\n", header_row)[min(header_row - 1, head.count(b"\n"))].decode(codec, "replace")
        )

    def lines() -> Iterator[str]:
        with open(path, "rb") as handle:
            for raw in handle:
                yield raw.decode(codec, errors="surrogateescape")

    reader = csv.reader(lines(), delimiter=delimiter)
    raw_header: list[str] = []
    for _ in range(header_row):
        raw_header = next(reader, [])
    if not any(cell.strip() for cell in raw_header):
        raise BadInputError(f"{path.name}: no header row found at line {header_row}")
    if _UNDECODABLE.search("".join(raw_header)):
        raise BadInputError(f"{path.name}: the header is not valid {encoding}; the file is in another encoding (set `encoding:`)")
    header = [_clean_header(cell, i) for i, cell in enumerate(raw_header)]
    scan = SheetScan(path.name, None, encoding, delimiter, header, iter(()))

    def rows() -> Iterator[list[str | None]]:
        width = len(header)
        for cells in reader:
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue
            if len(cells) != width:
                scan.problems[f"rows with a column count other than the header's {width} (truncated or broken lines)"] += 1
                continue
            if _UNDECODABLE.search("".join(cells)):
                scan.problems[f"rows holding bytes that are not valid {encoding} (mixed encodings)"] += 1
                continue
            yield [cell.strip() or None for cell in cells]

    scan.rows = rows()
    return scan


def _open_workbook(path: Path, spec: FileSpec | None) -> Iterator[SheetScan]:
    """Each sheet of an .xlsx workbook, streamed in openpyxl's read-only mode."""
    from openpyxl import load_workbook  # heavy import, only when a workbook is profiled

    if path.stat().st_size == 0:
        raise BadInputError(f"{path.name}: the file is empty")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged workbook
        raise BadInputError(f"{path.name}: not a readable .xlsx workbook ({type(error).__name__})") from error
    try:
        for name in workbook.sheetnames:
            header_row = spec.header_row if spec and (not spec.sheets or name in spec.sheets) else 1
            cells = workbook[name].iter_rows(values_only=True)
            raw_header: tuple[Any, ...] = ()
            for _ in range(header_row):
                raw_header = next(cells, ())
            if not any(v is not None and str(v).strip() for v in raw_header):
                yield SheetScan(path.name, name, None, None, [], iter(()), Counter({"sheet has no header row": 1}))
                continue
            header = [_clean_header(v, i) for i, v in enumerate(raw_header)]
            while header and header[-1].startswith("(column ") and raw_header[len(header) - 1] is None:
                header.pop()  # trailing empty header cells of a formatted sheet

            def rows(cells: Iterator[tuple[Any, ...]] = cells, width: int = len(header)) -> Iterator[list[str | None]]:
                for values in cells:
                    texts = [_excel_cell_text(v) for v in values[:width]]
                    if any(texts):
                        yield texts + [None] * (width - len(texts))

            yield SheetScan(path.name, name, None, None, header, rows())
    finally:
        workbook.close()


def _mapping_entry(path: Path, mapping: MappingSpec | None) -> FileSpec | None:
    if mapping is None:
        return None
    return next((spec for spec in mapping.files if fnmatch.fnmatch(path.name, spec.pattern)), None)


def _column_contexts(header: list[str], spec: FileSpec | None, sheet: str | None) -> tuple[list[ColumnContext], dict[str, Any]]:
    """Attach mapping fields to columns; also say which mapped fields the file lacks and which columns are unmapped."""
    applies = spec is not None and (sheet is None or not spec.sheets or sheet in spec.sheets)
    field_of: dict[str, FieldSpec] = {}
    check: dict[str, Any] = {
        "entry": spec.name if spec and applies else None,
        "missing_required_fields": [],
        "missing_optional_fields": [],
        "unmapped_columns": [],
    }
    if spec is not None and applies:
        for field_spec in spec.fields.values():
            for name in field_spec.headers:
                field_of.setdefault(name, field_spec)
        present = set(header)
        missing = [f for f in spec.fields.values() if not present.intersection(f.headers)]
        check["missing_required_fields"] = [f.name for f in missing if f.required]
        check["missing_optional_fields"] = [f.name for f in missing if not f.required]
        check["unmapped_columns"] = [h for h in header if h not in field_of]
    entry = spec.name if spec else None
    return [ColumnContext(h, i, field_of.get(h), entry) for i, h in enumerate(header)], check


def profile_sheet(scan: SheetScan, spec: FileSpec | None, rules: ProfileRules,
                  progress: ProgressCallback | None = None) -> dict[str, Any]:  # fmt: skip
    """Stream every row of one file or sheet through per-column profilers."""
    started = time.perf_counter()
    contexts, mapping_check = _column_contexts(scan.header, spec, scan.sheet)
    profilers = [ColumnProfiler(context, rules) for context in contexts]
    rows = 0
    label = scan.label if scan.sheet is None else f"{scan.label} [{scan.sheet}]"
    chunk: list[list[str | None]] = []

    def flush() -> None:
        if chunk and profilers:
            for profiler, column in zip(profilers, zip(*chunk, strict=True), strict=True):
                profiler.add_many(column)
        if progress is not None and chunk:
            progress(label, len(chunk))
        chunk.clear()

    for cells in scan.rows:
        rows += 1
        chunk.append(cells)
        if len(chunk) >= CHUNK_ROWS:
            flush()
    flush()
    columns = [p.result() for p in profilers]
    warnings = [f"{count:,} {what}: not profiled" for what, count in scan.problems.items()]
    if not rows and scan.header:
        warnings.append("no data rows below the header")
    if mapping_check.get("missing_required_fields"):
        warnings.append(f"mapping entry {mapping_check['entry']}: required fields missing from the header: "
                        + ", ".join(mapping_check["missing_required_fields"]))  # fmt: skip
    return {
        "rows": rows,
        "columns": columns,
        "mapping": mapping_check,
        "problem_rows": dict(scan.problems),
        "warnings": warnings,
        "identifying_columns": [c["name"] for c in columns if c["identifying"]],
        "largest_tracked_values_per_column": max((p.heavy.largest_size + p.distinct.entries for p in profilers), default=0),
        "seconds": round(time.perf_counter() - started, 3),
    }


def profile_file(path: Path, mapping: MappingSpec | None, rules: ProfileRules,
                 progress: ProgressCallback | None = None) -> list[dict[str, Any]]:  # fmt: skip
    """One entry per CSV/TSV file, or per sheet of a workbook; a BadInputError names the file."""
    file_format = SUFFIX_FORMATS.get(path.suffix.lower())
    if file_format is None:
        raise BadInputError(f"{path.name}: not a CSV/TSV/TXT or .xlsx file (.xls: re-save as .xlsx)")
    spec = _mapping_entry(path, mapping)
    base = {"file": path.name, "format": spec.format if spec else file_format, "size_bytes": path.stat().st_size, "error": None}
    if file_format == "excel":
        return [{**base, "sheet": s.sheet, "encoding": None, "delimiter": None, **profile_sheet(s, spec, rules, progress)}
                for s in _open_workbook(path, spec)]  # fmt: skip
    scan = _open_text(path, spec)
    return [
        {
            **base,
            "sheet": None,
            "encoding": scan.encoding,
            "delimiter": scan.delimiter,
            **profile_sheet(scan, spec, rules, progress),
        }
    ]


def profile_path(
    path: Path,
    mapping: MappingSpec | None = None,
    *,
    mapping_origin: str | None = None,
    rules: ProfileRules | None = None,
    progress: ProgressCallback | None = None,
) -> dict[str, Any]:
    """Profile one file, or every tabular file at the top of a folder (a failing file is reported, the rest go on)."""
    rules = rules or load_profile_rules()
    if not path.exists():
        raise BadInputError(f"{path}: no such file or folder")
    entries: list[dict[str, Any]] = []
    if path.is_file():
        entries.extend(profile_file(path, mapping, rules, progress))
    else:
        candidates = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIX_FORMATS)
        if not candidates:
            raise BadInputError(f"{path}: no CSV/TSV/TXT or .xlsx files to profile")
        for candidate in candidates:
            try:
                entries.extend(profile_file(candidate, mapping, rules, progress))
            except BadInputError as error:
                entries.append({"file": candidate.name, "sheet": None, "error": error.message})
    return {
        "path": str(path),
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "mapping": mapping_origin,
        "rules": {
            "distinct_exact_limit": rules.distinct_exact_limit,
            "heavy_hitter_capacity": rules.heavy_hitter_capacity,
            "top_values_shown": rules.top_values_shown,
            "min_cell_count": rules.min_cell_count,
        },
        "files": entries,
        "errors": sum(1 for e in entries if e.get("error")),
    }


def render_profile_html(report: dict[str, Any]) -> str:
    """The report as one self-contained HTML page (inline CSS, no scripts or outside assets)."""
    import jinja2

    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    template_text = resources.files("oncodata.sources").joinpath("data", "profile_report.html.j2").read_text(encoding="utf-8")
    return environment.from_string(template_text).render(report=report)
