"""Read FHIR resources from bundles (.json) and bulk-data NDJSON (.ndjson), with their position in the file."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from oncodata.errors import BadInputError

FHIR_SUFFIXES = (".json", ".ndjson")


@dataclass(frozen=True)
class ResourceAt:
    """One resource (or a problem in its place) and where it sits: bundle entry or NDJSON line number."""

    position: int
    resource: dict[str, Any] | None
    problem: str | None = None


def fhir_files(path: Path) -> list[Path]:
    """The bundle and NDJSON files at `path` (a file, or a folder's top level)."""
    if not path.exists():
        raise BadInputError(f"{path}: no such file or folder")
    if path.is_file():
        return [path]
    return sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in FHIR_SUFFIXES)


def read_resources(path: Path) -> Iterator[ResourceAt]:
    """Resources of one file. NDJSON streams line by line; a bundle is one JSON document per file."""
    if path.suffix.lower() == ".ndjson":
        yield from _read_ndjson(path)
    else:
        yield from _read_bundle(path)


def _read_ndjson(path: Path) -> Iterator[ResourceAt]:
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                resource = orjson.loads(line)
            except orjson.JSONDecodeError as error:
                yield ResourceAt(number, None, f"line is not valid JSON ({error.msg})")
                continue
            if not isinstance(resource, dict) or "resourceType" not in resource:
                yield ResourceAt(number, None, "line is not a FHIR resource (no resourceType)")
                continue
            yield ResourceAt(number, resource)


def _read_bundle(path: Path) -> Iterator[ResourceAt]:
    if path.stat().st_size == 0:
        raise BadInputError(f"{path.name}: the file is empty")
    try:
        document = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as error:
        raise BadInputError(f"{path.name}: not valid JSON at line {error.lineno}, column {error.colno} ({error.msg})") from error
    if not isinstance(document, dict) or "resourceType" not in document:
        raise BadInputError(f"{path.name}: not a FHIR resource or bundle (no resourceType)")
    if document["resourceType"] != "Bundle":
        yield ResourceAt(1, document)
        return
    entries = document.get("entry") or []
    if not isinstance(entries, list):
        raise BadInputError(f"{path.name}: Bundle.entry is not a list")
    for number, entry in enumerate(entries, start=1):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(resource, dict) or "resourceType" not in resource:
            yield ResourceAt(number, None, "bundle entry holds no resource")
            continue
        yield ResourceAt(number, resource)
