"""The declarative mapping file: per source file or sheet, how to read it and what each column means.

A hospital describes its own export layout in YAML; see the README and `data/hospital_default.yaml`.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from oncodata.errors import BadInputError
from oncodata.sources.encoding import SUPPORTED, normalize_encoding_name

# What a column is. Identifying roles never reach staging as written: they are pseudonymized, shifted,
# reduced, scrubbed or dropped, and their values are never echoed into quarantine or messages.
ROLES = frozenset(
    {
        "person_key",  # the patient's id in this hospital -> person_id (keyed hash; crosswalk in the vault)
        "visit_key",  # encounter number -> visit_id
        "provider",  # clinician name or id -> provider_id
        "record_id",  # the record's own id (order no, pathology no): only feeds the record key
        "identifier",  # name, national id, phone, address...: dropped, and removed from this row's free text
        "date",
        "datetime",
        "birth_date",  # kept as year and month only: `.year`, `.month`
        "code",
        "text",  # free text: scrubbed, dates shifted with the person
        "value",
        "number",
        "integer",
        "result",  # lab result: `.number`, `.operator` (< > <= >=), `.text`
        "range",  # reference range "3.5-5.5": `.low`, `.high`
        "location",  # address generalized to province level
        "ignore",
    }
)
IDENTIFYING_ROLES = frozenset(
    {"person_key", "visit_key", "provider", "record_id", "identifier", "date", "datetime", "birth_date", "text", "location"}
)
NEVER_OUTPUT_ROLES = frozenset({"identifier", "record_id", "ignore"})
DERIVED_PARTS = {"birth_date": {"year", "month"}, "result": {"number", "operator", "text"}, "range": {"low", "high"}}
FORMATS = frozenset({"csv", "tsv", "excel"})
STAGING_TABLES = frozenset({"person", "visit", "condition", "drug", "measurement", "procedure", "observation", "note", "death"})
# Filled by ingest itself, never by the mapping.
PROVENANCE_COLUMNS = frozenset({"batch_id", "source_file", "source_row", "record_key", "person_id"})


@dataclass(frozen=True)
class FieldSpec:
    """One logical field: the header(s) it may appear under and its role."""

    name: str
    headers: tuple[str, ...]
    role: str
    required: bool
    day_first: bool

    @property
    def identifying(self) -> bool:
        return self.role in IDENTIFYING_ROLES


@dataclass(frozen=True)
class OutputSpec:
    """One staging table fed by a file: staging column -> `field`, `field.part` or `=literal`."""

    table: str
    columns: dict[str, str]
    when: str | None


@dataclass(frozen=True)
class FileSpec:
    """How to read one source file or sheet, and where its rows go."""

    name: str
    pattern: str
    format: str
    encoding: str
    delimiter: str
    header_row: int
    sheets: tuple[str, ...]
    fields: dict[str, FieldSpec]
    outputs: tuple[OutputSpec, ...]

    @property
    def person_key(self) -> FieldSpec:
        return next(f for f in self.fields.values() if f.role == "person_key")

    def fields_with_role(self, role: str) -> list[FieldSpec]:
        return [f for f in self.fields.values() if f.role == role]


@dataclass(frozen=True)
class MappingSpec:
    """A whole mapping file."""

    source: str
    files: tuple[FileSpec, ...]


def _fail(where: str, message: str) -> BadInputError:
    return BadInputError(f"{where}: {message}")


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _parse_field(where: str, name: str, raw: Any) -> FieldSpec:
    if not isinstance(raw, dict):
        raise _fail(where, f"field {name!r} must be a mapping with at least `header` and `role`")
    role = raw.get("role")
    if role not in ROLES:
        raise _fail(where, f"field {name!r} has role {role!r}; expected one of {', '.join(sorted(ROLES))}")
    headers = _as_tuple(raw.get("header", name))
    if not headers:
        raise _fail(where, f"field {name!r} names no header")
    unknown = set(raw) - {"header", "role", "required", "day_first"}
    if unknown:
        raise _fail(where, f"field {name!r} has unknown keys {sorted(unknown)}")
    return FieldSpec(name, headers, str(role), bool(raw.get("required", role == "person_key")), bool(raw.get("day_first", False)))


def _check_source(where: str, target: str, source: str, fields: dict[str, FieldSpec]) -> None:
    """A column source must name a known, stageable field (and a valid part of it) unless it is a =literal."""
    if source.startswith("="):
        return
    field_name, _, part = source.partition(".")
    if field_name not in fields:
        raise _fail(where, f"output {target} refers to unknown field {field_name!r}")
    role = fields[field_name].role
    if role in NEVER_OUTPUT_ROLES:
        raise _fail(where, f"output {target}: field {field_name!r} has role {role} and may not be staged")
    if part and part not in DERIVED_PARTS.get(role, set()):
        raise _fail(where, f"output {target}: field {field_name!r} ({role}) has no part {part!r}")
    if not part and role in DERIVED_PARTS:
        raise _fail(where, f"output {target}: say which part of {field_name!r} ({', '.join(sorted(DERIVED_PARTS[role]))})")


def _parse_output(where: str, raw: Any, fields: dict[str, FieldSpec]) -> OutputSpec:
    if not isinstance(raw, dict) or "table" not in raw or "columns" not in raw:
        raise _fail(where, "each output needs `table` and `columns`")
    table = str(raw["table"])
    if table not in STAGING_TABLES:
        raise _fail(where, f"output table {table!r} is not a staging table ({', '.join(sorted(STAGING_TABLES))})")
    columns: dict[str, tuple[str, ...]] = {}
    for column_name, raw_source in dict(raw["columns"]).items():
        column = str(column_name)
        if column in PROVENANCE_COLUMNS:
            raise _fail(where, f"output {table}.{column} is filled by ingest itself")
        sources = _as_tuple(raw_source)
        if not sources or (len(sources) > 1 and any(s.startswith("=") for s in sources)):
            raise _fail(where, f"output {table}.{column}: give one field, one =literal, or a list of fields")
        for source in sources:
            _check_source(where, f"{table}.{column}", source, fields)
        columns[column] = sources
    when = raw.get("when")
    if when is not None and str(when) not in fields:
        raise _fail(where, f"output {table}: `when` names unknown field {when!r}")
    return OutputSpec(table, columns, None if when is None else str(when))


def _parse_file(origin: str, name: str, raw: Any) -> FileSpec:
    where = f"{origin}: file {name!r}"
    if not isinstance(raw, dict):
        raise _fail(where, "must be a mapping")
    file_format = str(raw.get("format", "csv"))
    if file_format not in FORMATS:
        raise _fail(where, f"format {file_format!r}; expected csv, tsv or excel")
    encoding = normalize_encoding_name(str(raw.get("encoding", "auto")))
    if encoding != "auto" and encoding not in SUPPORTED and file_format != "excel":
        raise _fail(where, f"encoding {encoding!r}; expected auto, utf-8, utf-8-sig, gbk or gb18030")
    fields = {str(k): _parse_field(where, str(k), v) for k, v in dict(raw.get("fields") or {}).items()}
    keys = [f for f in fields.values() if f.role == "person_key"]
    if len(keys) != 1:
        raise _fail(where, "needs exactly one field with role person_key")
    outputs = tuple(_parse_output(where, o, fields) for o in raw.get("outputs") or [])
    if not outputs:
        raise _fail(where, "has no outputs")
    delimiter = str(raw.get("delimiter", "\t" if file_format == "tsv" else ","))
    return FileSpec(
        name=name,
        pattern=str(raw.get("path", name)),
        format=file_format,
        encoding=encoding,
        delimiter=delimiter,
        header_row=int(raw.get("header_row", 1)),
        sheets=_as_tuple(raw.get("sheet")),
        fields=fields,
        outputs=outputs,
    )


def parse_mapping(document: Any, origin: str) -> MappingSpec:
    """Validate a loaded YAML document; every problem names the mapping file and the file entry."""
    if not isinstance(document, dict) or not isinstance(document.get("files"), dict):
        raise BadInputError(f"{origin}: a mapping needs a top-level `files:` section")
    files = tuple(_parse_file(origin, str(name), raw) for name, raw in document["files"].items())
    return MappingSpec(str(document.get("source", "hospital")), files)


def load_mapping(path: Path | None = None) -> MappingSpec:
    """Load a mapping file, or the shipped default for the synthetic hospital layout."""
    if path is None:
        with resources.files("oncodata.sources").joinpath("data", "hospital_default.yaml").open(encoding="utf-8") as handle:
            return parse_mapping(yaml.safe_load(handle), "hospital_default.yaml")
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise BadInputError(f"mapping {path}: cannot read it ({error.strerror})") from error
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark else ""
        raise BadInputError(f"mapping {path}:{line} is not valid YAML") from error
    return parse_mapping(document, str(path))
