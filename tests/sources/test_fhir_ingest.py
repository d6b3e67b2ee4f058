"""FHIR R4 ingest on both engines: every resource staged, skipped with a reason, or quarantined; counts reconcile."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from oncodata.errors import BadInputError
from oncodata.privacy.gate import DeidentificationGate
from oncodata.sources.fhir.ingest import ingest_fhir
from oncodata.store import Store

FHIR = Path(__file__).resolve().parents[1] / "data" / "sources" / "fhir"
SYNTHEA = Path(__file__).resolve().parents[3] / "shared" / "data" / "synthea_fhir_r4"


def test_bundle_resources_are_staged_skipped_or_quarantined(staging_store: Store, gate: DeidentificationGate):
    report = ingest_fhir(staging_store, gate, FHIR / "lung_patient_bundle.json")
    [bundle] = report.files
    assert (bundle.read, bundle.staged, bundle.quarantined, bundle.skipped) == (12, 9, 1, 2)
    assert report.skipped_by_reason == {
        "Condition with status refuted": 1,
        "Claim: billing record, no clinical fact for the CDM": 1,
    }
    assert staging_store.query("SELECT source_row, field_name, reason FROM admin.quarantine") == [
        (11, "id", "Procedure has no id")
    ]
    counts = staging_store.count_rows(
        [f"staging.{t}" for t in ("person", "visit", "condition", "measurement", "drug", "note", "procedure", "death")]
    )
    assert counts == {
        "staging.person": 1, "staging.visit": 1, "staging.condition": 1, "staging.measurement": 4,
        "staging.drug": 1, "staging.note": 1, "staging.procedure": 1, "staging.death": 1,
    }  # fmt: skip


def test_fhir_values_are_deidentified(staging_store: Store, gate: DeidentificationGate):
    ingest_fhir(staging_store, gate, FHIR / "lung_patient_bundle.json")
    person_id = gate.pseudonymous_ids("person", ["pat-1"])[0]
    shift = dt.timedelta(days=gate.shift_days(person_id))
    assert staging_store.query(
        "SELECT person_id, gender_source_value, birth_year, birth_month, location_source_value FROM staging.person"
    ) == [(person_id, "female", 1956, 7, "MA, US")]
    assert staging_store.scalar("SELECT condition_start_date FROM staging.condition") == dt.date(2019, 5, 20) + shift
    assert staging_store.scalar("SELECT death_date FROM staging.death") == dt.date(2021, 11, 2) + shift
    note = staging_store.scalar("SELECT note_text FROM staging.note")
    for identifier in ("Jane", "Doe", "88812345", "617-555-0143", "2019-05-03"):
        assert identifier not in note
    assert "cT2aN1M0" in note and "3.2 cm" in note
    stage = staging_store.query(
        "SELECT source_code, source_vocabulary, value_source_value FROM staging.measurement WHERE source_code = '21908-9'"
    )
    assert stage == [("21908-9", "LOINC", "3A")]
    visit = staging_store.query("SELECT visit_id, provider_id, visit_source_value FROM staging.visit")[0]
    assert visit == (gate.pseudonymous_ids("visit", ["enc-1"])[0], gate.pseudonymous_ids("provider", ["doc-9"])[0], "AMB")


def test_ndjson_bad_lines_and_missing_subjects_are_quarantined(staging_store: Store, gate: DeidentificationGate):
    report = ingest_fhir(staging_store, gate, FHIR / "bulk_export.ndjson")
    [ndjson] = report.files
    assert (ndjson.read, ndjson.staged, ndjson.quarantined, ndjson.skipped) == (5, 2, 2, 1)
    quarantined = staging_store.query("SELECT source_row, field_name, reason FROM admin.quarantine ORDER BY source_row")
    assert quarantined[0][0] == 2 and "not valid JSON" in quarantined[0][2]
    assert quarantined[1] == (5, "subject", "Condition does not say which patient it is about")
    assert report.skipped_by_reason == {"Immunization with status not-done": 1}
    assert staging_store.query("SELECT value_source_value FROM staging.observation") == [("8517006",)]


def test_malformed_bundle_is_a_clear_error_and_stages_nothing(staging_store: Store, gate: DeidentificationGate, tmp_path: Path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"resourceType": "Bundle", "entry": [', encoding="utf-8")
    with pytest.raises(BadInputError, match=r"broken\.json: not valid JSON at line 1, column \d+"):
        ingest_fhir(staging_store, gate, broken)
    assert staging_store.scalar("SELECT count(*) FROM admin.batch") == 0


def test_reingest_is_idempotent(staging_store: Store, gate: DeidentificationGate, tmp_path: Path):
    shutil.copy(FHIR / "lung_patient_bundle.json", tmp_path / "a.json")
    ingest_fhir(staging_store, gate, tmp_path)
    # The same resources in a new file (different bytes): each is recognised as already staged.
    (tmp_path / "b.json").write_text(json.dumps(json.loads((FHIR / "lung_patient_bundle.json").read_text())), encoding="utf-8")
    report = ingest_fhir(staging_store, gate, tmp_path)
    assert report.unchanged_files == ["a.json"]
    assert (report.total("staged"), report.skipped_by_reason["duplicate of a record already staged"]) == (0, 9)
    assert staging_store.scalar("SELECT count(*) FROM staging.measurement") == 4


def test_synthea_bundles_ingest_completely(staging_store: Store, gate: DeidentificationGate):
    if not SYNTHEA.is_dir():
        pytest.skip("../shared/data is not available")
    report = ingest_fhir(staging_store, gate, SYNTHEA)
    assert len(report.files) == 25
    assert report.total("read") == 5324
    assert all(f.reconciles for f in report.files)
    assert report.total("quarantined") == 0
    assert report.total("staged") + report.total("skipped") == 5324
    assert staging_store.scalar("SELECT count(*) FROM staging.person") == 25
