"""Hospital extract ingest on both engines: reconciliation, idempotence, de-identification and every bad input."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from oncodata.errors import BadInputError
from oncodata.privacy.gate import DeidentificationGate
from oncodata.privacy.scan import scan_for_identifiers
from oncodata.sources.hospital import ingest_hospital_extracts
from oncodata.sources.mapping import load_mapping
from oncodata.store import Store

MINI = load_mapping(Path(__file__).resolve().parents[1] / "data" / "sources" / "mini_mapping.yaml")
PATIENTS = "患者ID,姓名,性别,出生日期\nP001,张伟,男,1958-04-12\nP002,李娜,女,19630901\n"
LABS = (
    "患者ID,采样时间,项目名称,结果,单位,备注\n"
    "P001,2021-03-05 08:30,癌胚抗原(CEA)化学发光,12.4,ng/mL,\n"
    "P001,2021-03-05 08:30,CYFRA21-1,<0.5,ng/mL,\n"
    "P002,2021/6/1,NSE,阴性,,患者李娜家属电话13812345678已通知\n"
)


def _site(tmp_path: Path, files: dict[str, bytes | str], encoding: str = "utf-8") -> Path:
    folder = tmp_path / "export"
    folder.mkdir(exist_ok=True)
    for name, content in files.items():
        (folder / name).write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return folder


def _quarantine(store: Store) -> list[tuple]:
    return store.query("SELECT source_file, source_row, field_name, reason, offending_value FROM admin.quarantine ORDER BY 1, 2")


def test_synthetic_hospital_ingests_completely_and_reconciles(
    staging_store: Store, gate: DeidentificationGate, synthetic_hospital: Path
):
    report = ingest_hospital_extracts(staging_store, gate, synthetic_hospital, load_mapping())
    assert len(report.files) == 10 and not report.warnings
    assert all(f.reconciles for f in report.files)
    assert report.total("quarantined") == 0
    for f in report.files:
        with open(synthetic_hospital / f.source_file, "rb") as handle:
            assert f.read > 0 and f.size_bytes == len(handle.read())
    persons = staging_store.scalar("SELECT count(DISTINCT person_id) FROM staging.person")
    assert persons == 60
    # Every staged fact belongs to a known (pseudonymous) person.
    for table in ("visit", "condition", "drug", "measurement", "note", "procedure"):
        orphans = staging_store.scalar(
            f"SELECT count(*) FROM staging.{table} WHERE person_id NOT IN (SELECT person_id FROM staging.person)"
        )
        assert orphans == 0, table
    batch = staging_store.query("SELECT status, rows_read, rows_staged, rows_quarantined, rows_skipped FROM admin.batch")
    assert batch == [("committed", report.total("read"), report.total("staged"), 0, report.total("skipped"))]


def test_nothing_planted_reaches_staging_except_known_scrubber_gaps(staging_store: Store, gate, synthetic_hospital: Path):
    ingest_hospital_extracts(staging_store, gate, synthetic_hospital, load_mapping())
    with open(synthetic_hospital / "truth" / "identifiers.csv", encoding="utf-8") as handle:
        planted = [(row["kind"], row["value"]) for row in csv.DictReader(handle) if row["kind"] != "birth_date"]
    leaks = scan_for_identifiers(staging_store, planted, schemas=("staging",))
    # Structured identifiers never reach staging; free text is scrubbed (staff signatures are the scrubber's open gap).
    assert not [leak for leak in leaks if leak.table != "staging.note"]
    assert not [leak for leak in leaks if leak.kind in ("mrn", "id_number", "phone", "address", "inpatient_no", "pathology_no")]


def test_reingesting_the_same_files_adds_nothing(staging_store: Store, gate, tmp_path: Path):
    folder = _site(tmp_path, {"patients.csv": PATIENTS, "labs.csv": LABS})
    first = ingest_hospital_extracts(staging_store, gate, folder, MINI)
    counts = staging_store.count_rows(["staging.person", "staging.measurement", "staging.note"])
    second = ingest_hospital_extracts(staging_store, gate, folder, MINI)
    assert second.files == [] and sorted(second.unchanged_files) == ["labs.csv", "patients.csv"]
    assert staging_store.count_rows(["staging.person", "staging.measurement", "staging.note"]) == counts
    assert first.total("staged") == 5


def test_new_file_for_known_patients_gets_the_same_ids_and_duplicates_are_skipped(staging_store: Store, gate, tmp_path: Path):
    folder = _site(tmp_path, {"patients.csv": PATIENTS, "labs.csv": LABS})
    ingest_hospital_extracts(staging_store, gate, folder, MINI)
    ids_before = {row[0] for row in staging_store.query("SELECT person_id FROM staging.person")}
    # A later extract repeats one old row and adds a new result for P002.
    later = (
        "患者ID,采样时间,项目名称,结果,单位,备注\nP001,2021-03-05 08:30,CYFRA21-1,<0.5,ng/mL,\nP002,2021-09-01,NSE,15.2,ng/mL,\n"
    )
    (folder / "labs_2021q3.csv").write_text(later, encoding="utf-8")
    report = ingest_hospital_extracts(staging_store, gate, folder / "labs_2021q3.csv", MINI)
    assert (report.total("read"), report.total("staged"), report.total("skipped")) == (2, 1, 1)
    assert report.skipped_by_reason == {"duplicate of a record already staged": 1}
    new_ids = {
        row[0]
        for row in staging_store.query("SELECT person_id FROM staging.measurement WHERE batch_id = $b", {"b": report.batch_id})
    }
    assert new_ids <= ids_before


def test_identifiers_are_pseudonymized_dates_shifted_and_text_scrubbed(staging_store: Store, gate, tmp_path: Path):
    folder = _site(tmp_path, {"patients.csv": PATIENTS, "labs.csv": LABS})
    ingest_hospital_extracts(staging_store, gate, folder, MINI)
    person_id = gate.pseudonymous_ids("person", ["P002"])[0]
    assert staging_store.query(
        "SELECT gender_source_value, birth_year, birth_month FROM staging.person WHERE person_id = $p", {"p": person_id}
    ) == [("女", 1963, 9)]
    shifted = staging_store.scalar("SELECT measurement_date FROM staging.measurement WHERE person_id = $p", {"p": person_id})
    assert (shifted - __import__("datetime").date(2021, 6, 1)).days == gate.shift_days(person_id) != 0
    note = staging_store.scalar("SELECT note_text FROM staging.note")
    assert "李娜" not in note and "13812345678" not in note and "已通知" in note
    dump = str(staging_store.query("SELECT * FROM staging.person")) + str(
        staging_store.query("SELECT * FROM staging.measurement")
    )
    for identifier in ("P001", "P002", "张伟", "李娜"):
        assert identifier not in dump


def test_invalid_date_is_quarantined_with_file_row_and_field(staging_store: Store, gate, tmp_path: Path):
    labs = LABS.replace("2021/6/1", "2021-02-30")
    folder = _site(tmp_path, {"patients.csv": PATIENTS, "labs.csv": labs})
    report = ingest_hospital_extracts(staging_store, gate, folder, MINI)
    assert report.total("quarantined") == 1
    [(file, row, field, reason, value)] = _quarantine(staging_store)
    assert (file, row, field) == ("labs.csv", 3, "collected")
    assert "not a real calendar date" in reason and value is None  # dates are identifying: never echoed
    assert all(f.reconciles for f in report.files)


def test_bad_number_keeps_the_non_identifying_value(staging_store: Store, gate, tmp_path: Path):
    mapping_text = (Path(__file__).resolve().parents[1] / "data" / "sources" / "mini_mapping.yaml").read_text(encoding="utf-8")
    mapping_path = tmp_path / "m.yaml"
    numeric = mapping_text.replace("result: {header: [结果], role: result}", "result: {header: [结果], role: number}")
    for part in ("operator_source_value: result.operator", "value_source_value: result.text"):
        numeric = numeric.replace(part, "")
    mapping_path.write_text(numeric.replace("result.number", "result"), encoding="utf-8")
    folder = _site(tmp_path, {"labs.csv": LABS})
    report = ingest_hospital_extracts(staging_store, gate, folder / "labs.csv", load_mapping(mapping_path))
    assert report.total("quarantined") == 2
    assert [(q[1], q[2], q[4]) for q in _quarantine(staging_store)] == [(2, "result", "<0.5"), (3, "result", "阴性")]


def test_truncated_last_line_is_quarantined(staging_store: Store, gate, tmp_path: Path):
    folder = _site(tmp_path, {"patients.csv": PATIENTS, "labs.csv": LABS.rstrip("\n")[:-30]})
    report = ingest_hospital_extracts(staging_store, gate, folder, MINI)
    labs = next(f for f in report.files if f.source_file == "labs.csv")
    assert (labs.read, labs.staged, labs.quarantined) == (3, 2, 1)
    assert "columns but the header has 6" in _quarantine(staging_store)[0][3]


def test_gbk_file_and_a_mixed_encoding_line(staging_store: Store, gate, tmp_path: Path):
    gbk = PATIENTS.encode("gbk")
    utf8_line = "P003,王芳,女,1970-01-02\n".encode()
    folder = _site(tmp_path, {"patients.csv": gbk + utf8_line})
    report = ingest_hospital_extracts(staging_store, gate, folder / "patients.csv", MINI)
    [file_report] = report.files
    assert file_report.encoding == "gb18030"
    assert (file_report.read, file_report.staged, file_report.quarantined) == (3, 2, 1)
    assert "not valid gb18030" in _quarantine(staging_store)[0][3]


def test_missing_required_column_fails_the_file_naming_it(staging_store: Store, gate, tmp_path: Path):
    folder = _site(tmp_path, {"patients.csv": PATIENTS.replace("性别", "gender")})
    with pytest.raises(BadInputError, match=r"patients\.csv: required column '性别' \(field sex\) is missing"):
        ingest_hospital_extracts(staging_store, gate, folder, MINI)
    assert staging_store.scalar("SELECT count(*) FROM admin.batch") == 0


def test_unknown_extra_columns_are_not_read_and_reported(staging_store: Store, gate, tmp_path: Path):
    folder = _site(
        tmp_path,
        {"patients.csv": PATIENTS.replace("出生日期\n", "出生日期,身份证号\n").replace("12\n", "12,110101195804120011\n")},
    )
    report = ingest_hospital_extracts(staging_store, gate, folder / "patients.csv", MINI)
    assert report.files[0].warnings == ["columns not in the mapping were not read: 身份证号"]
    assert "110101195804120011" not in str(staging_store.query("SELECT * FROM staging.person"))


def test_empty_file_is_a_clear_error(staging_store: Store, gate, tmp_path: Path):
    folder = _site(tmp_path, {"patients.csv": b""})
    with pytest.raises(BadInputError, match=r"patients\.csv: the file is empty"):
        ingest_hospital_extracts(staging_store, gate, folder, MINI)


def test_interrupted_batch_leaves_nothing_and_the_next_run_completes(staging_store: Store, gate, tmp_path: Path):
    folder = _site(tmp_path, {"patients.csv": PATIENTS, "labs.csv": LABS})

    def interrupt(file_name: str, records: int) -> None:
        if file_name == "labs.csv":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest_hospital_extracts(staging_store, gate, folder, MINI, progress=interrupt)
    assert staging_store.count_rows(["staging.person", "staging.measurement", "admin.batch", "admin.source_file"]) == {
        "staging.person": 0, "staging.measurement": 0, "admin.batch": 0, "admin.source_file": 0,
    }  # fmt: skip
    report = ingest_hospital_extracts(staging_store, gate, folder, MINI)
    assert report.total("staged") == 5 and staging_store.scalar("SELECT count(*) FROM staging.person") == 2


def test_folder_warnings_name_unmapped_files_and_entries(staging_store: Store, gate, tmp_path: Path):
    folder = _site(tmp_path, {"patients.csv": PATIENTS, "billing.csv": "a,b\n1,2\n"})
    report = ingest_hospital_extracts(staging_store, gate, folder, MINI)
    assert report.warnings == ["mapping entry labs: no file matches 'labs*.csv'", "billing.csv: not in the mapping, not read"]


def test_large_file_streams_in_chunks(staging_store: Store, gate, tmp_path: Path):
    rows = "".join(f"P{i % 50:03d},2021-03-05 08:30,CEA,{i % 17}.5,ng/mL,\n" for i in range(12_000))
    folder = _site(tmp_path, {"labs.csv": "患者ID,采样时间,项目名称,结果,单位,备注\n" + rows})
    report = ingest_hospital_extracts(staging_store, gate, folder / "labs.csv", MINI)
    assert report.total("read") == 12_000 and report.files[0].reconciles
    shutil.rmtree(folder)
