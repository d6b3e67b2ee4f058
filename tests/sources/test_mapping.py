"""Mapping files: the shipped default is valid, and mistakes are reported naming the file and the entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from oncodata.errors import BadInputError
from oncodata.sources.mapping import load_mapping

DATA = Path(__file__).resolve().parents[1] / "data" / "sources"


def test_default_mapping_covers_every_synthetic_source():
    mapping = load_mapping()
    assert {f.name for f in mapping.files} == {
        "patient_master", "visits", "diagnoses", "pathology_reports", "imaging_reports",
        "lab_results", "medication_orders", "surgery", "radiotherapy", "followup",
    }  # fmt: skip
    master = next(f for f in mapping.files if f.name == "patient_master")
    assert master.person_key.name == "mrn"
    assert {f.name for f in master.fields_with_role("identifier")} >= {"name", "id_number", "phone"}


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "site.yaml"
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("files: [1, 2]", "top-level `files:`"),
        ("files:\n  x:\n    fields: {a: {role: person_key}}\n", "has no outputs"),
        (
            "files:\n  x:\n    fields: {a: {role: value}}\n    outputs: [{table: person, columns: {}}]\n",
            "exactly one field with role person_key",
        ),
        ("files:\n  x:\n    fields: {a: {role: person_key}, b: {role: colour}}\n", "role 'colour'"),
        (
            "files:\n  x:\n    fields: {a: {role: person_key}, n: {role: identifier}}\n"
            "    outputs: [{table: note, columns: {note_text: n}}]\n",
            "may not be staged",
        ),
        (
            "files:\n  x:\n    fields: {a: {role: person_key}}\n    outputs: [{table: persons, columns: {}}]\n",
            "not a staging table",
        ),
        (
            "files:\n  x:\n    fields: {a: {role: person_key}}\n    outputs: [{table: person, columns: {person_id: a}}]\n",
            "filled by ingest",
        ),
        ("files: {x: {format: parquet}}", "format 'parquet'"),
        ("files:\n  x: [\n", "not valid YAML"),
    ],
)
def test_mapping_errors_name_the_file_and_the_problem(tmp_path: Path, body: str, message: str):
    path = _write(tmp_path, body)
    with pytest.raises(BadInputError, match=message) as raised:
        load_mapping(path)
    assert str(path) in str(raised.value)


def test_identifiers_can_never_be_mapped_to_staging():
    mapping = load_mapping(DATA / "mini_mapping.yaml")
    for spec in mapping.files:
        for output in spec.outputs:
            for sources in output.columns.values():
                for source in sources:
                    if not source.startswith("="):
                        assert spec.fields[source.split(".")[0]].role not in ("identifier", "record_id")
